//! The [`Stage`] trait and the [`Pipeline`] that runs stages in order.

use crate::document::Document;
use crate::error::LayerError;
use serde::Serialize;
use std::fmt;

/// An annotation layer of a [`Document`]. Stages name layers to declare their
/// contract. Later stages of casus (syntax, coding, geo) add their layers here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[non_exhaustive]
pub enum Layer {
    Paragraphs,
    Sentences,
    Tokens,
    /// UPOS and XPOS tags.
    Tags,
    Lemmas,
    /// Dependency heads and relations.
    Deps,
    /// Actor mentions with their codes.
    Mentions,
    /// Coded events.
    Events,
    /// Places named in the text, resolved against a gazetteer.
    Places,
    /// Where each event happened (one entry per event).
    EventPlaces,
    /// When each event happened (one entry per event).
    EventDates,
    /// Direct quotations and their speakers.
    Quotes,
}

/// Running a stage on a document failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StageError {
    /// The document lacks a layer the stage requires (only possible when a stage is
    /// run outside a [`Pipeline`], which checks this at build time).
    #[error("stage {stage} requires layer {layer:?}, which the document does not have")]
    MissingLayer { stage: &'static str, layer: Layer },
    /// The stage produced a layer that breaks a document invariant: a bug in the stage.
    #[error("stage {stage} wrote an invalid layer: {source}")]
    Layer {
        stage: &'static str,
        #[source]
        source: LayerError,
    },
}

/// One step of the pipeline. A stage reads the layers it [`requires`](Stage::requires)
/// and writes the layers it [`provides`](Stage::provides), computing everything first and
/// writing once at the end (so a failing stage leaves the document unchanged).
///
/// Stages are `Send + Sync` and take `&self`: one stage value serves many threads, and
/// casus parallelises across documents at the pipeline level, never inside a stage.
pub trait Stage: Send + Sync + fmt::Debug {
    /// A short stable name, used in errors and provenance.
    fn name(&self) -> &'static str;

    /// Layers that must be present before this stage runs.
    fn requires(&self) -> &'static [Layer];

    /// Layers this stage writes.
    fn provides(&self) -> &'static [Layer];

    /// # Errors
    ///
    /// A [`StageError`] if a required layer is missing or the stage's output breaks an
    /// invariant of the document.
    fn process(&self, doc: &mut Document) -> Result<(), StageError>;

    /// Processes many documents; stages override this when batching pays.
    fn process_batch(&self, docs: &mut [Document]) -> Vec<Result<(), StageError>> {
        docs.iter_mut().map(|doc| self.process(doc)).collect()
    }
}

/// Building a pipeline failed: its stages' contracts do not fit together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PipelineError {
    #[error("stage {stage} requires layer {layer:?}, but no earlier stage provides it")]
    MissingLayer { stage: &'static str, layer: Layer },
    #[error("stages {first} and {second} both provide layer {layer:?}; a layer has one writer")]
    DuplicateProvider {
        layer: Layer,
        first: &'static str,
        second: &'static str,
    },
}

/// Builds a [`Pipeline`], checking stage contracts in [`PipelineBuilder::build`].
#[derive(Debug, Default)]
pub struct PipelineBuilder {
    given: Vec<Layer>,
    stages: Vec<Box<dyn Stage>>,
}

impl PipelineBuilder {
    /// Declares a layer the input documents already carry (for example gold tokens
    /// read from CoNLL-U), so that stages requiring it are accepted.
    pub fn given(mut self, layer: Layer) -> PipelineBuilder {
        self.given.push(layer);
        self
    }

    pub fn stage(mut self, stage: impl Stage + 'static) -> PipelineBuilder {
        self.stages.push(Box::new(stage));
        self
    }

    pub fn boxed_stage(mut self, stage: Box<dyn Stage>) -> PipelineBuilder {
        self.stages.push(stage);
        self
    }

    /// # Errors
    ///
    /// [`PipelineError::MissingLayer`] when a stage requires a layer that is neither
    /// given nor provided by an earlier stage; [`PipelineError::DuplicateProvider`]
    /// when two stages (or a stage and the input) provide the same layer.
    pub fn build(self) -> Result<Pipeline, PipelineError> {
        let mut providers: Vec<(Layer, &'static str)> =
            self.given.iter().map(|&l| (l, "input")).collect();
        for stage in &self.stages {
            for &layer in stage.requires() {
                if !providers.iter().any(|&(l, _)| l == layer) {
                    return Err(PipelineError::MissingLayer {
                        stage: stage.name(),
                        layer,
                    });
                }
            }
            for &layer in stage.provides() {
                if let Some(&(_, first)) = providers.iter().find(|&&(l, _)| l == layer) {
                    return Err(PipelineError::DuplicateProvider {
                        layer,
                        first,
                        second: stage.name(),
                    });
                }
                providers.push((layer, stage.name()));
            }
        }
        Ok(Pipeline {
            stages: self.stages,
            provides: providers.into_iter().map(|(l, _)| l).collect(),
        })
    }
}

/// An ordered list of stages whose contracts were checked when it was built.
/// Immutable and shareable across threads.
#[derive(Debug)]
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
    provides: Vec<Layer>,
}

impl Pipeline {
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// Every layer a document carries after this pipeline ran.
    pub fn provides(&self) -> &[Layer] {
        &self.provides
    }

    pub fn stage_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.stages.iter().map(|s| s.name())
    }

    /// Runs every stage on the document, stopping at the first error.
    ///
    /// # Errors
    ///
    /// The first [`StageError`] of any stage.
    pub fn run(&self, doc: &mut Document) -> Result<(), StageError> {
        for stage in &self.stages {
            stage.process(doc)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DocMeta, Paragraph, ParagraphKind, TextRange};

    #[derive(Debug)]
    struct Fake {
        name: &'static str,
        requires: &'static [Layer],
        provides: &'static [Layer],
    }

    impl Stage for Fake {
        fn name(&self) -> &'static str {
            self.name
        }
        fn requires(&self) -> &'static [Layer] {
            self.requires
        }
        fn provides(&self) -> &'static [Layer] {
            self.provides
        }
        fn process(&self, doc: &mut Document) -> Result<(), StageError> {
            let range = TextRange::from_usize(0, doc.text().len());
            doc.set_paragraphs(vec![Paragraph {
                range,
                kind: ParagraphKind::Body,
                provenance: None,
            }])
            .map_err(|source| StageError::Layer {
                stage: self.name,
                source,
            })
        }
    }

    fn fake(name: &'static str, requires: &'static [Layer], provides: &'static [Layer]) -> Fake {
        Fake {
            name,
            requires,
            provides,
        }
    }

    #[test]
    fn missing_layer_is_a_build_error() {
        let err = Pipeline::builder()
            .stage(fake("parser", &[Layer::Tokens], &[]))
            .build()
            .unwrap_err();
        assert_eq!(
            err,
            PipelineError::MissingLayer {
                stage: "parser",
                layer: Layer::Tokens
            }
        );
    }

    #[test]
    fn order_matters() {
        let err = Pipeline::builder()
            .stage(fake("b", &[Layer::Tokens], &[]))
            .stage(fake("a", &[], &[Layer::Tokens]))
            .build()
            .unwrap_err();
        assert!(matches!(
            err,
            PipelineError::MissingLayer { stage: "b", .. }
        ));
        let ok = Pipeline::builder()
            .stage(fake("a", &[], &[Layer::Tokens]))
            .stage(fake("b", &[Layer::Tokens], &[]))
            .build()
            .unwrap();
        assert_eq!(ok.stage_names().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(ok.provides(), [Layer::Tokens]);
    }

    #[test]
    fn given_layers_satisfy_requirements_and_duplicates_fail() {
        Pipeline::builder()
            .given(Layer::Tokens)
            .stage(fake("b", &[Layer::Tokens], &[]))
            .build()
            .unwrap();
        let err = Pipeline::builder()
            .stage(fake("a", &[], &[Layer::Tokens]))
            .stage(fake("c", &[], &[Layer::Tokens]))
            .build()
            .unwrap_err();
        assert!(matches!(
            err,
            PipelineError::DuplicateProvider {
                first: "a",
                second: "c",
                ..
            }
        ));
    }

    #[test]
    fn run_reports_invalid_layers() {
        let pipeline = Pipeline::builder()
            .stage(fake("p", &[], &[Layer::Paragraphs]))
            .build()
            .unwrap();
        let mut doc = Document::new("text", DocMeta::default()).unwrap();
        pipeline.run(&mut doc).unwrap();
        assert!(doc.has(Layer::Paragraphs));
        // Running twice tries to set the layer again: a typed error, not a panic.
        let err = pipeline.run(&mut doc).unwrap_err();
        assert!(matches!(err, StageError::Layer { stage: "p", .. }));
    }
}
