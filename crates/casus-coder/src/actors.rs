//! Actor mentions: dictionary names matched over the tokens (longest match first), then
//! combined the way news writes actors: a country with a sector noun ("Russian
//! warplanes", "Russia's warplanes" → `RUSMIL`), a title before a person ("Foreign
//! Minister Laurent Fabius" → the person's code on the document's date).
//!
//! Every mention carries its provenance: the rule and the dictionary file and line.

use crate::dict::{DictFile, DictKind, Entry};
use casus_doc::{
    Date, Document, Layer, Mention, MentionKind, Provenance, SourceLoc, Stage, StageError, TokenIdx,
};
use std::collections::HashMap;
use std::sync::Arc;

const STAGE: &str = "actors";

/// What a dictionary name stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NameKind {
    Country,
    Metonym,
    MilitaryMetonym,
    Person,
    Organisation,
    AgentNoun,
}

#[derive(Debug, Clone)]
struct Payload {
    kind: NameKind,
    /// The code, or for people the index of their entry.
    code: String,
    person: Option<usize>,
    rule: &'static str,
    source: SourceLoc,
}

/// A trie over token strings.
#[derive(Debug, Default, Clone)]
struct Trie {
    children: Vec<HashMap<Box<str>, u32>>,
    payload: Vec<Option<u32>>,
}

impl Trie {
    fn new() -> Trie {
        Trie {
            children: vec![HashMap::new()],
            payload: vec![None],
        }
    }

    fn insert(&mut self, tokens: &[String], payload: u32) {
        let mut node = 0usize;
        for t in tokens {
            let next = match self.children[node].get(t.as_str()) {
                Some(&n) => n as usize,
                None => {
                    let n = self.children.len();
                    self.children.push(HashMap::new());
                    self.payload.push(None);
                    self.children[node].insert(Box::from(t.as_str()), n as u32);
                    n
                }
            };
            node = next;
        }
        // The first entry to claim a name keeps it: files are read in a fixed order
        // (people, organisations, countries, agents) and within a file top to bottom.
        if self.payload[node].is_none() {
            self.payload[node] = Some(payload);
        }
    }

    /// The longest name starting at `words[0]`: its length in tokens and payload.
    fn longest(&self, words: &[&str]) -> Option<(usize, u32)> {
        let mut node = 0usize;
        let mut best = None;
        for (i, w) in words.iter().enumerate() {
            match self.children[node].get(*w) {
                Some(&n) => node = n as usize,
                None => break,
            }
            if let Some(p) = self.payload[node] {
                best = Some((i + 1, p));
            }
        }
        best
    }
}

/// Matches actor names and combines them into mentions.
#[derive(Debug, Clone)]
pub struct ActorMatcher {
    trie: Trie,
    payloads: Vec<Payload>,
    people: Vec<Entry>,
}

/// Splits a dictionary name into tokens the way the segmenter splits text.
///
/// The name is segmented as if a lower-case word followed it: alone, a name that ends
/// in an abbreviation ("U.S.", "U.S.A.") ends its text, and the segmenter rightly
/// splits a text's final stop off ("U.S" "."), while in running news ("the U.S.
/// condemned") the period stays part of the word.
fn name_tokens(segmenter: &casus_text::Segmenter, name: &str) -> Vec<String> {
    const CONTINUATION: &str = " and";
    let text = format!("{name}{CONTINUATION}");
    let seg = segmenter.segment(&text);
    seg.tokens
        .ranges()
        .iter()
        .filter(|r| (r.end as usize) <= name.len())
        .map(|r| casus_doc::normalize_token(&text[r.as_usize()]).into_owned())
        .collect()
}

impl ActorMatcher {
    /// Builds the matcher from parsed dictionary files. `file_names` gives each file's
    /// path as provenance should show it (e.g. `dictionaries/countries.txt`).
    pub fn new(files: &[DictFile]) -> ActorMatcher {
        let segmenter = casus_text::Segmenter::rules_only();
        let mut m = ActorMatcher {
            trie: Trie::new(),
            payloads: Vec::new(),
            people: Vec::new(),
        };
        // People and organisations first: a person's name should win over a country
        // name inside it only when longer, which longest-match ensures anyway.
        let order = [
            DictKind::People,
            DictKind::Organisations,
            DictKind::Countries,
            DictKind::Agents,
        ];
        for kind in order {
            for file in files.iter().filter(|f| f.kind == kind) {
                let path: Arc<str> = Arc::from(file.path.as_str());
                for entry in &file.entries {
                    m.add_entry(&segmenter, kind, entry, &path);
                }
            }
        }
        m
    }

    fn add(&mut self, segmenter: &casus_text::Segmenter, name: &str, payload: Payload) {
        let tokens = name_tokens(segmenter, name);
        if tokens.is_empty() {
            return;
        }
        let index = self.payloads.len() as u32;
        self.payloads.push(payload);
        // "the United Nations" also matches "United Nations", and vice versa.
        let tokens: Vec<String> = match tokens.first().map(String::as_str) {
            Some("the" | "The") if tokens.len() > 1 => tokens[1..].to_vec(),
            _ => tokens,
        };
        self.trie.insert(&tokens, index);
    }

    fn add_entry(
        &mut self,
        segmenter: &casus_text::Segmenter,
        kind: DictKind,
        entry: &Entry,
        path: &Arc<str>,
    ) {
        let source = |line: u32| SourceLoc {
            file: path.clone(),
            line,
        };
        let mut names: Vec<(&str, NameKind, &'static str, u32)> = Vec::new();
        for (attr, values, line) in &entry.attributes {
            let (kind, rule) = match (kind, attr.as_str()) {
                (DictKind::Countries, "name" | "short") => (NameKind::Country, "countries.name"),
                (DictKind::Countries, "adjective") => (NameKind::Country, "countries.adjective"),
                (DictKind::Countries, "demonym") => (NameKind::Country, "countries.demonym"),
                (DictKind::Countries, "capital") => (NameKind::Metonym, "countries.capital"),
                (DictKind::Countries, "seat") => (NameKind::Metonym, "countries.seat"),
                (DictKind::Countries, "seat-mil") => {
                    (NameKind::MilitaryMetonym, "countries.seat-mil")
                }
                (DictKind::Organisations, "name") => (NameKind::Organisation, "organisations.name"),
                (DictKind::People, "alias") => (NameKind::Person, "people.alias"),
                (DictKind::Agents, "noun") => (NameKind::AgentNoun, "agents.noun"),
                _ => continue,
            };
            for v in values {
                names.push((v, kind, rule, line.0));
            }
        }
        let person = (kind == DictKind::People).then(|| {
            self.people.push(entry.clone());
            self.people.len() - 1
        });
        if kind == DictKind::People {
            names.push((&entry.head, NameKind::Person, "people.name", entry.line.0));
        }
        for (name, name_kind, rule, line) in names {
            // Sector nouns are written in lower case; a sentence may start with one
            // ("Officials said ..."), so the capitalised form is added too, and titles
            // are capitalised word by word before names ("Foreign Minister Lavrov").
            if name_kind == NameKind::AgentNoun && name.starts_with(|c: char| c.is_lowercase()) {
                let capitalise = |word: &str| -> String {
                    let mut chars = word.chars();
                    chars
                        .next()
                        .map(|c| c.to_uppercase().chain(chars).collect())
                        .unwrap_or_default()
                };
                let first_only = capitalise(name);
                let title_case: Vec<String> = name
                    .split(' ')
                    .map(|w| {
                        // "Secretary of State": small words stay lower case.
                        if matches!(w, "of" | "for" | "and" | "the") {
                            w.to_string()
                        } else {
                            capitalise(w)
                        }
                    })
                    .collect();
                let title_case = title_case.join(" ");
                let variants = if title_case == first_only {
                    vec![first_only]
                } else {
                    vec![first_only, title_case]
                };
                for variant in variants {
                    self.add(
                        segmenter,
                        &variant,
                        Payload {
                            kind: name_kind,
                            code: entry.head.clone(),
                            person,
                            rule,
                            source: source(line),
                        },
                    );
                }
            }
            let code = match name_kind {
                NameKind::Metonym => format!("{}GOV", entry.head),
                NameKind::MilitaryMetonym => format!("{}MIL", entry.head),
                _ => entry.head.clone(),
            };
            self.add(
                segmenter,
                name,
                Payload {
                    kind: name_kind,
                    code,
                    person,
                    rule,
                    source: source(line),
                },
            );
        }
    }

    /// Finds the mentions of one sentence's tokens (`words`, starting at token index
    /// `offset` of the document), resolving people's codes on `date`.
    pub fn find(&self, words: &[&str], offset: usize, date: Option<Date>) -> Vec<Mention> {
        let norm: Vec<std::borrow::Cow<'_, str>> = words
            .iter()
            .map(|w| casus_doc::normalize_token(w))
            .collect();
        let norm: Vec<&str> = norm.iter().map(|w| w.as_ref()).collect();
        // Base matches, longest first, left to right.
        let mut base: Vec<(usize, usize, &Payload)> = Vec::new();
        let mut i = 0;
        while i < norm.len() {
            match self.trie.longest(&norm[i..]) {
                Some((len, p)) => {
                    base.push((i, i + len, &self.payloads[p as usize]));
                    i += len;
                }
                None => i += 1,
            }
        }
        // Combinations.
        let mut out = Vec::new();
        let mut k = 0;
        while k < base.len() {
            let (s, e, p) = base[k];
            let next = base.get(k + 1).copied();
            // Words of rank between a country and its agent noun: "Kenya's Deputy
            // Foreign Minister", "the French deputy defence minister".
            let ranks_only = |from: usize, to: usize| {
                from <= to
                    && norm[from..to]
                        .iter()
                        .all(|w| TITLE_RANKS.contains(&w.to_ascii_lowercase().as_str()))
            };
            // After a possessive, up to two modifiers of any kind: the possessor
            // owns the phrase's head ("Venezuela's socialist government", "Chile's
            // new defence minister").
            let modifiers_only = |from: usize, to: usize| {
                from <= to
                    && to - from <= 2
                    && norm[from..to].iter().all(|w| {
                        w.chars().all(|c| c.is_alphabetic() || c == '-')
                            && !NOT_MODIFIERS.contains(&w.to_ascii_lowercase().as_str())
                    })
            };
            let possessive = next.is_some_and(|(ns, _, _)| {
                matches!(norm.get(e), Some(&"'s" | &"'")) && modifiers_only(e + 1, ns)
            });
            let adjacent = next.is_some_and(|(ns, _, _)| ranks_only(e, ns));
            let mention = |first: usize,
                           end: usize,
                           code: String,
                           kind: MentionKind,
                           rule: &'static str,
                           source: &SourceLoc| Mention {
                first: TokenIdx::from_usize(offset + first),
                end: TokenIdx::from_usize(offset + end),
                head: TokenIdx::from_usize(offset + end - 1),
                code,
                kind,
                provenance: Provenance::rule(STAGE, rule).with_source(source.clone()),
            };
            match (p.kind, next) {
                // "Russian warplanes", "Russia's warplanes", "UN peacekeepers".
                (NameKind::Country | NameKind::Organisation, Some((_, ne, np)))
                    if np.kind == NameKind::AgentNoun && (adjacent || possessive) =>
                {
                    match base.get(k + 2).copied() {
                        // "France's Foreign Minister Laurent Fabius": one person.
                        Some((ps, pe, pp)) if pp.kind == NameKind::Person && ps == ne => {
                            let code = self.person_code(pp, date);
                            out.push(mention(
                                s,
                                pe,
                                code,
                                MentionKind::Person,
                                "person.with-title",
                                &pp.source,
                            ));
                            k += 3;
                        }
                        _ => {
                            let code = with_role(&p.code, &np.code);
                            out.push(mention(
                                s,
                                ne,
                                code,
                                MentionKind::Compound,
                                "compound.actor+agent",
                                &np.source,
                            ));
                            k += 2;
                        }
                    }
                }
                // "the Obama Administration": a person's country with the sector noun.
                (NameKind::Person, Some((_, ne, np)))
                    if np.kind == NameKind::AgentNoun && adjacent =>
                {
                    let person = self.person_code(p, date);
                    let code = format!("{}{}", actor_base(&person), np.code);
                    out.push(mention(
                        s,
                        ne,
                        code,
                        MentionKind::Compound,
                        "compound.person+agent",
                        &np.source,
                    ));
                    k += 2;
                }
                // "Foreign Minister Laurent Fabius": the title joins the person.
                (NameKind::AgentNoun, Some((_, ne, np)))
                    if np.kind == NameKind::Person && adjacent =>
                {
                    let code = self.person_code(np, date);
                    out.push(mention(
                        s,
                        ne,
                        code,
                        MentionKind::Person,
                        "person.with-title",
                        &np.source,
                    ));
                    k += 2;
                }
                // "the government of Italy", "refugees from Syria": an agent noun of
                // a country. "From" only for refugees and migrants: "pulled troops
                // from Syria" says where troops left, not whose they are.
                (NameKind::AgentNoun, Some((ns, ne, np)))
                    if np.kind == NameKind::Country
                        && (norm.get(e) == Some(&"of")
                            || (norm.get(e) == Some(&"from") && p.code == "REF"))
                        && (ns == e + 1
                            || (ns == e + 2 && norm[e + 1].eq_ignore_ascii_case("the"))) =>
                {
                    let code = format!("{}{}", np.code, p.code);
                    out.push(Mention {
                        // The agent noun heads the phrase ("the government").
                        head: TokenIdx::from_usize(offset + e - 1),
                        ..mention(
                            s,
                            ne,
                            code,
                            MentionKind::Compound,
                            "compound.agent+of+actor",
                            &p.source,
                        )
                    });
                    k += 2;
                }
                _ => {
                    let (code, kind) = match p.kind {
                        NameKind::Country => (p.code.clone(), MentionKind::Country),
                        NameKind::Metonym | NameKind::MilitaryMetonym => {
                            (p.code.clone(), MentionKind::Metonym)
                        }
                        NameKind::Person => (self.person_code(p, date), MentionKind::Person),
                        NameKind::Organisation => (p.code.clone(), MentionKind::Organisation),
                        NameKind::AgentNoun => (p.code.clone(), MentionKind::Agent),
                    };
                    out.push(mention(s, e, code, kind, p.rule, &p.source));
                    k += 1;
                }
            }
        }
        out
    }

    fn person_code(&self, p: &Payload, date: Option<Date>) -> String {
        p.person
            .and_then(|i| self.people[i].code_on(date))
            .unwrap_or(&p.code)
            .to_string()
    }
}

/// Whether the "it" at `i` is an expletive or a cleft's: before a form of "be" (or
/// "seems", "appears") followed by a determiner or a typical impersonal predicate.
fn is_expletive_it(words: &[&str], i: usize) -> bool {
    const IMPERSONAL: &[&str] = &[
        "clear",
        "unclear",
        "likely",
        "unlikely",
        "possible",
        "impossible",
        "important",
        "necessary",
        "difficult",
        "hard",
        "easy",
        "time",
        "true",
        "false",
        "believed",
        "said",
        "reported",
        "expected",
        "feared",
        "thought",
        "known",
        "unknown",
        "estimated",
        "understood",
        "hoped",
        "alleged",
        "claimed",
        "that",
        "too",
        "a",
        "an",
        "the",
        "not",
        "n't",
        "no",
        "also",
        "still",
        "now",
        "worth",
        "up",
        "only",
        "so",
        "very",
        "more",
        "less",
        "better",
        "worse",
        "essential",
        "vital",
        "crucial",
        "obvious",
        "evident",
        "certain",
        "uncertain",
        "sad",
        "shameful",
        "ironic",
    ];
    let lower = |k: usize| words.get(k).map(|w| w.to_ascii_lowercase());
    let Some(verb) = lower(i + 1) else {
        return false;
    };
    if matches!(verb.as_str(), "seems" | "seemed" | "appears" | "appeared") {
        return true;
    }
    if !matches!(verb.as_str(), "'s" | "’s" | "is" | "was" | "will" | "would") {
        return false;
    }
    // "it will be clear", "it would be hard": look past the modal's "be".
    let mut k = i + 2;
    if matches!(verb.as_str(), "will" | "would") {
        if lower(k).as_deref() != Some("be") {
            return false;
        }
        k += 1;
    }
    lower(k).is_some_and(|w| IMPERSONAL.contains(&w.as_str()))
}

/// An actor code with a role added, unless the code has that role already: the
/// al-Shabab group is `SOMREBSHB`, so "al-Shabab fighters" stay `SOMREBSHB`, not
/// `SOMREBSHBREB`; "Russian warplanes" are `RUS` + `MIL`.
fn with_role(code: &str, role: &str) -> String {
    let has_role = code.len() > 3
        && code.as_bytes()[3..]
            .chunks(3)
            .any(|chunk| chunk == role.as_bytes());
    if has_role {
        code.to_string()
    } else {
        format!("{code}{role}")
    }
}

/// Words that end a possessor's phrase rather than modify its head.
const NOT_MODIFIERS: &[&str] = &[
    "and", "or", "but", "to", "of", "in", "on", "at", "for", "with", "by", "from", "that", "which",
    "who", "whose", "as", "is", "was", "are", "were", "has", "had", "have", "said", "says", "the",
    "a", "an", "its", "their", "his", "her", "not",
];

/// Words of rank that may stand between a country and its agent noun.
const TITLE_RANKS: &[&str] = &[
    "vice",
    "deputy",
    "acting",
    "chief",
    "senior",
    "top",
    "interim",
    "assistant",
    "junior",
    "first",
    "second",
    "caretaker",
    "former",
];

/// The actor stage: finds mentions in every sentence.
#[derive(Debug, Clone)]
pub struct Actors {
    matcher: ActorMatcher,
}

impl Actors {
    pub fn new(matcher: ActorMatcher) -> Actors {
        Actors { matcher }
    }
}

impl Stage for Actors {
    fn name(&self) -> &'static str {
        STAGE
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Mentions]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let date = doc.meta().date;
        let mut mentions: Vec<Mention> = Vec::new();
        // The most recent actor that a pronoun can refer to, carried across the
        // sentences of one paragraph.
        let mut antecedent: Option<(String, casus_doc::ParaIdx)> = None;
        for s in doc.sentence_views() {
            let words: Vec<&str> = s.tokens().map(|t| t.text()).collect();
            let offset = s.sentence().first_token.index();
            let para = s.sentence().paragraph;
            if antecedent.as_ref().is_some_and(|(_, p)| *p != para) {
                antecedent = None;
            }
            let found = self.matcher.find(&words, offset, date);
            mentions.extend(resolve_pronouns(
                &words,
                offset,
                found,
                para,
                &mut antecedent,
            ));
        }
        doc.set_mentions(mentions)
            .map_err(|source| StageError::Layer {
                stage: STAGE,
                source,
            })
    }
}

/// Whether a mention can be what a later pronoun refers to.
fn can_be_antecedent(m: &Mention) -> bool {
    matches!(
        m.kind,
        MentionKind::Country
            | MentionKind::Compound
            | MentionKind::Organisation
            | MentionKind::Person
            | MentionKind::Metonym
    )
}

/// The country (or organisation) part of an actor code: `RUSMIL` → `RUS`.
fn actor_base(code: &str) -> &str {
    if code.starts_with("IGO") || code.starts_with("NGO") || code.starts_with("IMG") {
        &code[..code.len().min(6)]
    } else {
        &code[..code.len().min(3)]
    }
}

/// Resolves "its/their <agent>" and "they/them" to the most recent actor: the nearest
/// earlier mention in the sentence, else in the paragraph so far ("Russia has
/// positioned its warplanes" → RUSMIL; "egging Russia on, daring them to" → RUS).
fn resolve_pronouns(
    words: &[&str],
    offset: usize,
    found: Vec<Mention>,
    para: casus_doc::ParaIdx,
    antecedent: &mut Option<(String, casus_doc::ParaIdx)>,
) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::with_capacity(found.len());
    let mut pending = found.into_iter().peekable();
    // The latest actor of this sentence, for "it" (a country or organisation) and
    // "he"/"she" (a person). Only within the sentence: "Russia said it would ..." is
    // the common case, while across sentences "it" is as often the tanker or the
    // weather ("It was not clear ...").
    let mut in_sentence: Option<(String, bool)> = None;
    // For "they"/"them", groups count too: "the rebels said they would ...".
    let mut group_in_sentence: Option<String> = None;
    let mut i = 0;
    while i < words.len() {
        let at = offset + i;
        if let Some(m) = pending.next_if(|m| m.first.index() == at) {
            i = m.end.index() - offset;
            if can_be_antecedent(&m) {
                *antecedent = Some((m.code.clone(), para));
                in_sentence = Some((m.code.clone(), m.kind == MentionKind::Person));
            }
            if can_be_antecedent(&m) || m.kind == MentionKind::Agent {
                group_in_sentence = Some(m.code.clone());
            }
            out.push(m);
            continue;
        }
        let word = words[i];
        let lower = word.to_ascii_lowercase();
        let base = antecedent.as_ref().map(|(c, _)| actor_base(c).to_string());
        let has_antecedent = base.is_some();
        match (lower.as_str(), base) {
            ("its" | "their", Some(base)) => {
                // "its warplanes": the agent mention right after takes the antecedent.
                if let Some(agent) =
                    pending.next_if(|m| m.first.index() == at + 1 && m.kind == MentionKind::Agent)
                {
                    i = agent.end.index() - offset;
                    out.push(Mention {
                        first: TokenIdx::from_usize(at),
                        code: format!("{base}{}", agent.code),
                        kind: MentionKind::Pronoun,
                        provenance: Provenance::rule(STAGE, "coref.possessive+agent"),
                        ..agent
                    });
                    continue;
                }
            }
            // Not an expletive "it" ("it's the real strike", "it was not clear who",
            // "it seems that"): "it is willing to withdraw" is the actor.
            ("it", _) if is_expletive_it(words, i) => {}
            ("it" | "he" | "she", _) => {
                let person = lower != "it";
                if let Some((code, _)) = in_sentence.as_ref().filter(|(_, p)| *p == person) {
                    out.push(Mention {
                        first: TokenIdx::from_usize(at),
                        end: TokenIdx::from_usize(at + 1),
                        head: TokenIdx::from_usize(at),
                        code: code.clone(),
                        kind: MentionKind::Pronoun,
                        provenance: Provenance::rule(STAGE, "coref.pronoun-in-sentence"),
                    });
                }
            }
            ("they" | "them", _) if group_in_sentence.is_some() || has_antecedent => {
                let code = group_in_sentence
                    .clone()
                    .or_else(|| antecedent.as_ref().map(|(c, _)| c.clone()))
                    .unwrap_or_default();
                out.push(Mention {
                    first: TokenIdx::from_usize(at),
                    end: TokenIdx::from_usize(at + 1),
                    head: TokenIdx::from_usize(at),
                    code,
                    kind: MentionKind::Pronoun,
                    provenance: Provenance::rule(STAGE, "coref.pronoun"),
                });
            }
            _ => {}
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::parse;

    fn matcher() -> ActorMatcher {
        let files = [
            parse("dictionaries/countries.txt", "#! casus-dict countries v1\ncountry RUS\n  name Russia\n  adjective Russian\n  capital Moscow\n  seat the Kremlin\ncountry USA\n  name United States; U.S.; US\n  adjective American; U.S.; US\n  seat-mil the Pentagon\ncountry FRA\n  name France\n  adjective French\n").unwrap(),
            parse("dictionaries/people.txt", "#! casus-dict people v1\nperson Laurent Fabius\n  alias Fabius\n  role FRAGOV 2012-05-16 2016-02-11\n  default FRAELI\n").unwrap(),
            parse("dictionaries/organisations.txt", "#! casus-dict organisations v1\norg IGOUNO\n  name United Nations; UN\norg USAMED\n  name CNN\n").unwrap(),
            parse("dictionaries/agents.txt", "#! casus-dict agents v1\nagent MIL\n  noun warplanes; troops; bombers\nagent GOV\n  noun officials; foreign minister; Foreign Minister\n").unwrap(),
        ];
        ActorMatcher::new(&files)
    }

    fn codes(text: &str, date: Option<&str>) -> Vec<(String, String)> {
        let words: Vec<&str> = text.split(' ').collect();
        matcher()
            .find(&words, 0, date.map(|d| d.parse().unwrap()))
            .into_iter()
            .map(|m| (words[m.first.index()..m.end.index()].join(" "), m.code))
            .collect()
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn countries_agents_and_compounds() {
        assert_eq!(
            codes("Russian warplanes struck .", None),
            pairs(&[("Russian warplanes", "RUSMIL")])
        );
        assert_eq!(
            codes("Russia 's bombers moved .", None),
            pairs(&[("Russia 's bombers", "RUSMIL")])
        );
        assert_eq!(
            codes("US officials told CNN today", None),
            pairs(&[("US officials", "USAGOV"), ("CNN", "USAMED")])
        );
        assert_eq!(
            codes("the Kremlin and the Pentagon", None),
            pairs(&[("Kremlin", "RUSGOV"), ("Pentagon", "USAMIL")])
        );
        assert_eq!(
            codes("The United Nations and UN troops", None),
            pairs(&[("United Nations", "IGOUNO"), ("UN troops", "IGOUNOMIL")])
        );
    }

    #[test]
    fn people_resolve_on_the_document_date() {
        assert_eq!(
            codes(
                "France 's Foreign Minister Laurent Fabius said",
                Some("2015-09-29")
            ),
            pairs(&[("France 's Foreign Minister Laurent Fabius", "FRAGOV")])
        );
        assert_eq!(
            codes(
                "with Foreign Minister Laurent Fabius egging",
                Some("2015-09-29")
            ),
            pairs(&[("Foreign Minister Laurent Fabius", "FRAGOV")])
        );
        assert_eq!(
            codes("Fabius said", Some("2019-01-01")),
            pairs(&[("Fabius", "FRAELI")])
        );
    }

    #[test]
    fn mentions_carry_provenance() {
        let words = ["Russian", "warplanes"];
        let m = &matcher().find(&words, 0, None)[0];
        assert_eq!(
            m.provenance.to_string(),
            "actors/compound.actor+agent (dictionaries/agents.txt:3)"
        );
        assert_eq!(m.head.index(), 1);
    }
}
