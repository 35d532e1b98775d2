//! Event coding over the dependency parse: `verbs.txt` patterns matched at each verb or
//! noun trigger, with the source read off the subject (or passive agent) and the target
//! off the slot the pattern names. Coordinated targets give one event each ("with
//! Iran, Iraq, Syria" → three events); a verb without its own subject takes its
//! controller's ("urged Russia to strike ISIS": Russia strikes) or its conjunct's.
//! Negation and modality come from the trigger's dependents and governors.

use crate::dict::{DictFile, DictKind, Pattern, TargetSlot};
use casus_doc::{
    Attribution, Document, Event, Layer, Modality, Provenance, SentIdx, SourceLoc, Stage,
    StageError, TokenIdx,
};
use std::collections::HashMap;
use std::sync::Arc;

const STAGE: &str = "events";

/// Verbs that report speech: an event in their complement is attributed to their
/// subject ("officials said Russia struck ...").
pub(crate) const SPEECH_VERBS: &[&str] = &[
    "say",
    "tell",
    "report",
    "announce",
    "claim",
    "state",
    "declare",
    "add",
    "insist",
    "allege",
    "confirm",
    "warn",
    "note",
    "explain",
    "write",
    "tweet",
    "recount",
    "reveal",
    "disclose",
    "acknowledge",
    "admit",
    "assert",
    "stress",
    "testify",
    "quote",
    "suggest",
    "believe",
    "accuse",
    "deny",
    "charge",
];

/// Patterns indexed by trigger lemma.
#[derive(Debug, Clone, Default)]
pub struct EventMatcher {
    verbs: HashMap<String, Vec<(Pattern, Arc<str>)>>,
    nouns: HashMap<String, Vec<(Pattern, Arc<str>)>>,
}

impl EventMatcher {
    pub fn new(files: &[DictFile]) -> EventMatcher {
        let mut m = EventMatcher::default();
        for f in files.iter().filter(|f| f.kind == DictKind::Verbs) {
            let path: Arc<str> = Arc::from(f.path.as_str());
            for e in &f.entries {
                // Lint guarantees parseable patterns in shipped files; a user file with a
                // bad pattern was rejected when parsed.
                if let Ok(p) = Pattern::parse(&e.keyword, &e.head, e.line) {
                    let map = if p.nominal {
                        &mut m.nouns
                    } else {
                        &mut m.verbs
                    };
                    map.entry(p.lemma.clone())
                        .or_default()
                        .push((p, path.clone()));
                }
            }
        }
        // A verb whose patterns only name where the target is ("condemn obj=TGT") also
        // codes when that dependent is missing ("The UN condemned the move."): the
        // first such pattern, without its target slot, is the fallback. Light verbs
        // ("launch strikes") and complement or particle patterns never fall back, since
        // without those parts they mean something else.
        // A light-verb pattern whose target is a preposition ("begin obj=assault
        // against=TGT") also codes without that phrase ("began a new assault"): the
        // object's words carry the event. Added last, so it loses every tie.
        for patterns in m.verbs.values_mut() {
            let mut extra = Vec::new();
            for (p, path) in patterns.iter() {
                // The most general verbs mean too many things without the phrase
                // ("taking the opposite position" is a stance, not a capture).
                let general = matches!(
                    p.lemma.as_str(),
                    "take"
                        | "hold"
                        | "make"
                        | "give"
                        | "have"
                        | "get"
                        | "do"
                        | "put"
                        | "set"
                        | "keep"
                );
                let light = !general
                    && !p.object_lemmas.is_empty()
                    && matches!(p.target, Some(TargetSlot::Prep(_)))
                    && !p.xcomp
                    && !p.passive;
                let covered =
                    patterns
                        .iter()
                        .chain(extra.iter())
                        .any(|(q, _): &(Pattern, Arc<str>)| {
                            q.target.is_none()
                                && q.object_lemmas == p.object_lemmas
                                && q.particle == p.particle
                        });
                if light && !covered {
                    extra.push((
                        Pattern {
                            target: None,
                            ..p.clone()
                        },
                        path.clone(),
                    ));
                }
            }
            patterns.extend(extra);
        }
        for patterns in m.verbs.values_mut() {
            let has_bare = patterns.iter().any(|(p, _)| p.specificity() == 0);
            let simple = patterns.iter().all(|(p, _)| {
                p.object_lemmas.is_empty()
                    && p.subject_lemmas.is_empty()
                    && p.oblique_words.is_none()
                    && !p.xcomp
                    && p.particle.is_none()
            });
            if !has_bare && simple {
                if let Some((p, path)) = patterns
                    .iter()
                    .find(|(p, _)| p.target.is_some() && !p.passive)
                    .cloned()
                {
                    patterns.push((Pattern { target: None, ..p }, path));
                }
            }
        }
        m
    }

    pub fn pattern_count(&self) -> usize {
        self.verbs
            .values()
            .chain(self.nouns.values())
            .map(Vec::len)
            .sum()
    }
}

/// One sentence's parse, as lists of children.
pub(crate) struct Tree<'d> {
    doc: &'d Document,
    first: usize,
    children: Vec<Vec<usize>>,
}

impl<'d> Tree<'d> {
    pub(crate) fn new(doc: &'d Document, first: usize, end: usize) -> Tree<'d> {
        let deps = doc.deps().expect("parsed");
        let mut children = vec![Vec::new(); end - first];
        for i in first..end {
            if let Some(h) = deps.head[i] {
                children[h.index() - first].push(i);
            }
        }
        Tree {
            doc,
            first,
            children,
        }
    }

    pub(crate) fn rel(&self, i: usize) -> &'static str {
        self.doc.deps().expect("parsed").rel[i].as_str()
    }

    pub(crate) fn head(&self, i: usize) -> Option<usize> {
        self.doc.deps().expect("parsed").head[i].map(TokenIdx::index)
    }

    pub(crate) fn lemma(&self, i: usize) -> &'d str {
        self.doc.lemmas().expect("lemmatized").get(i)
    }

    fn upos(&self, i: usize) -> &'static str {
        self.doc.tags().expect("tagged").upos[i].as_str()
    }

    fn xpos(&self, i: usize) -> &'static str {
        self.doc.tags().expect("tagged").xpos[i].as_str()
    }

    /// Whether the verb at `i` is passive: an auxiliary or subject marked passive, or
    /// a past participle modifying a noun ("a man shot by police").
    fn is_passive(&self, i: usize) -> bool {
        self.child(i, "aux:pass").is_some()
            || (self.child(i, "nsubj:pass").is_some() && !self.active_perfect(i))
            || self.passive_participle(i)
            // "was fatally shot" tagged as an adjective with a copula.
            || (matches!(self.upos(i), "ADJ" | "NOUN") && self.child(i, "cop").is_some())
    }

    /// A "passive" subject the parser gave an active verb: "it had cut aid", "the
    /// minister has resigned" (the perfect's "have" and no passive "be": EWT's
    /// parser confuses "has resigned" with "was resigned").
    fn active_perfect(&self, i: usize) -> bool {
        self.child(i, "aux:pass").is_none()
            && self
                .kids(i)
                .iter()
                .any(|&c| self.rel(c) == "aux" && self.lemma(c) == "have")
    }

    /// "a man shot by police": a past participle modifying a noun, with no object of
    /// its own (with one, it is a misparsed main verb: "warplanes struck positions").
    fn passive_participle(&self, i: usize) -> bool {
        // Under a noun that is itself the root, the "participle" is a misparsed main
        // verb ("Farmers protested against ...").
        let head_is_root = self.head(i).is_some_and(|h| self.head(h).is_none());
        self.rel(i) == "acl"
            && self.xpos(i) == "VBN"
            && self.child(i, "obj").is_none()
            && !head_is_root
    }

    /// What a passive verb was done to: its passive subject; the plain subject when
    /// the parser missed the passive label ("McCoy was captured"); or the noun a
    /// participle modifies ("a man shot by police").
    fn passive_subject(&self, i: usize) -> Option<usize> {
        self.child(i, "nsubj:pass")
            .or_else(|| {
                self.child(i, "aux:pass")
                    .or_else(|| self.child(i, "cop"))
                    .and_then(|_| self.child(i, "nsubj"))
            })
            .or_else(|| self.passive_participle(i).then(|| self.head(i)).flatten())
    }

    /// "a number of its bombers", "dozens of protesters": the thing counted, not the
    /// quantity word.
    fn through_quantity(&self, o: usize) -> usize {
        const QUANTITIES: &[&str] = &[
            "number",
            "lot",
            "dozen",
            "dozens",
            "hundred",
            "hundreds",
            "thousand",
            "thousands",
            "handful",
            "couple",
            "majority",
            "some",
            "part",
            "group",
            "batch",
            "wave",
            "score",
            "scores",
            "squadron",
            "fleet",
            "contingent",
            "unit",
            "units",
            "most",
            "all",
            "several",
            "many",
            "million",
            "millions",
        ];
        if !QUANTITIES.contains(&self.lemma(o).to_lowercase().as_str()) {
            return o;
        }
        self.kids(o)
            .iter()
            .copied()
            .find(|&c| {
                self.rel(c) == "nmod"
                    && self
                        .kids(c)
                        .iter()
                        .any(|&g| self.rel(g) == "case" && self.lemma(g) == "of")
            })
            .unwrap_or(o)
    }

    /// The words of a noun phrase headed by `s`: the head with its determiners,
    /// adjectives, compounds, possessors and name parts ("the US officials").
    fn phrase(&self, s: usize) -> (usize, usize) {
        let mut first = s;
        let mut last = s;
        for &c in self.kids(s) {
            if matches!(
                self.rel(c),
                "det" | "amod" | "compound" | "nmod:poss" | "nummod" | "flat" | "det:poss"
            ) {
                first = first.min(c);
                last = last.max(c);
                for &g in self.kids(c) {
                    if matches!(self.rel(g), "case" | "compound" | "flat" | "amod") {
                        first = first.min(g);
                        last = last.max(g);
                    }
                }
            }
        }
        (first, last + 1)
    }

    /// The subject of a speech verb as the reporter: its words and its mention.
    pub(crate) fn speaker(&self, verb: usize) -> Option<Attribution> {
        // "The US is said to be reducing ...": a passive speech verb names no speaker
        // (its subject is what is reported on).
        if self.child(verb, "aux:pass").is_some() || self.child(verb, "nsubj:pass").is_some() {
            return None;
        }
        let s = self.child(verb, "nsubj")?;
        let (first, end) = match mention_for(self, s) {
            Some(m) => {
                let m = &self.doc.mentions()?[m as usize];
                let (p0, p1) = self.phrase(s);
                (p0.min(m.first.index()), p1.max(m.end.index()))
            }
            None => self.phrase(s),
        };
        Some(Attribution {
            first: TokenIdx::from_usize(first),
            end: TokenIdx::from_usize(end),
            mention: mention_for(self, s),
            cue: TokenIdx::from_usize(verb),
        })
    }

    /// Who reports the event at `t`: the subject of a speech verb whose complement
    /// holds `t` ("officials said [Russia struck]"), of a speech verb in parataxis
    /// ("Russia struck, officials said"), or the object of "according to".
    fn attribution(&self, t: usize) -> Option<Attribution> {
        let according = |node: usize| -> Option<Attribution> {
            self.kids(node).iter().copied().find_map(|c| {
                let cue = self.kids(c).iter().copied().find(|&g| {
                    // "according" is lemmatised "accord"; read the word itself.
                    self.rel(g) == "case"
                        && self
                            .doc
                            .token(TokenIdx::from_usize(g))
                            .text()
                            .eq_ignore_ascii_case("according")
                })?;
                let (first, end) = self.phrase(c);
                Some(Attribution {
                    first: TokenIdx::from_usize(first),
                    end: TokenIdx::from_usize(end),
                    mention: mention_for(self, c),
                    cue: TokenIdx::from_usize(cue),
                })
            })
        };
        let mut node = t;
        for _ in 0..12 {
            if let Some(a) = according(node) {
                return Some(a);
            }
            // "Russia struck, officials said": a speech verb hanging off the clause.
            if let Some(a) = self
                .kids(node)
                .iter()
                .copied()
                .filter(|&c| self.rel(c) == "parataxis" && SPEECH_VERBS.contains(&self.lemma(c)))
                .find_map(|c| self.speaker(c))
            {
                return Some(a);
            }
            let rel = self.rel(node);
            let h = self.head(node)?;
            if matches!(rel, "ccomp" | "parataxis") && SPEECH_VERBS.contains(&self.lemma(h)) {
                return self.speaker(h);
            }
            if matches!(rel, "advcl" | "acl:relcl" | "csubj") {
                return None;
            }
            node = h;
        }
        None
    }

    fn kids(&self, i: usize) -> &[usize] {
        &self.children[i - self.first]
    }

    fn child(&self, i: usize, rel: &str) -> Option<usize> {
        self.kids(i).iter().copied().find(|&c| self.rel(c) == rel)
    }

    /// The child attached with a case marker (preposition) in `preps`.
    fn prep_child(&self, i: usize, preps: &[String]) -> Option<usize> {
        self.kids(i).iter().copied().find(|&c| {
            let rel = self.rel(c);
            (rel.starts_with("obl") || rel.starts_with("nmod"))
                && self
                    .kids(c)
                    .iter()
                    .any(|&k| self.rel(k) == "case" && preps.iter().any(|p| p == self.lemma(k)))
        })
    }

    /// A token and its conjuncts ("Iran, Iraq, and Syria").
    fn with_conjuncts(&self, i: usize) -> Vec<usize> {
        let mut out = vec![i];
        let mut k = 0;
        while k < out.len() {
            let t = out[k];
            out.extend(
                self.kids(t)
                    .iter()
                    .copied()
                    .filter(|&c| self.rel(c) == "conj" && self.upos(c) != "VERB"),
            );
            k += 1;
        }
        out
    }

    /// The subject of a verb: its own, or for a verb without one, the object of the verb
    /// it is the open complement of ("urged Russia to strike": Russia), else the
    /// subject of the verb it is coordinated with or complements.
    fn subject(&self, v: usize) -> Option<usize> {
        if let Some(s) = self.child(v, "nsubj") {
            return Some(s);
        }
        if self.active_perfect(v) {
            if let Some(s) = self.child(v, "nsubj:pass") {
                return Some(s);
            }
        }
        if self.rel(v) == "root" {
            return self.misparsed_subject(v);
        }
        let mut cur = v;
        for _ in 0..4 {
            let rel = self.rel(cur);
            let h = self.head(cur)?;
            match rel {
                // "Fabius egging Russia on": a participle modifying a noun has that
                // noun as its subject.
                "acl" => return Some(h),
                // "the US is said to be reducing ...": the raised subject.
                "ccomp" if is_raising_report(self, h) => {
                    return self
                        .child(h, "nsubj")
                        .or_else(|| self.child(h, "nsubj:pass"));
                }
                "xcomp" => {
                    return self
                        .child(h, "obj")
                        .or_else(|| self.child(h, "iobj"))
                        .or_else(|| self.child(h, "nsubj"))
                        .or_else(|| self.child(h, "nsubj:pass"))
                }
                "conj" | "advcl" => {
                    if let Some(s) = self.child(h, "nsubj") {
                        return Some(s);
                    }
                    cur = h;
                }
                _ => return None,
            }
        }
        None
    }

    /// Whether `v` is a to-infinitive ("to arrest", "to reach").
    fn to_infinitive(&self, v: usize) -> bool {
        self.kids(v)
            .iter()
            .any(|&c| self.rel(c) == "mark" && self.lemma(c) == "to")
    }

    /// The subject the parser lost: a main verb (the root) without one whose clause
    /// opens with an actor ("Chinese President Jiang Zemin on Sunday hosted ...", where the
    /// parser hung the title and name off "Russian" and that off the verb). The actor
    /// must open the sentence (after at most a determiner) and no verb or comma may
    /// stand between it and the verb.
    fn misparsed_subject(&self, v: usize) -> Option<usize> {
        let mentions = self.doc.mentions()?;
        let m = mentions
            .iter()
            .find(|m| m.first.index() >= self.first && m.first.index() <= self.first + 1)?;
        let (start, end) = (m.first.index(), m.end.index());
        if end > v
            || (start == self.first + 1 && self.upos(self.first) != "DET")
            || (end..v).any(|k| {
                matches!(self.upos(k), "VERB" | "AUX")
                    || self.doc.token(TokenIdx::from_usize(k)).text() == ","
            })
        {
            return None;
        }
        Some(m.head.index())
    }
}

const INTEND: &[&str] = &[
    "plan", "intend", "threaten", "want", "seek", "hope", "aim", "vow", "pledge", "promise",
    "prepare", "try", "attempt", "agree", "offer", "consider", "willing", "ready", "commit",
    "decide", "propose", "expect",
];

/// "X is said / reported / believed to ...": a passive verb of report whose subject is
/// really its complement's.
fn is_raising_report(tree: &Tree<'_>, h: usize) -> bool {
    matches!(
        tree.lemma(h),
        "say"
            | "report"
            | "believe"
            | "think"
            | "expect"
            | "understand"
            | "know"
            | "rumour"
            | "rumor"
            | "allege"
            | "claim"
    ) && tree.child(h, "aux:pass").is_some()
}

fn modality(tree: &Tree<'_>, v: usize) -> Modality {
    for &c in tree.kids(v) {
        if tree.rel(c) == "aux" {
            match tree.lemma(c) {
                "could" | "may" | "might" | "would" | "should" => return Modality::Hypothetical,
                "will" | "shall" | "'ll" => return Modality::Future,
                _ => {}
            }
        }
    }
    // Governed by "plan/threaten to ..." or "be said to ...".
    let mut cur = v;
    for _ in 0..3 {
        let Some(h) = tree.head(cur) else { break };
        let lemma = tree.lemma(h);
        // "is said to be reducing", parsed either way.
        if tree.rel(cur) == "ccomp" && is_raising_report(tree, h) {
            return Modality::Reported;
        }
        if tree.rel(cur) != "xcomp" {
            break;
        }
        if INTEND.contains(&lemma) {
            return Modality::Intended;
        }
        if is_raising_report(tree, h) {
            return Modality::Reported;
        }
        if let m @ (Modality::Hypothetical | Modality::Future) = modality(tree, h) {
            return m;
        }
        cur = h;
    }
    // An infinitive says what is wanted, asked or planned, not what was done ("sent
    // teams to apprehend him", "urged Russia to strike", "whether to arrest him"),
    // unless its verb says it was done ("managed to", "helped to", "began to").
    if tree.to_infinitive(v)
        && !tree
            .head(v)
            .is_some_and(|h| IMPLICATIVE.contains(&tree.lemma(h)))
    {
        return Modality::Intended;
    }
    Modality::Asserted
}

/// Verbs whose infinitive complement happened: "managed to escape", "helped to end".
const IMPLICATIVE: &[&str] = &[
    "manage", "help", "begin", "start", "continue", "succeed", "proceed", "resume", "go", "come",
    "happen", "dare", "bother", "remember", "get",
];

/// Drops an event noun's own event (from `out[from..]`) when it is the object of an
/// event verb that says what became of it: "lifted sanctions" (085) is not also an
/// imposition of sanctions (163), "cut aid" (16) not also aid (07), "rejected the
/// talks" (12) not also talks; and "launched strikes" (195) is one event, not two. A
/// verb of another kind leaves the noun's event alone: "condemned the airstrikes"
/// reports airstrikes as well as a condemnation.
fn drop_nouns_governed_by_their_verb(tree: &Tree<'_>, out: &mut Vec<Event>, from: usize) {
    let is_noun_event = |e: &Event| e.provenance.rule.starts_with("noun ");
    // (noun token, its verb's token, the noun event's target)
    let governed: Vec<(usize, usize, Option<u32>)> = out[from..]
        .iter()
        .filter(|e| is_noun_event(e))
        .filter_map(|noun| {
            let n = noun.trigger.index();
            if !matches!(tree.rel(n), "obj" | "nsubj:pass") {
                return None;
            }
            let verb = tree.head(n)?;
            let governs = out[from..].iter().any(|v| {
                v.trigger.index() == verb
                    && !is_noun_event(v)
                    && (matches!(&v.cameo[..2], "03" | "08" | "12" | "16")
                        || v.cameo[..2] == noun.cameo[..2])
            });
            governs.then_some((n, verb, noun.target))
        })
        .collect();
    if governed.is_empty() {
        return;
    }
    // The noun's target is the verb's when the verb has none: "reduced aid to Yemen".
    for &(_, verb, target) in &governed {
        for v in out[from..].iter_mut() {
            if v.trigger.index() == verb && v.target.is_none() && !is_noun_event(v) {
                v.target = target;
            }
        }
    }
    let governed: Vec<usize> = governed.into_iter().map(|(n, _, _)| n).collect();
    let mut i = from;
    out.retain(|e| {
        let keep = i < from || !(is_noun_event(e) && governed.contains(&e.trigger.index()));
        i += 1;
        keep
    });
}

/// Whether an actor code names an armed force or group: a military (MIL), rebel
/// (REB), insurgent (INS) or unidentified armed (UAF) role, or an international
/// militarised group (IMG...).
fn is_armed_actor(code: &str) -> bool {
    if code.starts_with("IMG") {
        return true;
    }
    code.as_bytes()
        .chunks(3)
        .any(|role| matches!(role, b"MIL" | b"REB" | b"INS" | b"UAF"))
}

/// Whether an act done by several actors together and to no one else is done to each
/// other: consulting, meeting and negotiating (04), agreeing and signing (03, 05),
/// cooperating (06), a ceasefire (0871), fighting (19, "rebels and troops clashed").
fn is_reciprocal(cameo: &str) -> bool {
    matches!(cameo.get(..2), Some("03" | "04" | "05" | "06" | "19")) || cameo == "0871"
}

/// Verbs and adjectives of commitment: their complement is a promised act.
const PROMISE: &[&str] = &[
    "agree",
    "offer",
    "willing",
    "ready",
    "commit",
    "committed",
    "pledge",
    "promise",
    "vow",
    "plan",
    "intend",
    "decide",
    "prepare",
    "prepared",
];

/// Verbs whose complement is refused: "refused to release", "declined to meet".
const REFUSE: &[&str] = &["refuse", "decline"];

/// Why a cooperative act at `v` is a refusal, if it is one (CAMEO 12, "Reject",
/// covers refusing what the cooperative codes describe): a negated act under a modal
/// of will or ability ("will not release", "would not accept", "cannot allow"), or
/// the complement of "refuse"/"decline" (returned with that verb's token).
/// "Did not release" is only a negated event: nothing says anyone refused.
fn refusal(tree: &Tree<'_>, v: usize) -> Option<(&'static str, Option<usize>)> {
    if negated(tree, v)
        && tree.kids(v).iter().any(|&c| {
            tree.rel(c) == "aux"
                && matches!(
                    tree.lemma(c),
                    "will" | "would" | "shall" | "'ll" | "can" | "could"
                )
        })
    {
        return Some(("negated modal", None));
    }
    let h = tree.head(v)?;
    (tree.rel(v) == "xcomp" && REFUSE.contains(&tree.lemma(h)) && !negated(tree, h))
        .then_some(("complement of a refusal", Some(h)))
}

/// A cooperative act (CAMEO 03-08, by code prefix) with the code of promising it (03,
/// "express intent to cooperate") and of refusing it (12, "reject"), after the
/// codebook's subcodes. The longest matching prefix wins; `None` where the codebook has
/// no promise of that act (a promise of a promise).
const COOPERATION_VARIANTS: &[(&str, Option<&str>, &str)] = &[
    ("03", None, "120"),
    ("033", None, "122"),
    ("0331", None, "1221"),
    ("0332", None, "1222"),
    ("0333", None, "1223"),
    ("0334", None, "1224"),
    ("036", Some("036"), "125"),
    ("037", None, "127"),
    ("038", None, "126"),
    ("039", None, "126"),
    ("04", Some("036"), "125"),
    ("045", Some("039"), "126"),
    ("05", Some("032"), "120"),
    ("057", Some("037"), "127"),
    ("06", Some("031"), "121"),
    ("061", Some("0311"), "1211"),
    ("062", Some("0312"), "1212"),
    ("063", Some("0313"), "1213"),
    ("064", Some("0314"), "121"),
    ("07", Some("033"), "122"),
    ("071", Some("0331"), "1221"),
    ("072", Some("0332"), "1222"),
    ("073", Some("0333"), "1223"),
    ("074", Some("0334"), "1224"),
    ("08", Some("035"), "124"),
    ("081", Some("0351"), "1241"),
    ("082", Some("0352"), "1242"),
    ("083", Some("034"), "123"),
    ("0831", Some("034"), "1231"),
    ("0832", Some("034"), "1232"),
    ("0833", Some("034"), "1233"),
    ("0834", Some("034"), "1234"),
    ("084", Some("0353"), "1243"),
    ("085", Some("0354"), "1244"),
    ("086", Some("0355"), "1245"),
    ("087", Some("0356"), "1246"),
];

/// The table row of the longest prefix of `cooperative`, if it is cooperative.
fn cooperation_variants(
    cooperative: &str,
) -> Option<&'static (&'static str, Option<&'static str>, &'static str)> {
    COOPERATION_VARIANTS
        .iter()
        .filter(|(prefix, _, _)| cooperative.starts_with(prefix))
        .max_by_key(|(prefix, _, _)| prefix.len())
}

/// The CAMEO "Reject" code (12) for refusing a cooperative act (roots 03-08):
/// refusing to meet is 125, to release 1243, to lift economic sanctions 1244, to give
/// military aid 1222 ... `None` for other roots.
pub fn reject_code(cooperative: &str) -> Option<&'static str> {
    cooperation_variants(cooperative).map(|(_, _, reject)| *reject)
}

/// The CAMEO "express intent to cooperate" code (03) for a cooperative act (roots
/// 04-08) that is only promised: "will release the hostages" (0353), "is willing
/// to withdraw" (0356), "agreed to allow aid" (0355). `None` for other roots.
pub fn intent_code(cooperative: &str) -> Option<&'static str> {
    cooperation_variants(cooperative).and_then(|(_, intent, _)| *intent)
}

fn negated(tree: &Tree<'_>, v: usize) -> bool {
    tree.kids(v).iter().any(|&c| {
        matches!(tree.rel(c), "advmod" | "neg") && matches!(tree.lemma(c), "not" | "never" | "n't")
    })
    // "failed to reach agreement": the complement did not happen.
    || (matches!(tree.rel(v), "xcomp" | "advcl")
        && tree.to_infinitive(v)
        && tree.head(v).is_some_and(|h| tree.lemma(h) == "fail" && !negated(tree, h)))
}

/// Whether a pattern holds at trigger `t`; returns (target tokens, object token).
fn matches(tree: &Tree<'_>, p: &Pattern, t: usize) -> Option<Vec<usize>> {
    if let Some(particle) = &p.particle {
        let found = tree
            .kids(t)
            .iter()
            .any(|&c| tree.rel(c) == "compound:prt" && tree.lemma(c) == particle)
            || tree
                .kids(t)
                .iter()
                .any(|&c| tree.rel(c).starts_with("obl") && tree.lemma(c) == particle)
            // A particle the parser read as an adverb right after the verb ("walked
            // out", "called off").
            || tree.kids(t).iter().any(|&c| {
                tree.rel(c) == "advmod" && c > t && c <= t + 2 && tree.lemma(c) == particle
            });
        if !found {
            return None;
        }
    }
    let is_passive = tree.is_passive(t);
    if p.passive != is_passive && p.passive {
        return None;
    }
    // "shot and killed a youth": coordinated verbs share the last one's object.
    let object = tree
        .child(t, "obj")
        // A bare noun the parser attached as a predicate complement is, for an event
        // verb, nearly always its object ("called off the strike" with "strike" read
        // as xcomp); "elected him president" has an object of its own.
        .or_else(|| {
            tree.kids(t).iter().copied().find(|&c| {
                // ("continued their offensive": an adjective with a determiner or a
                // possessor is a noun the tagger misread.)
                let nominal = tree.upos(c) == "NOUN"
                    || (tree.upos(c) == "ADJ"
                        && tree
                            .kids(c)
                            .iter()
                            .any(|&g| matches!(tree.rel(g), "det" | "nmod:poss")));
                tree.rel(c) == "xcomp"
                    && nominal
                    && !tree.kids(c).iter().any(|&g| tree.rel(g) == "case")
            })
        })
        // Likewise a name after the verb attached as an oblique without any
        // preposition ("telephoned Russian Foreign Minister Igor Ivanov", where the
        // title misled the parser): obliques have one, objects do not.
        // Also a counted noun so attached ("fired more than 200 rounds").
        .or_else(|| {
            tree.kids(t).iter().copied().find(|&c| {
                c > t
                    && tree.rel(c) == "obl"
                    && !tree.kids(c).iter().any(|&g| tree.rel(g) == "case")
                    && ((tree.upos(c) == "PROPN" && mention_at(tree.doc, c).is_some())
                        || (tree.upos(c) == "NOUN"
                            && tree.kids(c).iter().any(|&g| tree.rel(g) == "nummod")
                            && !TIME_NOUNS.contains(&tree.lemma(c))))
            })
        })
        .or_else(|| {
            tree.kids(t)
                .iter()
                .copied()
                .find(|&c| {
                    tree.rel(c) == "conj"
                        && tree.upos(c) == "VERB"
                        && tree.child(c, "nsubj").is_none()
                })
                .and_then(|c| tree.child(c, "obj"))
        })
        .map(|o| tree.through_quantity(o));
    // Force and coercion done to an abstraction is a figure of speech: "helped to
    // arrest the decline", "killed the bill", "fight corruption".
    if matches!(p.cameo.get(..2), Some("17" | "18" | "19" | "20"))
        && p.object_lemmas.is_empty()
        && object.is_some_and(|o| ABSTRACT_OBJECTS.contains(&tree.lemma(o)))
    {
        return None;
    }
    if !p.object_lemmas.is_empty() {
        // In the passive the object is the subject: "explosives were detonated".
        let o = if is_passive && object.is_none() {
            tree.passive_subject(t)?
        } else {
            object?
        };
        // Lemma or surface form: pattern files may list plurals ("warplanes").
        let surface = tree
            .doc
            .token(TokenIdx::from_usize(o))
            .text()
            .to_lowercase();
        if !p
            .object_lemmas
            .iter()
            .any(|l| l == tree.lemma(o) || *l == surface)
        {
            return None;
        }
    }
    if !p.subject_lemmas.is_empty() {
        let s = tree.subject(t)?;
        let surface = tree
            .doc
            .token(TokenIdx::from_usize(s))
            .text()
            .to_lowercase();
        if !p
            .subject_lemmas
            .iter()
            .any(|l| l == tree.lemma(s) || *l == surface)
        {
            return None;
        }
    }
    if let Some((preps, words)) = &p.oblique_words {
        // "took 30 activists into custody", "placed him under arrest".
        let found = tree.kids(t).iter().any(|&c| {
            tree.rel(c).starts_with("obl")
                && words.iter().any(|w| w == tree.lemma(c))
                && tree
                    .kids(c)
                    .iter()
                    .any(|&g| tree.rel(g) == "case" && preps.iter().any(|p| p == tree.lemma(g)))
        });
        if !found {
            return None;
        }
    }
    if p.xcomp && tree.child(t, "xcomp").is_none() {
        return None;
    }
    let target = match &p.target {
        None => {
            // Passive without a slot: the subject is the target, unless the pattern
            // names what the object is ("bombers were deployed": the instrument).
            if is_passive && p.object_lemmas.is_empty() {
                tree.passive_subject(t)
            } else {
                None
            }
        }
        // The parser sometimes reads the object of "urge X to" as an indirect object.
        // A passive whose subject the parser missed ("Lindh, 26, was captured") still
        // happened to someone: the event stands without a target.
        Some(TargetSlot::Obj) if is_passive && tree.passive_subject(t).is_none() => None,
        Some(TargetSlot::Obj) => Some(if is_passive {
            tree.passive_subject(t)?
        } else {
            object.or_else(|| tree.child(t, "iobj"))?
        }),
        Some(TargetSlot::Iobj) => Some(tree.child(t, "iobj").or_else(|| {
            if tree.child(t, "xcomp").is_some() {
                object
            } else {
                None
            }
        })?),
        Some(TargetSlot::Prep(preps)) => {
            let on_verb = tree.prep_child(t, preps);
            let on_object = if p.object_lemmas.is_empty() {
                None
            } else {
                object.and_then(|o| tree.prep_child(o, preps))
            };
            Some(on_verb.or(on_object)?)
        }
    };
    Some(target.map(|x| tree.with_conjuncts(x)).unwrap_or_default())
}

/// Whether mention `m` is a pronoun standing for the source itself ("Russia said it
/// would ...": what Russia said is not said to Russia).
fn refers_back_to(doc: &Document, m: u32, source: Option<u32>) -> bool {
    let (Some(mentions), Some(source)) = (doc.mentions(), source) else {
        return false;
    };
    let (m, source) = (&mentions[m as usize], &mentions[source as usize]);
    m.kind == casus_doc::MentionKind::Pronoun && m.code == source.code
}

/// The index of the mention containing token `i`, if any.
fn mention_at(doc: &Document, i: usize) -> Option<u32> {
    let mentions = doc.mentions()?;
    let idx = mentions.partition_point(|m| m.end.index() <= i);
    mentions
        .get(idx)
        .filter(|m| m.first.index() <= i)
        .map(|_| idx as u32)
}

/// The mention for a dependent: the token itself, else a possessive, compound or
/// adjectival modifier of it that is an actor ("Russia's bombing" → Russia). Other
/// modifiers are not the dependent's actor ("a coalition against ISIS" is not ISIS).
/// Acts of force through which a passive event happened: "killed in police firing",
/// "wounded in an Israeli airstrike", "killed in firing by the police".
const MEANS_OF_FORCE: &[&str] = &[
    "firing",
    "fire",
    "shooting",
    "gunfire",
    "action",
    "raid",
    "crackdown",
    "operation",
    "attack",
    "strike",
    "airstrike",
    "air-strike",
    "bombing",
    "shelling",
    "clash",
    "encounter",
    "lathicharge",
    "lathi-charge",
    "baton-charge",
    "assault",
    "ambush",
    "offensive",
    "bombardment",
    "explosion",
    "blast",
];

/// The actor behind a passive event's means: the modifier of "in police firing", or
/// the "by" phrase of "in firing by the police".
fn agent_of_means(tree: &Tree<'_>, t: usize) -> Option<u32> {
    /// Verbs of force whose subject, in a clause explaining a passive event ("four were
    /// killed when police opened fire"), is that event's agent.
    const FORCE_VERBS: &[&str] = &[
        "open",
        "fire",
        "shoot",
        "attack",
        "charge",
        "raid",
        "bomb",
        "shell",
        "storm",
        "lathicharge",
        "ambush",
    ];
    let by_means = tree
        .kids(t)
        .iter()
        .copied()
        .filter(|&c| tree.rel(c).starts_with("obl") && MEANS_OF_FORCE.contains(&tree.lemma(c)))
        .find_map(|c| {
            tree.kids(c)
                .iter()
                .copied()
                .find_map(|m| match tree.rel(m) {
                    "compound" | "amod" | "nmod:poss" => mention_for(tree, m),
                    "nmod" if tree.kids(m).iter().any(|&g| tree.lemma(g) == "by") => {
                        mention_for(tree, m)
                    }
                    _ => None,
                })
        });
    by_means.or_else(|| {
        tree.kids(t)
            .iter()
            .copied()
            .filter(|&c| tree.rel(c) == "advcl" && FORCE_VERBS.contains(&tree.lemma(c)))
            .find_map(|c| tree.child(c, "nsubj").and_then(|s| mention_for(tree, s)))
    })
}

/// Nouns that describe an earlier act ("the call", "the strikes", "the move"), with
/// the CAMEO roots of the events they can describe (empty: any).
const DESCRIPTIONS: &[(&str, &[&str])] = &[
    ("call", &["02", "10"]),
    ("appeal", &["02"]),
    ("plea", &["02"]),
    ("request", &["02", "10"]),
    ("demand", &["10"]),
    ("proposal", &["03", "02"]),
    ("offer", &["03", "07"]),
    ("plan", &["03", "15"]),
    ("move", &[]),
    ("decision", &[]),
    ("step", &[]),
    ("statement", &["01"]),
    ("remarks", &["01", "11"]),
    ("comments", &["01", "11"]),
    ("claim", &["01", "11"]),
    ("accusation", &["11"]),
    ("threat", &["13"]),
    ("warning", &["13"]),
    ("ultimatum", &["13"]),
    ("attack", &["18", "19", "20"]),
    ("attacks", &["18", "19", "20"]),
    ("strike", &["19", "18"]),
    ("strikes", &["19", "18"]),
    ("airstrikes", &["19"]),
    ("raid", &["19", "18"]),
    ("offensive", &["19"]),
    ("bombing", &["18", "19"]),
    ("sanctions", &["16"]),
    ("deployment", &["15"]),
];

/// The actor an earlier event's source was, when `x` is a definite description of
/// that event ("the call" after "Russia has been urging ..."): the most recent event
/// of a fitting root, earlier in the document, with a source.
fn described_actor(tree: &Tree<'_>, x: usize, earlier: &[Event]) -> Option<u32> {
    let word = tree
        .doc
        .token(TokenIdx::from_usize(x))
        .text()
        .to_lowercase();
    let (_, roots) = DESCRIPTIONS.iter().find(|(n, _)| *n == word)?;
    let definite = tree.kids(x).iter().any(|&c| {
        tree.rel(c) == "det" && matches!(tree.lemma(c), "the" | "this" | "that" | "these")
    });
    if !definite {
        return None;
    }
    earlier
        .iter()
        .rev()
        .filter(|e| e.trigger.index() < x)
        .find(|e| {
            e.source.is_some() && (roots.is_empty() || roots.iter().any(|r| e.cameo.starts_with(r)))
        })
        .and_then(|e| e.source)
}

/// Irregular past forms news uses for events, which the tagger sometimes reads as
/// nouns.
const IRREGULAR_PAST: &[(&str, &str)] = &[
    ("shot", "shoot"),
    ("struck", "strike"),
    ("fought", "fight"),
    ("beat", "beat"),
    ("beaten", "beat"),
    ("hit", "hit"),
    ("caught", "catch"),
    ("seized", "seize"),
    ("led", "lead"),
    ("sent", "send"),
    ("shut", "shut"),
    ("stole", "steal"),
    ("stolen", "steal"),
    ("burnt", "burn"),
    ("threw", "throw"),
    ("blew", "blow"),
];

/// The verb lemma of a noun-tagged token that is really a past verb: a past form
/// (irregular, or regular "-ed" whose stem has verb patterns) in a verbal frame (an
/// auxiliary or copula, a passive subject, an object, or a coordinated verb).
fn misread_verb<'m>(
    tree: &Tree<'_>,
    t: usize,
    verbs: &'m HashMap<String, Vec<(Pattern, Arc<str>)>>,
) -> Option<&'m str> {
    let surface = tree
        .doc
        .token(TokenIdx::from_usize(t))
        .text()
        .to_lowercase();
    let verbal = tree.kids(t).iter().any(|&c| {
        matches!(
            tree.rel(c),
            "aux" | "aux:pass" | "cop" | "nsubj:pass" | "obj"
        ) || (tree.rel(c) == "conj" && tree.upos(c) == "VERB")
    }) || (tree.rel(t) == "conj"
        && tree.head(t).is_some_and(|h| tree.upos(h) == "VERB"))
        // The sentence's root with no determiner of its own ("A militia shot to death
        // five villagers"): a predicate, not a noun.
        || (tree.head(t).is_none()
            && !tree.kids(t).iter().any(|&c| matches!(tree.rel(c), "det" | "det:poss")));
    // A present-tense verb right after a plural subject ("peacekeepers patrol
    // the zone", "the troops (regularly) patrol"), read as a noun compound.
    let after_plural_subject = {
        let mut k = t;
        while k > tree.first && tree.upos(k - 1) == "ADV" {
            k -= 1;
        }
        k > tree.first
            && matches!(tree.xpos(k - 1), "NNS" | "NNPS")
            && !tree
                .kids(t)
                .iter()
                .any(|&c| matches!(tree.rel(c), "det" | "det:poss"))
    };
    if !verbal && !after_plural_subject {
        return None;
    }
    let candidates: Vec<String> = match IRREGULAR_PAST.iter().find(|(form, _)| *form == surface) {
        Some((_, lemma)) => vec![(*lemma).to_string()],
        None => match surface.strip_suffix("ed") {
            Some(stem) => vec![stem.to_string(), format!("{stem}e")],
            None if after_plural_subject && tree.xpos(t) == "NN" => vec![surface.clone()],
            None => Vec::new(),
        },
    };
    candidates
        .iter()
        .find_map(|c| verbs.get_key_value(c.as_str()).map(|(k, _)| k.as_str()))
}

/// The target of an event whose pattern names none, by the CAMEO coding convention:
/// the object (or indirect object), else an oblique of direction ("talks with Syria",
/// "tensions with Pakistan", "condolences to the United States"), else the subject of
/// a reported clause ("said NATO would need ...").
fn fallback_target(tree: &Tree<'_>, t: usize) -> Option<u32> {
    const DIRECTION: &[&str] = &[
        "to", "with", "against", "on", "at", "toward", "towards", "from", "for", "over", "into",
        "upon",
    ];
    let kids = tree.kids(t);
    let by_rel = |rels: &[&str]| {
        kids.iter()
            .copied()
            .filter(|&c| rels.contains(&tree.rel(c)))
            .find_map(|c| mention_for(tree, tree.through_quantity(c)))
    };
    by_rel(&["obj", "iobj"])
        .or_else(|| {
            kids.iter()
                .copied()
                .filter(|&c| tree.rel(c).starts_with("obl") && tree.rel(c) != "obl:agent")
                .filter(|&c| {
                    tree.kids(c)
                        .iter()
                        .any(|&g| tree.rel(g) == "case" && DIRECTION.contains(&tree.lemma(g)))
                })
                .find_map(|c| mention_for(tree, c))
        })
        .or_else(|| {
            kids.iter()
                .copied()
                .filter(|&c| tree.rel(c) == "ccomp")
                .find_map(|c| {
                    tree.child(c, "nsubj")
                        .or_else(|| tree.child(c, "nsubj:pass"))
                        .and_then(|s| mention_for(tree, s))
                })
        })
}

fn mention_for(tree: &Tree<'_>, i: usize) -> Option<u32> {
    mention_at(tree.doc, i).or_else(|| {
        tree.kids(i)
            .iter()
            .copied()
            .filter(|&c| {
                // A title before a name the dictionary does not know: "Malian
                // President Seydou Traore" (UD: nmod:desc) or a name part (flat).
                matches!(
                    tree.rel(c),
                    "nmod:poss" | "compound" | "amod" | "nmod:desc" | "flat"
                )
            })
            .find_map(|c| mention_at(tree.doc, c))
    })
}

/// Nouns of time that stand as bare obliques ("three days", "two weeks").
const TIME_NOUNS: &[&str] = &[
    "second",
    "minute",
    "hour",
    "day",
    "week",
    "month",
    "year",
    "decade",
    "century",
    "time",
    "night",
    "morning",
    "evening",
    "afternoon",
    "weekend",
];

/// Abstract nouns that violent and coercive verbs take only figuratively.
const ABSTRACT_OBJECTS: &[&str] = &[
    "situation",
    "decline",
    "slide",
    "spread",
    "trend",
    "growth",
    "fall",
    "rise",
    "deterioration",
    "inflation",
    "erosion",
    "cross-voting",
    "process",
    "drift",
    "momentum",
    "problem",
    "menace",
    "corruption",
    "poverty",
    "crime",
    "bill",
    "proposal",
    "idea",
    "plan",
    "deal",
    "motion",
    "law",
    "legislation",
    "hope",
    "hopes",
    "chance",
    "chances",
    "rumour",
    "rumor",
    "rumours",
    "rumors",
    "speculation",
    "time",
    "boredom",
    "pain",
    "fear",
    "fears",
    "prices",
    "price",
    "cost",
    "costs",
    "deficit",
    "unemployment",
    "disease",
    "virus",
    "pandemic",
    "epidemic",
    "fire",
    "blaze",
    "ball",
    "goal",
];

/// Natural hazards, accidents and failing structures: when one of these kills,
/// strikes or destroys, no political actor acted ("an earthquake leveled villages,
/// killing hundreds", "six were killed when a chemical plant exploded").
const HAZARDS: &[&str] = &[
    "earthquake",
    "quake",
    "tremor",
    "aftershock",
    "flood",
    "flooding",
    "flash-flood",
    "storm",
    "cyclone",
    "hurricane",
    "typhoon",
    "tornado",
    "landslide",
    "landslip",
    "mudslide",
    "avalanche",
    "volcano",
    "eruption",
    "wildfire",
    "bushfire",
    "forest-fire",
    "heatwave",
    "heat",
    "drought",
    "tsunami",
    "rain",
    "rainfall",
    "downpour",
    "snowstorm",
    "blizzard",
    "lightning",
    "disease",
    "virus",
    "outbreak",
    "epidemic",
    "pandemic",
    "accident",
    "crash",
    "collision",
    "derailment",
    "collapse",
    "leak",
    "spill",
    "fire",
    "blaze",
    "inferno",
    "carrier",
    "tanker",
    "plant",
    "factory",
    "boiler",
    "cylinder",
    "pipeline",
    "dam",
    "wall",
    "roof",
    "bridge",
    "building",
    "stampede",
    "wave",
    "wind",
    "winds",
    "cold",
    "frost",
    "smog",
    "pollution",
    "famine",
    "cholera",
    "ebola",
    "covid-19",
];

/// Verbs of hazards and accidents: a clause with one ("after a volcano erupted")
/// explains an agentless killing.
const HAZARD_VERBS: &[&str] = &["erupt", "capsize", "derail", "collapse", "sink", "overturn"];

fn is_hazard(tree: &Tree<'_>, t: usize) -> bool {
    HAZARDS.contains(&tree.lemma(t).to_lowercase().as_str())
}

/// Whether the event at `t` was caused by a hazard rather than an actor: a hazard as
/// its subject or agent, as its cause ("killed in the earthquake"), or in a clause
/// explaining it ("killed when a plant exploded").
fn caused_by_hazard(tree: &Tree<'_>, t: usize) -> bool {
    let agent = tree.child(t, "obl:agent").or_else(|| tree.subject(t));
    if agent.is_some_and(|a| is_hazard(tree, a)) {
        return true;
    }
    let passive_or_agentless = agent.is_none()
        || tree.child(t, "nsubj:pass").is_some()
        || tree.child(t, "aux:pass").is_some();
    if !passive_or_agentless {
        return false;
    }
    hazard_clause(tree, t, 0)
}

/// Whether a dependent of `v` (or of its explaining clauses, a few levels down:
/// "killed and injured when a plant exploded") names a hazard as the cause.
fn hazard_clause(tree: &Tree<'_>, v: usize, depth: usize) -> bool {
    tree.kids(v).iter().any(|&c| match tree.rel(c) {
        "obl" | "nmod" => is_hazard(tree, c),
        // "killed when a plant exploded", "killed after a volcano erupted" (which
        // the parser may attach as a conjunct).
        "advcl" | "conj" => {
            HAZARD_VERBS.contains(&tree.lemma(c))
                || tree.kids(c).iter().any(|&g| {
                    matches!(tree.rel(g), "nsubj" | "nsubj:pass" | "obl") && is_hazard(tree, g)
                })
                || (depth < 2 && hazard_clause(tree, c, depth + 1))
        }
        _ => false,
    })
}

/// Disaster words that, anywhere in a sentence, explain an event no one is said to
/// have done ("five were killed after the quake"). Narrower than [`HAZARDS`]: fires
/// and explosions are also how attacks are told.
const DISASTERS: &[&str] = &[
    "earthquake",
    "quake",
    "flood",
    "flooding",
    "storm",
    "cyclone",
    "hurricane",
    "typhoon",
    "tornado",
    "landslide",
    "mudslide",
    "avalanche",
    "volcano",
    "eruption",
    "erupt",
    "wildfire",
    "bushfire",
    "heatwave",
    "drought",
    "tsunami",
    "rainfall",
    "downpour",
    "blizzard",
    "lightning",
    "accident",
    "crash",
    "collision",
    "derailment",
    "derail",
    "collapse",
    "leak",
    "spill",
    "stampede",
    "capsize",
];

fn sentence_tells_a_disaster(tree: &Tree<'_>, first: usize, end: usize) -> bool {
    (first..end).any(|t| DISASTERS.contains(&tree.lemma(t).to_lowercase().as_str()))
}

/// CAMEO roots coded even without a source or target actor: protest (14), force
/// posture (15), coerce (17), assault (18), fight (19), mass violence (20).
const ACTORLESS_ROOTS: &[&str] = &["14", "15", "17", "18", "19", "20"];

/// The event stage.
#[derive(Debug, Clone)]
pub struct Events {
    matcher: EventMatcher,
}

impl Events {
    pub fn new(matcher: EventMatcher) -> Events {
        Events { matcher }
    }

    /// Finds the events of a document (compute first; the stage writes them).
    pub fn find(&self, doc: &Document) -> Vec<Event> {
        let mut out = Vec::new();
        // "Refused" verbs whose complement was coded as the specific refusal.
        let mut refusing_verbs: Vec<usize> = Vec::new();
        // "Agreed" verbs whose complement was coded as the promised act (03).
        let mut committing_verbs: Vec<usize> = Vec::new();
        for (si, s) in doc.sentence_views().enumerate() {
            if !s.kind().is_news() {
                continue; // bylines, bios and boilerplate are never coded
            }
            let (first, end) = (
                s.sentence().first_token.index(),
                s.sentence().end_token.index(),
            );
            let tree = Tree::new(doc, first, end);
            let sentence_events = out.len();
            for t in first..end {
                let upos = tree.upos(t);
                let table = match upos {
                    "VERB" => &self.matcher.verbs,
                    "NOUN" | "ADJ" => &self.matcher.nouns,
                    _ => continue,
                };
                // A past tense the tagger read as a noun or adjective ("soldiers shot
                // and killed", "was fatally shot"): code it as the verb it is.
                let as_verb = matches!(upos, "NOUN" | "ADJ")
                    .then(|| misread_verb(&tree, t, &self.matcher.verbs))
                    .flatten();
                if upos == "ADJ" && as_verb.is_none() {
                    continue;
                }
                let patterns = match as_verb {
                    Some(lemma) => self.matcher.verbs.get(lemma),
                    None => table.get(tree.lemma(t)),
                };
                let Some(patterns) = patterns else {
                    continue;
                };
                // The most specific matching pattern wins; ties go to the earlier line.
                let best = patterns
                    .iter()
                    .filter_map(|(p, path)| matches(&tree, p, t).map(|targets| (p, path, targets)))
                    .max_by_key(|(p, _, _)| (p.specificity(), std::cmp::Reverse(p.line.0)));
                let Some((p, path, targets)) = best else {
                    continue;
                };
                if caused_by_hazard(&tree, t) {
                    continue;
                }
                // "X is said to ...": not a statement by anyone, only a report marker.
                if p.cameo.starts_with("01")
                    && is_raising_report(&tree, t)
                    && tree
                        .kids(t)
                        .iter()
                        .any(|&c| matches!(tree.rel(c), "xcomp" | "ccomp"))
                {
                    continue;
                }
                let source = if p.nominal {
                    tree.kids(t)
                        .iter()
                        .copied()
                        .filter(|&c| matches!(tree.rel(c), "amod" | "nmod:poss" | "compound"))
                        .find_map(|c| mention_at(doc, c))
                } else if tree.is_passive(t) {
                    // The agent is introduced by "by"; the parser sometimes labels
                    // other obliques as agents ("protested against the government").
                    tree.child(t, "obl:agent")
                        .filter(|&a| tree.kids(a).iter().any(|&g| tree.lemma(g) == "by"))
                        .and_then(|a| mention_for(&tree, a))
                        .or_else(|| agent_of_means(&tree, t))
                } else if as_verb.is_some() && tree.subject(t).is_none() {
                    // The misread verb's subject was parsed as its compound modifier.
                    tree.kids(t)
                        .iter()
                        .copied()
                        .filter(|&c| c < t && tree.rel(c) == "compound")
                        .find_map(|c| mention_for(&tree, c))
                } else {
                    // "Hundreds of Turkish students demonstrated": the people counted.
                    tree.subject(t).and_then(|s| {
                        mention_for(&tree, s)
                            .or_else(|| mention_for(&tree, tree.through_quantity(s)))
                    })
                };
                // "Israel and Lebanon met", "Russia and Iran attacked ISIS": every
                // coordinated subject is a source.
                let mut co_sources: Vec<u32> = Vec::new();
                if !p.nominal && source.is_some() && !tree.is_passive(t) {
                    if let Some(s) = tree.subject(t) {
                        for c in tree.with_conjuncts(s).into_iter().skip(1) {
                            if let Some(m) = mention_for(&tree, c) {
                                if Some(m) != source && !co_sources.contains(&m) {
                                    co_sources.push(m);
                                }
                            }
                        }
                    }
                }
                let mut target_mentions: Vec<Option<u32>> =
                    targets.iter().map(|&x| mention_for(&tree, x)).collect();
                target_mentions.dedup();
                // "The call was mocked": a definite description of an earlier act
                // stands for the actor who did it.
                let mut described = None;
                if target_mentions.iter().all(Option::is_none) {
                    if let Some((&x, m)) = targets
                        .iter()
                        .find_map(|x| described_actor(&tree, *x, &out).map(|m| (x, m)))
                    {
                        target_mentions = vec![Some(m)];
                        described = Some(
                            tree.doc
                                .token(TokenIdx::from_usize(x))
                                .text()
                                .to_lowercase(),
                        );
                    }
                }
                // (Not when the pattern fixes the object's words: "deploy obj=troops"
                // deploys its own troops at no one.)
                if target_mentions.iter().all(Option::is_none)
                    && p.target.is_none()
                    && p.object_lemmas.is_empty()
                {
                    // A pattern that names no target slot takes the usual one: the
                    // object, an oblique of direction, or the subject of what is said
                    // ("said NATO would need to remain strong" -> NATO).
                    if let Some(m) = fallback_target(&tree, t).filter(|&m| Some(m) != source) {
                        target_mentions = tree
                            .with_conjuncts(
                                tree.doc
                                    .mentions()
                                    .map_or(t, |ms| ms[m as usize].head.index()),
                            )
                            .into_iter()
                            .filter_map(|x| mention_for(&tree, x))
                            .filter(|&m| Some(m) != source && !refers_back_to(doc, m, source))
                            .map(Some)
                            .collect();
                        target_mentions.dedup();
                    }
                }
                if target_mentions.is_empty() {
                    target_mentions.push(None);
                }
                let provenance = Provenance::rule(
                    STAGE,
                    match &described {
                        Some(noun) => format!(
                            "{} {}, target through \"the {noun}\"",
                            if p.nominal { "noun" } else { "verb" },
                            p.lemma
                        ),
                        None => format!("{} {}", if p.nominal { "noun" } else { "verb" }, p.lemma),
                    },
                )
                .with_source(SourceLoc {
                    file: path.clone(),
                    line: p.line.0,
                });
                let (mut negated, mut modality) = if p.nominal {
                    (false, Modality::Asserted)
                } else {
                    (negated(&tree, t), modality(&tree, t))
                };
                // "Will not release the tanker", "refused to meet": a refusal happened.
                let mut cameo = p.cameo.clone();
                let mut provenance = provenance;
                if !p.nominal {
                    if let Some((why, refusing_verb)) = refusal(&tree, t) {
                        if let Some(code) = reject_code(&p.cameo) {
                            cameo = code.to_string();
                            negated = false;
                            modality = Modality::Asserted;
                            provenance.rule =
                                format!("{}, refused ({why})", provenance.rule).into();
                            refusing_verbs.extend(refusing_verb);
                        }
                    }
                }
                // "Will release the peacekeepers", "is willing to withdraw", "said it
                // would allow access": a promised cooperative act is an intent (03).
                if !p.nominal && !negated {
                    // Intended under a verb of commitment, not of wish or thought
                    // ("wants to meet", "is considering sending aid" promise nothing).
                    let infinitive =
                        tree.rel(t) == "xcomp" || (tree.rel(t) == "advcl" && tree.to_infinitive(t));
                    let committed = infinitive
                        && tree
                            .head(t)
                            .is_some_and(|h| PROMISE.contains(&tree.lemma(h)));
                    let promised = modality == Modality::Future
                        || (modality == Modality::Intended && committed)
                        || (modality == Modality::Hypothetical
                            && tree
                                .kids(t)
                                .iter()
                                .any(|&c| tree.rel(c) == "aux" && tree.lemma(c) == "would"));
                    if promised {
                        if let Some(code) = intent_code(&cameo) {
                            cameo = code.to_string();
                            provenance.rule = format!("{}, promised (03)", provenance.rule).into();
                            if committed {
                                committing_verbs.extend(tree.head(t));
                            }
                        }
                    }
                }
                // Unspecified violence (180) by an army, rebels or an armed group is
                // fighting (190): "fighters attacked army positions" is an armed clash,
                // as the CAMEO codebook's 19 root and ACLED's event types have it.
                if cameo == "180" {
                    let source_code =
                        source.and_then(|m| doc.mentions().map(|ms| ms[m as usize].code.as_str()));
                    if source_code.is_some_and(is_armed_actor) {
                        cameo = "190".to_string();
                        provenance.rule =
                            format!("{}, by an armed actor (190)", provenance.rule).into();
                    }
                }
                let implicit_source = if source.is_none() {
                    p.implicit_source.clone()
                } else {
                    None
                };
                // A violent, coercive or protest event is recorded even when the text
                // names no coded actor ("a widow was found murdered at her home"): the
                // event, its place and its date are facts a conflict record needs.
                // Other events without any actor are not worth a record.
                let actorless_ok =
                    !p.nominal && ACTORLESS_ROOTS.contains(&p.cameo.get(..2).unwrap_or(""));
                // Speech events are not themselves attributed ("X said" is X's act).
                let attribution = if p.cameo.starts_with("01") {
                    None
                } else {
                    tree.attribution(t)
                };
                let agentless = source.is_none() && implicit_source.is_none();
                // No actor did it and a clause explains it by a hazard ("two others
                // injured when a chemical plant exploded").
                if source.is_none() && hazard_clause(&tree, t, 0) {
                    continue;
                }
                // Troops mobilised in a sentence about a flood are a rescue, not a
                // show of force.
                let force_posture = p.cameo.starts_with("15");
                if (agentless || force_posture) && sentence_tells_a_disaster(&tree, first, end) {
                    continue;
                }
                // Who did it to whom: each source with each target; coordinated
                // sources of an act done together and to no one named do it to each
                // other ("Israel and Lebanon met" is ISR->LBN and LBN->ISR).
                let sources: Vec<Option<u32>> = std::iter::once(source)
                    .chain(co_sources.iter().copied().map(Some))
                    .collect();
                let reciprocal = !co_sources.is_empty()
                    && target_mentions.iter().all(Option::is_none)
                    && is_reciprocal(&cameo);
                let mut pairs: Vec<(Option<u32>, Option<u32>)> = Vec::new();
                for &a in &sources {
                    if reciprocal {
                        pairs.extend(sources.iter().filter(|&&b| b != a).map(|&b| (a, b)));
                    } else {
                        pairs.extend(target_mentions.iter().map(|&b| (a, b)));
                    }
                }
                for (source, target) in pairs {
                    if source.is_none()
                        && target.is_none()
                        && implicit_source.is_none()
                        && !actorless_ok
                    {
                        continue;
                    }
                    out.push(Event {
                        sentence: SentIdx::from_usize(si),
                        trigger: TokenIdx::from_usize(t),
                        trigger_first: TokenIdx::from_usize(t),
                        trigger_end: TokenIdx::from_usize(t + 1),
                        source,
                        target,
                        implicit_source: implicit_source.clone(),
                        cameo: cameo.clone(),
                        negated,
                        modality,
                        attribution: attribution.clone(),
                        provenance: provenance.clone(),
                    });
                }
            }
            drop_nouns_governed_by_their_verb(&tree, &mut out, sentence_events);
        }
        // "Refused to release the tanker" is one refusal (1243), not also a generic
        // one (120) at "refused"; "agreed to lift sanctions" one intent (0354), not
        // also an agreement (057) at "agreed".
        out.retain(|e| {
            !(e.cameo.starts_with("12") && refusing_verbs.contains(&e.trigger.index()))
                && !((e.cameo.starts_with("03") || e.cameo.starts_with("05"))
                    && committing_verbs.contains(&e.trigger.index()))
        });
        out
    }
}

impl Stage for Events {
    fn name(&self) -> &'static str {
        STAGE
    }

    fn requires(&self) -> &'static [Layer] {
        &[
            Layer::Sentences,
            Layer::Tags,
            Layer::Lemmas,
            Layer::Deps,
            Layer::Mentions,
        ]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Events]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let events = self.find(doc);
        doc.set_events(events).map_err(|source| StageError::Layer {
            stage: STAGE,
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{intent_code, reject_code};

    #[test]
    fn refusing_cooperation_has_the_codebook_reject_code() {
        for (cooperative, reject) in [
            ("0841", "1243"),
            ("085", "1244"),
            ("081", "1241"),
            ("036", "125"),
            ("046", "125"),
            ("045", "126"),
            ("057", "127"),
            ("062", "1212"),
            ("073", "1223"),
            ("0832", "1232"),
            ("087", "1246"),
            ("070", "122"),
            ("051", "120"),
        ] {
            assert_eq!(reject_code(cooperative), Some(reject), "{cooperative}");
        }
        for (cooperative, intent) in [
            ("0841", "0353"),
            ("072", "0332"),
            ("085", "0354"),
            ("0874", "0356"),
            ("046", "036"),
            ("061", "0311"),
        ] {
            assert_eq!(intent_code(cooperative), Some(intent), "{cooperative}");
        }
        assert_eq!(intent_code("190"), None);
        // Statements, appeals and conflict have no cooperative act to refuse.
        for code in ["010", "020", "111", "190"] {
            assert_eq!(reject_code(code), None, "{code}");
        }
    }
}
