//! The `event_places` stage: where each event happened, read off the parse.
//!
//! In order, the first that applies:
//! 1. `trigger`: a place in a locative frame inside the trigger's own phrase ("struck
//!    positions near Mosul", "strikes into Syria"), nearest in the tree;
//! 2. `clause`: one attached to the trigger's clause (through `xcomp`, `conj` and
//!    auxiliaries: "Russia has relocated bombers to southern Russian air bases");
//! 3. `sentence`: the only place in a locative frame elsewhere in the sentence,
//!    unless it sits in another clause with its own event;
//! 4. `dateline`: the place of the paragraph's dateline ("BEIRUT, Sept. 29 (AP) —").
//!
//! An event may have no place. A place that is the event's source or target actor
//! ("Russia struck Syria") is not its location unless the text puts the event there.

use crate::toponyms::locative;
use crate::tree::{attach, Tree};
use casus_doc::{Document, EventPlace, Layer, PlacePrecision, Provenance, Stage, StageError};

const STAGE: &str = "event_places";

/// The `event_places` stage.
#[derive(Debug, Clone, Default)]
pub struct EventLocator;

impl EventLocator {
    pub fn locate(&self, doc: &Document) -> Vec<EventPlace> {
        let (Some(events), Some(places), Some(sentences)) =
            (doc.events(), doc.places(), doc.sentences())
        else {
            return Vec::new();
        };
        let mentions = doc.mentions().unwrap_or(&[]);
        let ranges = doc.tokens().map(|t| t.ranges()).unwrap_or(&[]);
        let trees = crate::tree::trees_for_events(doc, sentences, events);
        events
            .iter()
            .map(|e| {
                let sentence = &sentences[e.sentence.index()];
                let tree = trees[e.sentence.index()]
                    .as_ref()
                    .expect("a tree per event sentence");
                let trigger = e.trigger.index();
                let in_sentence: Vec<(u32, usize)> = places
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| sentence.first_token <= p.first && p.end <= sentence.end_token)
                    .map(|(i, p)| (i as u32, tree.span_head(p.first.index(), p.end.index())))
                    .collect();
                // A place that is one of the event's actors is located only by a
                // locative that cannot mark a recipient ("into Syria", not "to Iraq").
                let actor_spans: Vec<(usize, usize)> = [e.source, e.target]
                    .into_iter()
                    .flatten()
                    .map(|m| &mentions[m as usize])
                    .map(|m| (m.first.index(), m.end.index()))
                    .collect();
                let is_actor = |i: u32| {
                    let p = &places[i as usize];
                    actor_spans
                        .iter()
                        .any(|&(f, end)| f < p.end.index() && p.first.index() < end)
                };
                // A place that is an actor's name ("Russia"), not one an actor's word
                // merely modifies ("southern Russian air bases").
                let any_mention = |i: u32| {
                    let p = &places[i as usize];
                    let head = tree.span_head(p.first.index(), p.end.index());
                    mentions
                        .iter()
                        .any(|m| m.first.index() <= head && head < m.end.index())
                };
                let located = |i: u32, head: usize| {
                    let strict = any_mention(i) || is_actor(i);
                    locative(tree, head, strict)
                };
                let candidates: Vec<(u32, usize)> = in_sentence
                    .iter()
                    .copied()
                    .filter(|&(i, head)| located(i, head))
                    .collect();
                // Reference points ("20 km north of Mosul") only when nothing else.
                let candidates: Vec<(u32, usize)> =
                    if candidates.iter().any(|&(_, h)| !reference_point(tree, h)) {
                        candidates
                            .into_iter()
                            .filter(|&(_, h)| !reference_point(tree, h))
                            .collect()
                    } else {
                        candidates
                    };
                let heads: Vec<usize> = candidates.iter().map(|&(_, h)| h).collect();
                if let Some((k, rule)) = attach(tree, trigger, &heads) {
                    return found(finest_nested(tree, places, &candidates, k), rule);
                }
                // The object of an act of force is where it happened ("bombed
                // Dresden", "captured the town of Al-Bab", "Kosovo is patrolled"),
                // a country included when the act is material ("struck Syria").
                let material = matches!(e.cameo.get(..2), Some("15" | "17" | "18" | "19" | "20"));
                let object =
                    tree.children(trigger).iter().copied().find(|&c| {
                        matches!(tree.rel(c), "obj") || tree.full_rel_is(c, "nsubj:pass")
                    });
                if let Some(o) = object {
                    let in_object = candidates_all(&in_sentence, |i, head| {
                        (material || !any_mention(i))
                            && tree
                                .distance_up(head, o, &["acl", "conj", "ccomp", "advcl"])
                                .is_some_and(|d| d <= 2)
                    });
                    if let Some(i) = in_object {
                        return found(i, "object");
                    }
                }
                // A place naming where an actor of the event is from, written as its
                // modifier ("the Basra protesters marched", "his Tokyo apartment").
                let actor_heads: Vec<usize> = [e.source, e.target]
                    .into_iter()
                    .flatten()
                    .map(|m| mentions[m as usize].head.index())
                    .chain(
                        tree.children(trigger)
                            .iter()
                            .copied()
                            .filter(|&c| matches!(tree.rel(c), "nsubj" | "obj")),
                    )
                    .collect();
                let modifier = in_sentence.iter().find(|&&(i, head)| {
                    !any_mention(i)
                        && matches!(tree.rel(head), "compound" | "nmod")
                        && tree.head(head).is_some_and(|h| actor_heads.contains(&h))
                });
                if let Some(&(i, _)) = modifier {
                    return found(i, "actor-modifier");
                }
                // 4. The dateline of the event's paragraph (or the document's first).
                let dateline = sentences
                    .iter()
                    .filter(|s| s.paragraph == sentence.paragraph || s.first_token.index() == 0)
                    .filter_map(|s| s.dateline)
                    .next();
                // A dateline the segmenter did not mark: the paragraph opening with a
                // place in capitals ("ANKARA   More than 80 people were killed").
                let opening = sentences
                    .iter()
                    .find(|s| s.paragraph == sentence.paragraph)
                    .filter(|s| s.dateline.is_none())
                    .and_then(|s| {
                        places.iter().position(|p| {
                            p.first == s.first_token && {
                                let r = TextRangeOf::span(ranges, p.first.index(), p.end.index());
                                let text = doc.slice(r);
                                text.chars().any(char::is_alphabetic)
                                    && !text.chars().any(char::is_lowercase)
                            }
                        })
                    });
                if let Some(i) = opening {
                    return found(i as u32, "dateline-capitals");
                }
                if let Some(d) = dateline {
                    let place = places.iter().position(|p| {
                        ranges[p.first.index()].start >= d.start
                            && ranges[p.end.index() - 1].end <= d.end
                    });
                    if let Some(i) = place {
                        return found(i as u32, "dateline");
                    }
                }
                EventPlace {
                    place: None,
                    provenance: None,
                }
            })
            .collect()
    }
}

/// Whether a place is a reference point, not a location: "200 km southwest of
/// Kathmandu", "north of Aleppo" when a finer place is named.
fn reference_point(tree: &Tree<'_>, head: usize) -> bool {
    tree.case_markers(head).any(|m| m == "of")
        && tree.head(head).is_some_and(|h| {
            matches!(
                tree.lemma(h).to_lowercase().as_str(),
                "north"
                    | "south"
                    | "east"
                    | "west"
                    | "northeast"
                    | "northwest"
                    | "southeast"
                    | "southwest"
                    | "km"
                    | "kilometer"
                    | "kilometre"
                    | "kilometers"
                    | "kilometres"
                    | "mile"
                    | "miles"
            )
        })
}

/// Among places nested in one phrase ("the West Bank city of Nablus", "Nablus, West
/// Bank", "Aleppo's Hanano district"), the finest: a city over a region or country.
fn finest_nested(
    tree: &Tree<'_>,
    places: &[casus_doc::Place],
    candidates: &[(u32, usize)],
    chosen: usize,
) -> u32 {
    let rank = |i: u32| match places[i as usize].precision {
        PlacePrecision::City => 0,
        PlacePrecision::Local => 1,
        PlacePrecision::Admin1 => 2,
        PlacePrecision::Region => 3,
        PlacePrecision::Country => 4,
    };
    let local = |i: u32| places[i as usize].precision == PlacePrecision::Local;
    let (best, head) = candidates[chosen];
    let nested = |other: usize| {
        let (a, b) = (tree.head(head), tree.head(other));
        a == Some(other) || b == Some(head) || (a.is_some() && a == b)
    };
    let group: Vec<(u32, usize)> = candidates
        .iter()
        .copied()
        .filter(|&(i, h)| i == best || nested(h))
        .collect();
    // "Liberia in West Africa", "Anadan town, north of Aleppo": of two gazetteer
    // places where one contains the other ("in"/"of" attaching it to the other), the
    // contained one.
    let contained = |(i, h): (u32, usize)| {
        !local(i)
            && group.iter().any(|&(j, g)| {
                j != i
                    && !local(j)
                    && tree.head(g) == Some(h)
                    && tree
                        .case_markers(g)
                        .any(|m| matches!(m.as_str(), "in" | "of"))
            })
    };
    if let Some(&(i, _)) = group.iter().find(|&&c| contained(c)) {
        return i;
    }
    group
        .iter()
        .min_by_key(|&&(i, _)| rank(i))
        .map_or(best, |&(i, _)| i)
}

/// Byte spans of token runs.
struct TextRangeOf;

impl TextRangeOf {
    fn span(ranges: &[casus_doc::TextRange], first: usize, end: usize) -> casus_doc::TextRange {
        casus_doc::TextRange::new(ranges[first].start, ranges[end - 1].end)
    }
}

/// The first place (in text order) meeting `ok`.
fn candidates_all(in_sentence: &[(u32, usize)], ok: impl Fn(u32, usize) -> bool) -> Option<u32> {
    in_sentence
        .iter()
        .find(|&&(i, h)| ok(i, h))
        .map(|&(i, _)| i)
}

fn found(place: u32, rule: &'static str) -> EventPlace {
    EventPlace {
        place: Some(place),
        provenance: Some(Provenance::rule(STAGE, format!("event-place.{rule}"))),
    }
}

impl Stage for EventLocator {
    fn name(&self) -> &'static str {
        STAGE
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Deps, Layer::Events, Layer::Places]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::EventPlaces]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let located = self.locate(doc);
        doc.set_event_places(located)
            .map_err(|source| StageError::Layer {
                stage: STAGE,
                source,
            })
    }
}
