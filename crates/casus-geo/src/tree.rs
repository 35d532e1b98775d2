//! Small helpers over a sentence's dependency tree, shared by the geo stages.

use casus_doc::{Document, Sentence, TokenIdx};

/// One sentence's tree: heads, relations, lemmas and tags by absolute token index,
/// plus children lists.
pub(crate) struct Tree<'d> {
    pub doc: &'d Document,
    pub first: usize,
    pub end: usize,
    children: Vec<Vec<usize>>,
}

impl<'d> Tree<'d> {
    pub fn new(doc: &'d Document, sentence: &Sentence) -> Tree<'d> {
        let (first, end) = (sentence.first_token.index(), sentence.end_token.index());
        let mut children = vec![Vec::new(); end - first];
        if let Some(deps) = doc.deps() {
            for t in first..end {
                if let Some(h) = deps.head[t] {
                    if (first..end).contains(&h.index()) {
                        children[h.index() - first].push(t);
                    }
                }
            }
        }
        Tree {
            doc,
            first,
            end,
            children,
        }
    }

    pub fn head(&self, t: usize) -> Option<usize> {
        self.doc
            .deps()
            .and_then(|d| d.head[t])
            .map(TokenIdx::index)
            .filter(|h| (self.first..self.end).contains(h))
    }

    /// The relation's universal part (`obl` for `obl:tmod`).
    pub fn rel(&self, t: usize) -> &'static str {
        self.doc.deps().map_or("dep", |d| d.rel[t].universal())
    }

    /// Whether `t`'s relation is exactly `rel` (subtypes included: `nsubj:pass`).
    pub fn full_rel_is(&self, t: usize, rel: &str) -> bool {
        self.doc.deps().is_some_and(|d| d.rel[t].as_str() == rel)
    }

    pub fn children(&self, t: usize) -> &[usize] {
        &self.children[t - self.first]
    }

    pub fn lemma(&self, t: usize) -> &'d str {
        self.doc.lemmas().map_or("", |l| l.get(t))
    }

    pub fn text(&self, t: usize) -> &'d str {
        self.doc.token(TokenIdx(t as u32)).text()
    }

    pub fn upos(&self, t: usize) -> &'static str {
        self.doc
            .token(TokenIdx(t as u32))
            .upos()
            .map_or("X", casus_doc::Upos::as_str)
    }

    pub fn xpos(&self, t: usize) -> &'static str {
        self.doc
            .token(TokenIdx(t as u32))
            .xpos()
            .map_or("", casus_doc::Xpos::as_str)
    }

    /// The lemmas of `t`'s `case` children, lowercased (`in`, `near`, `of`).
    pub fn case_markers(&self, t: usize) -> impl Iterator<Item = String> + '_ {
        self.children(t)
            .iter()
            .filter(move |&&c| self.rel(c) == "case" || (self.rel(c) == "mark" && c < t))
            .map(move |&c| self.text(c).to_lowercase())
    }

    /// The number of steps from `t` up to `ancestor`, if `ancestor` dominates `t`
    /// without crossing a relation in `barriers` (clause boundaries).
    pub fn distance_up(&self, t: usize, ancestor: usize, barriers: &[&str]) -> Option<usize> {
        let mut node = t;
        let mut steps = 0;
        while node != ancestor {
            if barriers.contains(&self.rel(node)) {
                return None;
            }
            node = self.head(node)?;
            steps += 1;
            if steps > 64 {
                return None; // a malformed tree; never loop
            }
        }
        Some(steps)
    }

    /// The token of a span whose head lies outside it (the last one if several).
    pub fn span_head(&self, first: usize, end: usize) -> usize {
        (first..end)
            .rev()
            .find(|&t| self.head(t).is_none_or(|h| h < first || h >= end))
            .unwrap_or(end - 1)
    }
}

/// One tree per sentence that has an event (built once, shared by its events).
pub(crate) fn trees_for_events<'d>(
    doc: &'d Document,
    sentences: &[Sentence],
    events: &[casus_doc::Event],
) -> Vec<Option<Tree<'d>>> {
    let mut trees: Vec<Option<Tree<'d>>> = (0..sentences.len()).map(|_| None).collect();
    for e in events {
        let i = e.sentence.index();
        if trees[i].is_none() {
            trees[i] = Some(Tree::new(doc, &sentences[i]));
        }
    }
    trees
}

/// Relations that open another clause: what lies inside belongs to that clause.
pub(crate) const CLAUSE_BARRIERS: &[&str] = &[
    "ccomp",
    "parataxis",
    "advcl",
    "acl",
    "csubj",
    "conj",
    "list",
];

/// Which of the candidate tokens (`heads`: places or date expressions, by their
/// head token) belongs to the event triggered at `trigger`, with the rule that chose
/// it:
/// 1. `trigger`: inside the trigger's own phrase, nearest in the tree;
/// 2. `clause`: attached to the trigger's clause, reached by climbing from the
///    trigger through `xcomp`, `conj`, auxiliaries and nominal triggers' verbs;
/// 3. `sentence`: the sentence's only candidate, unless it sits in a reported or
///    parallel clause (`ccomp`, `parataxis`) that does not contain the trigger.
pub(crate) fn attach(
    tree: &Tree<'_>,
    trigger: usize,
    heads: &[usize],
) -> Option<(usize, &'static str)> {
    let pick = |barriers: &[&str], root: usize| {
        heads
            .iter()
            .enumerate()
            .filter_map(|(k, &h)| tree.distance_up(h, root, barriers).map(|d| (d, k)))
            .min()
            .map(|(_, k)| k)
    };
    if let Some(k) = pick(CLAUSE_BARRIERS, trigger) {
        return Some((k, "trigger"));
    }
    // Verbs coordinated with the trigger that have no subject of their own share its
    // arguments ("detonated the bombs and killed himself in Silopi").
    let shared: Vec<usize> = tree
        .children(trigger)
        .iter()
        .copied()
        .filter(|&c| {
            tree.rel(c) == "conj"
                && !tree
                    .children(c)
                    .iter()
                    .any(|&g| matches!(tree.rel(g), "nsubj" | "csubj"))
        })
        .collect();
    for c in shared {
        if let Some(k) = pick(CLAUSE_BARRIERS, c) {
            return Some((k, "trigger"));
        }
    }
    let mut clause = trigger;
    for _ in 0..8 {
        // A conjoined clause with its own subject keeps its own modifiers: in "they
        // told CNN today, and Russia could strike", "today" is not the strike's.
        let own_subject = tree
            .children(clause)
            .iter()
            .any(|&c| matches!(tree.rel(c), "nsubj" | "csubj"));
        let climb = matches!(tree.rel(clause), "xcomp" | "aux" | "cop")
            || (tree.rel(clause) == "conj" && !own_subject)
            || (tree.upos(clause) == "NOUN" && matches!(tree.rel(clause), "obj" | "nsubj" | "obl"));
        match tree.head(clause) {
            Some(h) if climb => clause = h,
            _ => break,
        }
    }
    if clause != trigger {
        if let Some(k) = pick(&["ccomp", "parataxis", "csubj", "list"], clause) {
            return Some((k, "clause"));
        }
    }
    if let [only] = heads {
        // The clause the candidate belongs to: its nearest verb above it. It must
        // govern the trigger without a reported or parallel clause in between: in
        // "officials told CNN today that Russia could strike", "today" dates the
        // telling, not the strike.
        let mut clause_verb = None;
        let mut node = *only;
        for _ in 0..64 {
            match tree.head(node) {
                Some(h) => {
                    if tree.upos(h) == "VERB" {
                        clause_verb = Some(h);
                        break;
                    }
                    node = h;
                }
                None => break,
            }
        }
        // Coordinated clauses of one sentence share their setting: "a policeman was
        // shot and two officers were wounded north of Tikrit".
        let coordinated = |v: usize| {
            (tree.rel(v) == "conj" && tree.head(v) == Some(trigger))
                || (tree.rel(trigger) == "conj" && tree.head(trigger) == Some(v))
        };
        let governs = clause_verb.is_none_or(|v| {
            coordinated(v)
                || tree
                    .distance_up(trigger, v, &["ccomp", "parataxis", "csubj", "list"])
                    .is_some()
        });
        if governs {
            return Some((0, "sentence"));
        }
    }
    None
}
