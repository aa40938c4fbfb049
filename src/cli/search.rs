//! `wxr search QUERY [PATH...]`: the search line's query over the archive, most hits first,
//! each with its count and the line around its first match — the reader's engine over the
//! same articles the reader lists.

use super::{finish_output, load, report_problems, shown};
use crate::model::Article;
use crate::search::{Clause, Corpus, Hit};
use rayon::prelude::*;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Serialize)]
struct SearchEntry<'a> {
    id: String,
    title: &'a str,
    account: Option<&'a str>,
    date: Option<&'a str>,
    source: String,
    hits: u32,
    snippet: &'a str,
    /// The match within the snippet, in characters: [start, end).
    matched: [usize; 2],
}

/// `wxr search`: exit 0 when something matches, 1 when nothing does, 2 for a bad query.
pub fn search(query: &str, paths: &[PathBuf], json: bool, no_store: bool) -> i32 {
    let q = match crate::search::parse(query) {
        Ok(q) if q.is_empty() => {
            eprintln!("wxr: the query is empty: give a word to look for (see `wxr search --help`)");
            return 2;
        }
        Ok(q) => q,
        Err(e) => {
            eprintln!("wxr: {}", super::cut(&e.to_string(), 300));
            return 2;
        }
    };
    let companies = q
        .clauses
        .iter()
        .any(|c| matches!(c, Clause::Company { .. }));
    // `company:` asks the dictionary, the user's additions included: say what was wrong
    // with them.
    let dict = if companies {
        for p in crate::companies::shared_problems() {
            eprintln!("wxr: {p}");
        }
        crate::companies::shared()
    } else {
        crate::highlight::company::Dictionary::empty_shared()
    };
    let cols = if json { 80 } else { 72 };
    let mut loaded = load(paths, no_store);
    // Shared with the corpus, not copied.
    let articles: Vec<std::sync::Arc<Article>> = std::mem::take(&mut loaded.articles)
        .into_iter()
        .map(std::sync::Arc::new)
        .collect();
    let mut corpus = Corpus::default();
    for (i, a) in articles.iter().enumerate() {
        corpus.set_shared(i, a);
    }
    let articles = &articles;
    let mut hits = corpus
        .search(&q, None, &dict, Some(cols), &|| false)
        .unwrap_or_default();
    // `is:read` / `is:unread` need the marks.
    if let Some(want_read) = q.clauses.iter().find_map(|c| match c {
        Clause::Read(r) => Some(*r),
        _ => None,
    }) {
        let Some(store) = super::state::open_store() else {
            return 1;
        };
        hits.retain(|h| store.state.is_read(articles[h.article].id) == want_read);
    }
    hits.par_sort_unstable_by(|x, y| {
        crate::search::by_relevance(&articles[x.article], x, &articles[y.article], y)
    });
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let r = if json {
        write_json(&mut out, articles, &hits, cols)
    } else {
        write_rows(&mut out, articles, &hits, cols)
    };
    if let Err(code) = finish_output(r.and_then(|()| out.flush())) {
        return code;
    }
    drop(out);
    report_problems(&loaded.problems);
    let stats = loaded.stats;
    if stats.stored > 0 {
        eprintln!(
            "wxr: {} ({} of {} files answered from the library store)",
            crate::lang::count(
                crate::lang::Lang::En,
                hits.len(),
                "article matches",
                "articles match",
                ""
            ),
            stats.stored,
            stats.files
        );
    } else {
        eprintln!(
            "wxr: {}",
            crate::lang::count(
                crate::lang::Lang::En,
                hits.len(),
                "article matches",
                "articles match",
                ""
            )
        );
    }
    let code = i32::from(hits.is_empty());
    // The process ends next: freeing every article and text one by one would only cost
    // time (tens of milliseconds at 100,000 articles).
    std::mem::forget(hits);
    std::mem::forget(corpus);
    code
}

/// A hit's snippet and the match in it: made by the engine, or (a title matched by its
/// pinyin) the title's line.
fn snippet_of(a: &Article, h: &Hit, cols: usize) -> (String, std::ops::Range<usize>) {
    h.snippet
        .clone()
        .unwrap_or_else(|| crate::search::snippet::snippet(a, h.first, cols))
}

fn write_json(
    out: &mut impl Write,
    articles: &[Arc<Article>],
    hits: &[Hit],
    cols: usize,
) -> std::io::Result<()> {
    let snippets: Vec<(String, std::ops::Range<usize>)> = hits
        .par_iter()
        .map(|h| snippet_of(&articles[h.article], h, cols))
        .collect();
    let entries: Vec<SearchEntry<'_>> = hits
        .iter()
        .zip(&snippets)
        .map(|(h, (snippet, hl))| {
            let a = &articles[h.article];
            let start = snippet[..hl.start].chars().count();
            let end = start + snippet[hl.clone()].chars().count();
            SearchEntry {
                id: a.id.to_string(),
                title: &a.title,
                account: a.who(),
                date: a.date.as_deref(),
                source: shown(&a.source),
                hits: h.count,
                snippet,
                matched: [start, end],
            }
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &entries)?;
    writeln!(out)
}

/// Two lines a result: id, hits, title, account, date; then the snippet with the match in
/// 【】. Made on every core, written in order.
fn write_rows(
    out: &mut impl Write,
    articles: &[Arc<Article>],
    hits: &[Hit],
    cols: usize,
) -> std::io::Result<()> {
    use std::fmt::Write as _;
    let parts: Vec<String> = hits
        .par_chunks(1024)
        .map(|part| {
            let mut text = String::with_capacity(part.len() * 320);
            for h in part {
                let a = &articles[h.article];
                let (snippet, hl) = snippet_of(a, h, cols);
                let _ = write!(
                    text,
                    "{}\t{}\t{}\t{}\t{}\n    ",
                    a.id,
                    crate::lang::count(crate::lang::Lang::En, h.count as usize, "hit", "hits", ""),
                    a.title,
                    a.who().unwrap_or("-"),
                    a.date.as_deref().unwrap_or("-"),
                );
                // The match in 【】; a title matched by its pinyin has none to mark.
                if hl.is_empty() {
                    text.push_str(&snippet);
                } else {
                    text.push_str(&snippet[..hl.start]);
                    text.push('【');
                    text.push_str(&snippet[hl.clone()]);
                    text.push('】');
                    text.push_str(&snippet[hl.end..]);
                }
                text.push('\n');
            }
            text
        })
        .collect();
    for p in parts {
        out.write_all(p.as_bytes())?;
    }
    Ok(())
}
