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

pub use casus_doc::{self as doc, DocMeta, Document};
pub use casus_ontology::{self as ontology, Ontology};
pub use casus_text::{self as text, Segmenter};

use casus_doc::{DocumentError, Pipeline, PipelineError, StageError};

/// Why a document could not be analysed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AnalyzeError {
    #[error(transparent)]
    Document(#[from] DocumentError),
    #[error(transparent)]
    Stage(#[from] StageError),
}

/// The assembled analysis pipeline. Build once, share across threads.
#[derive(Debug)]
pub struct Casus {
    pipeline: Pipeline,
}

impl Casus {
    /// The default news pipeline: segmentation (later issues add tagging, parsing,
    /// coding and geolocation).
    ///
    /// # Errors
    ///
    /// A [`PipelineError`] if the stages' contracts do not fit; the default pipeline's
    /// always do (a unit test builds it).
    pub fn new() -> Result<Casus, PipelineError> {
        let pipeline = Pipeline::builder().stage(Segmenter::new()).build()?;
        Ok(Casus { pipeline })
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
            ["segmenter"]
        );
        let doc = casus
            .analyze_text("x", "Gen. Smith arrived in the U.S. on Sept. 29. He left.")
            .unwrap();
        let sents: Vec<&str> = doc.sentence_views().map(|s| s.text()).collect();
        assert_eq!(
            sents,
            ["Gen. Smith arrived in the U.S. on Sept. 29.", "He left."]
        );
    }
}
