//! `wxr show ID|FILE [PATH...]`: one article wrapped for a pipe or a pager, by the reader's
//! own layout (Chinese line breaking, `[n]` after each link, images numbered), its links
//! listed under it by number. Money and companies are highlighted only when colour is
//! allowed: `--color always`, or `auto` (the default) with a terminal on stdout and no
//! `NO_COLOR`.

use super::{finish_output, load, report_problems, shown};
use crate::highlight::EntityKind;
use crate::lang::Lang;
use crate::layout::{Doc, RowSource, mark};
use crate::model::{Article, ArticleId};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// When `wxr show` colours its output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

const BOLD_GREEN: &str = "\x1b[1;32m";
const UNDER_CYAN: &str = "\x1b[4;36m";
const UNDER_BLUE: &str = "\x1b[4;34m";
const RESET: &str = "\x1b[0m";

/// The article `what` names: a file (its first article, or the one whose title or id
/// follows `#`), else an id among the articles of `paths`.
fn find(what: &str, paths: &[PathBuf], no_store: bool) -> Result<Article, (i32, String)> {
    let as_path = Path::new(what);
    if as_path.is_file() {
        let loaded = load(&[as_path.to_path_buf()], no_store).sorted();
        report_problems(&loaded.problems);
        return loaded.articles.into_iter().next().ok_or_else(|| {
            (
                1,
                format!("{}: no article could be read from it", shown(as_path)),
            )
        });
    }
    let id: ArticleId = what.parse().map_err(|_| {
        (
            2,
            format!(
                "{}: neither a file nor an article id (16 hex digits, as `wxr list` prints)",
                super::cut(what, 80)
            ),
        )
    })?;
    let loaded = load(paths, no_store);
    let where_ = if paths.is_empty() {
        "the sample archive".to_string()
    } else {
        paths
            .iter()
            .map(|p| shown(p))
            .collect::<Vec<_>>()
            .join(", ")
    };
    loaded
        .articles
        .into_iter()
        .find(|a| a.id == id)
        .ok_or_else(|| {
            (
                1,
                format!("no article with id {id} in {where_} (`wxr list` shows the ids)"),
            )
        })
}

/// The terminal's width for `--width` left out: `COLUMNS`, else 80; at most 100.
fn default_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c >= 10)
        .unwrap_or(80)
        .min(100)
}

pub fn show(
    what: &str,
    paths: &[PathBuf],
    width: Option<usize>,
    color: ColorWhen,
    no_store: bool,
) -> i32 {
    let listed = match find(what, paths, no_store) {
        Ok(a) => a,
        Err((code, why)) => {
            eprintln!("wxr: {why}");
            return code;
        }
    };
    let a = match crate::archive::store::body(&listed) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("wxr: {}: {e}", shown(&listed.source));
            return 1;
        }
    };
    let use_colour = match color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let width = width.unwrap_or_else(default_width).clamp(10, 1000);
    let lang = crate::config::Language::Auto.resolve(|k| std::env::var(k).ok());
    let doc = Doc::with(&a, width, 1, lang);
    let entities = if use_colour {
        crate::highlight::entities(&a, &crate::companies::shared())
    } else {
        Vec::new()
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let r = write_doc(&mut out, &a, &doc, &entities, use_colour, lang);
    match finish_output(r.and_then(|()| out.flush())) {
        Ok(()) | Err(0) => 0,
        Err(code) => code,
    }
}

fn write_doc(
    out: &mut impl Write,
    a: &Article,
    doc: &Doc,
    entities: &[crate::highlight::Entity],
    colour: bool,
    lang: Lang,
) -> std::io::Result<()> {
    for row in &doc.rows {
        let text = doc.row_text(a, row);
        let mut line = row.prefix.clone();
        // Where styles start and end in this row: (byte, code), then the link numbers.
        let mut edges: Vec<(usize, &str)> = Vec::new();
        if colour {
            for e in entities.iter().filter(|e| {
                e.source == row.source
                    && e.range.start < row.range.end
                    && row.range.start < e.range.end
            }) {
                let s = e.range.start.max(row.range.start) - row.range.start;
                let t = e.range.end.min(row.range.end) - row.range.start;
                let code = match e.kind {
                    EntityKind::Money(_) => BOLD_GREEN,
                    EntityKind::Company(_) => UNDER_CYAN,
                };
                edges.push((s, code));
                edges.push((t, RESET));
            }
            for (b, m) in doc.targets.iter().filter_map(|t| t.at.as_ref()) {
                if RowSource::Block(*b) == row.source
                    && m.start < row.range.end
                    && row.range.start < m.end
                {
                    edges.push((m.start.max(row.range.start) - row.range.start, UNDER_BLUE));
                    edges.push((m.end.min(row.range.end) - row.range.start, RESET));
                }
            }
        }
        let mut marks: Vec<(usize, String)> = row
            .marks
            .iter()
            .map(|&(p, n)| (p.min(text.len()), mark(n)))
            .collect();
        edges.sort_by_key(|(p, c)| (*p, *c != RESET));
        marks.sort_by_key(|(p, _)| *p);
        let mut at = 0;
        let mut edges = edges.into_iter().peekable();
        let mut marks = marks.into_iter().peekable();
        loop {
            let next_edge = edges.peek().map(|(p, _)| (*p).min(text.len()));
            let next_mark = marks.peek().map(|(p, _)| *p);
            let next = match (next_edge, next_mark) {
                (None, None) => break,
                (Some(e), Some(m)) => e.min(m),
                (Some(e), None) => e,
                (None, Some(m)) => m,
            };
            let next = next.max(at);
            if text.is_char_boundary(next) {
                line.push_str(&text[at..next]);
                at = next;
            }
            if next_mark == Some(next) {
                let (_, m) = marks.next().unwrap_or_default();
                line.push_str(&m);
            } else if let Some((_, code)) = edges.next() {
                line.push_str(code);
            }
        }
        line.push_str(&text[at..]);
        if colour {
            line.push_str(RESET);
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    if !doc.targets.is_empty() || a.url.is_some() {
        writeln!(out)?;
        writeln!(out, "{}", lang.pick("Links:", "链接："))?;
        if let Some(u) = &a.url {
            writeln!(out, "[0] {u}")?;
        }
        for (n, t) in doc.targets.iter().enumerate() {
            let url = t.local.as_deref().unwrap_or(&t.url);
            writeln!(out, "{} {url}", mark(n + 1))?;
        }
    }
    Ok(())
}
