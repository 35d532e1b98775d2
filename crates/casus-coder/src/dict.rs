//! Loading and checking the actor dictionaries (format: `resources/dictionaries/FORMAT.md`).

use casus_doc::Date;
use std::collections::HashMap;
use std::fmt;

/// The kinds of dictionary file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DictKind {
    Countries,
    People,
    Organisations,
    Agents,
    Verbs,
}

impl DictKind {
    fn from_name(s: &str) -> Option<DictKind> {
        Some(match s {
            "countries" => DictKind::Countries,
            "people" => DictKind::People,
            "organisations" => DictKind::Organisations,
            "agents" => DictKind::Agents,
            "verbs" => DictKind::Verbs,
            _ => return None,
        })
    }

    /// The head keywords of this kind's entries.
    fn heads(self) -> &'static [&'static str] {
        match self {
            DictKind::Countries => &["country"],
            DictKind::People => &["person"],
            DictKind::Organisations => &["org"],
            DictKind::Agents => &["agent"],
            DictKind::Verbs => &["verb", "noun"],
        }
    }

    /// The attributes an entry of this kind may have.
    fn attributes(self) -> &'static [&'static str] {
        match self {
            DictKind::Countries => &[
                "name",
                "short",
                "adjective",
                "demonym",
                "capital",
                "seat",
                "seat-mil",
                "iso2",
                "note",
                "example",
            ],
            DictKind::People => &["alias", "role", "default", "note", "example"],
            DictKind::Organisations => &["name", "member-of", "note", "example"],
            DictKind::Agents => &["noun", "adjective", "note", "example"],
            DictKind::Verbs => &["note", "example"],
        }
    }
}

/// A stable error code of `casus dict lint`, so that scripts and reviewers can refer to
/// a kind of problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LintCode {
    /// The first line is not a known `#! casus-dict <kind> v1` line.
    D000BadHeader,
    D001UnknownAttribute,
    D002BadDate,
    D003DuplicateEntry,
    D004MissingName,
    D005BadExample,
    D006BadCode,
    D007AttributeOutsideEntry,
    D008UnknownKeyword,
    D009EmptyValue,
    D010OverlappingRoles,
    D011BadPattern,
}

impl LintCode {
    pub fn as_str(self) -> &'static str {
        match self {
            LintCode::D000BadHeader => "D000",
            LintCode::D001UnknownAttribute => "D001",
            LintCode::D002BadDate => "D002",
            LintCode::D003DuplicateEntry => "D003",
            LintCode::D004MissingName => "D004",
            LintCode::D005BadExample => "D005",
            LintCode::D006BadCode => "D006",
            LintCode::D007AttributeOutsideEntry => "D007",
            LintCode::D008UnknownKeyword => "D008",
            LintCode::D009EmptyValue => "D009",
            LintCode::D010OverlappingRoles => "D010",
            LintCode::D011BadPattern => "D011",
        }
    }
}

/// One problem in a dictionary file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {}: {message}", code.as_str())]
pub struct DictError {
    pub path: String,
    pub line: usize,
    pub code: LintCode,
    pub message: String,
}

/// A `file:line` location of an entry or value, for provenance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Line(pub u32);

/// An example sentence with the actor code its first actor must get.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    pub sentence: String,
    pub code: String,
    pub line: Line,
}

/// A date range of a person's role; `to: None` means still in office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub code: String,
    pub from: Date,
    pub to: Option<Date>,
    pub line: Line,
}

/// One entry of any kind: its head value (a code or a person's name), its attributes
/// in file order, and parsed roles for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The head keyword (`country`, `verb`, `noun` ...).
    pub keyword: String,
    pub head: String,
    pub line: Line,
    pub attributes: Vec<(String, Vec<String>, Line)>,
    pub roles: Vec<Role>,
    pub examples: Vec<Example>,
}

impl Entry {
    /// All values of an attribute, in order.
    pub fn values<'a>(&'a self, attribute: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.attributes
            .iter()
            .filter(move |(a, _, _)| a == attribute)
            .flat_map(|(_, v, _)| v.iter().map(String::as_str))
    }

    /// The code a person has on `date` (the newest role when there is no date).
    pub fn code_on(&self, date: Option<Date>) -> Option<&str> {
        match date {
            Some(d) => self
                .roles
                .iter()
                .find(|r| r.from <= d && r.to.is_none_or(|to| d <= to))
                .map(|r| r.code.as_str())
                .or_else(|| self.values("default").next()),
            None => self
                .roles
                .iter()
                .max_by_key(|r| r.from)
                .map(|r| r.code.as_str())
                .or_else(|| self.values("default").next()),
        }
    }
}

/// Where a pattern's target is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetSlot {
    Obj,
    Iobj,
    /// An oblique or nominal modifier introduced by one of these prepositions.
    Prep(Vec<String>),
}

/// An event pattern of `verbs.txt` (see FORMAT.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// A noun trigger (`noun` line) rather than a verb.
    pub nominal: bool,
    pub cameo: String,
    pub lemma: String,
    pub particle: Option<String>,
    pub target: Option<TargetSlot>,
    /// The object's lemma must be one of these (light verbs: "launch strikes").
    pub object_lemmas: Vec<String>,
    /// The subject's lemma must be one of these: events whose doer is a thing, not an
    /// actor ("a roadside bomb detonated").
    pub subject_lemmas: Vec<String>,
    /// An oblique with one of these prepositions whose noun is one of these words:
    /// `into=custody` ("took them into custody"), `under=arrest`.
    pub oblique_words: Option<(Vec<String>, Vec<String>)>,
    pub xcomp: bool,
    pub passive: bool,
    /// The sector that acts when the text names no one ("300 were arrested": the
    /// police). Only used when no source is found.
    pub implicit_source: Option<String>,
    pub line: Line,
}

impl Pattern {
    /// Parses the head value of a `verb`/`noun` line.
    ///
    /// # Errors
    ///
    /// A message saying what is wrong with the pattern.
    pub fn parse(keyword: &str, value: &str, line: Line) -> Result<Pattern, String> {
        let mut parts = value.split_whitespace();
        let cameo = parts.next().ok_or("missing CAMEO code")?;
        if !(2..=4).contains(&cameo.len()) || !cameo.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("`{cameo}` is not a CAMEO code"));
        }
        let lemma = parts.next().ok_or("missing trigger lemma")?;
        let (lemma, particle) = match lemma.split_once('_') {
            Some((l, p)) => (l, Some(p.to_string())),
            None => (lemma, None),
        };
        let mut p = Pattern {
            nominal: keyword == "noun",
            cameo: cameo.to_string(),
            lemma: lemma.to_string(),
            particle,
            target: None,
            object_lemmas: Vec::new(),
            subject_lemmas: Vec::new(),
            oblique_words: None,
            xcomp: false,
            passive: false,
            implicit_source: None,
            line,
        };
        for slot in parts {
            match slot {
                "xcomp" => p.xcomp = true,
                "passive" => p.passive = true,
                "obj=TGT" => p.target = Some(TargetSlot::Obj),
                "iobj=TGT" => p.target = Some(TargetSlot::Iobj),
                _ => match slot.split_once('=') {
                    Some(("obj", lemmas)) => {
                        p.object_lemmas = lemmas.split('|').map(str::to_string).collect()
                    }
                    Some(("subj", lemmas)) if lemmas != "TGT" && !lemmas.is_empty() => {
                        p.subject_lemmas = lemmas.split('|').map(str::to_string).collect()
                    }
                    Some(("implicit", code)) if is_actor_code(code) => {
                        p.implicit_source = Some(code.to_string())
                    }
                    Some((preps, "TGT")) if !preps.is_empty() => {
                        p.target = Some(TargetSlot::Prep(
                            preps.split('|').map(str::to_string).collect(),
                        ))
                    }
                    Some((preps, words))
                        if !preps.is_empty()
                            && !matches!(preps, "implicit" | "obj" | "iobj" | "subj")
                            && !words.is_empty()
                            && preps.bytes().all(|b| b.is_ascii_lowercase() || b == b'|')
                            && words
                                .bytes()
                                .all(|b| b.is_ascii_lowercase() || b == b'|' || b == b'-') =>
                    {
                        p.oblique_words = Some((
                            preps.split('|').map(str::to_string).collect(),
                            words.split('|').map(str::to_string).collect(),
                        ))
                    }
                    _ => return Err(format!("unknown slot `{slot}`")),
                },
            }
        }
        if p.target.is_some()
            && matches!(p.target, Some(TargetSlot::Obj))
            && !p.object_lemmas.is_empty()
        {
            return Err("`obj=TGT` and `obj=<lemmas>` cannot both hold".into());
        }
        Ok(p)
    }

    /// How specific the pattern is: the number of conditions it adds, a word list
    /// counting twice (a lexical condition says more than a role: `launch
    /// obj=strike` beats `launch obj=TGT` on "launched strikes").
    pub fn specificity(&self) -> usize {
        usize::from(self.target.is_some())
            + 2 * usize::from(!self.object_lemmas.is_empty())
            + 2 * usize::from(!self.subject_lemmas.is_empty())
            + 2 * usize::from(self.oblique_words.is_some())
            + usize::from(self.xcomp)
            + usize::from(self.passive)
            + usize::from(self.particle.is_some())
    }
}

/// One parsed dictionary file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictFile {
    pub path: String,
    pub kind: DictKind,
    pub entries: Vec<Entry>,
}

impl fmt::Display for DictKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DictKind::Countries => "countries",
            DictKind::People => "people",
            DictKind::Organisations => "organisations",
            DictKind::Agents => "agents",
            DictKind::Verbs => "verbs",
        })
    }
}

/// An actor code: 3-letter groups of capitals (`RUS`, `RUSMIL`, `IMGMUSISI`).
pub fn is_actor_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() % 3 == 0
        && code.len() <= 15
        && code.bytes().all(|b| b.is_ascii_uppercase())
}

fn strip_comment(line: &str) -> &str {
    // A comment starts at `#` preceded by whitespace (or at the start of the line).
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'#' && (i == 0 || bytes[i - 1].is_ascii_whitespace()) {
            return line[..i].trim_end();
        }
    }
    line.trim_end()
}

/// Parses one dictionary file, collecting every problem.
///
/// # Errors
///
/// All problems found, each with path, line and lint code.
pub fn parse(path: &str, source: &str) -> Result<DictFile, Vec<DictError>> {
    let mut errors = Vec::new();
    let err = |errors: &mut Vec<DictError>, line: usize, code: LintCode, message: String| {
        errors.push(DictError {
            path: path.to_string(),
            line,
            code,
            message,
        });
    };
    let mut lines = source.lines().enumerate();
    let kind = match lines.next().map(|(_, l)| l.trim_end()) {
        Some(first) => match first
            .strip_prefix("#! casus-dict ")
            .and_then(|r| r.strip_suffix(" v1"))
            .and_then(DictKind::from_name)
        {
            Some(k) => k,
            None => {
                err(&mut errors, 1, LintCode::D000BadHeader, format!("first line must be `#! casus-dict <countries|people|organisations|agents|verbs> v1`, found `{first}`"));
                return Err(errors);
            }
        },
        None => {
            err(&mut errors, 1, LintCode::D000BadHeader, "empty file".into());
            return Err(errors);
        }
    };
    let mut entries: Vec<Entry> = Vec::new();
    let mut heads: HashMap<String, usize> = HashMap::new();
    for (i, raw) in lines {
        let n = i + 1;
        let line = strip_comment(raw);
        if line.trim().is_empty() {
            continue;
        }
        let indented = line.starts_with("  ");
        let content = line.trim();
        let (keyword, value) = content
            .split_once(char::is_whitespace)
            .map_or((content, ""), |(k, v)| (k, v.trim()));
        if !indented {
            if !kind.heads().contains(&keyword) {
                let heads = kind.heads().join("` or `");
                err(
                    &mut errors,
                    n,
                    LintCode::D008UnknownKeyword,
                    format!("expected `{heads} ...` to start an entry, found `{keyword}`"),
                );
                continue;
            }
            if value.is_empty() {
                err(
                    &mut errors,
                    n,
                    LintCode::D009EmptyValue,
                    format!("`{keyword}` needs a value"),
                );
                continue;
            }
            if kind == DictKind::Verbs {
                if let Err(message) = Pattern::parse(keyword, value, Line(n as u32)) {
                    err(&mut errors, n, LintCode::D011BadPattern, message);
                }
            } else if kind != DictKind::People && !is_actor_code(value) {
                err(
                    &mut errors,
                    n,
                    LintCode::D006BadCode,
                    format!("`{value}` is not an actor code (groups of three capital letters)"),
                );
            }
            if let Some(first) = heads.insert(format!("{keyword} {value}"), n) {
                err(
                    &mut errors,
                    n,
                    LintCode::D003DuplicateEntry,
                    format!("`{value}` is already defined on line {first}"),
                );
            }
            entries.push(Entry {
                keyword: keyword.to_string(),
                head: value.to_string(),
                line: Line(n as u32),
                attributes: Vec::new(),
                roles: Vec::new(),
                examples: Vec::new(),
            });
            continue;
        }
        let Some(entry) = entries.last_mut() else {
            err(
                &mut errors,
                n,
                LintCode::D007AttributeOutsideEntry,
                format!(
                    "attribute `{keyword}` before any `{}` line",
                    kind.heads()[0]
                ),
            );
            continue;
        };
        if !kind.attributes().contains(&keyword) {
            err(
                &mut errors,
                n,
                LintCode::D001UnknownAttribute,
                format!(
                    "unknown attribute `{keyword}` for {kind} (known: {})",
                    kind.attributes().join(", ")
                ),
            );
            continue;
        }
        match keyword {
            "example" if kind == DictKind::Verbs => match value.rsplit_once("=>") {
                Some((sentence, expect))
                    if !sentence.trim().is_empty() && expect.split_whitespace().count() == 2 =>
                {
                    entry.examples.push(Example {
                        sentence: sentence.trim().to_string(),
                        code: expect.trim().to_string(),
                        line: Line(n as u32),
                    })
                }
                _ => err(
                    &mut errors,
                    n,
                    LintCode::D005BadExample,
                    "expected `example <sentence> => <SOURCE CODE> <CAMEO>`".into(),
                ),
            },
            "example" => match value.rsplit_once("=>") {
                Some((sentence, code))
                    if !sentence.trim().is_empty() && is_actor_code(code.trim()) =>
                {
                    entry.examples.push(Example {
                        sentence: sentence.trim().to_string(),
                        code: code.trim().to_string(),
                        line: Line(n as u32),
                    })
                }
                _ => err(
                    &mut errors,
                    n,
                    LintCode::D005BadExample,
                    "expected `example <sentence> => <ACTOR CODE>`".into(),
                ),
            },
            "role" => {
                let parts: Vec<&str> = value.split_whitespace().collect();
                let [code, from, to] = parts[..] else {
                    err(
                        &mut errors,
                        n,
                        LintCode::D002BadDate,
                        "expected `role <CODE> <YYYY-MM-DD> <YYYY-MM-DD|..>`".into(),
                    );
                    continue;
                };
                if !is_actor_code(code) {
                    err(
                        &mut errors,
                        n,
                        LintCode::D006BadCode,
                        format!("`{code}` is not an actor code"),
                    );
                }
                let from_date = from.parse::<Date>();
                let to_date = if to == ".." {
                    Ok(None)
                } else {
                    to.parse::<Date>().map(Some)
                };
                match (from_date, to_date) {
                    (Ok(f), Ok(t)) if t.is_none_or(|t| f <= t) => entry.roles.push(Role {
                        code: code.to_string(),
                        from: f,
                        to: t,
                        line: Line(n as u32),
                    }),
                    (Ok(_), Ok(_)) => err(
                        &mut errors,
                        n,
                        LintCode::D002BadDate,
                        format!("role ends ({to}) before it starts ({from})"),
                    ),
                    (Err(e), _) | (_, Err(e)) => {
                        err(&mut errors, n, LintCode::D002BadDate, e.to_string())
                    }
                }
            }
            _ => {
                let values: Vec<String> = value
                    .split("; ")
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
                    .collect();
                if values.is_empty() && keyword != "seat-mil" && keyword != "member-of" {
                    err(
                        &mut errors,
                        n,
                        LintCode::D009EmptyValue,
                        format!("`{keyword}` needs a value"),
                    );
                    continue;
                }
                if keyword == "default" && values.iter().any(|v| !is_actor_code(v)) {
                    err(
                        &mut errors,
                        n,
                        LintCode::D006BadCode,
                        format!("`{value}` is not an actor code"),
                    );
                }
                entry
                    .attributes
                    .push((keyword.to_string(), values, Line(n as u32)));
            }
        }
    }
    for e in &entries {
        let needs = match kind {
            DictKind::Countries | DictKind::Organisations => Some("name"),
            DictKind::Agents => Some("noun"),
            DictKind::People | DictKind::Verbs => None,
        };
        if let Some(attr) = needs {
            if e.values(attr).next().is_none() {
                err(
                    &mut errors,
                    e.line.0 as usize,
                    LintCode::D004MissingName,
                    format!("`{}` has no `{attr}`", e.head),
                );
            }
        }
        if kind == DictKind::People {
            if e.roles.is_empty() && e.values("default").next().is_none() {
                err(
                    &mut errors,
                    e.line.0 as usize,
                    LintCode::D004MissingName,
                    format!("`{}` has neither a role nor a default code", e.head),
                );
            }
            let mut roles: Vec<&Role> = e.roles.iter().collect();
            roles.sort_by_key(|r| r.from);
            for w in roles.windows(2) {
                if w[0].code != w[1].code && w[0].to.is_none_or(|to| to >= w[1].from) {
                    err(
                        &mut errors,
                        w[1].line.0 as usize,
                        LintCode::D010OverlappingRoles,
                        format!(
                            "role {} overlaps role {} (line {}) with a different code",
                            w[1].code, w[0].code, w[0].line.0
                        ),
                    );
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(DictFile {
            path: path.to_string(),
            kind,
            entries,
        })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_people_with_dated_roles() {
        let src = "#! casus-dict people v1\n# comment\nperson Laurent Fabius\n  alias Fabius\n  role FRAGOV 2012-05-16 2016-02-11   # foreign minister\n  role FRAGOV 1984-07-17 1986-03-20\n  default FRAELI\n  example Foreign Minister Laurent Fabius spoke. => FRAGOV\n";
        let f = parse("people.txt", src).unwrap();
        let p = &f.entries[0];
        assert_eq!(p.head, "Laurent Fabius");
        assert_eq!(p.values("alias").collect::<Vec<_>>(), ["Fabius"]);
        assert_eq!(
            p.code_on(Some("2015-09-29".parse().unwrap())),
            Some("FRAGOV")
        );
        assert_eq!(
            p.code_on(Some("2018-01-01".parse().unwrap())),
            Some("FRAELI")
        );
        assert_eq!(p.code_on(None), Some("FRAGOV"));
        assert_eq!(p.examples[0].code, "FRAGOV");
    }

    #[test]
    fn reports_every_problem_with_line_and_code() {
        let src = "#! casus-dict countries v1\ncountry RUS\n  name Russia\n  colour red\n  example no arrow here\ncountry RUS\n  name Russia again\ncountry rus\n  adjective x\n  name Y\nstray\n";
        let errors = parse("c.txt", src).unwrap_err();
        let msgs: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert!(msgs.contains(&"c.txt:4: D001: unknown attribute `colour` for countries (known: name, short, adjective, demonym, capital, seat, seat-mil, iso2, note, example)".to_string()), "{msgs:#?}");
        assert!(
            msgs.iter().any(|m| m.starts_with("c.txt:5: D005")),
            "{msgs:#?}"
        );
        assert!(
            msgs.iter().any(|m| m.starts_with("c.txt:6: D003")),
            "{msgs:#?}"
        );
        assert!(
            msgs.iter().any(|m| m.starts_with("c.txt:8: D006")),
            "{msgs:#?}"
        );
        assert!(
            msgs.iter().any(|m| m.starts_with("c.txt:11: D008")),
            "{msgs:#?}"
        );
        let errors = parse("p.txt", "#! casus-dict people v1\nperson X Y\n  role USAGOV 2020-01-01 2019-01-01\n  role USAGOV 2020-13-01 ..\n").unwrap_err();
        assert_eq!(
            errors
                .iter()
                .filter(|e| e.code == LintCode::D002BadDate)
                .count(),
            2
        );
        assert_eq!(
            parse("x.txt", "hello").unwrap_err()[0].code,
            LintCode::D000BadHeader
        );
    }

    #[test]
    fn patterns_parse_their_slots() {
        let p = Pattern::parse("verb", "173 arrest obj=TGT implicit=COP", Line(3)).unwrap();
        assert_eq!((p.cameo.as_str(), p.lemma.as_str()), ("173", "arrest"));
        assert_eq!(p.target, Some(TargetSlot::Obj));
        assert_eq!(p.implicit_source.as_deref(), Some("COP"));
        let p = Pattern::parse(
            "verb",
            "195 launch obj=strike|airstrike against|on=TGT",
            Line(4),
        )
        .unwrap();
        assert_eq!(p.object_lemmas, ["strike", "airstrike"]);
        assert_eq!(
            p.target,
            Some(TargetSlot::Prep(vec!["against".into(), "on".into()]))
        );
        // A word list counts twice: it says more than a role.
        assert_eq!(p.specificity(), 3);
        let p = Pattern::parse("verb", "183 detonate subj=bomb|device", Line(4)).unwrap();
        assert_eq!(p.subject_lemmas, ["bomb", "device"]);
        assert_eq!(p.specificity(), 2);
        assert!(Pattern::parse("verb", "183 detonate subj=", Line(4)).is_err());
        let p = Pattern::parse("verb", "020 egg_on obj=TGT", Line(5)).unwrap();
        assert_eq!(p.particle.as_deref(), Some("on"));
        assert!(Pattern::parse("verb", "1x0 attack", Line(6)).is_err());
        assert!(Pattern::parse("verb", "190 attack sideways=TGT=x", Line(7)).is_err());
        assert!(Pattern::parse("verb", "190 attack implicit=cop", Line(8)).is_err());
        let p = Pattern::parse("verb", "173 take into=custody implicit=COP", Line(9)).unwrap();
        assert_eq!(
            p.oblique_words,
            Some((vec!["into".to_string()], vec!["custody".to_string()]))
        );
    }

    #[test]
    fn overlapping_roles_with_different_codes_are_flagged() {
        let src = "#! casus-dict people v1\nperson A B\n  role USAGOV 2001-01-20 2009-01-20\n  role USAMIL 2005-01-01 2006-01-01\n";
        let errors = parse("p.txt", src).unwrap_err();
        assert_eq!(errors[0].code, LintCode::D010OverlappingRoles);
    }
}
