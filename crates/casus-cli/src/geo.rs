//! `casus geo lookup NAME`: what the gazetteer knows about a place name.

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use std::process::ExitCode;

#[derive(Args)]
pub struct GeoArgs {
    #[command(subcommand)]
    what: What,
}

#[derive(Subcommand)]
enum What {
    /// Every place a name may refer to, most likely first (countries and regions, then
    /// by population), with GeoNames id, country, admin-1, coordinates and the
    /// gazetteer line.
    Lookup {
        /// A place name as news writes it ("Raqqa", "Kiev", "the Gaza Strip").
        name: Vec<String>,
        /// At most this many places.
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
}

pub fn run(args: &GeoArgs) -> Result<ExitCode> {
    let gazetteer = casus::Gazetteer::builtin().context("loading the gazetteer")?;
    match &args.what {
        What::Lookup { name, limit } => {
            let name = name.join(" ");
            let name = name.strip_prefix("the ").unwrap_or(&name);
            let rows = gazetteer.lookup(name);
            if rows.is_empty() {
                println!("no place named `{name}` in the gazetteer");
                return Ok(ExitCode::FAILURE);
            }
            for e in rows.iter().take(*limit) {
                let coords = match (e.lat, e.lon) {
                    (Some(lat), Some(lon)) => format!("{lat:.4},{lon:.4}"),
                    _ => "-".to_string(),
                };
                println!(
                    "{:<10} {:<8} {:<28} {:<15} {:<10} {:<20} pop {:<10} ({}:{})",
                    e.id,
                    e.kind.as_str(),
                    e.name,
                    e.countries,
                    if e.admin1.is_empty() { "-" } else { &e.admin1 },
                    coords,
                    e.population.map_or("-".to_string(), |p| p.to_string()),
                    gazetteer.path(),
                    e.line
                );
            }
            if rows.len() > *limit {
                println!("... {} more (--limit)", rows.len() - limit);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
