//! `casus ontology`: look up the CAMEO and PLOVER ontologies and actor role codes.

use anyhow::{bail, Result};
use casus::Ontology;
use clap::{Args, Subcommand};
use std::process::ExitCode;

#[derive(Args)]
pub struct OntologyArgs {
    #[command(subcommand)]
    what: What,
}

#[derive(Subcommand)]
enum What {
    /// A CAMEO event code ("154", "0311"), or all twenty roots without a code.
    Cameo { code: Option<String> },
    /// A PLOVER event type ("ASSAULT") with its modes, or all types.
    Plover { event_type: Option<String> },
    /// An actor role code ("MIL", "GOV"), or all of them.
    Role { code: Option<String> },
}

pub fn run(args: &OntologyArgs) -> Result<ExitCode> {
    let o = Ontology::builtin();
    match &args.what {
        What::Cameo { code: Some(code) } => {
            let Some(e) = o.cameo(code) else {
                bail!("no CAMEO code `{code}` (codes are text: write 0311, not 311)");
            };
            let root = o.cameo(&e.root).map_or("", |r| r.name.as_str());
            println!("{}  {}", e.code, e.name);
            println!("  root        {} {}", e.root, root);
            println!("  quad class  {}", e.quad_class);
            println!("  goldstein   {:+.1}", e.goldstein);
            print!("  plover      {}", e.plover.event_type);
            if let Some(mode) = &e.plover.mode {
                print!(" (mode {mode})");
            }
            if !e.plover.contexts.is_empty() {
                print!(" [context {}]", e.plover.contexts.join(", "));
            }
            println!();
            if !e.description.is_empty() {
                println!("  {}", e.description);
            }
            let children: Vec<String> = o
                .cameo_children(&e.code)
                .map(|c| format!("{} {}", c.code, c.name))
                .collect();
            if !children.is_empty() {
                println!("  sub-codes:");
                for c in children {
                    println!("    {c}");
                }
            }
        }
        What::Cameo { code: None } => {
            for e in o.cameo_events().iter().filter(|e| e.level() == 1) {
                println!(
                    "{}  {:<40} quad {}  goldstein {:+.1}",
                    e.code,
                    e.name,
                    e.quad_class.number(),
                    e.goldstein
                );
            }
        }
        What::Plover {
            event_type: Some(t),
        } => {
            let Some(p) = o.plover_type(t) else {
                bail!("no PLOVER event type `{t}`");
            };
            println!("{}  quad class {}", p.name, p.quad_class);
            println!("  {}", p.definition);
            for m in o.plover_modes_of(&p.name) {
                println!("  mode {:<16} {}", m.mode, m.definition);
            }
            let codes: Vec<&str> = o
                .cameo_events()
                .iter()
                .filter(|e| e.plover.event_type == p.name)
                .map(|e| e.code.as_str())
                .collect();
            println!("  CAMEO codes: {}", codes.join(" "));
        }
        What::Plover { event_type: None } => {
            for p in o.plover_types() {
                println!(
                    "{:<10} quad {}  {}",
                    p.name,
                    p.quad_class.number(),
                    p.definition
                );
            }
        }
        What::Role { code: Some(code) } => {
            let Some(r) = o.role(code) else {
                bail!("no actor role code `{code}`");
            };
            println!("{}  {} ({})", r.code, r.name, r.kind);
            println!("  {}", r.description);
        }
        What::Role { code: None } => {
            for r in o.roles() {
                println!("{}  {:<14} {}", r.code, r.kind, r.name);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
