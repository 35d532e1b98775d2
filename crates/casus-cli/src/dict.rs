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
    /// Convert PETRARCH / TABARI actor and agent dictionaries (e.g. the Phoenix set)
    /// into casus files (people.txt, organisations.txt, agents.txt) under --out, then
    /// use them with `casus code --dictionaries DIR`.
    ImportPetrarch {
        /// PETRARCH actor dictionaries.
        #[arg(long, num_args = 1..)]
        actors: Vec<PathBuf>,
        /// PETRARCH agent dictionaries.
        #[arg(long, num_args = 1..)]
        agents: Vec<PathBuf>,
        /// Directory to write the casus dictionaries to.
        #[arg(long)]
        out: PathBuf,
    },
}

fn import_petrarch(actors: &[PathBuf], agents: &[PathBuf], out: &Path) -> Result<ExitCode> {
    let read = |paths: &[PathBuf]| -> Result<Vec<(String, String)>> {
        paths
            .iter()
            .map(|p| {
                // PETRARCH files carry a few invalid bytes; replace them.
                let bytes =
                    std::fs::read(p).with_context(|| format!("{}: cannot read", p.display()))?;
                Ok((
                    p.display().to_string(),
                    String::from_utf8_lossy(&bytes).into_owned(),
                ))
            })
            .collect()
    };
    let actor_files = read(actors)?;
    let agent_files = read(agents)?;
    fn as_refs(files: &[(String, String)]) -> Vec<(&str, &str)> {
        files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect()
    }
    std::fs::create_dir_all(out).with_context(|| format!("{}: cannot create", out.display()))?;
    let mut warnings = Vec::new();
    let mut written = Vec::new();
    if !actor_files.is_empty() {
        let c = casus_coder::petrarch::convert_actors(&as_refs(&actor_files));
        warnings.extend(c.warnings);
        written.push(("people.txt", c.people));
        written.push(("organisations.txt", c.organisations));
    }
    if !agent_files.is_empty() {
        let c = casus_coder::petrarch::convert_agents(&as_refs(&agent_files));
        warnings.extend(c.warnings);
        written.push(("agents.txt", c.agents));
    }
    let mut problems = 0;
    for (name, text) in &written {
        let path = out.join(name);
        std::fs::write(&path, text).with_context(|| format!("{}: cannot write", path.display()))?;
        match casus_coder::dict::parse(&path.display().to_string(), text) {
            Ok(d) => eprintln!("casus: {}: {} entries", path.display(), d.entries.len()),
            Err(errors) => {
                problems += errors.len();
                for e in errors {
                    println!("{e}");
                }
            }
        }
    }
    for w in &warnings {
        println!("{w}");
    }
    eprintln!(
        "casus dict import-petrarch: {} warning(s) in the PETRARCH files, {problems} problem(s) in the converted ones",
        warnings.len()
    );
    Ok(if problems == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
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
        What::ImportPetrarch {
            actors,
            agents,
            out,
        } => return import_petrarch(actors, agents, out),
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

/// Parses the dictionaries under `dir` for `--dictionaries`: every problem is
/// reported and fails the command before any coding.
pub fn load_dir(dir: &Path) -> Result<Vec<casus_coder::dict::DictFile>> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for file in files(&[dir.to_path_buf()])? {
        let bytes =
            std::fs::read(&file).with_context(|| format!("{}: cannot read", file.display()))?;
        let text = String::from_utf8_lossy(&bytes);
        match casus_coder::dict::parse(&file.display().to_string(), &text) {
            Ok(d) => out.push(d),
            Err(errors) => problems.extend(errors.iter().map(ToString::to_string)),
        }
    }
    if !problems.is_empty() {
        anyhow::bail!(
            "dictionaries in {}:\n{}",
            dir.display(),
            problems.join("\n")
        );
    }
    if out.is_empty() {
        anyhow::bail!("{}: no dictionary files (*.txt)", dir.display());
    }
    Ok(out)
}
