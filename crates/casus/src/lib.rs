//! casus: open political event data from news.
//!
//! This facade crate reads news as it comes ([`input`]), builds the analysis
//! [`Pipeline`](casus_doc::Pipeline) from the stage crates, and writes results in the
//! formats users and the evaluation kit read ([`output`]). It holds no analysis of its
//! own: stages live in their crates (`casus-text`, ...) and meet only at the
//! [`Document`].
//!
//! ```
//! let casus = casus::Casus::new().unwrap();
//! let doc = casus.analyze_text("d1", "Russia's warplanes arrived. The U.S. objected.").unwrap();
//! assert_eq!(doc.sentences().unwrap().len(), 2);
//! ```

pub mod html;
pub mod input;
pub mod output;
pub mod record;

pub use casus_doc::{self as doc, DocMeta, Document};
pub use casus_geo::{self as geo, Gazetteer};
pub use casus_ontology::{self as ontology, Ontology};
pub use casus_syntax::{self as syntax, Lemmatizer, Parser, Tagger};
pub use casus_text::{self as text, Segmenter};

use casus_doc::{DocumentError, Pipeline, PipelineError, StageError};
use casus_learn::ModelError;

/// Why a document could not be analysed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AnalyzeError {
    #[error(transparent)]
    Document(#[from] DocumentError),
    #[error(transparent)]
    Stage(#[from] StageError),
}

/// Building the pipeline failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
    #[error("shipped model: {0}")]
    Model(#[from] ModelError),
    #[error("shipped dictionaries: {}", .0.join("; "))]
    Dictionary(Vec<String>),
    #[error("shipped gazetteer: {0}")]
    Gazetteer(casus_geo::GazetteerError),
}

/// The assembled analysis pipeline. Build once, share across threads.
#[derive(Debug)]
pub struct Casus {
    pipeline: Pipeline,
}

impl Casus {
    /// The default news pipeline: segmentation, tagging, lemmatization, dependency
    /// parsing, actors, events, places, and each event's place and date, with the
    /// models, dictionaries and gazetteer shipped in the binary.
    ///
    /// # Errors
    ///
    /// A [`BuildError`] if a shipped model does not load or the stages' contracts do
    /// not fit; neither happens in a tested release.
    pub fn new() -> Result<Casus, BuildError> {
        Casus::build(true, None)
    }

    /// The default pipeline with other actor and event dictionaries than the shipped
    /// ones (`casus dict test` codes a dictionary's examples with the dictionary as
    /// edited). Kinds missing from `dictionaries` come from the shipped files.
    ///
    /// # Errors
    ///
    /// As [`Casus::new`].
    pub fn with_dictionaries(
        dictionaries: Vec<casus_coder::dict::DictFile>,
    ) -> Result<Casus, BuildError> {
        Casus::build(true, Some(dictionaries))
    }

    fn build(
        geolocation: bool,
        dictionaries: Option<Vec<casus_coder::dict::DictFile>>,
    ) -> Result<Casus, BuildError> {
        let (tagger, lemmatizer, parser, gazetteer) = std::thread::scope(|scope| {
            // The models load in parallel: the parser is the largest.
            let parser = scope.spawn(casus_syntax::builtin::parser);
            let tagger = scope.spawn(casus_syntax::builtin::tagger);
            let gazetteer = scope.spawn(casus_geo::Gazetteer::builtin);
            let lemmatizer = casus_syntax::builtin::lemmatizer();
            (
                tagger.join().expect("loader thread"),
                lemmatizer,
                parser.join().expect("loader thread"),
                gazetteer.join().expect("loader thread"),
            )
        });
        let gazetteer = std::sync::Arc::new(gazetteer.map_err(BuildError::Gazetteer)?);
        let dictionary_error = |errors: Vec<casus_coder::dict::DictError>| {
            BuildError::Dictionary(errors.iter().map(ToString::to_string).collect())
        };
        let mut files = casus_coder::builtin::dictionaries().map_err(dictionary_error)?;
        if let Some(given) = dictionaries {
            files.retain(|shipped| given.iter().all(|g| g.kind != shipped.kind));
            files.extend(given);
        }
        let actors = casus_coder::Actors::new(casus_coder::ActorMatcher::new(&files));
        let events = casus_coder::Events::new(casus_coder::EventMatcher::new(&files));
        let mut builder = Pipeline::builder()
            .stage(Segmenter::new())
            .stage(tagger?)
            .stage(lemmatizer?)
            .stage(parser?)
            .stage(actors)
            .stage(events)
            .stage(casus_coder::Quotes);
        if geolocation {
            builder = builder
                .stage(casus_geo::Toponyms::new(gazetteer))
                .stage(casus_geo::EventLocator)
                .stage(casus_geo::EventDater);
        }
        let pipeline = builder.build()?;
        Ok(Casus { pipeline })
    }

    /// The coding pipeline without places and event dates (for speed, or where
    /// geography is not wanted): events carry no location and the document's date.
    ///
    /// # Errors
    ///
    /// As [`Casus::new`].
    pub fn without_geolocation() -> Result<Casus, BuildError> {
        Casus::build(false, None)
    }

    /// Segmentation only: no models beyond the sentence-boundary model.
    ///
    /// # Errors
    ///
    /// As [`Casus::new`].
    pub fn segmentation_only() -> Result<Casus, BuildError> {
        Ok(Casus {
            pipeline: Pipeline::builder().stage(Segmenter::new()).build()?,
        })
    }

    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }

    /// Analyses one text with its metadata.
    ///
    /// # Errors
    ///
    /// [`AnalyzeError`] when the text is too large for a document or a stage fails.
    pub fn analyze(&self, text: String, meta: DocMeta) -> Result<Document, AnalyzeError> {
        let mut doc = Document::new(text, meta)?;
        self.pipeline.run(&mut doc)?;
        Ok(doc)
    }

    /// Analyses a text with only an id.
    ///
    /// # Errors
    ///
    /// As [`Casus::analyze`].
    pub fn analyze_text(&self, id: &str, text: &str) -> Result<Document, AnalyzeError> {
        let meta = DocMeta {
            id: id.to_string(),
            ..DocMeta::default()
        };
        self.analyze(text.to_string(), meta)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_pipeline_builds_and_runs() {
        let casus = Casus::new().unwrap();
        assert_eq!(
            casus.pipeline().stage_names().collect::<Vec<_>>(),
            [
                "segmenter",
                "tagger",
                "lemmatizer",
                "parser",
                "actors",
                "events",
                "quotes",
                "places",
                "event_places",
                "event_dates"
            ]
        );
        let doc = casus
            .analyze_text("x", "Gen. Smith arrived in the U.S. on Sept. 29. He left.")
            .unwrap();
        let sents: Vec<&str> = doc.sentence_views().map(|s| s.text()).collect();
        assert_eq!(
            sents,
            ["Gen. Smith arrived in the U.S. on Sept. 29.", "He left."]
        );
        let left = doc
            .sentence_views()
            .nth(1)
            .unwrap()
            .tokens()
            .nth(1)
            .unwrap();
        assert_eq!(left.lemma(), Some("leave"));
        assert_eq!(left.head(), Some(None), "'left' is the root");
    }
}
