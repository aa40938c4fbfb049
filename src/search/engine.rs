//! The one search engine, for the reader and the commands: a query run over a [`Corpus`] —
//! every article's text where it is, in memory (the sample, files read just now) or in a
//! library store (read in big `pread`s, never all on the heap). The store knows no queries;
//! counts, first matches, snippets and company mentions are made here, once.
//!
//! Each article's metadata clauses (`title:`, `account:`, `after:`…) are checked first; only
//! articles left are read. Stored texts are read in runs of neighbours (about a MiB a read)
//! on every core; a text that matched is checked against its checksum before it counts (a
//! store is untrusted input) and its snippet sanitized.

use super::matcher::Matcher;
use super::query::{Clause, Field, Query};
use crate::archive::store;
use crate::highlight::company::Dictionary;
use crate::model::{Article, Span};
use pinyin::ToPinyin;
use rayon::prelude::*;
use std::ops::Range;
use std::sync::Arc;

/// One matching article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The article's slot, as given to [`Corpus::set`].
    pub article: usize,
    /// Occurrences of the query's terms (or, for a query of companies alone, mentions).
    pub count: u32,
    /// Where the first match starts and ends in the article's [`Article::search_text`].
    pub first: (usize, usize),
    /// The line around the first match and the match's range in it, when asked for.
    pub snippet: Option<(String, Range<usize>)>,
}

/// Every article's text and the metadata clauses look at, by slot.
#[derive(Debug, Default)]
pub struct Corpus {
    docs: Vec<Option<Doc>>,
    /// The slots in the order their texts are read (memory first, then each store's in
    /// its order on disk): made once after a change, for every search until the next.
    order: std::sync::OnceLock<Vec<usize>>,
}

/// One article as the engine sees it: the article (shared with whoever listed it), where
/// its text is, and what its metadata clauses compare with, made when a query first needs
/// it (most queries look at the text only).
#[derive(Debug)]
struct Doc {
    article: Arc<Article>,
    text: Text,
    /// Its stored text matched its checksum once (each is checked at its first search).
    verified: std::sync::atomic::AtomicBool,
    fields: std::sync::OnceLock<Fields>,
    /// The title's pinyin, full and initials.
    pinyin: std::sync::OnceLock<(String, String)>,
}

/// The folded title, account and author.
#[derive(Debug)]
struct Fields {
    title: String,
    account: String,
    author: String,
}

impl Doc {
    fn fields(&self) -> &Fields {
        self.fields.get_or_init(|| {
            let a = &self.article;
            let fold_opt =
                |s: &Option<String>| s.as_deref().map(super::fold::fold).unwrap_or_default();
            Fields {
                title: super::fold::fold(&a.title),
                account: fold_opt(&a.account),
                author: fold_opt(&a.author),
            }
        })
    }

    fn date(&self) -> &str {
        self.article.date.as_deref().unwrap_or("")
    }

    /// The title's pinyin, full syllables and initials.
    fn pinyin(&self) -> &(String, String) {
        self.pinyin.get_or_init(|| pinyin_of(&self.fields().title))
    }
}

#[derive(Debug)]
enum Text {
    /// The search text of an article whose blocks are in memory.
    Memory(String),
    /// In store number `file` ([`store::opened`]): its text, and its block shapes.
    Stored(u32, Span, Span),
}

fn pinyin_of(title: &str) -> (String, String) {
    let (mut full, mut initials) = (String::new(), String::new());
    for p in title.to_pinyin().flatten() {
        full.push_str(p.plain());
        initials.push_str(p.first_letter());
    }
    (full, initials)
}

impl Corpus {
    /// Adds article `a` at `slot`, or replaces what was there.
    pub fn set(&mut self, slot: usize, a: &Article) {
        self.set_shared(slot, &Arc::new(a.clone()));
    }

    /// [`Corpus::set`] of a shared article (not copied).
    pub fn set_shared(&mut self, slot: usize, a: &Arc<Article>) {
        let text = match &a.stored {
            Some(s) if a.blocks.is_empty() => Text::Stored(s.file, s.text, s.shape),
            _ => Text::Memory(a.search_text()),
        };
        if self.docs.len() <= slot {
            self.docs.resize_with(slot + 1, || None);
        }
        self.order = std::sync::OnceLock::new();
        self.docs[slot] = Some(Doc {
            article: Arc::clone(a),
            text,
            verified: std::sync::atomic::AtomicBool::new(false),
            fields: std::sync::OnceLock::new(),
            pinyin: std::sync::OnceLock::new(),
        });
    }

    /// Takes the article at `slot` out.
    pub fn remove(&mut self, slot: usize) {
        if let Some(d) = self.docs.get_mut(slot) {
            *d = None;
            self.order = std::sync::OnceLock::new();
        }
    }

    /// Articles held.
    pub fn len(&self) -> usize {
        self.docs.iter().filter(|d| d.is_some()).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Reads every stored text once, looking for nothing: the store's pages come into the
    /// page cache and the threads' buffers are made, so that the first search after opening
    /// costs what the later ones do. Run when loading is done.
    pub fn warm(&self, cancelled: &(dyn Fn() -> bool + Sync)) {
        let q = Query {
            clauses: vec![Clause::Text {
                field: Field::Any,
                needle: "\u{1}".into(),
                negate: false,
            }],
        };
        let dict = Dictionary::empty();
        let _ = self.search(&q, None, &dict, None, cancelled);
    }

    /// The line around the first match of `q` in each of `slots` (that holds one), at
    /// `cols` columns: what a result list shows of the results on screen.
    pub fn snippets(
        &self,
        q: &Query,
        slots: &[usize],
        cols: usize,
    ) -> Vec<(usize, (String, Range<usize>))> {
        let matchers: Vec<Matcher> = q
            .positive_terms()
            .filter(|t| !t.is_empty())
            .map(Matcher::new)
            .collect();
        let regexes: Vec<&regex::Regex> = q
            .clauses
            .iter()
            .filter_map(|c| match c {
                Clause::Regex {
                    re, negate: false, ..
                } => Some(re),
                _ => None,
            })
            .collect();
        slots
            .par_iter()
            .filter_map(|&slot| {
                let d = self.docs.get(slot)?.as_ref()?;
                let text = match &d.text {
                    Text::Memory(t) => std::borrow::Cow::Borrowed(t.as_str()),
                    Text::Stored(file, span, _) => {
                        std::borrow::Cow::Owned(store::opened(*file)?.text(span).ok()?)
                    }
                };
                let first = matchers
                    .iter()
                    .filter_map(|m| m.find_at(text.as_bytes(), 0))
                    .chain(
                        regexes
                            .iter()
                            .filter_map(|re| re.find(&text).map(|m| (m.start(), m.end()))),
                    )
                    .min()?;
                Some((slot, super::snippet::snippet_in(&text, first, cols)))
            })
            .collect()
    }

    /// Runs `q` over the articles (only those `within`, when given). `cols`: make each
    /// hit's snippet that wide. `None` when `cancelled` said stop.
    pub fn search(
        &self,
        q: &Query,
        within: Option<&[usize]>,
        dict: &Dictionary,
        cols: Option<usize>,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Hit>> {
        let plan = Plan::new(q, dict);
        let key = |s: usize, d: &Doc| match &d.text {
            Text::Memory(_) => (0, 0, s as u64),
            Text::Stored(f, span, _) => (1, *f, span.offset),
        };
        // Memory texts, then each store's texts in their order on disk.
        let slots: Vec<usize> = match within {
            Some(w) => {
                let mut w: Vec<(usize, &Doc)> = w
                    .iter()
                    .filter_map(|&s| Some((s, self.docs.get(s)?.as_ref()?)))
                    .collect();
                w.sort_by_key(|&(s, d)| key(s, d));
                w.into_iter().map(|(s, _)| s).collect()
            }
            None => self
                .order
                .get_or_init(|| {
                    let mut all: Vec<(usize, &Doc)> = self
                        .docs
                        .iter()
                        .enumerate()
                        .filter_map(|(s, d)| Some((s, d.as_ref()?)))
                        .collect();
                    all.sort_by_key(|&(s, d)| key(s, d));
                    all.into_iter().map(|(s, _)| s).collect()
                })
                .clone(),
        };
        // Metadata first: only what passes is read.
        let passing: Vec<(usize, &Doc)> = slots
            .into_iter()
            .filter_map(|s| Some((s, self.docs.get(s)?.as_ref()?)))
            .filter(|(_, d)| plan.meta_ok(d))
            .collect();
        if !plan.needs_text() {
            return Some(
                passing
                    .into_iter()
                    .map(|(s, _)| Hit {
                        article: s,
                        count: 1,
                        first: (0, 0),
                        snippet: None,
                    })
                    .collect(),
            );
        }
        let runs = runs(&passing);
        // Each thread reads into a buffer of its own, kept from search to search (a fresh
        // one each time would be zeroed and faulted in: as costly as the search).
        let found: Option<Vec<Vec<Hit>>> = runs
            .par_iter()
            .map(|run| {
                if cancelled() {
                    return None;
                }
                Some(BUF.with_borrow_mut(|buf| run.hits(&plan, cols, buf)))
            })
            .collect();
        Some(found?.into_iter().flatten().collect())
    }
}

/// Neighbouring articles read together: memory ones one at a time; stored ones in runs of
/// about a MiB of one store's text section.
enum Run<'c> {
    Memory(usize, &'c Doc),
    Stored {
        file: u32,
        from: u64,
        to: u64,
        docs: Vec<(usize, &'c Doc, Span, Span)>,
    },
}

const RUN_BYTES: u64 = 1 << 20;

thread_local! {
    /// The buffer stored texts are read into, per thread.
    static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}
/// Texts this close are read in one go rather than two.
const GAP: u64 = 16 << 10;

fn runs<'c>(docs: &[(usize, &'c Doc)]) -> Vec<Run<'c>> {
    let mut out: Vec<Run<'c>> = Vec::new();
    for &(slot, d) in docs {
        match &d.text {
            Text::Memory(_) => out.push(Run::Memory(slot, d)),
            Text::Stored(f, span, shape) => {
                // The text and the NUL after it.
                let end = span.offset + u64::from(span.len) + 1;
                if let Some(Run::Stored {
                    file,
                    from,
                    to,
                    docs,
                }) = out.last_mut()
                    && *file == *f
                    && span.offset >= *to
                    && span.offset - *to <= GAP
                    && end - *from <= RUN_BYTES
                {
                    *to = end;
                    docs.push((slot, d, *span, *shape));
                    continue;
                }
                out.push(Run::Stored {
                    file: *f,
                    from: span.offset,
                    to: end,
                    docs: vec![(slot, d, *span, *shape)],
                });
            }
        }
    }
    out
}

impl Run<'_> {
    fn hits(&self, plan: &Plan<'_>, cols: Option<usize>, buf: &mut Vec<u8>) -> Vec<Hit> {
        match self {
            Run::Memory(slot, d) => {
                let Text::Memory(text) = &d.text else {
                    return Vec::new();
                };
                plan.eval(*slot, d, text.as_bytes(), cols, || {
                    Ok(Arc::clone(&d.article))
                })
                .into_iter()
                .collect()
            }
            Run::Stored {
                file,
                from,
                to,
                docs,
            } => {
                let Some(f) = store::opened(*file) else {
                    return Vec::new();
                };
                let len = usize::try_from(to - from).unwrap_or(0);
                if buf.len() < len {
                    buf.resize(len, 0);
                }
                let buf = &mut buf[..len];
                if f.scan_at(buf, *from).is_err() {
                    return Vec::new();
                }
                let mut out = Vec::new();
                for (slot, d, span, shape) in docs {
                    let s = usize::try_from(span.offset - from).unwrap_or(usize::MAX);
                    let e = s.saturating_add(span.len as usize);
                    let Some(text) = buf.get(s..e) else { continue };
                    // A scan reads without checking; a text that matched is checked whole
                    // (with its NUL) before it counts.
                    let checked = || {
                        let with_nul = buf.get(s..=e)?;
                        (xxhash_rust::xxh3::xxh3_64(with_nul) == span.sum).then_some(())
                    };
                    // For `company:` clauses: the blocks, from the text's title and the shapes.
                    let body = || -> Result<Arc<Article>, String> {
                        let s = simdutf8::basic::from_utf8(text).map_err(|e| e.to_string())?;
                        let title = s.split('\n').next().unwrap_or("");
                        let (blocks, _) =
                            f.blocks(title, span, shape).map_err(|e| e.to_string())?;
                        Ok(Arc::new(Article {
                            title: title.to_string(),
                            blocks,
                            ..Article::default()
                        }))
                    };
                    let verified = d.verified.load(std::sync::atomic::Ordering::Relaxed)
                        || checked().is_some_and(|()| {
                            d.verified.store(true, std::sync::atomic::Ordering::Relaxed);
                            true
                        });
                    if verified {
                        out.extend(plan.eval(*slot, d, text, cols, body));
                        continue;
                    }
                    // Damaged since it was written: the article as its file has it now, and
                    // the store made anew by the next open.
                    store::damaged(*file);
                    if let Ok(a) = store::body(&d.article) {
                        let a = Arc::new(a);
                        let text = a.search_text();
                        out.extend(
                            plan.eval(*slot, d, text.as_bytes(), cols, || Ok(Arc::clone(&a))),
                        );
                    }
                }
                out
            }
        }
    }
}

mod plan;
use plan::Plan;
pub use plan::named;

#[cfg(test)]
mod tests;
