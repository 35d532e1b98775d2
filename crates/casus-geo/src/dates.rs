//! The `event_dates` stage: when each event happened.
//!
//! Date expressions are found in each sentence ("on Thursday", "last week",
//! "Sept. 29", "yesterday", "earlier this month", "three days ago", "in 2014"),
//! attached to an event through the parse as places are (the trigger's phrase, then
//! its clause, then the sentence's only expression), and resolved against the
//! document's date. Reported events prefer the past ("Thursday" in a Saturday story
//! is two days before); future, planned and threatened events prefer the future.
//! Without a document date, a found expression stays relative (kept as text) and an
//! event without one has no date.

use crate::tree::attach;
use casus_doc::Date;
use casus_doc::{
    DatePrecision, Document, EventDate, Layer, Modality, Provenance, Stage, StageError, TextRange,
};

const STAGE: &str = "event_dates";

/// Which way a relative expression points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// "Thursday", "in September": the nearest, past or future as the event's
    /// modality suggests.
    Nearest,
    /// "last Thursday", "last week".
    Last,
    /// "next Thursday", "next month".
    Next,
    /// "this week", "earlier this month".
    This,
}

/// A calendar unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Day,
    Week,
    Month,
    Year,
}

/// A date expression, before resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateExpr {
    /// ISO weekday 1-7.
    Weekday(u32, Relation),
    /// Days from the document date: yesterday -1, today 0, tomorrow 1.
    DayOffset(i64),
    MonthDay {
        month: u32,
        day: u32,
        year: Option<i32>,
    },
    Month {
        month: u32,
        year: Option<i32>,
        relation: Relation,
    },
    Year(i32),
    /// "last week", "this month", "next year".
    Unit(Unit, Relation),
    /// "three days ago".
    Ago(i64, Unit),
    Exact(Date),
}

fn monday_of(d: Date) -> Option<Date> {
    d.add_days(-(i64::from(d.weekday()) - 1))
}

fn first_of_month(year: i32, month: i64) -> Option<Date> {
    // `month` may run past 1..=12: carry into the year.
    let zero_based = month - 1;
    let y = year + zero_based.div_euclid(12) as i32;
    Date::new(y, (zero_based.rem_euclid(12) + 1) as u32, 1).ok()
}

/// Resolves an expression against the document date. `future` prefers dates on or
/// after the document date where the expression leaves it open.
pub fn resolve(expr: DateExpr, doc: Date, future: bool) -> Option<(Date, DatePrecision)> {
    use DatePrecision as P;
    let (y, m) = (doc.year(), i64::from(doc.month()));
    Some(match expr {
        DateExpr::Exact(d) => (d, P::Day),
        DateExpr::DayOffset(n) => (doc.add_days(n)?, P::Day),
        DateExpr::Weekday(wd, relation) => {
            let back = (i64::from(doc.weekday()) - i64::from(wd)).rem_euclid(7);
            let ahead = (i64::from(wd) - i64::from(doc.weekday())).rem_euclid(7);
            let offset = match relation {
                Relation::Last => -(if back == 0 { 7 } else { back }),
                Relation::Next => {
                    if ahead == 0 {
                        7
                    } else {
                        ahead
                    }
                }
                Relation::Nearest | Relation::This if future => ahead,
                Relation::Nearest | Relation::This => -back,
            };
            (doc.add_days(offset)?, P::Day)
        }
        DateExpr::MonthDay { month, day, year } => match year {
            Some(year) => (Date::new(year, month, day).ok()?, P::Day),
            None => {
                let this_year = Date::new(y, month, day).ok();
                let date = match (this_year, future) {
                    (Some(d), false) if d <= doc => d,
                    (Some(d), true) if d >= doc => d,
                    (_, false) => Date::new(y - 1, month, day).ok()?,
                    (_, true) => Date::new(y + 1, month, day).ok()?,
                };
                (date, P::Day)
            }
        },
        DateExpr::Month {
            month,
            year,
            relation,
        } => {
            let month = i64::from(month);
            let year = match (year, relation) {
                (Some(year), _) => year,
                (None, Relation::This) => y,
                (None, Relation::Last) => {
                    if month < m {
                        y
                    } else {
                        y - 1
                    }
                }
                (None, Relation::Next) => {
                    if month > m {
                        y
                    } else {
                        y + 1
                    }
                }
                (None, Relation::Nearest) if future => {
                    if month >= m {
                        y
                    } else {
                        y + 1
                    }
                }
                (None, Relation::Nearest) => {
                    if month <= m {
                        y
                    } else {
                        y - 1
                    }
                }
            };
            (first_of_month(year, month)?, P::Month)
        }
        DateExpr::Year(year) => (Date::new(year, 1, 1).ok()?, P::Year),
        DateExpr::Unit(unit, relation) => {
            let step = match relation {
                Relation::Last => -1,
                Relation::Next => 1,
                Relation::This | Relation::Nearest => 0,
            };
            match unit {
                Unit::Day => (doc.add_days(step)?, P::Day),
                Unit::Week => (monday_of(doc.add_days(7 * step)?)?, P::Week),
                Unit::Month => (first_of_month(y, m + step)?, P::Month),
                Unit::Year => (Date::new(y + step as i32, 1, 1).ok()?, P::Year),
            }
        }
        DateExpr::Ago(n, unit) => match unit {
            Unit::Day => (doc.add_days(-n)?, P::Day),
            Unit::Week => (monday_of(doc.add_days(-7 * n)?)?, P::Week),
            Unit::Month => (first_of_month(y, m - n)?, P::Month),
            Unit::Year => (Date::new(y - i32::try_from(n).ok()?, 1, 1).ok()?, P::Year),
        },
    })
}

fn weekday(word: &str) -> Option<u32> {
    Some(match word {
        "monday" => 1,
        "tuesday" => 2,
        "wednesday" => 3,
        "thursday" => 4,
        "friday" => 5,
        "saturday" => 6,
        "sunday" => 7,
        _ => return None,
    })
}

fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.');
    Some(match w {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sept" | "sep" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

fn unit(word: &str) -> Option<Unit> {
    Some(match word {
        "day" | "days" => Unit::Day,
        "week" | "weeks" => Unit::Week,
        "month" | "months" => Unit::Month,
        "year" | "years" => Unit::Year,
        _ => return None,
    })
}

fn small_number(word: &str) -> Option<i64> {
    if let Ok(n) = word.parse::<i64>() {
        return (1..=400).contains(&n).then_some(n);
    }
    Some(match word {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "several" | "few" => 3,
        _ => return None,
    })
}

fn day_number(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    digits.parse::<u32>().ok().filter(|d| (1..=31).contains(d))
}

fn year_number(word: &str) -> Option<i32> {
    (word.len() == 4)
        .then(|| word.parse::<i32>().ok())
        .flatten()
        .filter(|y| (1900..=2100).contains(y))
}

/// A date expression found in the text: tokens `first..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundDate {
    pub first: usize,
    pub end: usize,
    pub expr: DateExpr,
}

/// Finds date expressions in `words` (lowercased token texts), with `capitalised`
/// saying which tokens start with a capital (month names and weekdays must).
/// Indices are relative to the slice.
pub fn find_dates(words: &[String], capitalised: &[bool]) -> Vec<FoundDate> {
    let mut out = Vec::new();
    let w = |i: usize| words.get(i).map_or("", String::as_str);
    let mut i = 0;
    while i < words.len() {
        let word = w(i);
        let prev = if i > 0 { w(i - 1) } else { "" };
        let relation = match prev {
            "last" | "past" => Relation::Last,
            "next" | "coming" => Relation::Next,
            "this" => Relation::This,
            _ => Relation::Nearest,
        };
        let with_relation_word = relation != Relation::Nearest;
        let start = if with_relation_word { i - 1 } else { i };
        let push = |out: &mut Vec<FoundDate>, first: usize, end: usize, expr| {
            out.push(FoundDate { first, end, expr });
        };
        // Weekdays, with an optional part of the day after.
        if let Some(wd) = weekday(word).filter(|_| capitalised[i]) {
            let mut end = i + 1;
            if matches!(w(end), "night" | "morning" | "afternoon" | "evening") {
                end += 1;
            }
            push(&mut out, start, end, DateExpr::Weekday(wd, relation));
            i = end;
            continue;
        }
        match (prev, word) {
            (_, "yesterday") => push(&mut out, i, i + 1, DateExpr::DayOffset(-1)),
            (_, "today" | "tonight") => push(&mut out, i, i + 1, DateExpr::DayOffset(0)),
            (_, "tomorrow") => push(&mut out, i, i + 1, DateExpr::DayOffset(1)),
            ("last", "night") => push(&mut out, i - 1, i + 1, DateExpr::DayOffset(-1)),
            ("this", "morning" | "afternoon" | "evening") => {
                push(&mut out, i - 1, i + 1, DateExpr::DayOffset(0));
            }
            _ => {}
        }
        if let (Some(u), true) = (unit(word), with_relation_word) {
            if u != Unit::Day {
                let first = if i >= 2 && matches!(w(i - 2), "earlier" | "later") {
                    i - 2
                } else {
                    i - 1
                };
                push(&mut out, first, i + 1, DateExpr::Unit(u, relation));
                i += 1;
                continue;
            }
        }
        // "three days ago", "a week ago".
        if let (Some(n), Some(u)) = (small_number(word), unit(w(i + 1))) {
            if w(i + 2) == "ago" {
                push(&mut out, i, i + 3, DateExpr::Ago(n, u));
                i += 3;
                continue;
            }
        }
        if let Some(mo) = month(word).filter(|_| capitalised[i]) {
            // "Sept. 29", "Sept. 29, 2015", "September 2015", "in September".
            if let Some(day) = day_number(w(i + 1)) {
                let (year, end) = match (w(i + 2), year_number(w(i + 3)), year_number(w(i + 2))) {
                    (",", Some(y), _) => (Some(y), i + 4),
                    (_, _, Some(y)) => (Some(y), i + 3),
                    _ => (None, i + 2),
                };
                push(
                    &mut out,
                    start,
                    end,
                    DateExpr::MonthDay {
                        month: mo,
                        day,
                        year,
                    },
                );
                i = end;
                continue;
            }
            if let Some(year) = year_number(w(i + 1)) {
                push(
                    &mut out,
                    i,
                    i + 2,
                    DateExpr::Month {
                        month: mo,
                        year: Some(year),
                        relation,
                    },
                );
                i += 2;
                continue;
            }
            // A bare month name needs a cue: "May" is also a modal verb and a name.
            let cue = matches!(
                prev,
                "in" | "since" | "during" | "early" | "late" | "mid" | "until" | "by"
            ) || with_relation_word;
            if cue {
                push(
                    &mut out,
                    start,
                    i + 1,
                    DateExpr::Month {
                        month: mo,
                        year: None,
                        relation,
                    },
                );
                i += 1;
                continue;
            }
        }
        // "29 September 2015".
        if let (Some(day), Some(mo)) = (day_number(word), month(w(i + 1))) {
            if capitalised.get(i + 1).copied().unwrap_or(false) {
                let (year, end) = match year_number(w(i + 2)) {
                    Some(y) => (Some(y), i + 3),
                    None => (None, i + 2),
                };
                push(
                    &mut out,
                    i,
                    end,
                    DateExpr::MonthDay {
                        month: mo,
                        day,
                        year,
                    },
                );
                i = end;
                continue;
            }
        }
        if let Some(year) = year_number(word) {
            if matches!(prev, "in" | "since" | "during" | "of" | "until" | "by") {
                push(&mut out, i, i + 1, DateExpr::Year(year));
            }
        }
        if let Ok(d) = word.parse::<Date>() {
            push(&mut out, i, i + 1, DateExpr::Exact(d));
        }
        i += 1;
    }
    out
}

/// The `event_dates` stage.
#[derive(Debug, Clone, Default)]
pub struct EventDater;

impl EventDater {
    pub fn date(&self, doc: &Document) -> Vec<EventDate> {
        let (Some(events), Some(sentences), Some(tokens)) =
            (doc.events(), doc.sentences(), doc.tokens())
        else {
            return Vec::new();
        };
        let ranges = tokens.ranges();
        let doc_date = doc.meta().date;
        let mut found_by_sentence: Vec<Option<Vec<FoundDate>>> = vec![None; sentences.len()];
        let trees = crate::tree::trees_for_events(doc, sentences, events);
        events
            .iter()
            .map(|e| {
                let tree = trees[e.sentence.index()]
                    .as_ref()
                    .expect("a tree per event sentence");
                let found = found_by_sentence[e.sentence.index()].get_or_insert_with(|| {
                    let (first, end) = (tree.first, tree.end);
                    let words: Vec<String> =
                        (first..end).map(|t| tree.text(t).to_lowercase()).collect();
                    let caps: Vec<bool> = (first..end)
                        .map(|t| tree.text(t).chars().next().is_some_and(char::is_uppercase))
                        .collect();
                    find_dates(&words, &caps)
                        .into_iter()
                        .map(|f| FoundDate {
                            first: f.first + first,
                            end: f.end + first,
                            ..f
                        })
                        .collect()
                });
                let heads: Vec<usize> = found
                    .iter()
                    .map(|f| tree.span_head(f.first, f.end))
                    .collect();
                let future = matches!(e.modality, Modality::Future | Modality::Intended);
                match attach(tree, e.trigger.index(), &heads) {
                    Some((k, rule)) => {
                        let f = found[k];
                        let expression =
                            TextRange::new(ranges[f.first].start, ranges[f.end - 1].end);
                        let provenance = Some(Provenance::rule(STAGE, rule));
                        match doc_date.and_then(|d| resolve(f.expr, d, future)) {
                            Some((date, precision)) => EventDate {
                                date: Some(date),
                                precision,
                                expression: Some(expression),
                                provenance,
                            },
                            // An absolute date needs no document date.
                            None => match resolve_absolute(f.expr) {
                                Some((date, precision)) => EventDate {
                                    date: Some(date),
                                    precision,
                                    expression: Some(expression),
                                    provenance,
                                },
                                None => EventDate {
                                    date: None,
                                    precision: DatePrecision::Relative,
                                    expression: Some(expression),
                                    provenance,
                                },
                            },
                        }
                    }
                    None => EventDate {
                        date: doc_date,
                        precision: if doc_date.is_some() {
                            DatePrecision::DocumentDate
                        } else {
                            DatePrecision::Unknown
                        },
                        expression: None,
                        provenance: None,
                    },
                }
            })
            .collect()
    }
}

/// Expressions that name a date on their own ("Sept. 29, 2015", "in 2014").
fn resolve_absolute(expr: DateExpr) -> Option<(Date, DatePrecision)> {
    match expr {
        DateExpr::Exact(d) => Some((d, DatePrecision::Day)),
        DateExpr::MonthDay {
            month,
            day,
            year: Some(y),
        } => Some((Date::new(y, month, day).ok()?, DatePrecision::Day)),
        DateExpr::Month {
            month,
            year: Some(y),
            ..
        } => Some((Date::new(y, month, 1).ok()?, DatePrecision::Month)),
        DateExpr::Year(y) => Some((Date::new(y, 1, 1).ok()?, DatePrecision::Year)),
        _ => None,
    }
}

impl Stage for EventDater {
    fn name(&self) -> &'static str {
        STAGE
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Deps, Layer::Events]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::EventDates]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let dates = self.date(doc);
        doc.set_event_dates(dates)
            .map_err(|source| StageError::Layer {
                stage: STAGE,
                source,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn at(expr: DateExpr, doc: &str) -> (String, DatePrecision) {
        let (date, p) = resolve(expr, d(doc), false).unwrap();
        (date.to_string(), p)
    }

    #[test]
    fn weekdays_prefer_the_past_for_reported_events() {
        // 2015-09-29 was a Tuesday.
        assert_eq!(
            at(DateExpr::Weekday(4, Relation::Nearest), "2015-09-29").0,
            "2015-09-24"
        );
        assert_eq!(
            at(DateExpr::Weekday(2, Relation::Nearest), "2015-09-29").0,
            "2015-09-29"
        );
        assert_eq!(
            at(DateExpr::Weekday(2, Relation::Last), "2015-09-29").0,
            "2015-09-22"
        );
        assert_eq!(
            at(DateExpr::Weekday(1, Relation::Next), "2015-09-29").0,
            "2015-10-05"
        );
        let future = resolve(
            DateExpr::Weekday(4, Relation::Nearest),
            d("2015-09-29"),
            true,
        )
        .unwrap();
        assert_eq!(future.0.to_string(), "2015-10-01");
    }

    #[test]
    fn month_and_year_boundaries() {
        // "Dec. 31" in a story of Jan. 2 is last year's.
        let dec31 = DateExpr::MonthDay {
            month: 12,
            day: 31,
            year: None,
        };
        assert_eq!(at(dec31, "2016-01-02").0, "2015-12-31");
        assert_eq!(at(DateExpr::DayOffset(-1), "2016-01-01").0, "2015-12-31");
        assert_eq!(at(DateExpr::DayOffset(-1), "2016-03-01").0, "2016-02-29");
        assert_eq!(at(DateExpr::DayOffset(-1), "2015-03-01").0, "2015-02-28");
        assert_eq!(
            at(DateExpr::Unit(Unit::Month, Relation::Last), "2016-01-15"),
            ("2015-12-01".into(), DatePrecision::Month)
        );
        assert_eq!(
            at(DateExpr::Unit(Unit::Week, Relation::Last), "2016-01-03"),
            ("2015-12-21".into(), DatePrecision::Week)
        );
        assert_eq!(
            at(DateExpr::Unit(Unit::Month, Relation::This), "2015-09-29").0,
            "2015-09-01"
        );
        assert_eq!(
            at(
                DateExpr::Month {
                    month: 11,
                    year: None,
                    relation: Relation::Nearest
                },
                "2016-02-10"
            )
            .0,
            "2015-11-01"
        );
        assert_eq!(
            at(DateExpr::Ago(3, Unit::Month), "2016-02-10").0,
            "2015-11-01"
        );
        assert_eq!(
            at(DateExpr::Ago(2, Unit::Day), "2016-03-01").0,
            "2016-02-28"
        );
        assert_eq!(
            at(DateExpr::Unit(Unit::Year, Relation::Last), "2016-06-01"),
            ("2015-01-01".into(), DatePrecision::Year)
        );
    }

    #[test]
    fn leap_days() {
        // Feb. 29 without a year: the latest leap year not after the story.
        let feb29 = DateExpr::MonthDay {
            month: 2,
            day: 29,
            year: None,
        };
        assert_eq!(at(feb29, "2016-03-05").0, "2016-02-29");
        // In 2017, last year's Feb. 29 existed (2016).
        assert_eq!(at(feb29, "2017-03-05").0, "2016-02-29");
        // In 2019 there was no Feb. 29 this year or last: no date.
        assert!(resolve(feb29, d("2019-03-05"), false).is_none());
        assert_eq!(
            at(DateExpr::Weekday(1, Relation::Nearest), "2016-03-01").0,
            "2016-02-29"
        );
    }

    fn find(text: &str) -> Vec<(String, DateExpr)> {
        let words: Vec<String> = text.split(' ').map(str::to_lowercase).collect();
        let caps: Vec<bool> = text
            .split(' ')
            .map(|w| w.chars().next().is_some_and(char::is_uppercase))
            .collect();
        find_dates(&words, &caps)
            .into_iter()
            .map(|f| (words[f.first..f.end].join(" "), f.expr))
            .collect()
    }

    #[test]
    fn expressions_news_uses() {
        let got = find("Russian jets struck on Thursday night , a week after talks in Moscow on Sept. 29 , 2015 .");
        assert_eq!(
            got[0],
            (
                "thursday night".into(),
                DateExpr::Weekday(4, Relation::Nearest)
            )
        );
        assert_eq!(
            got[1].1,
            DateExpr::MonthDay {
                month: 9,
                day: 29,
                year: Some(2015)
            }
        );
        let got = find("Officials said earlier this month that strikes began three days ago and may resume next week");
        let texts: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(texts, ["earlier this month", "three days ago", "next week"]);
        // The modal "may" is not May.
        assert!(find("They may strike").is_empty());
        assert_eq!(
            find("It happened in May")[0].1,
            DateExpr::Month {
                month: 5,
                year: None,
                relation: Relation::Nearest
            }
        );
        assert_eq!(find("since 2014")[0].1, DateExpr::Year(2014));
        assert_eq!(
            find("on 29 September")[0].1,
            DateExpr::MonthDay {
                month: 9,
                day: 29,
                year: None
            }
        );
        assert_eq!(
            find("last Tuesday")[0],
            ("last tuesday".into(), DateExpr::Weekday(2, Relation::Last))
        );
    }
}
