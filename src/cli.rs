//! The non-interactive commands: the same core the TUI uses, printed as text or JSON.
//!
//! Owns argument parsing ([`Cli`]) and `wxr list`. Output is sanitized article data only; a
//! closed pipe (`wxr list | head`) ends quietly.

use crate::archive::{self, Problem, Source};
use crate::model::{Article, BlockKind, Status};
use clap::{Parser, Subcommand};
use serde::Serialize;
use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

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

#[derive(Serialize)]
struct ListEntry<'a> {
    id: String,
    title: &'a str,
    account: Option<&'a str>,
    author: Option<&'a str>,
    date: Option<&'a str>,
    url: Option<&'a str>,
    tags: &'a [String],
    /// The file shown; `sources` lists it first, then the files merged into it.
    source: String,
    sources: Vec<String>,
    format: &'static str,
    /// `null` for UTF-8.
    encoding: Option<&'a str>,
    status: &'a Status,
    blocks: usize,
    images: usize,
}

impl<'a> ListEntry<'a> {
    fn new(a: &'a Article) -> Self {
        ListEntry {
            id: a.id.to_string(),
            title: &a.title,
            account: a.account.as_deref(),
            author: a.author.as_deref(),
            date: a.date.as_deref(),
            url: a.url.as_deref(),
            tags: &a.tags,
            source: a.source.display().to_string(),
            sources: std::iter::once(&a.source)
                .chain(&a.other_sources)
                .map(|p| p.display().to_string())
                .collect(),
            format: a.format.name(),
            encoding: a.encoding.as_deref(),
            status: &a.status,
            blocks: a.blocks.len(),
            images: a
                .blocks
                .iter()
                .filter(|b| matches!(b.kind, BlockKind::Image { .. }))
                .count(),
        }
    }
}

/// `wxr list`: returns the process exit code. Problems go to stderr with path and reason;
/// the code is 1 only when nothing at all could be opened.
pub fn list(paths: &[PathBuf], json: bool) -> i32 {
    let source = source_for(paths);
    let (articles, problems, stats) = archive::load_all(&source);
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    let r = if json {
        write_json(&mut out, &articles)
    } else {
        write_lines(&mut out, &articles)
    };
    if let Err(e) = r.and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return 0;
        }
        eprintln!("wxr: {e}");
        return 1;
    }
    report_problems(&problems);
    eprintln!("wxr: {}", summary(&stats, articles.len()));
    let nothing_opened = matches!(source, Source::Paths(ref p) if stats.unopened == p.len());
    i32::from(nothing_opened || (articles.is_empty() && !problems.is_empty()))
}

/// One line of counts: articles, files, merged duplicates, skipped files, problems.
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
    s
}

fn report_problems(problems: &[Problem]) {
    for p in problems {
        eprintln!("wxr: {p}");
    }
}

fn write_lines(out: &mut impl Write, articles: &[Article]) -> std::io::Result<()> {
    for a in articles {
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}",
            a.id,
            a.title,
            a.who().unwrap_or("-"),
            a.date.as_deref().unwrap_or("-"),
            a.source.display()
        )?;
    }
    Ok(())
}

fn write_json(out: &mut impl Write, articles: &[Article]) -> std::io::Result<()> {
    let entries: Vec<ListEntry<'_>> = articles.iter().map(ListEntry::new).collect();
    serde_json::to_writer_pretty(&mut *out, &entries)?;
    writeln!(out)
}
