//! Access to `../shared` data, which a user's clone does not have.

use std::path::PathBuf;

/// The shared data folder: `$CASUS_SHARED`, else `../shared` beside the repository.
/// Returns `None` (after printing a skip note) when it is absent, and panics when it
/// is absent under `CI=true`, so CI can never pass by skipping.
pub fn shared_dir(what: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("CASUS_SHARED").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
        PathBuf::from,
    );
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "CI=true but the shared data folder {} is missing ({what})",
            dir.display()
        );
    }
    eprintln!(
        "skip: {what}: shared data folder {} not found",
        dir.display()
    );
    None
}
