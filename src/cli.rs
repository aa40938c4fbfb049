//! The non-interactive commands: the same core the TUI uses — the one ingestion pipeline
//! with its library store, the one search engine, the detectors — printed as text or JSON.
//!
//! Owns argument parsing ([`Cli`]) and what the commands share: the source of paths, the
//! load through the store, problem lines and the summary. Output is sanitized: article data
//! was sanitized when read, and every path or name shown goes through
//! [`crate::sanitize::path`] (a name cannot drive the terminal or split a tab-separated
//! record). A closed pipe (`wxr list | head`) ends quietly.

mod entities;
mod extra;
mod list;
mod search;
mod show;
mod state;

pub use entities::entities;
pub use extra::{completions, config, man, suggest};
pub use list::list;
pub use search::search;
pub use show::{ColorWhen, show};
pub use state::{mark, state};

use crate::archive::{self, Problem, Source};
use clap::{Parser, Subcommand};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Parser)]
#[command(
    name = "wxr",
    version,
    about = "A terminal reader for archives of WeChat articles",
    long_about = "A terminal reader for archives of WeChat articles (微信公众号文章): folders of \
        .md, .html, .txt, .json, .csv files as exporters write them. With no command, opens the \
        reader on the folders or files given (none: the sample archive built in).",
    after_help = "Examples:\n  \
        wxr                          the sample archive, to try the keys (? shows them)\n  \
        wxr ~/wechat-export          read a folder (searched recursively)\n  \
        wxr list ~/wechat-export     one line per article: id, title, account, date, file\n  \
        wxr search '融资 company:软银' ~/wechat-export\n  \
        wxr show 3f2a9c0d1e4b5a67 ~/wechat-export | less -R\n  \
        wxr config --default > ~/.config/wxr/config.toml"
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
    #[command(after_help = "Examples:\n  wxr list ~/wechat-export\n  \
        wxr list --unread --json ~/wechat-export | jq '.[].title'")]
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
    /// when its line is printed. An id no archive wxr has read knows is refused (nothing is
    /// marked) unless `--force`.
    #[command(after_help = "Examples:\n  wxr mark read 3f2a9c0d1e4b5a67\n  \
        wxr list --unread ~/wechat-export | cut -f1 | xargs wxr mark read --in ~/wechat-export")]
    Mark {
        /// `read` or `unread`.
        #[arg(value_enum)]
        how: MarkAs,
        /// Article ids: 16 hex digits each.
        #[arg(required = true)]
        ids: Vec<String>,
        /// The archive the ids come from (folders or files); without it, the ids are looked
        /// for in the archives wxr has read before (its library stores) and the sample.
        #[arg(long = "in", value_name = "PATH")]
        within: Vec<PathBuf>,
        /// Mark ids no archive knows (an archive not read yet).
        #[arg(long)]
        force: bool,
    },
    /// Print one article wrapped for a pipe or a pager, its links listed under it.
    #[command(
        after_help = "Examples:\n  wxr show 3f2a9c0d1e4b5a67 ~/wechat-export\n  \
        wxr show ~/wechat-export/软银.md --width 60\n  \
        wxr show ~/wechat-export/软银.md --color always | less -R"
    )]
    Show {
        /// An article id (as `wxr list` prints it) or a file.
        article: String,
        /// Where to look for the id: folders or files; none: the sample archive.
        paths: Vec<PathBuf>,
        /// Columns to wrap at, 10–1000 (default: $COLUMNS, else 80).
        #[arg(long, value_parser = clap::value_parser!(u16).range(10..=1000))]
        width: Option<u16>,
        /// Highlight money and companies: auto (a terminal, and no `NO_COLOR`), always, never.
        #[arg(long, value_enum, default_value = "auto")]
        color: ColorWhen,
        /// Read every file: neither use nor write the folders' library stores.
        #[arg(long, alias = "no-cache")]
        no_store: bool,
    },
    /// Where the configuration file is, and what it can hold.
    #[command(after_help = "Examples:\n  wxr config --path\n  \
        wxr config --default > \"$(wxr config --path)\"\n  wxr config --check")]
    Config {
        /// Print the config file's path.
        #[arg(long, conflicts_with_all = ["default", "check"])]
        path: bool,
        /// Print a complete default config.toml, every setting explained.
        #[arg(long, conflicts_with = "check")]
        default: bool,
        /// Read the config file and report what is wrong in it (exit 1 when anything is).
        #[arg(long)]
        check: bool,
    },
    /// Print a shell completion script: bash, zsh, fish, elvish or powershell.
    #[command(
        after_help = "Examples:\n  wxr completions bash > ~/.local/share/bash-completion/completions/wxr\n  \
        wxr completions zsh > ~/.zfunc/_wxr\n  \
        wxr completions fish > ~/.config/fish/completions/wxr.fish"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) on stdout.
    #[command(after_help = "Example:\n  wxr man > ~/.local/share/man/man1/wxr.1 && man wxr")]
    Man,
    /// Search articles: the query language of the search line (see the README). Prints each
    /// matching article with its hit count and a snippet, most hits first.
    #[command(after_help = "Examples:\n  wxr search 融资 ~/wechat-export\n  \
        wxr search 'company:软银 after:2025-01-01 -传闻' ~/wechat-export\n  \
        wxr search 'account:出海手记 \"海外仓\"' --json ~/wechat-export")]
    Search {
        /// The query: words, \"a phrase\", -exclude, title: account: author: company:
        /// is:unread before: after: re:
        query: String,
        /// Folders or files; none: the embedded sample archive.
        paths: Vec<PathBuf>,
        /// Print a JSON array instead of lines.
        #[arg(long)]
        json: bool,
        /// Read every file: neither use nor write the folders' library stores (see the
        /// README).
        #[arg(long, alias = "no-cache")]
        no_store: bool,
    },
    /// Money amounts and company names, per article: the text and the normalized value or
    /// canonical company name (`--json` adds where: block and byte range).
    #[command(after_help = "Examples:\n  wxr entities ~/wechat-export/软银.md\n  \
        wxr entities --company 软银 ~/wechat-export")]
    Entities {
        /// Folders or files; none: the embedded sample archive.
        paths: Vec<PathBuf>,
        /// Print JSON instead of lines.
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
    #[command(after_help = "Examples:\n  wxr state export > marks.json\n  \
        wxr state import marks.json")]
    State {
        #[command(subcommand)]
        action: StateAction,
    },
}

/// How `wxr mark` marks.
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
    Import {
        /// The file, or `-` for stdin.
        file: PathBuf,
    },
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
    use crate::lang::{Lang, count};
    let n = |k: usize, one: &str, many: &str| count(Lang::En, k, one, many, "");
    let mut s = format!(
        "{} from {}",
        n(articles, "article", "articles"),
        n(stats.files, "file", "files")
    );
    if stats.merged > 0 {
        let _ = write!(
            s,
            ", {} merged",
            n(stats.merged, "duplicate file", "duplicate files")
        );
    }
    if stats.skipped > 0 {
        let _ = write!(
            s,
            ", {} skipped",
            n(
                stats.skipped,
                "file of another format",
                "files of other formats"
            )
        );
    }
    if stats.problems > 0 {
        let _ = write!(s, ", {}", n(stats.problems, "problem", "problems"));
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
