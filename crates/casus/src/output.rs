//! Writing analysed documents: JSONL as fixed in the evaluation contract (character
//! offsets), a TSV table, and a `pretty` view for a person at a terminal.
//!
//! Offsets inside casus are byte ranges; they become Unicode character offsets here
//! and nowhere else.

use crate::input::InputError;
use crate::record::EventRecord;
use casus_doc::{
    CharOffsets, DepRel, Document, ParagraphKind, SentenceKind, TextRange, TokenKind, Upos, Xpos,
};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Span<'a> {
    text: &'a str,
    start: u32,
    end: u32,
}

impl<'a> Span<'a> {
    fn new(doc: &'a Document, map: &CharOffsets<'_>, range: TextRange) -> Span<'a> {
        Span {
            text: doc.slice(range),
            start: map.char_offset(range.start),
            end: map.char_offset(range.end),
        }
    }
}

#[derive(Serialize)]
struct TokenOut<'a> {
    text: &'a str,
    start: u32,
    end: u32,
    kind: TokenKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    upos: Option<Upos>,
    #[serde(skip_serializing_if = "Option::is_none")]
    xpos: Option<Xpos>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lemma: Option<&'a str>,
    /// Index of the head token within the sentence (0-based); absent for the root.
    #[serde(skip_serializing_if = "Option::is_none")]
    head: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deprel: Option<DepRel>,
}

#[derive(Serialize)]
struct SentenceOut<'a> {
    index: usize,
    paragraph: u32,
    kind: SentenceKind,
    text: &'a str,
    start: u32,
    end: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    dateline: Option<Span<'a>>,
    tokens: Vec<TokenOut<'a>>,
}

#[derive(Serialize)]
struct ParagraphOut {
    index: usize,
    kind: ParagraphKind,
    start: u32,
    end: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule: Option<String>,
}

#[derive(Serialize)]
struct DocOut<'a> {
    id: &'a str,
    /// Always present, as the contract requires.
    events: Vec<EventRecord>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    quotes: Vec<crate::record::QuoteRecord>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    paragraphs: Vec<ParagraphOut>,
    sentences: Vec<SentenceOut<'a>>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    warnings: &'a [String],
}

/// Writes one document as one JSON line.
///
/// # Errors
///
/// Any I/O error of `out`.
pub fn write_jsonl(doc: &Document, warnings: &[String], out: &mut impl Write) -> io::Result<()> {
    let map = doc.char_offsets();
    let meta = doc.meta();
    let paragraphs = doc
        .paragraphs()
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .map(|(index, p)| ParagraphOut {
            index,
            kind: p.kind,
            start: map.char_offset(p.range.start),
            end: map.char_offset(p.range.end),
            rule: p.provenance.as_ref().map(ToString::to_string),
        })
        .collect();
    let sentences = doc
        .sentence_views()
        .enumerate()
        .map(|(index, s)| SentenceOut {
            index,
            paragraph: s.sentence().paragraph.0,
            kind: s.kind(),
            text: s.text(),
            start: map.char_offset(s.range().start),
            end: map.char_offset(s.range().end),
            dateline: s.sentence().dateline.map(|d| Span::new(doc, &map, d)),
            tokens: s
                .tokens()
                .map(|t| TokenOut {
                    text: t.text(),
                    start: map.char_offset(t.range().start),
                    end: map.char_offset(t.range().end),
                    kind: t.kind(),
                    upos: t.upos(),
                    xpos: t.xpos(),
                    lemma: t.lemma(),
                    head: t
                        .head()
                        .flatten()
                        .map(|h| h.index() - s.sentence().first_token.index()),
                    deprel: t.deprel(),
                })
                .collect(),
        })
        .collect();
    let record = DocOut {
        id: &meta.id,
        events: crate::record::event_records_with(doc, &map),
        quotes: crate::record::quote_records_with(doc, &map),
        title: meta.title.as_deref(),
        date: meta.date.map(|d| d.to_string()),
        url: meta.url.as_deref(),
        source: meta.source.as_deref(),
        paragraphs,
        sentences,
        warnings,
    };
    serde_json::to_writer(&mut *out, &record)?;
    out.write_all(b"\n")
}

#[derive(Serialize)]
struct ErrorOut<'a> {
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    error: String,
    events: [(); 0],
}

/// Writes the output line of an input that could not be processed: its id (or line
/// number), the error, and no events.
///
/// # Errors
///
/// Any I/O error of `out`.
pub fn write_error_jsonl(err: &InputError, out: &mut impl Write) -> io::Result<()> {
    let record = ErrorOut {
        id: err.id.as_deref(),
        line: err.origin.line,
        error: err.to_string(),
        events: [],
    };
    serde_json::to_writer(&mut *out, &record)?;
    out.write_all(b"\n")
}

/// The header of [`write_sentences_tsv`]'s table.
pub const SENTENCES_TSV_HEADER: &str =
    "doc_id\tsentence\tparagraph\tkind\tstart\tend\ttokens\ttext";

/// The header of [`write_events_tsv`]'s table: GDELT's event-table columns where casus
/// has them (Actor1Code ... ActionGeo_Long, SOURCEURL), then casus's own.
pub const EVENTS_TSV_HEADER: &str = "GLOBALEVENTID\tSQLDATE\tActor1Code\tActor1Name\tActor1CountryCode\tActor2Code\tActor2Name\tActor2CountryCode\tEventCode\tEventBaseCode\tEventRootCode\tQuadClass\tGoldsteinScale\tActionGeo_FullName\tActionGeo_CountryCode\tActionGeo_Lat\tActionGeo_Long\tSOURCEURL\tdoc_id\tsentence\tplover\ttrigger\tnegated\tmodality\tattribution\tprovenance";

fn tsv_field(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// Writes one GDELT-style row per event (see [`EVENTS_TSV_HEADER`]): a spreadsheet or
/// a GDELT workflow reads it as it is.
///
/// # Errors
///
/// Any I/O error of `out`.
pub fn write_events_tsv(doc: &Document, out: &mut impl Write) -> io::Result<()> {
    let opt = |v: Option<String>| v.unwrap_or_default();
    for e in crate::record::event_records(doc) {
        let actor = |a: &Option<crate::record::ActorRecord>| match a {
            Some(a) => [
                a.code.clone(),
                a.text.clone(),
                casus_ontology::Ontology::builtin()
                    .actor_country(&a.code)
                    .unwrap_or_default()
                    .to_string(),
            ],
            None => [String::new(), String::new(), String::new()],
        };
        let place = e.location.as_ref();
        let fields: Vec<String> = [
            vec![
                e.id.clone(),
                opt(e.date.as_ref().map(|d| d.replace('-', ""))),
            ],
            actor(&e.source).to_vec(),
            actor(&e.target).to_vec(),
            vec![
                e.cameo.clone(),
                e.cameo.get(..3).unwrap_or(&e.cameo).to_string(),
                e.cameo.get(..2).unwrap_or(&e.cameo).to_string(),
                opt(e.quad_class.map(|q| q.to_string())),
                opt(e.goldstein.map(|g| g.to_string())),
                opt(place.map(|p| p.text.clone())),
                opt(place.and_then(|p| p.country.clone())),
                opt(place.and_then(|p| p.lat).map(|v| v.to_string())),
                opt(place.and_then(|p| p.lon).map(|v| v.to_string())),
                opt(doc.meta().url.clone()),
                doc.meta().id.clone(),
                e.sentence.to_string(),
                opt(e.plover.clone()),
                e.trigger.text.clone(),
                e.negated.to_string(),
                e.modality.clone(),
                opt(e.attribution.as_ref().map(|a| a.text.clone())),
                e.provenance.clone(),
            ],
        ]
        .concat()
        .iter()
        .map(|f| tsv_field(f))
        .collect();
        writeln!(out, "{}", fields.join("\t"))?;
    }
    Ok(())
}

/// Writes one row per sentence (character offsets).
///
/// # Errors
///
/// Any I/O error of `out`.
pub fn write_sentences_tsv(doc: &Document, out: &mut impl Write) -> io::Result<()> {
    let map = doc.char_offsets();
    for (i, s) in doc.sentence_views().enumerate() {
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            tsv_field(&doc.meta().id),
            i,
            s.sentence().paragraph.0,
            kind_name(s.kind()),
            map.char_offset(s.range().start),
            map.char_offset(s.range().end),
            s.token_count(),
            tsv_field(s.text())
        )?;
    }
    Ok(())
}

fn kind_name(kind: SentenceKind) -> &'static str {
    match kind {
        SentenceKind::Body => "body",
        SentenceKind::Headline => "headline",
        SentenceKind::NonNews => "non_news",
    }
}

fn paragraph_kind_name(kind: ParagraphKind) -> &'static str {
    match kind {
        ParagraphKind::Body => "body",
        ParagraphKind::Headline => "headline",
        ParagraphKind::Byline => "byline",
        ParagraphKind::AuthorBio => "author bio",
        ParagraphKind::Boilerplate => "boilerplate",
    }
}

/// Writes a document for a person to read: paragraphs with their kinds (and the rule
/// that gave a kind), sentences numbered, tokens separated by `·`, datelines marked.
///
/// # Errors
///
/// Any I/O error of `out`.
pub fn write_pretty(doc: &Document, warnings: &[String], out: &mut impl Write) -> io::Result<()> {
    let meta = doc.meta();
    write!(out, "== {}", meta.id)?;
    if let Some(date) = meta.date {
        write!(out, "  date {date}")?;
    }
    writeln!(out)?;
    if let Some(title) = &meta.title {
        writeln!(out, "   title: {title}")?;
    }
    for w in warnings {
        writeln!(out, "   warning: {w}")?;
    }
    let paragraphs = doc.paragraphs().unwrap_or(&[]);
    let mut current_para = None;
    for (i, s) in doc.sentence_views().enumerate() {
        let p = s.sentence().paragraph;
        if current_para != Some(p) {
            current_para = Some(p);
            let para = &paragraphs[p.index()];
            write!(out, "\n ¶{} {}", p.0, paragraph_kind_name(para.kind))?;
            if !para.kind.is_news() {
                write!(out, " (not coded)")?;
            }
            if let Some(prov) = &para.provenance {
                write!(out, "  [{prov}]")?;
            }
            writeln!(out)?;
        }
        writeln!(out, "  s{i:<3} {}", s.text().replace(['\n', '\r'], " "))?;
        if doc.tags().is_some() {
            write_token_table(&s, out)?;
        } else {
            let tokens: Vec<&str> = s.tokens().map(|t| t.text()).collect();
            writeln!(out, "       {}", tokens.join(" · "))?;
        }
        if let Some(d) = s.sentence().dateline {
            writeln!(out, "       dateline: {}", doc.slice(d))?;
        }
        write_sentence_coding(doc, i, out)?;
    }
    writeln!(out)
}

/// The actors and events of sentence `index`, each with where it came from.
fn write_sentence_coding(doc: &Document, index: usize, out: &mut impl Write) -> io::Result<()> {
    let (Some(mentions), Some(tokens)) = (doc.mentions(), doc.tokens()) else {
        return Ok(());
    };
    let sentence = &doc.sentences().unwrap_or(&[])[index];
    let text = |first: casus_doc::TokenIdx, end: casus_doc::TokenIdx| {
        doc.slice(TextRange::new(
            tokens.ranges()[first.index()].start,
            tokens.ranges()[end.index() - 1].end,
        ))
    };
    for m in mentions
        .iter()
        .filter(|m| sentence.first_token <= m.first && m.end <= sentence.end_token)
    {
        writeln!(
            out,
            "       actor  {:<28} {:<10} [{}]",
            text(m.first, m.end),
            m.code,
            m.provenance
        )?;
    }
    let places = doc.places().unwrap_or(&[]);
    for p in places
        .iter()
        .filter(|p| sentence.first_token <= p.first && p.end <= sentence.end_token)
    {
        let coords = match (p.lat, p.lon) {
            (Some(lat), Some(lon)) => format!(" {lat:.2},{lon:.2}"),
            _ => String::new(),
        };
        writeln!(
            out,
            "       place  {:<28} {} {} {}{coords}  [{}]",
            text(p.first, p.end),
            p.name,
            p.country.as_deref().unwrap_or("---"),
            crate::record::place_precision_name(p.precision),
            p.provenance
        )?;
    }
    let event_places = doc.event_places().unwrap_or(&[]);
    let event_dates = doc.event_dates().unwrap_or(&[]);
    let ontology = casus_ontology::Ontology::builtin();
    for (k, e) in doc
        .events()
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .filter(|(_, e)| e.sentence.index() == index)
    {
        let code =
            |m: Option<u32>| m.map_or("---".to_string(), |i| mentions[i as usize].code.clone());
        let source = match (&e.source, &e.implicit_source) {
            (None, Some(implicit)) => format!("({implicit}, implied)"),
            _ => code(e.source),
        };
        let name = ontology.cameo(&e.cameo).map_or("", |c| c.name.as_str());
        let mut flags = String::new();
        if e.negated {
            flags.push_str(" NEGATED");
        }
        if e.modality != casus_doc::Modality::Asserted {
            flags.push_str(&format!(" {:?}", e.modality).to_lowercase());
        }
        writeln!(
            out,
            "       EVENT  {} -> {}  {} {}  trigger \"{}\"{flags}  [{}]",
            source,
            code(e.target),
            e.cameo,
            name,
            text(e.trigger_first, e.trigger_end),
            e.provenance
        )?;
        if let Some(a) = &e.attribution {
            writeln!(
                out,
                "               according to \"{}\" {} (cue \"{}\")",
                text(a.first, a.end),
                a.mention
                    .map_or("(not a coded actor)".to_string(), |m| mentions[m as usize]
                        .code
                        .clone()),
                doc.slice(tokens.ranges()[a.cue.index()])
            )?;
        }
        let place = event_places
            .get(k)
            .and_then(|ep| ep.place)
            .map(|p| &places[p as usize]);
        let date = event_dates.get(k);
        if place.is_some() || date.is_some_and(|d| d.expression.is_some()) {
            let mut line = String::from("              ");
            if let Some(p) = place {
                line.push_str(&format!(
                    " at \"{}\" ({}, {})",
                    text(p.first, p.end),
                    p.name,
                    p.country.as_deref().unwrap_or("---")
                ));
            }
            if let Some(d) = date.filter(|d| d.expression.is_some()) {
                let when = d
                    .date
                    .map_or_else(|| "unresolved".to_string(), |d| d.to_string());
                line.push_str(&format!(
                    " when \"{}\" = {when} ({})",
                    d.expression.map_or("", |r| doc.slice(r)),
                    crate::record::date_precision_name(d.precision)
                ));
            }
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// A token's head as CoNLL-U writes it: 1-based within the sentence, `0` for the
/// root, `_` without a parse.
fn head_column(t: &casus_doc::Token<'_>, first: usize) -> String {
    match t.head() {
        Some(Some(h)) => (h.index() - first + 1).to_string(),
        Some(None) => "0".to_string(),
        None => "_".to_string(),
    }
}

/// A CoNLL-U-like table of a sentence's tokens: index, text, lemma, tags, head, relation.
fn write_token_table(s: &casus_doc::SentenceView<'_>, out: &mut impl Write) -> io::Result<()> {
    let first = s.sentence().first_token.index();
    for (k, t) in s.tokens().enumerate() {
        let head = head_column(&t, first);
        writeln!(
            out,
            "       {:>3}  {:<16} {:<14} {:<6} {:<5} {:>3}  {}",
            k + 1,
            t.text(),
            t.lemma().unwrap_or("_"),
            t.upos().map_or("_", Upos::as_str),
            t.xpos().map_or("_", Xpos::as_str),
            head,
            t.deprel().map_or("_", DepRel::as_str)
        )?;
    }
    Ok(())
}

/// Writes a document as CoNLL-U: one block per sentence with `# sent_id` and
/// `# text`, `SpaceAfter=No` where no space follows a token.
///
/// # Errors
///
/// Any I/O error of `out`.
pub fn write_conllu(doc: &Document, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "# newdoc id = {}", doc.meta().id)?;
    let mut last_para = None;
    for (i, s) in doc.sentence_views().enumerate() {
        let para = s.sentence().paragraph;
        if last_para != Some(para) {
            writeln!(out, "# newpar")?;
            last_para = Some(para);
        }
        writeln!(out, "# sent_id = {}-{}", doc.meta().id, i + 1)?;
        writeln!(out, "# text = {}", s.text().replace(['\n', '\r'], " "))?;
        let first = s.sentence().first_token.index();
        for (k, t) in s.tokens().enumerate() {
            let head = head_column(&t, first);
            let misc = if t.space_after() {
                "_"
            } else {
                "SpaceAfter=No"
            };
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t_\t{}\t{}\t_\t{}",
                k + 1,
                t.text(),
                t.lemma().unwrap_or("_"),
                t.upos().map_or("_", Upos::as_str),
                t.xpos().map_or("_", Xpos::as_str),
                head,
                t.deprel().map_or("_", DepRel::as_str),
                misc
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Casus;

    #[test]
    fn jsonl_uses_character_offsets() {
        let casus = Casus::new().unwrap();
        let doc = casus.analyze_text("d", "“Russia’s jets” flew.").unwrap();
        let mut buf = Vec::new();
        write_jsonl(&doc, &[], &mut buf).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&buf).unwrap();
        assert_eq!(v["id"], "d");
        assert_eq!(v["events"], serde_json::json!([]));
        let toks = &v["sentences"][0]["tokens"];
        assert_eq!(toks[1]["text"], "Russia");
        assert_eq!(toks[1]["start"], 1);
        assert_eq!(toks[1]["end"], 7);
        assert_eq!(toks[2]["text"], "’s");
        assert_eq!(toks[2]["start"], 7);
        assert_eq!(v["sentences"][0]["end"], 21);
        assert!(buf.ends_with(b"}\n"));
    }

    #[test]
    fn conllu_output_reads_back() {
        let casus = Casus::new().unwrap();
        let doc = casus
            .analyze_text("d", "Russia’s jets struck. France objected.")
            .unwrap();
        let mut buf = Vec::new();
        write_conllu(&doc, &mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        let sentences = casus_conllu::parse("out", &text).unwrap();
        assert_eq!(sentences.len(), 2);
        assert_eq!(sentences[0].words[1].form, "’s");
        assert!(!sentences[0].words[0].space_after());
        assert_eq!(
            sentences[0]
                .words
                .iter()
                .filter(|w| w.head == Some(0))
                .count(),
            1
        );
    }

    #[test]
    fn event_tsv_has_gdelt_columns_per_event() {
        let casus = Casus::new().unwrap();
        let doc = casus
            .analyze_text("d", "Russian warplanes struck rebel positions near Hama.")
            .unwrap();
        let mut buf = Vec::new();
        write_events_tsv(&doc, &mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        let columns: Vec<&str> = EVENTS_TSV_HEADER.split('\t').collect();
        let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
        assert_eq!(rows.len(), 1, "{text}");
        assert_eq!(rows[0].len(), columns.len());
        let col = |name: &str| rows[0][columns.iter().position(|c| *c == name).unwrap()];
        assert_eq!(col("Actor1Code"), "RUSMIL");
        assert_eq!(col("Actor1CountryCode"), "RUS");
        assert_eq!(col("EventRootCode"), "19");
        assert_eq!(col("QuadClass"), "4");
        assert_eq!(col("ActionGeo_CountryCode"), "SYR");
        assert_eq!(col("plover"), "ASSAULT");
    }

    #[test]
    fn tsv_has_one_row_per_sentence() {
        let casus = Casus::new().unwrap();
        let doc = casus.analyze_text("d", "One.\tTwo? Three!").unwrap();
        let mut buf = Vec::new();
        write_sentences_tsv(&doc, &mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert_eq!(text.lines().count(), 3);
        assert!(text
            .lines()
            .all(|l| l.split('\t').count() == SENTENCES_TSV_HEADER.split('\t').count()));
    }
}
