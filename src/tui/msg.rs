//! Everything that can happen to the app, as data.

use crate::archive;
use ratatui::crossterm::event::{KeyEvent, MouseEvent};

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    /// The terminal's new size: columns, rows.
    Resize(u16, u16),
    /// Progress from the loader thread.
    Load(archive::Event),
    /// A signal (SIGTERM, SIGHUP, SIGINT) asks wxr to quit.
    Quit,
    /// A word for the status bar (a link could not be opened).
    Note(String),
    /// Marks could not be saved; the reason is shown until a save succeeds.
    SaveFailed(String),
    /// Text pasted into the terminal (bracketed paste): one event, inserted whole.
    Paste(String),
    /// The company dictionary (built-in plus the user's additions), built in the background
    /// at start, and what was wrong with the user's file.
    Dictionary(
        std::sync::Arc<crate::highlight::company::Dictionary>,
        Vec<String>,
    ),
    /// The blocks of the article at this slot, read from its library store (or why not).
    Body(
        usize,
        Box<Result<crate::model::Article, crate::archive::store::StoreError>>,
    ),
    /// A worker thread (`worker`: loader, search, watch, dictionary) met a bug outside any one
    /// article's work; `why` says what. The search worker goes on with its next job.
    WorkerFailed {
        worker: &'static str,
        why: String,
    },
    /// Search `generation` met a bug; `why` says what.
    SearchFailed {
        generation: u64,
        why: String,
    },
    /// Snippets of some results of search `generation`.
    Snippets {
        generation: u64,
        snippets: Vec<(usize, (String, std::ops::Range<usize>))>,
    },
    /// Results of search `generation`.
    SearchDone {
        generation: u64,
        hits: Vec<crate::search::Hit>,
    },
}
