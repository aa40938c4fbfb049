//! `wxr mark` and `wxr state`: read marks from the command line, and the state as JSON.

use super::MarkAs;
use super::StateAction;
use crate::model::ArticleId;
use crate::store::{self, Record, State, Store};
use serde::Serialize;
use std::io::Write;

/// Opens the store of the data directory, printing its warnings; `None` when there is no
/// data directory at all.
pub(super) fn open_store() -> Option<Store> {
    let Some(dir) = store::data_dir() else {
        eprintln!("wxr: no data directory (set WXR_DATA_DIR)");
        return None;
    };
    let (store, warnings) = Store::open(&dir);
    for w in warnings {
        eprintln!("wxr: {w}");
    }
    Some(store)
}

/// The ids among `ids` no archive knows: not in `within` when it is given, else in none of
/// the library stores, the sample archive, or the marks already made.
fn unknown(ids: &[ArticleId], within: &[std::path::PathBuf], state: &State) -> Vec<ArticleId> {
    let known: std::collections::HashSet<ArticleId> = if within.is_empty() {
        let mut k = crate::archive::store::stored_ids();
        k.extend(state.read.iter().copied());
        k.extend(state.positions.keys().copied());
        k.extend(state.bookmarks.iter().copied());
        let sample = crate::archive::load_all_with(
            &crate::archive::Source::Sample,
            &crate::archive::Options::no_store(),
        );
        k.extend(sample.articles.iter().map(|a| a.id));
        k
    } else {
        let loaded = super::load(within, false);
        super::report_problems(&loaded.problems);
        loaded.articles.iter().map(|a| a.id).collect()
    };
    ids.iter()
        .filter(|id| !known.contains(id))
        .copied()
        .collect()
}

/// `wxr mark read|unread ID... [--in PATH...] [--force]`: each id is printed once it is on
/// disk. Unknown ids are refused before anything is marked (a typo would otherwise mark
/// nothing and say it did).
pub fn mark(how: MarkAs, ids: &[String], within: &[std::path::PathBuf], force: bool) -> i32 {
    let parsed: Result<Vec<ArticleId>, crate::model::IdError> =
        ids.iter().map(|s| s.parse()).collect();
    let ids = match parsed {
        Ok(v) => v,
        Err(e) => {
            eprintln!("wxr: {e}");
            return 2;
        }
    };
    let Some(mut store) = open_store() else {
        return 1;
    };
    if !force {
        let missing = unknown(&ids, within, &store.state);
        if !missing.is_empty() {
            let list: Vec<String> = missing.iter().map(ToString::to_string).collect();
            let place = if within.is_empty() {
                "any archive wxr has read".to_string()
            } else {
                within
                    .iter()
                    .map(|p| super::shown(p))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            eprintln!(
                "wxr: no article with id {} in {place}; nothing marked (`wxr list PATH` shows the ids; --in PATH names the archive, --force marks anyway)",
                list.join(", ")
            );
            return 1;
        }
    }
    let mut out = std::io::stdout().lock();
    for id in ids {
        let r = match how {
            MarkAs::Read => Record::Read { id },
            MarkAs::Unread => Record::Unread { id },
        };
        if let Err(e) = store.append(&[r]) {
            eprintln!("wxr: {e}");
            return 1;
        }
        let word = match how {
            MarkAs::Read => "read",
            MarkAs::Unread => "unread",
        };
        if writeln!(out, "{word} {id}")
            .and_then(|()| out.flush())
            .is_err()
        {
            return 0;
        }
    }
    0
}

/// The file format of `wxr state export`.
#[derive(Serialize, serde::Deserialize)]
struct Exported {
    wxr_state: u32,
    #[serde(flatten)]
    state: State,
}

/// `wxr state export` / `wxr state import FILE`.
pub fn state(action: &StateAction) -> i32 {
    let Some(mut store) = open_store() else {
        return 1;
    };
    match action {
        StateAction::Export => {
            let doc = Exported {
                wxr_state: 1,
                state: store.state.clone(),
            };
            let mut out = std::io::stdout().lock();
            let r = serde_json::to_writer_pretty(&mut out, &doc)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out));
            match r {
                Ok(()) => 0,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
                Err(e) => {
                    eprintln!("wxr: {e}");
                    1
                }
            }
        }
        StateAction::Import { file } => {
            let text = if file.as_os_str() == "-" {
                let mut s = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).map(|_| s)
            } else {
                std::fs::read_to_string(file)
            };
            let text = match text {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("wxr: {}: {e}", super::shown(file));
                    return 1;
                }
            };
            let doc: Exported = match serde_json::from_str(&text) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!(
                        "wxr: {}: not a wxr state export (line {}, column {}: {})",
                        super::shown(file),
                        e.line(),
                        e.column(),
                        super::cut(&e.to_string(), 200)
                    );
                    return 1;
                }
            };
            let records = store.state.merge_records(&doc.state);
            let n = records.len();
            if let Err(e) = store.append(&records) {
                eprintln!("wxr: {e}");
                return 1;
            }
            eprintln!("wxr: imported {n} changes");
            0
        }
    }
}
