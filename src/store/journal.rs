//! The journal's records and its replay.

use super::State;
use crate::model::ArticleId;
use serde::{Deserialize, Serialize};

/// One change, as one line of the journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Record {
    Read {
        id: ArticleId,
    },
    Unread {
        id: ArticleId,
    },
    /// Reading position in thousandths; 0 forgets it.
    Pos {
        id: ArticleId,
        p: u16,
    },
    Bookmark {
        id: ArticleId,
    },
    Unbookmark {
        id: ArticleId,
    },
}

/// Reads a record in exactly the shape this module writes (`{"op":"read","id":"…"}`,
/// `{"op":"pos","id":"…","p":420}`) without a JSON parser: loading 100,000 articles' state
/// must take well under 50 ms. Anything else goes to serde.
pub(super) fn fast(line: &str) -> Option<Record> {
    let rest = line.strip_prefix("{\"op\":\"")?;
    let (op, rest) = rest.split_once('"')?;
    let rest = rest.strip_prefix(",\"id\":\"")?;
    let id: ArticleId = rest.get(..16)?.parse().ok()?;
    let rest = rest.get(16..)?;
    Some(match (op, rest) {
        ("read", "\"}") => Record::Read { id },
        ("unread", "\"}") => Record::Unread { id },
        ("bookmark", "\"}") => Record::Bookmark { id },
        ("unbookmark", "\"}") => Record::Unbookmark { id },
        ("pos", r) => {
            let p = r.strip_prefix("\",\"p\":")?.strip_suffix('}')?;
            Record::Pos {
                id,
                p: p.parse().ok()?,
            }
        }
        _ => return None,
    })
}

impl Record {
    pub fn id(&self) -> ArticleId {
        match *self {
            Record::Read { id }
            | Record::Unread { id }
            | Record::Pos { id, .. }
            | Record::Bookmark { id }
            | Record::Unbookmark { id } => id,
        }
    }
}

pub struct Replay {
    pub state: State,
    pub records: usize,
    /// What was wrong with the file, if anything beyond a record cut short by a crash.
    pub damage: Option<String>,
}

/// Replays journal text. A line that is the start of a record cut short (its JSON ends
/// early) is skipped; any other unreadable line is damage, reported with its line number.
pub fn replay(text: &str) -> Replay {
    let mut state = State::default();
    let mut records = 0;
    let mut damage = None;
    for (n, line) in text.split('\n').enumerate() {
        if line.is_empty() {
            continue;
        }
        if let Some(r) = fast(line) {
            state.apply(&r);
            records += 1;
            continue;
        }
        match serde_json::from_str::<Record>(line) {
            Ok(r) => {
                state.apply(&r);
                records += 1;
            }
            Err(e) if e.is_eof() && line.starts_with('{') && !line.contains('\u{FFFD}') => {}
            Err(e) => {
                damage.get_or_insert_with(|| format!("line {}: {e}", n + 1));
            }
        }
    }
    Replay {
        state,
        records,
        damage,
    }
}
