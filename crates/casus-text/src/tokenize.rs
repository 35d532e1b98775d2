//! The tokenizer: UD English EWT conventions over byte ranges.
//!
//! Text is cut at whitespace into chunks; each chunk is then peeled: opening
//! punctuation off the front, closing punctuation off the back (keeping the period of
//! an abbreviation), then the core is split into clitics (`Russia` `'s`, `do` `n't`) and
//! at hyphens between words (`US` `-` `led`), as EWT does since UD 2.x, except after
//! bound prefixes (`co-`, `non-`, `anti-` ...). URLs, e-mail addresses, numbers,
//! times, phone numbers and emoticons stay whole.
//!
//! The tokenizer never allocates per token: chunks are slices and the lower-casing
//! needed for look-ups happens in a stack buffer.

use crate::abbrev::{AbbrevClass, Abbreviations};
use casus_doc::{TextRange, TokenKind};

/// A token as the segmenter needs it: its range and kind, plus what sentence splitting
/// wants to know about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RawToken {
    pub range: TextRange,
    pub kind: TokenKind,
    /// The abbreviation class when the token is a word that kept its period.
    pub abbrev: Option<AbbrevClass>,
    /// A line break lies between this token and the previous one.
    pub newline_before: bool,
}

/// Prefixes after which EWT keeps a hyphenated word whole (`co-workers`, `non-stop`).
/// Taken from the hyphenated words that UD English EWT train leaves unsplit.
const HYPHEN_PREFIXES: &[&str] = &[
    "e", "non", "pre", "anti", "mid", "re", "post", "co", "over", "pro", "multi", "ex", "sub",
    "semi", "cross", "neo", "psycho", "counter", "intra", "micro", "vice", "un", "socio", "inter",
    "trans", "ultra", "mega", "mini", "bi", "tri", "de", "self-",
];

/// Words that EWT splits into two syntactic words without an apostrophe, with the
/// byte length of the second word.
const FUSED: &[(&str, usize)] = &[
    ("cannot", 3),
    ("gonna", 2),
    ("wanna", 2),
    ("gotta", 2),
    ("outta", 2),
    ("dont", 2),
    ("didnt", 2),
    ("doesnt", 2),
    ("cant", 2),
    ("wont", 2),
    ("couldnt", 2),
    ("wouldnt", 2),
    ("shouldnt", 2),
    ("isnt", 2),
    ("arent", 2),
    ("wasnt", 2),
    ("werent", 2),
    ("havent", 2),
    ("hasnt", 2),
    ("hadnt", 2),
    ("aint", 2),
];

const EMOTICONS: &[&str] = &[
    ":)", ":(", ":D", ":P", ":p", ":-)", ":-(", ":-D", ":-P", ";)", ";-)", "=)", "=(", ":/", ":-/",
    "(:", "):", "<3", ":o", ":O", ":'(", "^_^", ":]", ":[", "xD", "XD",
];

fn is_open_punct(c: char) -> bool {
    matches!(
        c,
        '(' | '['
            | '{'
            | '<'
            | '"'
            | '\''
            | '`'
            | '\u{201C}'
            | '\u{2018}'
            | '\u{00AB}'
            | '\u{201E}'
            | '\u{201D}'
            | '\u{2019}'
            | '*'
            | '\u{2014}'
            | '\u{2013}'
            | '-'
            | '#'
            | '$'
            | '\u{20AC}'
            | '\u{00A3}'
            | '\u{00A5}'
            | '~'
            | '|'
            | '\u{2022}'
            | '\u{00B7}'
            | '/'
            | '\\'
            | '='
            | '+'
            | '&'
            | ','
            | ';'
            | ':'
            | '.'
            | '!'
            | '?'
            | '\u{2026}'
            | '>'
            | '_'
            | '^'
            | '@'
    )
}

fn is_close_punct(c: char) -> bool {
    matches!(
        c,
        ')' | ']'
            | '}'
            | '>'
            | '"'
            | '\''
            | '`'
            | '\u{201D}'
            | '\u{2019}'
            | '\u{00BB}'
            | '\u{201C}'
            | '\u{2018}'
            | ','
            | ';'
            | ':'
            | '*'
            | '%'
            | '\u{2014}'
            | '\u{2013}'
            | '-'
            | '\u{2026}'
            | '|'
            | '/'
            | '\\'
            | '='
            | '+'
            | '~'
            | '_'
            | '&'
            | '^'
            | '#'
            | '<'
            | '('
            | '['
    )
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?')
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '`'
            | '\u{201C}'
            | '\u{201D}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{00AB}'
            | '\u{00BB}'
    )
}

/// Appends the tokens of `text[start..end]` (a paragraph or any range starting and
/// ending on char boundaries) to `out`.
pub(crate) fn tokenize_range(
    text: &str,
    start: usize,
    end: usize,
    abbrevs: &Abbreviations,
    out: &mut Vec<RawToken>,
) {
    let bytes = text.as_bytes();
    let mut i = start;
    let mut newline = false;
    while i < end {
        // Skip whitespace, noting line breaks.
        let c = next_char(text, i);
        if c.is_whitespace() {
            if c == '\n' || c == '\u{2028}' || c == '\u{2029}' {
                newline = true;
            }
            i += c.len_utf8();
            continue;
        }
        let chunk_start = i;
        while i < end {
            let c = next_char(text, i);
            if c.is_whitespace() {
                break;
            }
            i += c.len_utf8();
        }
        let next_starts_digit = {
            let mut j = i;
            while j < end && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            j < end && bytes[j].is_ascii_digit()
        };
        let first = out.len();
        Chunk {
            text,
            abbrevs,
            next_starts_digit,
        }
        .tokenize(chunk_start, i, out);
        if let Some(t) = out.get_mut(first) {
            t.newline_before = newline;
        }
        newline = false;
    }
}

#[inline]
fn next_char(text: &str, i: usize) -> char {
    // Safety of the slice: callers only pass char-boundary offsets.
    text[i..].chars().next().unwrap_or(' ')
}

fn last_char(s: &str) -> Option<char> {
    s.chars().next_back()
}

struct Chunk<'a> {
    text: &'a str,
    abbrevs: &'a Abbreviations,
    next_starts_digit: bool,
}

impl Chunk<'_> {
    fn push(out: &mut Vec<RawToken>, start: usize, end: usize, kind: TokenKind) {
        out.push(RawToken {
            range: TextRange::from_usize(start, end),
            kind,
            abbrev: None,
            newline_before: false,
        });
    }

    fn tokenize(&self, mut start: usize, mut end: usize, out: &mut Vec<RawToken>) {
        let s = &self.text[start..end];
        // Fast path: most chunks are plain words or numbers with nothing to peel.
        if s.bytes().all(|b| b.is_ascii_alphanumeric()) {
            self.core(start, end, out);
            return;
        }
        if is_emoticon(s) {
            Self::push(out, start, end, TokenKind::Symbol);
            return;
        }
        // Opening punctuation.
        while start < end {
            let s = &self.text[start..end];
            let c = next_char(self.text, start);
            if !is_open_punct(c) || keeps_leading(s, c) {
                break;
            }
            let run = punct_run_len(s, c);
            Self::push(out, start, start + run, punct_kind(c));
            start += run;
        }
        if start == end {
            return;
        }

        // URLs and e-mail addresses keep everything but trailing punctuation.
        if let Some(kind) = url_or_email(&self.text[start..end]) {
            let mut core_end = end;
            while core_end > start {
                let c = last_char(&self.text[start..core_end]).unwrap_or(' ');
                let strip = matches!(
                    c,
                    '.' | ','
                        | ';'
                        | ':'
                        | '!'
                        | '?'
                        | '"'
                        | '\''
                        | '>'
                        | '\u{201D}'
                        | '\u{2019}'
                        | ']'
                ) || (c == ')' && !self.text[start..core_end].contains('('));
                if !strip {
                    break;
                }
                core_end -= c.len_utf8();
            }
            Self::push(out, start, core_end, kind);
            self.trailing_run(core_end, end, out);
            return;
        }

        // Closing punctuation, collected back to front.
        let mut tail: Vec<(usize, usize, TokenKind, Option<AbbrevClass>)> = Vec::new();
        while start < end {
            let s = &self.text[start..end];
            let c = last_char(s).unwrap_or(' ');
            if is_terminal(c) || c == '\u{2026}' {
                let mut run = terminal_run_len(s);
                if run == 2 && s.ends_with("..") && self.abbrev_class(&s[..s.len() - 1]).is_some() {
                    run = 1; // "Inc.." = "Inc." + "."
                }
                if run == 1 && c == '.' {
                    if let Some(class) = self.abbrev_class(s) {
                        tail.push((start, end, word_kind(s), Some(class)));
                        end = start;
                        break;
                    }
                }
                if run == s.len() {
                    break; // the whole chunk is punctuation: one token below
                }
                tail.push((end - run, end, TokenKind::Punct, None));
                end -= run;
                continue;
            }
            if is_close_punct(c) && !keeps_trailing(s, c) {
                let run = punct_run_len_back(s, c);
                if run == s.len() {
                    break;
                }
                tail.push((end - run, end, punct_kind(c), None));
                end -= run;
                continue;
            }
            break;
        }
        if start < end {
            self.core(start, end, out);
        }
        for (s, e, kind, abbrev) in tail.into_iter().rev() {
            out.push(RawToken {
                range: TextRange::from_usize(s, e),
                kind,
                abbrev,
                newline_before: false,
            });
        }
    }

    /// Trailing punctuation after a URL: each run a token.
    fn trailing_run(&self, mut start: usize, end: usize, out: &mut Vec<RawToken>) {
        while start < end {
            let s = &self.text[start..end];
            let c = next_char(self.text, start);
            let run = punct_run_len(s, c);
            Self::push(out, start, start + run, punct_kind(c));
            start += run;
        }
    }

    fn abbrev_class(&self, word: &str) -> Option<AbbrevClass> {
        match self.abbrevs.lookup(word)? {
            AbbrevClass::Number if !self.next_starts_digit => None,
            class => Some(class),
        }
    }

    /// Splits a core (no outer punctuation) into clitics, hyphen parts and words.
    fn core(&self, start: usize, end: usize, out: &mut Vec<RawToken>) {
        let s = &self.text[start..end];
        if s.bytes().all(|b| b.is_ascii_alphabetic()) {
            // A plain word: only a fused form ("cannot", "gonna") splits.
            match fused_split(s) {
                Some(split) => {
                    Self::push(out, start, start + split, TokenKind::Word);
                    Self::push(out, start + split, end, TokenKind::Word);
                }
                None => Self::push(out, start, end, TokenKind::Word),
            }
            return;
        }
        if is_emoticon(s) {
            Self::push(out, start, end, TokenKind::Symbol);
            return;
        }
        if is_number_core(s) && (keeps_number_hyphens(s) || !s.contains('-')) {
            Self::push(out, start, end, TokenKind::Number);
            return;
        }
        if let Some(split) = number_unit_split(s) {
            Self::push(out, start, start + split, TokenKind::Number);
            Self::push(out, start + split, end, TokenKind::Word);
            return;
        }
        // Clitics at the end: n't, 's, 'm, 'll, 're, 've, 'd.
        if let Some(split) = clitic_split(s) {
            if split > 0 {
                self.core(start, start + split, out);
            }
            Self::push(out, start + split, end, TokenKind::Word);
            return;
        }
        if let Some(split) = fused_split(s) {
            Self::push(out, start, start + split, TokenKind::Word);
            Self::push(out, start + split, end, TokenKind::Word);
            return;
        }
        // Hyphens (and inner dash runs) between word parts.
        if let Some((h_start, h_end)) = self.hyphen_split(s) {
            self.core(start, start + h_start, out);
            let c = next_char(self.text, start + h_start);
            Self::push(out, start + h_start, start + h_end, punct_kind(c));
            self.core(start + h_end, end, out);
            return;
        }
        // Other inner punctuation that separates words: "word,word", "word(s" ...
        if let Some((p_start, p_end)) = inner_separator(s) {
            // The parts may carry their own outer punctuation ("pdf)(See"): peel again.
            if p_start > 0 {
                self.tokenize(start, start + p_start, out);
            }
            let c = next_char(self.text, start + p_start);
            Self::push(out, start + p_start, start + p_end, punct_kind(c));
            if p_end < s.len() {
                self.tokenize(start + p_end, end, out);
            }
            return;
        }
        let kind = if s.chars().all(|c| !c.is_alphanumeric()) {
            if s.chars().count() == 1
                && !is_quote(s.chars().next().unwrap_or(' '))
                && !s.chars().all(|c| c.is_ascii_punctuation())
            {
                TokenKind::Symbol
            } else {
                punct_kind(s.chars().next().unwrap_or('.'))
            }
        } else {
            word_kind(s)
        };
        Self::push(out, start, end, kind);
    }

    /// Where to split `s` at a hyphen (or dash run) between two word parts.
    fn hyphen_split(&self, s: &str) -> Option<(usize, usize)> {
        let b = s.as_bytes();
        let mut i = 1;
        while i + 1 < b.len() {
            let dash_len = dash_at(s, i);
            if dash_len > 0 && i + dash_len < b.len() {
                let left = &s[..i];
                let right = &s[i + dash_len..];
                let lc = last_char(left).unwrap_or(' ');
                let rc = right.chars().next().unwrap_or(' ');
                let joins_words = (lc.is_alphanumeric() || lc == '.' || lc == ')')
                    && (rc.is_alphanumeric() || rc == '(' || is_quote(rc));
                let single_hyphen = dash_len == 1 && b[i] == b'-';
                if joins_words {
                    let keep = single_hyphen
                        && (is_bound_prefix(left)
                            || lc.is_ascii_digit()
                                && rc.is_ascii_digit()
                                && keeps_number_hyphens(s));
                    if !keep {
                        return Some((i, i + dash_len));
                    }
                }
            }
            i += 1;
            while i < b.len() && !s.is_char_boundary(i) {
                i += 1;
            }
        }
        None
    }
}

/// Length in bytes of a hyphen or dash run starting at byte `i` of `s` (0 if none).
fn dash_at(s: &str, i: usize) -> usize {
    if !s.is_char_boundary(i) {
        return 0;
    }
    let mut j = i;
    for c in s[i..].chars() {
        if matches!(c, '-' | '\u{2013}' | '\u{2014}' | '\u{2012}' | '\u{2015}') {
            j += c.len_utf8();
        } else {
            break;
        }
    }
    j - i
}

fn is_bound_prefix(left: &str) -> bool {
    // Only the part after any earlier hyphen counts ("non-self-..." is rare enough).
    if left.len() > 8 || !left.bytes().all(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    let mut buf = [0u8; 8];
    let lower = &mut buf[..left.len()];
    lower.copy_from_slice(left.as_bytes());
    lower.make_ascii_lowercase();
    HYPHEN_PREFIXES.iter().any(|p| p.as_bytes() == &lower[..])
}

/// `"word,word"`, `"word;word"`, `"word(s)"`, `"word/word"` with letters both sides,
/// `"word..word"`: the first separator to split at.
fn inner_separator(s: &str) -> Option<(usize, usize)> {
    let mut prev: Option<char> = None;
    for (i, c) in s.char_indices() {
        if let Some(p) = prev {
            let sep = match c {
                ',' | ';' => p.is_alphabetic(),
                '(' | ')' | '[' | ']' | '"' | '\u{201C}' | '\u{201D}' | '!' | '?' => true,
                '.' if s[i..].starts_with("..") || s[i..].starts_with('\u{2026}') => true,
                '\u{2026}' => true,
                ':' => {
                    p.is_alphabetic()
                        && s[i + 1..].chars().next().is_some_and(char::is_alphabetic)
                        && !s.contains("://")
                }
                // "and/or", "food/drinks": EWT splits slashes between words.
                '/' => {
                    i >= 2
                        && s[..i].chars().rev().take(2).all(char::is_alphabetic)
                        && s[i + 1..].chars().next().is_some_and(char::is_alphabetic)
                }
                // A missing space after a stop: "quality.You'll", "box.other".
                '.' => missing_space_after_stop(s, i),
                _ => false,
            };
            if sep {
                let rest = &s[i..];
                let len = punct_run_len(rest, c);
                let after = &s[i + len..];
                // Only split when a word follows or precedes, never inside "(s)"-free
                // tokens that are all punctuation.
                if !after.is_empty() || i > 0 {
                    return Some((i, i + len));
                }
            }
        }
        prev = Some(c);
    }
    None
}

/// `word.Word` where the left part is a lower-case word of two letters or more and the
/// right part a word: a stop whose space went missing. Domain names never get here
/// (see [`url_or_email`]), and abbreviations keep inner periods only between single
/// letters ("U.S.").
fn missing_space_after_stop(s: &str, dot: usize) -> bool {
    let left = &s[..dot];
    let right = &s[dot + 1..];
    let left_word = left
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    let right_word: &str = right
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    left_word.len() >= 2
        && left_word.len() == left.len()
        && left_word.chars().all(|c| c.is_lowercase())
        && right_word.len() >= 2
        && !right.contains('.')
}

/// Units glued to a number: "39K", "650k", "10km", "5pm", "398,487MMBTU". Ordinals and
/// decades ("5th", "1990s") are words and stay whole, as do codes like "83N".
fn number_unit_split(s: &str) -> Option<usize> {
    const UNITS: &[&str] = &[
        "k", "K", "m", "M", "bn", "BN", "km", "kg", "mm", "cm", "mi", "lb", "lbs", "pm", "am",
        "PM", "AM", "p.m.", "a.m.", "mph", "GB", "gb", "MB", "mb", "TB", "MW", "GW", "MMBTU",
        "mmbtu", "bpd", "ft", "kph", "kmh", "sq", "ha", "yrs", "min", "hrs",
    ];
    let digits = s
        .bytes()
        .take_while(|b| b.is_ascii_digit() || matches!(b, b',' | b'.'))
        .count();
    if digits == 0 || digits == s.len() || !s.as_bytes()[digits - 1].is_ascii_digit() {
        return None;
    }
    UNITS.contains(&&s[digits..]).then_some(digits)
}

fn is_emoticon(s: &str) -> bool {
    s.len() <= 3 && EMOTICONS.contains(&s)
}

fn url_or_email(s: &str) -> Option<TokenKind> {
    // Cheap rejection first: every URL, address or domain has one of these.
    if !s.bytes().any(|b| matches!(b, b'.' | b'@' | b':')) {
        return None;
    }
    let lower_starts =
        |p: &str| s.len() >= p.len() && s.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    let trimmed = s.trim_start_matches(['(', '<', '"', '\'', '[', '\u{201C}']);
    if trimmed.len() != s.len() {
        return None; // let the opening punctuation be peeled first
    }
    if lower_starts("http://")
        || lower_starts("https://")
        || lower_starts("ftp://")
        || lower_starts("www.")
        || lower_starts("mailto:")
    {
        return Some(TokenKind::Url);
    }
    if let Some(at) = s.find('@') {
        let (user, host) = (&s[..at], &s[at + 1..]);
        let host = host.trim_end_matches(|c: char| !c.is_alphanumeric());
        if !user.is_empty()
            && user
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '+' | '%'))
            && host.contains('.')
            && host
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-'))
        {
            return Some(TokenKind::Email);
        }
    }
    // Bare domains such as "antiwar.com" or "bbc.co.uk".
    let core = s.trim_end_matches(['.', ',', ';', ':', ')', '"', '\'']);
    if let Some(dot) = core.rfind('.') {
        let tld = &core[dot + 1..];
        let known = matches!(
            tld,
            "com"
                | "org"
                | "net"
                | "gov"
                | "edu"
                | "int"
                | "mil"
                | "uk"
                | "ru"
                | "de"
                | "fr"
                | "info"
                | "io"
                | "co"
        );
        if known
            && dot > 0
            && core[..dot]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
        {
            return Some(TokenKind::Url);
        }
    }
    None
}

/// A leading character that belongs to the word: `'72`, `'em`, `-5`, `.5`, `#1`? (no),
/// `$` is split (EWT), and `@user` stays whole.
fn keeps_leading(s: &str, c: char) -> bool {
    let rest = &s[c.len_utf8()..];
    match c {
        '\'' | '\u{2019}' | '`' => {
            let r = rest.as_bytes();
            (r.len() == 2 && r[0].is_ascii_digit() && r[1].is_ascii_digit())
                || (r.len() >= 2
                    && r[0].is_ascii_digit()
                    && r[1].is_ascii_digit()
                    && r[2..].iter().all(|b| b.is_ascii_lowercase()))
                || matches!(
                    rest.to_ascii_lowercase().as_str(),
                    "em" | "til"
                        | "cause"
                        | "tis"
                        | "twas"
                        | "n"
                        | "s"
                        | "m"
                        | "ll"
                        | "re"
                        | "ve"
                        | "d"
                        | "t"
                )
        }
        // EWT splits a leading minus ("-0.39" -> "-" "0.39") but keeps ".5" and "+44".
        '.' | '+' => {
            rest.as_bytes().first().is_some_and(u8::is_ascii_digit) && is_number_core(rest)
        }
        '@' => rest.chars().next().is_some_and(char::is_alphanumeric),
        '#' => rest.chars().next().is_some_and(char::is_alphabetic),
        _ => false,
    }
}

/// A trailing character that belongs to the word: the `'` of `ta'`? No: EWT splits
/// possessive `'` (`Russians` `'`). Only emoticon-like tails are kept.
fn keeps_trailing(s: &str, c: char) -> bool {
    match c {
        ')' => {
            // "(s)" inside a word, and "Yahoo!)"? Keep a ')' that closes a '(' in the word.
            let opens = s.matches('(').count();
            let closes = s.matches(')').count();
            opens >= closes && opens > 0 && !s.starts_with('(')
        }
        '-' => {
            s.len() > 1
                && s[..s.len() - 1].chars().all(|c| c.is_ascii_alphabetic())
                && is_bound_prefix(&s[..s.len() - 1])
        }
        _ => false,
    }
}

fn punct_run_len(s: &str, c: char) -> usize {
    // Runs of the same character ("--", "...", "***", "!!") and of mixed terminal marks
    // ("?!", ".?") are one token in EWT.
    let mut len = 0;
    for d in s.chars() {
        if d == c || (is_terminal(c) && is_terminal(d)) {
            len += d.len_utf8();
        } else {
            break;
        }
    }
    len.max(c.len_utf8())
}

fn punct_run_len_back(s: &str, c: char) -> usize {
    let mut len = 0;
    for d in s.chars().rev() {
        if d == c {
            len += d.len_utf8();
        } else {
            break;
        }
    }
    len.max(c.len_utf8())
}

/// Length of the run of stops ending `s`. Mixed runs such as `?!` and `.?` are one
/// token in EWT, but an ellipsis is its own token before `?` ("...?" -> "..." "?"), and
/// a doubled period after an abbreviation is the abbreviation plus a stop.
fn terminal_run_len(s: &str) -> usize {
    let run: usize = s
        .chars()
        .rev()
        .take_while(|&d| is_terminal(d) || d == '\u{2026}')
        .map(char::len_utf8)
        .sum();
    let tail = &s[s.len() - run..];
    let has_ellipsis = tail.contains("..") || tail.contains('\u{2026}');
    let has_marks = tail.contains(['?', '!']);
    if has_ellipsis && has_marks {
        // Split off the trailing group only: the dots, or the ?! marks.
        let last_is_dot = tail.ends_with(['.', '\u{2026}']);
        return tail
            .chars()
            .rev()
            .take_while(|&d| matches!(d, '.' | '\u{2026}') == last_is_dot)
            .map(char::len_utf8)
            .sum();
    }
    run
}

fn punct_kind(c: char) -> TokenKind {
    match c {
        '$' | '%' | '&' | '#' | '@' | '+' | '=' | '~' | '^' | '|' | '<' | '>' | '\u{20AC}'
        | '\u{00A3}' | '\u{00A5}' | '\u{00B0}' => TokenKind::Symbol,
        _ => TokenKind::Punct,
    }
}

fn word_kind(s: &str) -> TokenKind {
    if is_number_core(s) {
        TokenKind::Number
    } else {
        TokenKind::Word
    }
}

/// Digits with inner `,` `.` `:` `/` `-` separators: `1,000`, `3.5`, `5:30`, `9/11`,
/// `713-853-3989`, `1990s`? (no: that is a word).
pub(crate) fn is_number_core(s: &str) -> bool {
    let b = s.as_bytes();
    if b.is_empty() || !b[0].is_ascii_digit() || !b[b.len() - 1].is_ascii_digit() {
        return false;
    }
    b.iter()
        .all(|&c| c.is_ascii_digit() || matches!(c, b',' | b'.' | b':' | b'/' | b'-'))
}

/// Numbers whose hyphens EWT keeps: phone numbers and hyphenated dates
/// (`713-853-3989`, `345-9945`, `11-20-2000`), but not ranges (`3-4`, `1969-1970`).
fn keeps_number_hyphens(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    if groups.len() < 2
        || groups
            .iter()
            .any(|g| g.is_empty() || !g.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    if groups.len() >= 3 {
        return true;
    }
    // Two groups: a phone number or extension looks like 1-3 + 4 digits ("853-3989",
    // "3-5213"); a year range ("1969-1970") has 4 + 4.
    groups[0].len() <= 3 && groups[1].len() == 4
}

/// Byte offset where a clitic begins in `s`, if `s` ends with one.
fn clitic_split(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    // Find the apostrophe position candidates: ASCII ', ’ (3 bytes) or `.
    let apostrophe_before = |suffix_len: usize| -> Option<usize> {
        // The clitic is `apostrophe + suffix` at the end of s; returns its start.
        let suffix_start = b.len().checked_sub(suffix_len)?;
        let head = &s[..suffix_start];
        for apo in ["'", "\u{2019}", "`"] {
            if let Some(stripped) = head.strip_suffix(apo) {
                return Some(stripped.len());
            }
        }
        None
    };
    let lower_ends = |suffix: &str| {
        b.len() >= suffix.len()
            && b[b.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
    };
    // n't: the split is before the n.
    if lower_ends("t") {
        if let Some(apo) = apostrophe_before(1) {
            if apo > 0 && matches!(b[apo - 1], b'n' | b'N') {
                let split = apo - 1;
                if split > 0 && b[..split].iter().any(u8::is_ascii_alphabetic) {
                    return Some(split);
                }
                if split == 0 {
                    return None;
                }
            }
        }
    }
    for suffix in ["s", "m", "d", "ll", "re", "ve"] {
        if lower_ends(suffix) {
            if let Some(apo) = apostrophe_before(suffix.len()) {
                // "80's" and "1990's" stay whole in EWT; "Russia's", "U.S.'s" split.
                if apo > 0
                    && s[..apo]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphabetic() || c == '.')
                {
                    return Some(apo);
                }
                if apo == 0 && s.len() > 1 {
                    return None; // a bare clitic ("'s" after a space) is one token
                }
            }
        }
    }
    None
}

fn fused_split(s: &str) -> Option<usize> {
    if s.len() > 8 {
        return None;
    }
    let mut buf = [0u8; 8];
    let lower = &mut buf[..s.len()];
    lower.copy_from_slice(s.as_bytes());
    lower.make_ascii_lowercase();
    FUSED
        .iter()
        .find(|(w, _)| w.as_bytes() == &lower[..])
        .map(|&(_, n)| s.len() - n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        tokenize_range(text, 0, text.len(), Abbreviations::builtin(), &mut out);
        out.iter().map(|t| &text[t.range.as_usize()]).collect()
    }

    #[test]
    fn clitics_follow_ewt() {
        assert_eq!(toks("Russia's jets"), ["Russia", "'s", "jets"]);
        assert_eq!(toks("don't"), ["do", "n't"]);
        assert_eq!(toks("they don’t know"), ["they", "do", "n’t", "know"]);
        assert_eq!(
            toks("can't won't I'm we'll they've she'd you're"),
            [
                "ca", "n't", "wo", "n't", "I", "'m", "we", "'ll", "they", "'ve", "she", "'d",
                "you", "'re"
            ]
        );
        assert_eq!(toks("cannot gonna"), ["can", "not", "gon", "na"]);
        assert_eq!(toks("officials’ report"), ["officials", "’", "report"]);
    }

    #[test]
    fn abbreviations_keep_their_period() {
        assert_eq!(
            toks("the U.S. and Gen. Smith on Sept. 29."),
            ["the", "U.S.", "and", "Gen.", "Smith", "on", "Sept.", "29", "."]
        );
        assert_eq!(
            toks("Lt. Col. Jones, Inc."),
            ["Lt.", "Col.", "Jones", ",", "Inc."]
        );
        assert_eq!(toks("No. 10 and no."), ["No.", "10", "and", "no", "."]);
    }

    #[test]
    fn punctuation_and_quotes() {
        assert_eq!(
            toks("\"Hello,\" he said..."),
            ["\"", "Hello", ",", "\"", "he", "said", "..."]
        );
        assert_eq!(toks("“broad coalition”"), ["“", "broad", "coalition", "”"]);
        assert_eq!(toks("(AP) —"), ["(", "AP", ")", "—"]);
        assert_eq!(toks("Really?!"), ["Really", "?!"]);
        assert_eq!(toks("$50 and 20%"), ["$", "50", "and", "20", "%"]);
        assert_eq!(toks("strike,” Fabius"), ["strike", ",", "”", "Fabius"]);
    }

    #[test]
    fn hyphens_split_between_words_but_not_after_prefixes() {
        assert_eq!(toks("US-led coalition"), ["US", "-", "led", "coalition"]);
        assert_eq!(
            toks("long-range bombers"),
            ["long", "-", "range", "bombers"]
        );
        assert_eq!(
            toks("anti-ISIS co-workers e-mail"),
            ["anti-ISIS", "co-workers", "e-mail"]
        );
        assert_eq!(toks("U.S.-led"), ["U.S.", "-", "led"]);
        assert_eq!(toks("war--and"), ["war", "--", "and"]);
        assert_eq!(toks("3-4 713-853-3989"), ["3", "-", "4", "713-853-3989"]);
    }

    #[test]
    fn urls_emails_numbers_stay_whole() {
        assert_eq!(
            toks("see http://antiwar.com/news."),
            ["see", "http://antiwar.com/news", "."]
        );
        assert_eq!(toks("mail a.b@enron.com,"), ["mail", "a.b@enron.com", ","]);
        assert_eq!(
            toks("1,000.50 at 5:30 on 9/11"),
            ["1,000.50", "at", "5:30", "on", "9/11"]
        );
        assert_eq!(toks("in '72 :)"), ["in", "'72", ":)"]);
    }
}
