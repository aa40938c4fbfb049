//! The company dictionary of this process: the built-in one plus the user's additions file
//! (`companies.tsv` in the config folder), built once, by the reader or a command, and
//! handed to the detector. The file is read here, not in the core: the detector
//! ([`crate::highlight::company`]) does no IO of its own.

use crate::highlight::company::Dictionary;
use std::sync::{Arc, OnceLock};

static SHARED: OnceLock<(Arc<Dictionary>, Vec<String>)> = OnceLock::new();

fn shared_and_problems() -> &'static (Arc<Dictionary>, Vec<String>) {
    SHARED.get_or_init(|| {
        let (d, problems) = load();
        (Arc::new(d), problems)
    })
}

/// The user's additions file: `companies.tsv` in the config folder.
pub fn user_file() -> Option<std::path::PathBuf> {
    crate::config::config_dir().map(|d| d.join("companies.tsv"))
}

/// The built-in dictionary plus the user's additions file, if there is one; what was wrong
/// with the file, each line prefixed with its path and line number.
pub fn load() -> (Dictionary, Vec<String>) {
    let Some(path) = user_file() else {
        return (Dictionary::builtin(), Vec::new());
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let (d, problems) = Dictionary::with_additions(&text);
            let shown = crate::sanitize::path(&path);
            (
                d,
                problems
                    .into_iter()
                    .map(|p| {
                        p.strip_prefix("line ").map_or_else(
                            || format!("{shown}: {p}"),
                            |rest| format!("{shown}:{rest}"),
                        )
                    })
                    .collect(),
            )
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Dictionary::builtin(), Vec::new()),
        Err(e) => (
            Dictionary::builtin(),
            vec![format!(
                "{}: {e}; using the built-in companies only",
                crate::sanitize::path(&path)
            )],
        ),
    }
}

/// The dictionary of this process ([`load`]), built once.
pub fn shared() -> Arc<Dictionary> {
    Arc::clone(&shared_and_problems().0)
}

/// What was wrong with the user's additions file, if [`shared`] has read it already
/// (nothing is built here).
pub fn problems_if_loaded() -> Vec<String> {
    SHARED.get().map(|(_, p)| p.clone()).unwrap_or_default()
}

/// What was wrong with the user's additions file when [`shared`] read it.
pub fn shared_problems() -> Vec<String> {
    shared_and_problems().1.clone()
}
