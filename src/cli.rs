//! The non-interactive commands: the same core the TUI uses — the one ingestion pipeline
//! with its library store, the one search engine, the detectors — printed as text or JSON.
//!
//! Owns argument parsing ([`Cli`]) and what the commands share: the source of paths, the
//! load through the store, problem lines and the summary. Output is sanitized: article data
//! was sanitized when read, and every path or name shown goes through
//! [`crate::sanitize::path`] (a name cannot drive the terminal or split a tab-separated
//! record). A closed pipe (`wxr list | head`) ends quietly.

mod entities;
mod list;
mod search;
mod state;

pub use entities::entities;
pub use list::list;
pub use search::search;
pub use state::{mark, state};

use crate::archive::{self, Problem, Source};
use clap::{Parser, Subcommand};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Parser)]
#[command(
    name = "wxr",
    version,
    about = "A terminal reader for archives of WeChat articles"
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Folders (searched recursively) or files to open. None: the embedded sample archive.
    pub paths: Vec<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List articles, one line each: id, title, account, date, source path.
    List {
        /// Folders or files; none: the embedded sample archive.
        paths: Vec<PathBuf>,
        /// Print a JSON array instead of lines.
        #[arg(long)]
        json: bool,
        /// Only articles not marked read.
        #[arg(long)]
        unread: bool,
        /// Read every file: neither use nor write the folders' library stores.
        #[arg(long, alias = "no-cache")]
        no_store: bool,
    },
    /// Mark articles read or unread by id (as `wxr list` prints them). Each id is on disk
    /// when its line is printed.
    Mark {
        #[arg(value_enum)]
        how: MarkAs,
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// Search articles: the query language of the search line (see the README). Prints each
    /// matching article with its hit count and a snippet, most hits first.
    Search {
        query: String,
        /// Folders or files; none: the embedded sample archive.
        paths: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
        /// Read every file: neither use nor write the folders' library stores (see the
        /// README).
        #[arg(long, alias = "no-cache")]
        no_store: bool,
    },
    /// Money amounts and company names, per article: text, where (block and byte range),
    /// and the normalized value or canonical company name.
    Entities {
        /// Folders or files; none: the embedded sample archive.
        paths: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
        /// Only list the articles that mention this company (any of its names), with counts.
        #[arg(long)]
        company: Option<String>,
        /// Read every file: neither use nor write the folders' library stores.
        #[arg(long, alias = "no-cache")]
        no_store: bool,
    },
    /// Export or import read marks, positions and bookmarks as JSON.
    State {
        #[command(subcommand)]
        action: StateAction,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum MarkAs {
    Read,
    Unread,
}

#[derive(Debug, Subcommand)]
pub enum StateAction {
    /// Print the whole state as JSON on stdout.
    Export,
    /// Add a file written by `wxr state export` (`-` for stdin): its read marks, bookmarks
    /// and positions join the ones here; nothing is unmarked.
    Import { file: PathBuf },
}

/// What to open for the given paths.
pub fn source_for(paths: &[PathBuf]) -> Source {
    if paths.is_empty() {
        Source::Sample
    } else {
        Source::Paths(paths.to_vec())
    }
}

/// How the commands load: through the library store unless `no_store`.
fn load(paths: &[PathBuf], no_store: bool) -> archive::Loaded {
    let opts = if no_store {
        archive::Options::no_store()
    } else {
        archive::Options::standard()
    };
    let loaded = archive::load_all_with(&source_for(paths), &opts);
    for n in &loaded.notes {
        eprintln!("wxr: {n}");
    }
    loaded
}

/// One line of counts: articles, files, merged duplicates, skipped files, problems, and how
/// many files the library store answered.
pub fn summary(stats: &archive::Stats, articles: usize) -> String {
    let mut s = format!("{articles} articles from {} files", stats.files);
    if stats.merged > 0 {
        let _ = write!(s, ", {} duplicate files merged", stats.merged);
    }
    if stats.skipped > 0 {
        let _ = write!(s, ", {} files of other formats skipped", stats.skipped);
    }
    if stats.problems > 0 {
        let _ = write!(s, ", {} problems", stats.problems);
    }
    if stats.stored > 0 {
        let _ = write!(s, " ({} from the library store)", stats.stored);
    }
    s
}

/// A path as the commands show it ([`crate::sanitize::path`]).
fn shown(p: &Path) -> String {
    crate::sanitize::path(p)
}

/// Problems on stderr, one a line: path and reason (a long reason cut).
fn report_problems(problems: &[Problem]) {
    for p in problems {
        eprintln!("wxr: {}: {}", shown(&p.path), cut(&p.reason, 300));
    }
}

/// At most `n` characters of `s`, with `…` where cut.
fn cut(s: &str, n: usize) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]).into(),
        None => s.into(),
    }
}

/// Ends a command's output: a closed pipe is quiet success; another error is said.
fn finish_output(r: std::io::Result<()>) -> Result<(), i32> {
    match r {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(0),
        Err(e) => {
            eprintln!("wxr: {e}");
            Err(1)
        }
    }
}
