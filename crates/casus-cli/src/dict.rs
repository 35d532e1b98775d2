//! `casus dict`: check dictionary files.

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args)]
pub struct DictArgs {
    #[command(subcommand)]
    what: What,
}

#[derive(Subcommand)]
enum What {
    /// Report every problem in dictionary files as `path:line: code: message`; exits 1
    /// if there is any. Without paths, checks `resources/dictionaries/`.
    Lint { paths: Vec<PathBuf> },
    /// Code every `example` line of the dictionaries (as they are on disk, replacing the
    /// shipped files of the same kind) and compare with its expected codes; exits 1 on
    /// any failure. Without paths, tests `resources/dictionaries/`.
    Test { paths: Vec<PathBuf> },
}

/// The dictionary files under `paths` (default `resources/dictionaries/`), sorted.
pub fn files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let roots = if paths.is_empty() {
        vec![PathBuf::from("resources/dictionaries")]
    } else {
        paths.to_vec()
    };
    let mut files = Vec::new();
    for root in &roots {
        collect(root, &mut files)?;
    }
    Ok(files)
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .with_context(|| format!("reading {}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "txt"))
            .collect();
        entries.sort();
        for e in entries {
            collect(&e, out)?;
        }
    } else {
        out.push(path.to_path_buf());
    }
    Ok(())
}

pub fn run(args: &DictArgs) -> Result<ExitCode> {
    let paths = match &args.what {
        What::Lint { paths } => paths,
        What::Test { paths } => return super::dict_test::run(paths),
    };
    let files = files(paths)?;
    let (mut problems, mut entries) = (0, 0);
    for file in &files {
        let source = match std::fs::read_to_string(file) {
            Ok(s) => s,
            Err(e) => {
                println!("{}:0: D000: cannot read: {e}", file.display());
                problems += 1;
                continue;
            }
        };
        match casus_coder::dict::parse(&file.display().to_string(), &source) {
            Ok(dict) => entries += dict.entries.len(),
            Err(errors) => {
                problems += errors.len();
                for e in errors {
                    println!("{e}");
                }
            }
        }
    }
    eprintln!(
        "casus dict lint: {} file(s), {entries} entries in clean files, {problems} problem(s)",
        files.len()
    );
    Ok(if problems == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
