//! `wxr list`: every article, one line each (id, title, account, date, source) or as JSON.

use super::{finish_output, load, report_problems, shown, source_for, summary};
use crate::archive::Source;
use crate::model::{Article, Status};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

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
            source: shown(&a.source),
            sources: std::iter::once(&a.source)
                .chain(&a.other_sources)
                .map(|p| shown(p))
                .collect(),
            format: a.format.name(),
            encoding: a.encoding.as_deref(),
            status: &a.status,
            blocks: a.block_count(),
            images: a.images(),
        }
    }
}

/// `wxr list`: returns the process exit code. Problems go to stderr with path and reason;
/// the code is 1 only when nothing at all could be opened.
pub fn list(paths: &[PathBuf], json: bool, unread: bool, no_store: bool) -> i32 {
    let source = source_for(paths);
    let loaded = load(paths, no_store).sorted();
    let mut articles = loaded.articles;
    if unread {
        let Some(store) = super::state::open_store() else {
            return 1;
        };
        articles.retain(|a| !store.state.is_read(a.id));
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let r = if json {
        let entries: Vec<ListEntry<'_>> = articles.iter().map(ListEntry::new).collect();
        serde_json::to_writer_pretty(&mut out, &entries)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out))
    } else {
        write_lines(&mut out, &articles)
    };
    if let Err(code) = finish_output(r.and_then(|()| out.flush())) {
        return code;
    }
    report_problems(&loaded.problems);
    let stats = loaded.stats;
    eprintln!("wxr: {}", summary(&stats, articles.len()));
    let nothing_opened = matches!(source, Source::Paths(ref p) if stats.unopened == p.len());
    let code = i32::from(nothing_opened || (articles.is_empty() && !loaded.problems.is_empty()));
    // The process ends next: no need to free every article one by one.
    std::mem::forget(articles);
    code
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
            shown(&a.source)
        )?;
    }
    Ok(())
}
