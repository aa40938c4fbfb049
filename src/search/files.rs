//! `wxr search QUERY PATH…`: one query over folders, without loading what cannot match.
//!
//! Files are read on every core. Before a Markdown, text or HTML file is parsed, its raw
//! bytes must contain the longest run of the query's first term that folding cannot change
//! (Chinese text is never folded, so `软银` is looked for as is); a file without it is
//! skipped unparsed — unless it is not UTF-8 (it may be GBK), in which case it is parsed. JSON,
//! JSONL and CSV are always parsed (JSON may escape Chinese as `\u8f6f`).

use super::index::{Hit, Index};
use super::query::Query;
use crate::archive::{self, Library, Problem, ProblemKind, Walked, format_of, is_asset};
use crate::model::{Article, Format};
use memchr::memmem;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The raw literals of which a matching file must contain at least one, if the query has
/// a term to look for: the longest run of its longest term that folding changes only in
/// digits, written with ASCII digits and with full-width ones (`第12345篇`, `第１２３４５篇`).
/// Letters break runs (their case could be anything in the file).
pub fn prefilter(q: &Query) -> Option<Vec<String>> {
    let needle = q.longest_term()?;
    // Pinyin matches need no literal in the file.
    if needle.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let usable = |c: char| {
        c.is_ascii_digit() || (!c.is_ascii() && super::fold::fold_char(c) == c && c != '\u{3000}')
    };
    let mut best = String::new();
    let mut cur = String::new();
    for c in needle.chars().chain(std::iter::once('a')) {
        if usable(c) {
            cur.push(c);
        } else {
            // A run of digits alone says little; a run needs something else in it.
            if cur.len() > best.len() && !cur.chars().all(|c| c.is_ascii_digit()) {
                best.clone_from(&cur);
            }
            cur.clear();
        }
    }
    if best.is_empty() {
        return None;
    }
    let wide: String = best
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)
            } else {
                c
            }
        })
        .collect();
    Some(if wide == best {
        vec![best]
    } else {
        vec![best, wide]
    })
}

/// Searches articles already loaded: both halves indexed and searched on two cores (folding
/// is most of the work); the company index only when the query asks for a company.
pub fn search_articles(arts: &[Article], q: &Query) -> Vec<Hit> {
    let dict = crate::highlight::company::Dictionary::shared();
    let wants_companies = q
        .clauses
        .iter()
        .any(|c| matches!(c, super::Clause::Company { .. }));
    let mid = arts.len() / 2;
    let part = |from: usize, to: usize| -> Vec<Hit> {
        let mut index = Index::default();
        let mut companies = super::companies::CompanyIndex::default();
        for (i, a) in arts[from..to].iter().enumerate() {
            index.add(from + i, a);
            if wants_companies {
                companies.add(from + i, a, &dict);
            }
        }
        super::companies::search(&index, &companies, &dict, q, None, &|| false).unwrap_or_default()
    };
    std::thread::scope(|s| {
        let t = s.spawn(|| part(mid, arts.len()));
        let mut h = part(0, mid);
        h.extend(t.join().unwrap_or_default());
        h
    })
}

/// Results: matching articles (duplicates merged) with their hits, in no particular order;
/// problems; files looked at.
pub struct Found {
    pub results: Vec<(Article, Hit)>,
    pub problems: Vec<Problem>,
    pub files: usize,
}

pub fn search_paths(paths: &[PathBuf], q: &Query) -> Found {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for root in paths {
        if let Err(e) = std::fs::metadata(root) {
            problems.push(Problem {
                path: root.clone(),
                kind: ProblemKind::Unreadable,
                reason: archive::io_reason(&e),
            });
            continue;
        }
        for w in archive::walk(root) {
            match w {
                Walked::File(p) => files.push(p),
                Walked::Problem(p) => problems.push(p),
            }
        }
    }
    let literal = prefilter(q);
    let next = AtomicUsize::new(0);
    let found: Mutex<Vec<Article>> = Mutex::new(Vec::new());
    let probs: Mutex<Vec<Problem>> = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism()
        .map_or(2, std::num::NonZero::get)
        .min(8);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                let finders: Option<Vec<memmem::Finder<'_>>> = literal.as_ref().map(|ls| {
                    ls.iter()
                        .map(|l| memmem::Finder::new(l.as_bytes()))
                        .collect()
                });
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    match one_file(path, finders.as_deref()) {
                        Ok(arts) => found
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner)
                            .extend(arts),
                        Err(Some(p)) => probs
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner)
                            .push(p),
                        Err(None) => {}
                    }
                }
            });
        }
    });
    problems.extend(probs.into_inner().unwrap_or_default());
    let mut lib = Library::default();
    for a in found.into_inner().unwrap_or_default() {
        lib.add(a);
    }
    let arts = lib.articles;
    let hits = search_articles(&arts, q);
    let mut results: Vec<(Article, Hit)> = Vec::with_capacity(hits.len());
    let mut arts: Vec<Option<Article>> = arts.into_iter().map(Some).collect();
    for h in hits {
        if let Some(a) = arts[h.article].take() {
            results.push((a, h));
        }
    }
    Found {
        results,
        problems,
        files: files.len(),
    }
}

/// The articles of one file that may match (`Err(None)`: skipped, no problem).
fn one_file(
    path: &Path,
    finders: Option<&[memmem::Finder<'_>]>,
) -> Result<Vec<Article>, Option<Problem>> {
    let problem = |reason: String| {
        Some(Problem {
            path: path.to_path_buf(),
            kind: ProblemKind::Unreadable,
            reason,
        })
    };
    let Some(format) = format_of(path) else {
        return if is_asset(path) {
            Err(None)
        } else {
            Err(problem("unknown format".into()))
        };
    };
    // Open once, then `fstat` the open file: no second path lookup per file.
    let mut file = std::fs::File::open(path).map_err(|e| problem(archive::io_reason(&e)))?;
    let meta = file
        .metadata()
        .map_err(|e| problem(archive::io_reason(&e)))?;
    if meta.len() > archive::MAX_FILE_BYTES {
        return Err(problem(format!(
            "larger than 64 MiB ({} bytes)",
            meta.len()
        )));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    std::io::Read::read_to_end(&mut file, &mut bytes)
        .map_err(|e| problem(archive::io_reason(&e)))?;
    let literal_applies = matches!(format, Format::Txt | Format::Markdown | Format::Html);
    if let (Some(fs), true) = (finders, literal_applies)
        && fs.iter().all(|f| f.find(&bytes).is_none())
        && simdutf8::basic::from_utf8(&bytes).is_ok()
    {
        return Err(None);
    }
    archive::parse_bytes(path, format, &bytes)
        .map(|p| p.articles)
        .map_err(problem)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::parse;

    #[test]
    fn prefilter_keeps_only_what_folding_cannot_change() {
        let p = |q: &str| prefilter(&parse(q).unwrap());
        assert_eq!(p("软银"), Some(vec!["软银".to_string()]));
        assert_eq!(p("OpenAI投资了"), Some(vec!["投资了".to_string()]));
        assert_eq!(p("openai"), None);
        assert_eq!(p("ruanyin"), None);
        assert_eq!(p("-软银 title:微软"), None);
        assert_eq!(
            p("２０２５年报"),
            Some(vec!["2025年报".to_string(), "２０２５年报".to_string()])
        );
        assert_eq!(
            p("第12345篇"),
            Some(vec!["第12345篇".to_string(), "第１２３４５篇".to_string()])
        );
        assert_eq!(p("12345"), None, "digits alone: no literal");
    }
}
