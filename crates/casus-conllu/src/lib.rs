//! CoNLL-U, the format of Universal Dependencies treebanks: a strict reader that
//! reports every problem as `path:line: message`, a writer, and the reconstruction of a
//! treebank's raw text with gold token and sentence spans (what segmentation and
//! parsing from raw text are scored against, as in the CoNLL 2018 shared task).
//!
//! Design decision: sentences keep every column as text (`feats`, `deps`, `misc` are
//! not parsed into maps). casus reads forms, tags, lemmas, heads and relations; keeping
//! the rest verbatim costs little and makes read → write lossless.

mod raw;

pub use raw::{raw_documents, RawDocument};

use std::fmt::Write as _;

/// A problem in a CoNLL-U file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct ConlluError {
    pub path: String,
    pub line: usize,
    pub message: String,
}

/// One syntactic word (a line with an integer id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    pub feats: String,
    /// 0 for the root; 1-based word index otherwise. `None` when the file has `_`.
    pub head: Option<u32>,
    pub deprel: String,
    pub deps: String,
    pub misc: String,
}

/// A multi-word token (`1-2 don't`) spanning words `first..=last` (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiwordToken {
    pub first: u32,
    pub last: u32,
    pub form: String,
    pub misc: String,
}

/// One sentence: its comment lines, words, multi-word tokens and empty nodes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sentence {
    /// Comment lines without the leading `# `, in order (`sent_id = ...`, `text = ...`).
    pub comments: Vec<String>,
    pub words: Vec<Word>,
    pub multiword: Vec<MultiwordToken>,
    /// Enhanced-graph empty nodes (`8.1`), kept verbatim as whole lines.
    pub empty_nodes: Vec<(u32, String)>,
    /// Line number of the sentence's first line.
    pub line: usize,
}

impl Sentence {
    fn comment_value(&self, key: &str) -> Option<&str> {
        self.comments.iter().find_map(|c| {
            let rest = c.strip_prefix(key)?.trim_start();
            Some(rest.strip_prefix('=').map_or(rest, str::trim))
        })
    }

    pub fn text(&self) -> Option<&str> {
        self.comment_value("text")
    }

    pub fn sent_id(&self) -> Option<&str> {
        self.comment_value("sent_id")
    }

    /// Whether this sentence starts a new document (`# newdoc`).
    pub fn starts_document(&self) -> bool {
        self.comments.iter().any(|c| c.starts_with("newdoc"))
    }

    /// Whether this sentence starts a new paragraph (`# newpar`, or a new document).
    pub fn starts_paragraph(&self) -> bool {
        self.starts_document() || self.comments.iter().any(|c| c.starts_with("newpar"))
    }

    /// The multi-word token covering word `index` (0-based), if any.
    pub fn multiword_of(&self, index: usize) -> Option<&MultiwordToken> {
        let id = index as u32 + 1;
        self.multiword
            .iter()
            .find(|m| m.first <= id && id <= m.last)
    }
}

fn misc_has(misc: &str, item: &str) -> bool {
    misc.split('|').any(|m| m == item)
}

impl Word {
    /// False when `misc` says `SpaceAfter=No`.
    pub fn space_after(&self) -> bool {
        !misc_has(&self.misc, "SpaceAfter=No")
    }
}

impl MultiwordToken {
    pub fn space_after(&self) -> bool {
        !misc_has(&self.misc, "SpaceAfter=No")
    }
}

/// Parses a CoNLL-U file, collecting every problem (up to 100) before failing.
///
/// # Errors
///
/// Each problem with its path and line: a line without 10 tab-separated columns, ids
/// out of sequence, a head outside the sentence, a sentence with no root or several,
/// a multi-word range that is malformed or overlaps another, an empty form.
pub fn parse(path: &str, source: &str) -> Result<Vec<Sentence>, Vec<ConlluError>> {
    let mut errors: Vec<ConlluError> = Vec::new();
    let mut sentences = Vec::new();
    let mut current = Sentence::default();
    let mut in_sentence = false;
    let err = |errors: &mut Vec<ConlluError>, line: usize, message: String| {
        if errors.len() < 100 {
            errors.push(ConlluError {
                path: path.to_string(),
                line,
                message,
            });
        }
    };
    let lines: Vec<&str> = source.lines().collect();
    for (i, raw_line) in lines
        .iter()
        .enumerate()
        .chain(std::iter::once((lines.len(), &"")))
    {
        let line_no = i + 1;
        let line = raw_line.strip_suffix('\r').unwrap_or(raw_line);
        if line.trim().is_empty() {
            if in_sentence {
                validate(&current, path, &mut errors);
                sentences.push(std::mem::take(&mut current));
                in_sentence = false;
            }
            continue;
        }
        if !in_sentence {
            in_sentence = true;
            current.line = line_no;
        }
        if let Some(comment) = line.strip_prefix('#') {
            if !current.words.is_empty() {
                err(
                    &mut errors,
                    line_no,
                    "comment after the first word line".into(),
                );
            }
            current
                .comments
                .push(comment.strip_prefix(' ').unwrap_or(comment).to_string());
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            err(
                &mut errors,
                line_no,
                format!("expected 10 tab-separated columns, found {}", cols.len()),
            );
            continue;
        }
        let id = cols[0];
        if let Some((a, b)) = id.split_once('-') {
            match (a.parse::<u32>(), b.parse::<u32>()) {
                (Ok(first), Ok(last))
                    if first < last && first as usize == current.words.len() + 1 =>
                {
                    current.multiword.push(MultiwordToken {
                        first,
                        last,
                        form: cols[1].to_string(),
                        misc: cols[9].to_string(),
                    });
                }
                _ => err(
                    &mut errors,
                    line_no,
                    format!("bad multi-word token range `{id}`"),
                ),
            }
            continue;
        }
        if let Some((a, _)) = id.split_once('.') {
            match a.parse::<u32>() {
                Ok(after) => current.empty_nodes.push((after, line.to_string())),
                Err(_) => err(&mut errors, line_no, format!("bad empty node id `{id}`")),
            }
            continue;
        }
        match id.parse::<u32>() {
            Ok(n) if n as usize == current.words.len() + 1 => {}
            _ => {
                err(
                    &mut errors,
                    line_no,
                    format!(
                        "word id `{id}` out of sequence (expected {})",
                        current.words.len() + 1
                    ),
                );
                continue;
            }
        }
        if cols[1].is_empty() {
            err(&mut errors, line_no, "empty FORM".into());
        }
        let head = if cols[6] == "_" {
            None
        } else {
            match cols[6].parse::<u32>() {
                Ok(h) => Some(h),
                Err(_) => {
                    err(
                        &mut errors,
                        line_no,
                        format!("HEAD `{}` is not a number", cols[6]),
                    );
                    None
                }
            }
        };
        current.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head,
            deprel: cols[7].to_string(),
            deps: cols[8].to_string(),
            misc: cols[9].to_string(),
        });
    }
    if errors.is_empty() {
        Ok(sentences)
    } else {
        Err(errors)
    }
}

fn validate(s: &Sentence, path: &str, errors: &mut Vec<ConlluError>) {
    let mut push = |message: String| {
        if errors.len() < 100 {
            errors.push(ConlluError {
                path: path.to_string(),
                line: s.line,
                message,
            });
        }
    };
    if s.words.is_empty() {
        push("sentence without words".into());
        return;
    }
    let n = s.words.len() as u32;
    let mut roots = 0;
    let mut has_heads = false;
    for (i, w) in s.words.iter().enumerate() {
        if let Some(h) = w.head {
            has_heads = true;
            if h > n {
                push(format!(
                    "word {}: HEAD {h} beyond the sentence's {n} words",
                    i + 1
                ));
            }
            if h as usize == i + 1 {
                push(format!("word {}: is its own head", i + 1));
            }
            if h == 0 {
                roots += 1;
            }
        }
    }
    if has_heads && roots != 1 {
        push(format!("sentence has {roots} roots; exactly one expected"));
    }
    let mut last = 0;
    for m in &s.multiword {
        if m.first <= last || m.last > n {
            push(format!(
                "multi-word token {}-{} overlaps or exceeds the words",
                m.first, m.last
            ));
        }
        last = m.last;
    }
}

/// Writes sentences as CoNLL-U (lossless for what [`parse`] read).
pub fn write(sentences: &[Sentence]) -> String {
    let mut out = String::new();
    for s in sentences {
        for c in &s.comments {
            let _ = writeln!(out, "# {c}");
        }
        let mut empty = s.empty_nodes.iter().peekable();
        while let Some((after, line)) = empty.next_if(|(a, _)| *a == 0) {
            let _ = (after, writeln!(out, "{line}"));
        }
        for (i, w) in s.words.iter().enumerate() {
            let id = i as u32 + 1;
            if let Some(m) = s.multiword.iter().find(|m| m.first == id) {
                let _ = writeln!(
                    out,
                    "{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{}",
                    m.first, m.last, m.form, m.misc
                );
            }
            let head = w.head.map_or_else(|| "_".to_string(), |h| h.to_string());
            let _ = writeln!(
                out,
                "{id}\t{}\t{}\t{}\t{}\t{}\t{head}\t{}\t{}\t{}",
                w.form, w.lemma, w.upos, w.xpos, w.feats, w.deprel, w.deps, w.misc
            );
            while let Some((_, line)) = empty.next_if(|(a, _)| *a == id) {
                let _ = writeln!(out, "{line}");
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = d1\n# sent_id = s1\n# text = Russia's jets don't fly.\n1\tRussia\tRussia\tPROPN\tNNP\tNumber=Sing\t3\tnmod:poss\t3:nmod:poss\tSpaceAfter=No\n2\t's\t's\tPART\tPOS\t_\t1\tcase\t1:case\t_\n3\tjets\tjet\tNOUN\tNNS\tNumber=Plur\t6\tnsubj\t6:nsubj\t_\n4-5\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n4\tdo\tdo\tAUX\tVBP\t_\t6\taux\t6:aux\tSpaceAfter=No\n5\tn't\tnot\tPART\tRB\t_\t6\tadvmod\t6:advmod\t_\n6\tfly\tfly\tVERB\tVB\t_\t0\troot\t0:root\tSpaceAfter=No\n6.1\tfly\tfly\tVERB\tVB\t_\t_\t_\t3:conj\tCopyOf=6\n7\t.\t.\tPUNCT\t.\t_\t6\tpunct\t6:punct\t_\n\n";

    #[test]
    fn reads_and_writes_losslessly() {
        let sentences = parse("x.conllu", SAMPLE).unwrap();
        assert_eq!(sentences.len(), 1);
        let s = &sentences[0];
        assert_eq!(s.text(), Some("Russia's jets don't fly."));
        assert_eq!(s.sent_id(), Some("s1"));
        assert!(s.starts_document() && s.starts_paragraph());
        assert_eq!(s.words.len(), 7);
        assert_eq!(s.words[5].head, Some(0));
        assert_eq!(s.multiword_of(3).unwrap().form, "don't");
        assert!(!s.words[0].space_after());
        assert_eq!(write(&sentences), SAMPLE);
    }

    #[test]
    fn reports_every_problem_with_its_line() {
        let bad = "1\tA\ta\tX\tX\t_\t5\tdep\t_\t_\n3\tB\tb\tX\tX\t_\t0\troot\t_\t_\n\n1\tC\tc\tX\tX\t_\tzz\troot\t_\t_\nonly\tthree\tcols\n\n";
        let errors = parse("bad.conllu", bad).unwrap_err();
        let msgs: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            msgs,
            [
                "bad.conllu:2: word id `3` out of sequence (expected 2)",
                "bad.conllu:1: word 1: HEAD 5 beyond the sentence's 1 words",
                "bad.conllu:1: sentence has 0 roots; exactly one expected",
                "bad.conllu:4: HEAD `zz` is not a number",
                "bad.conllu:5: expected 10 tab-separated columns, found 3",
            ]
        );
    }
}
