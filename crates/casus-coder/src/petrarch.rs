//! Reading PETRARCH / TABARI dictionaries, so users can bring the actor and agent
//! dictionaries they already have (the Phoenix set, project-specific ones).
//!
//! The reader converts them into casus's own dictionary text (FORMAT.md), which stays
//! human-editable and goes through the same parser and lint as every other file;
//! each converted entry's comment cites the original `path:line`.
//!
//! PETRARCH actor format, as the Phoenix files use it:
//! - a head line of words joined by `_` (a trailing `_` marks a whole word), or by
//!   spaces, optionally followed by `[CODE]` codes;
//! - `+SYNONYM` lines;
//! - indented `[CODE date]` lines; dates are `>YYMMDD` (from), `<YYMMDD` (until) or
//!   `YYMMDD-YYMMDD`, six or eight digits; two-digit years up to 30 are 20xx (the Phoenix files end in 2015);
//! - `#` comments and `<!-- ... -->` blocks.
//!
//! Agent format: `WORD {PLURAL} [~CODE]` (`~CODE`: the code follows a country's;
//! `CODE~`: it precedes it) with `!MACRO! = A, B` substitutions.

use std::collections::HashMap;
use std::fmt::Write as _;

/// A problem in a PETRARCH file: path, line and message. The conversion goes on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: P001: {message}")]
pub struct PetrarchWarning {
    pub path: String,
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Default)]
struct ActorEntry {
    line: usize,
    names: Vec<String>,
    codes: Vec<(String, Option<String>, Option<String>)>,
}

/// The casus files converted from PETRARCH actor dictionaries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Converted {
    /// `people.txt`: entries with date-restricted codes.
    pub people: String,
    /// `organisations.txt`: entries with one code for all time.
    pub organisations: String,
    /// `agents.txt`.
    pub agents: String,
    pub warnings: Vec<PetrarchWarning>,
}

/// Strips `#` comments and `<!-- -->` blocks, keeping line numbers.
fn clean_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_block = false;
    for (i, raw) in text.lines().enumerate() {
        let mut line = raw.to_string();
        if in_block {
            match line.find("-->") {
                Some(end) => {
                    line = line[end + 3..].to_string();
                    in_block = false;
                }
                None => continue,
            }
        }
        while let Some(start) = line.find("<!--") {
            match line[start..].find("-->") {
                Some(end) => line.replace_range(start..start + end + 3, ""),
                None => {
                    line.truncate(start);
                    in_block = true;
                }
            }
        }
        if let Some(hash) = line.find('#') {
            line.truncate(hash);
        }
        out.push((i + 1, line));
    }
    out
}

/// `YYMMDD` or `YYYYMMDD` to `YYYY-MM-DD`.
fn petrarch_date(s: &str) -> Option<String> {
    let (y, rest) = match s.len() {
        6 => {
            let yy: i32 = s[..2].parse().ok()?;
            (if yy <= 30 { 2000 + yy } else { 1900 + yy }, &s[2..])
        }
        8 => (s[..4].parse().ok()?, &s[4..]),
        _ => return None,
    };
    let date = format!("{y:04}-{}-{}", &rest[..2], &rest[2..4]);
    date.parse::<casus_doc::Date>().ok().map(|d| d.to_string())
}

/// Parses `[CODE]`, `[CODE >120515]`, `[CODE 070516-20120515]`, `[CODE <990101]`.
fn parse_code(inner: &str) -> Option<(String, Option<String>, Option<String>)> {
    let mut parts = inner.split_whitespace();
    let code = parts.next()?.trim().to_ascii_uppercase();
    if !crate::dict::is_actor_code(&code) {
        return None;
    }
    // "> 140608" with a space is common in the Phoenix files.
    let rest: String = parts.collect::<Vec<_>>().join("");
    let mut parts = std::iter::once(rest.as_str()).filter(|r| !r.is_empty());
    let (from, to) = match parts.next() {
        None => (None, None),
        Some(d) if d.starts_with('>') => (Some(petrarch_date(&d[1..])?), None),
        Some(d) if d.starts_with('<') => (None, Some(petrarch_date(&d[1..])?)),
        Some(d) => {
            let (a, b) = d.split_once('-')?;
            (Some(petrarch_date(a)?), Some(petrarch_date(b)?))
        }
    };
    Some((code, from, to))
}

/// Words that stay lower case inside a converted name.
const MINOR_WORDS: &[&str] = &[
    "of", "the", "and", "for", "de", "la", "le", "du", "in", "on", "al",
];

/// `THE_UNITED_NATIONS_` → `the United Nations`; acronyms stay upper case (`UN`,
/// `U.N.`, `NATO` when written without vowels or with dots, or of two letters).
fn display_name(raw: &str) -> String {
    let words: Vec<&str> = raw
        .trim()
        .trim_end_matches('_')
        .split(['_', ' '])
        .filter(|w| !w.is_empty())
        .collect();
    let n = words.len();
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            // Acronyms and regnal numbers stay upper case; short names do not ("Xi").
            let acronym = w.contains('.')
                || matches!(
                    *w,
                    "UN" | "EU" | "US" | "UK" | "AU" | "PA" | "IS" | "NGO" | "IGO"
                )
                || (w.len() <= 5
                    && !w.chars().any(|c| "AEIOUY".contains(c))
                    && w.chars().all(char::is_alphabetic))
                || (w.len() <= 4 && w.chars().all(|c| "IVX".contains(c)));
            if acronym
                && w.chars().any(char::is_alphabetic)
                && !MINOR_WORDS.contains(&lower.as_str())
            {
                w.to_string()
            } else if (i > 0 || n == 1 || lower == "the")
                && MINOR_WORDS.contains(&lower.as_str())
                && n > 1
            {
                lower
            } else {
                // Title case each hyphen part: AL-QAEDA → Al-Qaeda.
                lower
                    .split('-')
                    .map(|p| {
                        let mut c = p.chars();
                        c.next().map_or(String::new(), |f| {
                            f.to_uppercase().collect::<String>() + c.as_str()
                        })
                    })
                    .collect::<Vec<_>>()
                    .join("-")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Converts PETRARCH actor dictionaries (each `(path, text)`) into casus `people` and
/// `organisations` files.
pub fn convert_actors(files: &[(&str, &str)]) -> Converted {
    let mut out = Converted::default();
    let mut people = Vec::new();
    let mut orgs: Vec<(String, ActorEntry)> = Vec::new();
    for &(path, text) in files {
        let mut entries: Vec<ActorEntry> = Vec::new();
        let warn = |out: &mut Converted, line, message: String| {
            out.warnings.push(PetrarchWarning {
                path: path.to_string(),
                line,
                message,
            });
        };
        for (line_no, line) in clean_lines(text) {
            let trimmed = line.trim();
            if trimmed.is_empty() {
                continue;
            }
            // Split off bracketed codes.
            let mut words = String::new();
            let mut codes = Vec::new();
            let mut rest = trimmed;
            while let Some(open) = rest.find('[') {
                words.push_str(&rest[..open]);
                let Some(close) = rest[open..].find(']') else {
                    warn(&mut out, line_no, "unclosed `[`".into());
                    rest = "";
                    break;
                };
                let inner = &rest[open + 1..open + close];
                match parse_code(inner) {
                    Some(c) => codes.push(c),
                    None => warn(&mut out, line_no, format!("unreadable code `[{inner}]`")),
                }
                rest = &rest[open + close + 1..];
            }
            words.push_str(rest);
            let words = words.trim();
            let indented = line.starts_with([' ', '\t']);
            if let Some(synonym) = words.strip_prefix('+') {
                match entries.last_mut() {
                    Some(e) => e.names.push(display_name(synonym)),
                    None => warn(&mut out, line_no, "synonym before any entry".into()),
                }
                if let Some(e) = entries.last_mut() {
                    e.codes.extend(codes);
                }
            } else if words.is_empty() || (indented && words.is_empty()) {
                match entries.last_mut() {
                    Some(e) => e.codes.extend(codes),
                    None => warn(&mut out, line_no, "codes before any entry".into()),
                }
            } else {
                entries.push(ActorEntry {
                    line: line_no,
                    names: vec![display_name(words)],
                    codes,
                });
            }
        }
        for e in entries {
            if e.codes.is_empty() {
                warn(
                    &mut out,
                    e.line,
                    format!("`{}` has no code; skipped", e.names[0]),
                );
                continue;
            }
            let dated =
                e.codes.iter().any(|(_, f, t)| f.is_some() || t.is_some()) || e.codes.len() > 1;
            if dated {
                people.push((path.to_string(), e));
            } else {
                let code = e.codes[0].0.clone();
                orgs.push((
                    format!("{path}:{}", e.line),
                    ActorEntry {
                        codes: vec![(code, None, None)],
                        ..e
                    },
                ));
            }
        }
    }
    // One person per name: the Phoenix files define some twice (merge their names
    // and codes); a range that ends before it starts is dropped with a warning.
    let mut merged: Vec<(String, ActorEntry)> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for (path, mut e) in people {
        e.codes.retain(|(code, from, to)| {
            let ok = match (from, to) {
                (Some(f), Some(t)) => f <= t,
                _ => true,
            };
            if !ok {
                out.warnings.push(PetrarchWarning {
                    path: path.clone(),
                    line: e.line,
                    message: format!("[{code}] ends before it starts; dropped"),
                });
            }
            ok
        });
        match by_name.get(&e.names[0]) {
            Some(&i) => {
                let target = &mut merged[i].1;
                for n in e.names {
                    if !target.names.contains(&n) {
                        target.names.push(n);
                    }
                }
                for c in e.codes {
                    if !target.codes.contains(&c) {
                        target.codes.push(c);
                    }
                }
            }
            None => {
                by_name.insert(e.names[0].clone(), merged.len());
                merged.push((path, e));
            }
        }
    }
    // casus roles are inclusive and may not overlap with different codes; PETRARCH
    // ranges share their boundary day and sometimes overlap. Sort by start and let a
    // newer role cut the one before it short (the day before it starts).
    for (_, e) in &mut merged {
        let day_before = |d: &str| -> Option<String> {
            d.parse::<casus_doc::Date>()
                .ok()?
                .add_days(-1)
                .map(|d| d.to_string())
        };
        let mut dated: Vec<(String, Option<String>, Option<String>)> = e
            .codes
            .iter()
            .filter(|(_, f, t)| f.is_some() || t.is_some())
            .cloned()
            .collect();
        let undated: Vec<_> = e
            .codes
            .iter()
            .filter(|(_, f, t)| f.is_none() && t.is_none())
            .cloned()
            .collect();
        dated.sort_by(|a, b| {
            a.1.as_deref()
                .unwrap_or("")
                .cmp(b.1.as_deref().unwrap_or(""))
        });
        for i in 1..dated.len() {
            let (next_code, next_from) = (dated[i].0.clone(), dated[i].1.clone());
            for prev in &mut dated[..i] {
                let overlaps = match (&next_from, &prev.2) {
                    (Some(nf), Some(pt)) => nf <= pt,
                    (Some(_), None) => true,
                    (None, _) => true,
                };
                if prev.0 != next_code && overlaps {
                    if let Some(nf) = &next_from {
                        prev.2 = day_before(nf);
                    }
                }
            }
        }
        dated.retain(|(_, f, t)| match (f, t) {
            (Some(f), Some(t)) => f <= t,
            _ => true,
        });
        e.codes = dated.into_iter().chain(undated).collect();
    }
    let people = merged;
    // people.txt
    let mut p = String::from("#! casus-dict people v1\n# Converted from PETRARCH actor dictionaries by `casus dict import-petrarch`.\n\n");
    for (path, e) in &people {
        let _ = writeln!(p, "person {}    # from {path}:{}", e.names[0], e.line);
        for alias in e.names[1..].iter().filter(|a| **a != e.names[0]) {
            let _ = writeln!(p, "  alias {alias}");
        }
        let mut default = None;
        for (code, from, to) in &e.codes {
            match (from, to) {
                (None, None) => {
                    default.get_or_insert_with(|| code.clone());
                }
                _ => {
                    let _ = writeln!(
                        p,
                        "  role {code} {} {}",
                        from.as_deref().unwrap_or("1900-01-01"),
                        to.as_deref().unwrap_or("..")
                    );
                }
            }
        }
        if let Some(d) = default {
            let _ = writeln!(p, "  default {d}");
        }
        p.push('\n');
    }
    out.people = p;
    // organisations.txt: one entry per code, names merged.
    let mut by_code: Vec<(String, Vec<String>, Vec<String>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (origin, e) in orgs {
        let code = e.codes[0].0.clone();
        let i = *index.entry(code.clone()).or_insert_with(|| {
            by_code.push((code.clone(), Vec::new(), Vec::new()));
            by_code.len() - 1
        });
        for n in e.names {
            if !by_code[i].1.contains(&n) {
                by_code[i].1.push(n);
            }
        }
        by_code[i].2.push(origin);
    }
    let mut o = String::from("#! casus-dict organisations v1\n# Converted from PETRARCH actor dictionaries by `casus dict import-petrarch`.\n\n");
    for (code, names, origins) in &by_code {
        let _ = writeln!(o, "org {code}    # from {}", origins.join(", "));
        for chunk in names.chunks(8) {
            let _ = writeln!(o, "  name {}", chunk.join("; "));
        }
        o.push('\n');
    }
    out.organisations = o;
    out
}

/// Converts PETRARCH agent dictionaries into a casus `agents` file.
pub fn convert_agents(files: &[(&str, &str)]) -> Converted {
    let mut out = Converted::default();
    let mut by_code: Vec<(String, Vec<String>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for &(path, text) in files {
        let mut macros: HashMap<String, Vec<String>> = HashMap::new();
        for (line_no, line) in clean_lines(text) {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            if let Some((name, values)) = line.split_once('=') {
                if name.trim().starts_with('!') {
                    macros.insert(
                        name.trim().to_string(),
                        values.split(',').map(|v| v.trim().to_string()).collect(),
                    );
                    continue;
                }
            }
            let (Some(open), Some(close)) = (line.rfind('['), line.rfind(']')) else {
                out.warnings.push(PetrarchWarning {
                    path: path.to_string(),
                    line: line_no,
                    message: "agent line without `[CODE]`".into(),
                });
                continue;
            };
            let code = line[open + 1..close]
                .trim()
                .trim_matches('~')
                .to_ascii_uppercase();
            if !crate::dict::is_actor_code(&code) {
                out.warnings.push(PetrarchWarning {
                    path: path.to_string(),
                    line: line_no,
                    message: format!("unreadable agent code `{}`", &line[open..=close]),
                });
                continue;
            }
            let head = &line[..open];
            let (word, plural) = match (head.find('{'), head.find('}')) {
                (Some(a), Some(b)) if a < b => (&head[..a], Some(&head[a + 1..b])),
                _ => (head, None),
            };
            // Expand one macro (`CATTLE!PERSON!` → cattleman, cattlemen, ...).
            let mut forms = Vec::new();
            let mut plural_given = plural.is_some();
            for w in [Some(word), plural].into_iter().flatten() {
                let w = w.trim();
                match macros.iter().find(|(m, _)| w.contains(m.as_str())) {
                    Some((m, values)) => {
                        plural_given = true;
                        forms.extend(values.iter().map(|v| w.replace(m.as_str(), v)));
                    }
                    None => forms.push(w.to_string()),
                }
            }
            let forms: Vec<String> = forms
                .iter()
                .map(|f| f.trim_end_matches('_').replace('_', " ").to_lowercase())
                .filter(|f| !f.is_empty())
                .collect();
            let i = *index.entry(code.clone()).or_insert_with(|| {
                by_code.push((code.clone(), Vec::new()));
                by_code.len() - 1
            });
            for f in forms {
                // A naive plural when the file gives none: news writes both.
                let plural = if plural_given || f.ends_with('s') {
                    None
                } else {
                    Some(format!("{f}s"))
                };
                for form in std::iter::once(f).chain(plural) {
                    if !by_code[i].1.contains(&form) {
                        by_code[i].1.push(form);
                    }
                }
            }
        }
    }
    let mut a = String::from("#! casus-dict agents v1\n# Converted from PETRARCH agent dictionaries by `casus dict import-petrarch`.\n\n");
    for (code, nouns) in &by_code {
        let _ = writeln!(a, "agent {code}");
        for chunk in nouns.chunks(10) {
            let _ = writeln!(a, "  noun {}", chunk.join("; "));
        }
        a.push('\n');
    }
    out.agents = a;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTORS: &str = "# test\nAFGHANISTAN_  [AFG]\n+AFGHAN_\nFRANCOIS_HOLLANDE\n+PRESIDENT_HOLLANDE\n\t[FRAGOV >120515]\n\t[FRAELI]\n<!-- a\nblock -->\nTHE_UNITED_NATIONS_ [IGOUNO]\nUN_ [IGOUNO]\nNOCODE_ENTRY\nBAD [XY]\n";

    #[test]
    fn actors_become_people_and_organisations_that_parse() {
        let c = convert_actors(&[("a.txt", ACTORS)]);
        assert!(
            c.people.contains("person Francois Hollande"),
            "{}",
            c.people
        );
        assert!(c.people.contains("  role FRAGOV 2012-05-15 .."));
        assert!(c.people.contains("  default FRAELI"));
        assert!(c.organisations.contains("org IGOUNO"));
        assert!(
            c.organisations.contains("name the United Nations; UN"),
            "{}",
            c.organisations
        );
        assert!(c.organisations.contains("name Afghanistan; Afghan"));
        let warnings: Vec<String> = c.warnings.iter().map(ToString::to_string).collect();
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with("a.txt:12: P001: `Nocode Entry` has no code")),
            "{warnings:?}"
        );
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with("a.txt:13: P001: unreadable code `[XY]`")),
            "{warnings:?}"
        );
        // The output is a valid casus dictionary.
        crate::dict::parse("people.txt", &c.people).unwrap();
        crate::dict::parse("organisations.txt", &c.organisations).unwrap();
    }

    #[test]
    fn agents_expand_macros_and_plurals() {
        let src = "!PERSON! = MAN, MEN\nCATTLE!PERSON! [~AGR]\nUNIDENTIFIED_GUNMAN {UNIDENTIFIED_GUNMEN} [~REB]\nFARMER [~AGR]\n";
        let c = convert_agents(&[("g.txt", src)]);
        assert!(c.agents.contains("agent AGR"));
        assert!(c.agents.contains("cattleman; cattlemen"), "{}", c.agents);
        assert!(c.agents.contains("farmer; farmers"));
        assert!(
            c.agents
                .contains("unidentified gunman; unidentified gunmen"),
            "{}",
            c.agents
        );
        crate::dict::parse("agents.txt", &c.agents).unwrap();
    }

    #[test]
    fn dates_read_both_widths() {
        assert_eq!(petrarch_date("120515").as_deref(), Some("2012-05-15"));
        assert_eq!(petrarch_date("330101").as_deref(), Some("1933-01-01"));
        assert_eq!(petrarch_date("20120515").as_deref(), Some("2012-05-15"));
        assert_eq!(petrarch_date("121315"), None);
    }
}
