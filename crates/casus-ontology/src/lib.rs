//! The event ontologies casus codes into: CAMEO event codes with their Goldstein
//! scores and QuadClass, PLOVER event types, modes and contexts, the CAMEO→PLOVER
//! mapping, and the CAMEO actor role codes.
//!
//! The principal type is [`Ontology`]; [`Ontology::builtin`] holds the tables shipped
//! in `resources/ontology/` (compiled into the binary, so casus needs no data files at
//! run time). The tables are human-edited text with a format version; see that folder's
//! README for their sources and licences.
//!
//! Design decision: the tables are parsed once, lazily, into plain vectors plus index
//! maps. Codes are kept as strings (`"0311"`), never numbers, because CAMEO's leading
//! zeros are significant and "031" and "0311" are different codes.

mod tsv;

use serde::Serialize;
use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

/// A problem in an ontology table, as `path:line: message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct OntologyError {
    pub path: String,
    pub line: usize,
    pub message: String,
}

/// GDELT's QuadClass: the four-way split of events into cooperation and conflict,
/// verbal and material.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum QuadClass {
    VerbalCooperation = 1,
    MaterialCooperation = 2,
    VerbalConflict = 3,
    MaterialConflict = 4,
}

impl QuadClass {
    pub fn from_number(n: u8) -> Option<QuadClass> {
        match n {
            1 => Some(QuadClass::VerbalCooperation),
            2 => Some(QuadClass::MaterialCooperation),
            3 => Some(QuadClass::VerbalConflict),
            4 => Some(QuadClass::MaterialConflict),
            _ => None,
        }
    }

    pub fn number(self) -> u8 {
        self as u8
    }

    /// The QuadClass GDELT assigns to a CAMEO root ("01".."20").
    pub fn of_root(root: &str) -> Option<QuadClass> {
        match root.parse::<u8>().ok()? {
            1..=5 => Some(QuadClass::VerbalCooperation),
            6..=8 => Some(QuadClass::MaterialCooperation),
            9..=13 => Some(QuadClass::VerbalConflict),
            14..=20 => Some(QuadClass::MaterialConflict),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            QuadClass::VerbalCooperation => "verbal cooperation",
            QuadClass::MaterialCooperation => "material cooperation",
            QuadClass::VerbalConflict => "verbal conflict",
            QuadClass::MaterialConflict => "material conflict",
        }
    }
}

impl fmt::Display for QuadClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.number(), self.label())
    }
}

/// A CAMEO event code and everything casus knows about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CameoEvent {
    /// The code as text, leading zero kept: `"0311"`, `"154"`.
    pub code: String,
    /// The two-digit root: `"03"`.
    pub root: String,
    pub quad_class: QuadClass,
    pub goldstein: f32,
    pub name: String,
    pub description: String,
    pub plover: PloverMapping,
}

impl CameoEvent {
    /// 1 for a root ("15"), 2 for a three-digit code, 3 for a four-digit code.
    pub fn level(&self) -> usize {
        self.code.len() - 1
    }
}

/// Where a CAMEO code lands in PLOVER.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PloverMapping {
    pub event_type: String,
    pub mode: Option<String>,
    pub contexts: Vec<String>,
    /// Why the mapping departs from CAMEO2PLOVER-2021, when it does.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PloverType {
    pub name: String,
    pub quad_class: QuadClass,
    pub label: String,
    pub definition: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PloverMode {
    pub event_type: String,
    pub mode: String,
    pub definition: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PloverContext {
    pub context: String,
    pub definition: String,
}

/// An actor role (agent, sector) code such as `GOV`, `MIL`, `REB`, `IGO`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorRole {
    pub code: String,
    /// `primary`, `secondary`, `tertiary`, `organisation`, `international` or `plover`.
    pub kind: String,
    pub name: String,
    pub description: String,
}

/// The ontology tables, indexed.
#[derive(Debug, Clone)]
pub struct Ontology {
    cameo: Vec<CameoEvent>,
    cameo_index: HashMap<String, usize>,
    plover_types: Vec<PloverType>,
    plover_modes: Vec<PloverMode>,
    plover_contexts: Vec<PloverContext>,
    roles: Vec<ActorRole>,
}

/// The text of every table, by file name; [`Ontology::parse`] reads them together
/// because they refer to each other.
#[derive(Debug, Clone, Copy)]
pub struct OntologySources<'a> {
    pub cameo_events: &'a str,
    pub cameo_plover: &'a str,
    pub plover_types: &'a str,
    pub plover_modes: &'a str,
    pub plover_contexts: &'a str,
    pub actor_roles: &'a str,
}

/// The format version of every table this code reads.
pub const FORMAT_VERSION: u32 = 1;

macro_rules! resource {
    ($name:literal) => {
        include_str!(concat!("../../../resources/ontology/", $name))
    };
}

const BUILTIN: OntologySources<'static> = OntologySources {
    cameo_events: resource!("cameo-events.tsv"),
    cameo_plover: resource!("cameo-plover.tsv"),
    plover_types: resource!("plover-types.tsv"),
    plover_modes: resource!("plover-modes.tsv"),
    plover_contexts: resource!("plover-contexts.tsv"),
    actor_roles: resource!("actor-roles.tsv"),
};

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

impl Ontology {
    /// The tables shipped with casus.
    pub fn builtin() -> &'static Ontology {
        static ONTOLOGY: OnceLock<Ontology> = OnceLock::new();
        ONTOLOGY.get_or_init(|| {
            Ontology::parse(&BUILTIN).expect("shipped ontology tables are valid (unit-tested)")
        })
    }

    /// Parses and cross-checks all tables.
    ///
    /// # Errors
    ///
    /// Every problem found, each with its file and line: bad version lines or headers,
    /// malformed codes or numbers, duplicate codes, a CAMEO code without a root row or
    /// a PLOVER mapping, a mapping to an unknown PLOVER type or mode.
    pub fn parse(src: &OntologySources<'_>) -> Result<Ontology, Vec<OntologyError>> {
        let mut errors = Vec::new();
        let err = |path: &str, line: usize, message: String| OntologyError {
            path: path.to_string(),
            line,
            message,
        };

        let path = "ontology/plover-types.tsv";
        let mut plover_types = Vec::new();
        for row in tsv::read_table(
            path,
            "plover-types",
            FORMAT_VERSION,
            &["type", "quad_class", "name", "definition"],
            src.plover_types,
            &mut errors,
        ) {
            let f = &row.fields;
            match f[1].parse().ok().and_then(QuadClass::from_number) {
                Some(quad_class) => plover_types.push(PloverType {
                    name: f[0].to_string(),
                    quad_class,
                    label: f[2].to_string(),
                    definition: f[3].to_string(),
                }),
                None => errors.push(err(
                    path,
                    row.line,
                    format!("quad_class `{}` is not 1-4", f[1]),
                )),
            }
        }

        let path = "ontology/plover-modes.tsv";
        let mut plover_modes = Vec::new();
        for row in tsv::read_table(
            path,
            "plover-modes",
            FORMAT_VERSION,
            &["type", "mode", "definition"],
            src.plover_modes,
            &mut errors,
        ) {
            let f = &row.fields;
            if !plover_types.iter().any(|t| t.name == f[0]) {
                errors.push(err(
                    path,
                    row.line,
                    format!("unknown PLOVER type `{}`", f[0]),
                ));
            }
            plover_modes.push(PloverMode {
                event_type: f[0].to_string(),
                mode: f[1].to_string(),
                definition: f[2].to_string(),
            });
        }

        let path = "ontology/plover-contexts.tsv";
        let plover_contexts: Vec<PloverContext> = tsv::read_table(
            path,
            "plover-contexts",
            FORMAT_VERSION,
            &["context", "definition"],
            src.plover_contexts,
            &mut errors,
        )
        .into_iter()
        .map(|row| PloverContext {
            context: row.fields[0].to_string(),
            definition: row.fields[1].to_string(),
        })
        .collect();

        let path = "ontology/cameo-plover.tsv";
        let mut mappings: HashMap<String, (usize, PloverMapping)> = HashMap::new();
        for row in tsv::read_table(
            path,
            "cameo-plover",
            FORMAT_VERSION,
            &[
                "cameo",
                "plover_type",
                "plover_mode",
                "plover_context",
                "note",
            ],
            src.cameo_plover,
            &mut errors,
        ) {
            let f = &row.fields;
            let mapping = PloverMapping {
                event_type: f[1].to_string(),
                mode: non_empty(f[2]),
                contexts: f[3].split(';').filter_map(non_empty).collect(),
                note: non_empty(f[4]),
            };
            if !plover_types.iter().any(|t| t.name == mapping.event_type) {
                errors.push(err(
                    path,
                    row.line,
                    format!("unknown PLOVER type `{}`", mapping.event_type),
                ));
            }
            if let Some(mode) = &mapping.mode {
                if !plover_modes
                    .iter()
                    .any(|m| m.event_type == mapping.event_type && &m.mode == mode)
                {
                    errors.push(err(
                        path,
                        row.line,
                        format!("`{mode}` is not a mode of {}", mapping.event_type),
                    ));
                }
            }
            for c in &mapping.contexts {
                if !plover_contexts.iter().any(|p| &p.context == c) {
                    errors.push(err(path, row.line, format!("unknown PLOVER context `{c}`")));
                }
            }
            if mappings
                .insert(f[0].to_string(), (row.line, mapping))
                .is_some()
            {
                errors.push(err(
                    path,
                    row.line,
                    format!("duplicate CAMEO code `{}`", f[0]),
                ));
            }
        }

        let path = "ontology/cameo-events.tsv";
        let mut cameo = Vec::new();
        let mut cameo_index = HashMap::new();
        for row in tsv::read_table(
            path,
            "cameo-events",
            FORMAT_VERSION,
            &[
                "code",
                "root",
                "quad_class",
                "goldstein",
                "name",
                "description",
            ],
            src.cameo_events,
            &mut errors,
        ) {
            let f = &row.fields;
            let code = f[0];
            if !(2..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
                errors.push(err(
                    path,
                    row.line,
                    format!("`{code}` is not a 2-4 digit CAMEO code"),
                ));
                continue;
            }
            if f[1] != &code[..2] {
                errors.push(err(
                    path,
                    row.line,
                    format!("root `{}` is not the first two digits of `{code}`", f[1]),
                ));
                continue;
            }
            let quad = f[2].parse().ok().and_then(QuadClass::from_number);
            let Some(quad_class) = quad.filter(|q| Some(*q) == QuadClass::of_root(f[1])) else {
                errors.push(err(
                    path,
                    row.line,
                    format!("quad_class `{}` does not match root {}", f[2], f[1]),
                ));
                continue;
            };
            let goldstein: f32 = match f[3].parse() {
                Ok(g) if (-10.0..=10.0).contains(&g) => g,
                _ => {
                    errors.push(err(
                        path,
                        row.line,
                        format!("goldstein `{}` is not a number in -10..10", f[3]),
                    ));
                    continue;
                }
            };
            let Some((_, plover)) = mappings.remove(code) else {
                errors.push(err(
                    path,
                    row.line,
                    format!("`{code}` has no row in cameo-plover.tsv"),
                ));
                continue;
            };
            if cameo_index.insert(code.to_string(), cameo.len()).is_some() {
                errors.push(err(
                    path,
                    row.line,
                    format!("duplicate CAMEO code `{code}`"),
                ));
                continue;
            }
            cameo.push(CameoEvent {
                code: code.to_string(),
                root: f[1].to_string(),
                quad_class,
                goldstein,
                name: f[4].to_string(),
                description: f[5].to_string(),
                plover,
            });
        }
        for event in &cameo {
            if !cameo_index.contains_key(&event.root) {
                errors.push(err(
                    path,
                    0,
                    format!("`{}` has no root row `{}`", event.code, event.root),
                ));
            }
        }
        let mut leftovers: Vec<_> = mappings.into_iter().collect();
        leftovers.sort_by_key(|(_, (line, _))| *line);
        for (code, (line, _)) in leftovers {
            errors.push(err(
                "ontology/cameo-plover.tsv",
                line,
                format!("`{code}` is not in cameo-events.tsv"),
            ));
        }

        let path = "ontology/actor-roles.tsv";
        let mut roles: Vec<ActorRole> = Vec::new();
        for row in tsv::read_table(
            path,
            "actor-roles",
            FORMAT_VERSION,
            &["code", "kind", "name", "description"],
            src.actor_roles,
            &mut errors,
        ) {
            let f = &row.fields;
            if f[0].len() != 3 || !f[0].bytes().all(|b| b.is_ascii_uppercase()) {
                errors.push(err(
                    path,
                    row.line,
                    format!("role code `{}` is not three capital letters", f[0]),
                ));
                continue;
            }
            if roles.iter().any(|r| r.code == f[0]) {
                errors.push(err(
                    path,
                    row.line,
                    format!("duplicate role code `{}`", f[0]),
                ));
                continue;
            }
            roles.push(ActorRole {
                code: f[0].to_string(),
                kind: f[1].to_string(),
                name: f[2].to_string(),
                description: f[3].to_string(),
            });
        }

        if errors.is_empty() {
            Ok(Ontology {
                cameo,
                cameo_index,
                plover_types,
                plover_modes,
                plover_contexts,
                roles,
            })
        } else {
            Err(errors)
        }
    }

    /// A CAMEO code, exactly as written (`"0311"`, `"154"`).
    pub fn cameo(&self, code: &str) -> Option<&CameoEvent> {
        self.cameo_index.get(code).map(|&i| &self.cameo[i])
    }

    /// All CAMEO codes in table order (roots before their sub-codes).
    pub fn cameo_events(&self) -> &[CameoEvent] {
        &self.cameo
    }

    /// The sub-codes of a root or three-digit code.
    pub fn cameo_children<'a>(
        &'a self,
        code: &'a str,
    ) -> impl Iterator<Item = &'a CameoEvent> + 'a {
        self.cameo
            .iter()
            .filter(move |e| e.code.len() == code.len() + 1 && e.code.starts_with(code))
    }

    pub fn plover_type(&self, name: &str) -> Option<&PloverType> {
        self.plover_types
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(name))
    }

    pub fn plover_types(&self) -> &[PloverType] {
        &self.plover_types
    }

    pub fn plover_modes_of<'a>(
        &'a self,
        event_type: &'a str,
    ) -> impl Iterator<Item = &'a PloverMode> + 'a {
        self.plover_modes
            .iter()
            .filter(move |m| m.event_type == event_type)
    }

    pub fn plover_contexts(&self) -> &[PloverContext] {
        &self.plover_contexts
    }

    pub fn role(&self, code: &str) -> Option<&ActorRole> {
        self.roles
            .iter()
            .find(|r| r.code.eq_ignore_ascii_case(code))
    }

    pub fn roles(&self) -> &[ActorRole] {
        &self.roles
    }

    /// The country part of an actor code (`RUSMIL` → `RUS`), or `None` for codes that
    /// start with a role (`IGOUNO`, `IMGMUSISI`, `COP`) or are no actor code.
    pub fn actor_country<'c>(&self, code: &'c str) -> Option<&'c str> {
        let head = code.get(..3)?;
        if self.role(head).is_some() || !head.bytes().all(|b| b.is_ascii_uppercase()) {
            None
        } else {
            Some(head)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_tables_parse() {
        if let Err(errors) = Ontology::parse(&BUILTIN) {
            panic!(
                "{}",
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
    }

    #[test]
    fn every_cameo_code_is_complete() {
        let o = Ontology::builtin();
        assert!(
            o.cameo_events().len() >= 300,
            "{} codes",
            o.cameo_events().len()
        );
        for e in o.cameo_events() {
            let root = o
                .cameo(&e.root)
                .unwrap_or_else(|| panic!("{} has no root", e.code));
            assert_eq!(root.quad_class, e.quad_class, "{}", e.code);
            assert_eq!(
                Some(e.quad_class),
                QuadClass::of_root(&e.root),
                "{}",
                e.code
            );
            assert!((-10.0..=10.0).contains(&e.goldstein), "{}", e.code);
            let t = o
                .plover_type(&e.plover.event_type)
                .unwrap_or_else(|| panic!("{} has no PLOVER type", e.code));
            assert_eq!(t.name, e.plover.event_type);
            if e.level() > 1 {
                let parent = &e.code[..e.code.len() - 1];
                assert!(
                    o.cameo(parent).is_some(),
                    "{} has no parent {parent}",
                    e.code
                );
            }
        }
        // All twenty roots are there.
        for root in 1..=20 {
            assert!(o.cameo(&format!("{root:02}")).is_some(), "root {root:02}");
        }
    }

    #[test]
    fn known_codes() {
        let o = Ontology::builtin();
        let e = o.cameo("0311").unwrap();
        assert_eq!(e.root, "03");
        assert_eq!(e.quad_class, QuadClass::VerbalCooperation);
        let strike = o.cameo("195").unwrap();
        assert_eq!(strike.quad_class, QuadClass::MaterialConflict);
        assert_eq!(strike.goldstein, -10.0);
        assert_eq!(strike.plover.event_type, "ASSAULT");
        assert_eq!(o.cameo("154").unwrap().plover.event_type, "MOBILIZE");
        assert!(o.cameo("311").is_none(), "codes are text: 311 is not 0311");
        assert_eq!(o.cameo_children("19").count(), 7, "190-196");
    }

    #[test]
    fn actor_roles_cover_cameo_sectors() {
        let o = Ontology::builtin();
        for code in [
            "GOV", "MIL", "COP", "REB", "OPP", "IGO", "NGO", "IMG", "MED", "BUS", "CVL", "ELI",
            "JUD", "LEG", "SPY", "REF",
        ] {
            assert!(o.role(code).is_some(), "{code}");
        }
    }

    #[test]
    fn errors_name_file_and_line() {
        let mut src = BUILTIN;
        let broken = BUILTIN
            .cameo_events
            .replacen("\n0311\t03\t1\t", "\n0311\t03\t4\t", 1);
        src.cameo_events = &broken;
        let errors = Ontology::parse(&src).unwrap_err();
        assert!(
            errors.iter().any(|e| e.path == "ontology/cameo-events.tsv"
                && e.line > 1
                && e.message.contains("quad_class `4`")),
            "{errors:?}"
        );
        let errors = Ontology::parse(&OntologySources {
            plover_types: "#! casus-ontology plover-types v9\n",
            ..BUILTIN
        })
        .unwrap_err();
        assert!(
            errors[0]
                .to_string()
                .starts_with("ontology/plover-types.tsv:1: unsupported format"),
            "{errors:?}"
        );
    }
}
