//! The archive index: every article's searchable text (title, then each block's text, one
//! line apart), folded, in one buffer with a NUL between articles so no match spans two.
//! A search scans the buffer with `memchr::memmem` for its longest term, in chunks spread
//! over the cores and checked against a cancel flag between chunks; the other clauses are
//! checked on the articles that contain it.

use super::fold::{self, Folded};
use super::query::{Clause, Field, Query};
use crate::model::Article;
use memchr::memmem;
use pinyin::ToPinyin;

/// One matching article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// The article's index, as given to [`Index::add`].
    pub article: usize,
    /// Occurrences of the query's terms.
    pub count: u32,
    /// Where the first match starts and ends in [`search_text`] of the article (original,
    /// unfolded byte offsets).
    pub first: (usize, usize),
}

/// A doc that may match, with its driver term's count and first offset when the scan
/// found them.
type Candidate = (usize, Option<(u32, usize)>);

#[derive(Debug, Default)]
struct Doc {
    start: usize,
    end: usize,
    article: usize,
    shifts: Vec<(u32, u32)>,
    title: String,
    account: String,
    author: String,
    date: String,
    /// The title in pinyin, whole syllables and initials, for `ruanyin` / `ry`.
    pinyin: String,
    initials: String,
    live: bool,
}

#[derive(Debug, Default)]
pub struct Index {
    hay: Vec<u8>,
    docs: Vec<Doc>,
    slot: Vec<Option<usize>>,
}

/// The text a search looks at: the title, then every block's text (an image's alt text),
/// each on its own line.
pub fn search_text(a: &Article) -> String {
    let mut s = String::with_capacity(a.title.len() + a.body_chars() * 3);
    s.push_str(&a.title);
    for b in &a.blocks {
        s.push('\n');
        s.push_str(&b.text);
    }
    s
}

/// Where an offset of [`search_text`] falls: `None` for the title, else the block, and the
/// offset within it.
pub fn locate(a: &Article, offset: usize) -> (Option<usize>, usize) {
    if offset <= a.title.len() {
        return (None, offset.min(a.title.len()));
    }
    let mut at = a.title.len() + 1;
    for (i, b) in a.blocks.iter().enumerate() {
        if offset <= at + b.text.len() {
            return (Some(i), offset - at);
        }
        at += b.text.len() + 1;
    }
    (None, 0)
}

fn pinyin_of(title: &str) -> (String, String) {
    let (mut full, mut initials) = (String::new(), String::new());
    for p in title.to_pinyin().flatten() {
        full.push_str(p.plain());
        initials.push_str(p.first_letter());
    }
    (full, initials)
}

fn count(hay: &[u8], needle: &str) -> (u32, Option<usize>) {
    let f = memmem::Finder::new(needle.as_bytes());
    let mut it = f.find_iter(hay);
    let Some(first) = it.next() else {
        return (0, None);
    };
    (1 + it.count() as u32, Some(first))
}

impl Index {
    /// Adds (or replaces) article `i`.
    pub fn add(&mut self, i: usize, a: &Article) {
        if let Some(Some(old)) = self.slot.get(i) {
            self.docs[*old].live = false;
        }
        let (text, shifts) = Folded::new(&search_text(a)).into_parts();
        let start = self.hay.len();
        self.hay.extend_from_slice(text.as_bytes());
        let end = self.hay.len();
        self.hay.push(0);
        let (pinyin, initials) = pinyin_of(&a.title);
        let fold_opt = |s: &Option<String>| s.as_deref().map(fold::fold).unwrap_or_default();
        self.docs.push(Doc {
            start,
            end,
            article: i,
            shifts,
            title: fold::fold(&a.title),
            account: fold_opt(&a.account),
            author: fold_opt(&a.author),
            date: a.date.clone().unwrap_or_default(),
            pinyin,
            initials,
            live: true,
        });
        if self.slot.len() <= i {
            self.slot.resize(i + 1, None);
        }
        self.slot[i] = Some(self.docs.len() - 1);
    }

    /// The folded text of every article, for benchmarks to compare a plain scan against.
    pub fn haystack(&self) -> &[u8] {
        &self.hay
    }

    /// Bytes of folded text held.
    pub fn len(&self) -> usize {
        self.hay.len()
    }

    pub fn is_empty(&self) -> bool {
        self.hay.is_empty()
    }

    /// Runs `q`. `within`: only these articles (a refinement of a previous search).
    /// `cancelled` is polled between chunks; `None` when it said stop.
    pub fn search(
        &self,
        q: &Query,
        within: Option<&[usize]>,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Hit>> {
        let driver = q.longest_term();
        let docs: Vec<usize> = match within {
            Some(w) => {
                let mut d: Vec<usize> = w
                    .iter()
                    .filter_map(|&a| self.slot.get(a).copied().flatten())
                    .collect();
                d.sort_unstable();
                d
            }
            None => (0..self.docs.len())
                .filter(|&d| self.docs[d].live)
                .collect(),
        };
        // The driver's counts come from the scan itself: one pass over the bytes.
        let candidates: Vec<Candidate> = match driver {
            Some(needle) => self.scan(needle, &docs, cancelled)?,
            None => docs.into_iter().map(|d| (d, None)).collect(),
        };
        let only_driver = q.clauses.len() == 1 && driver.is_some();
        let eval_half = |part: &[Candidate]| -> Option<Vec<Hit>> {
            let mut hits = Vec::new();
            for (n, &(d, pre)) in part.iter().enumerate() {
                if n % 4096 == 0 && cancelled() {
                    return None;
                }
                let h = if only_driver {
                    pre.map(|(count, at)| self.hit(d, count, (at, driver.map_or(0, str::len))))
                        .or_else(|| self.eval(d, q, driver, None))
                } else {
                    self.eval(d, q, driver, pre)
                };
                hits.extend(h);
            }
            Some(hits)
        };
        let (a, b) = candidates.split_at(candidates.len() / 2);
        let (ra, rb) = std::thread::scope(|s| {
            let h = s.spawn(|| eval_half(b));
            (eval_half(a), h.join().ok().flatten())
        });
        let mut hits = ra?;
        hits.extend(rb?);
        Some(hits)
    }

    fn hit(&self, d: usize, count: u32, (at, len): (usize, usize)) -> Hit {
        let doc = &self.docs[d];
        let o_start = fold::original(&doc.shifts, at);
        let o_end = fold::original(&doc.shifts, at + len);
        Hit {
            article: doc.article,
            count: count.max(1),
            first: (o_start, o_end),
        }
    }

    /// Among `docs` (ascending), those whose text contains `needle`, with its count and first
    /// offset (or, for a letters-only needle, whose title pinyin contains it: no count).
    /// Two threads, each over half the bytes, in chunks of adjacent docs.
    fn scan(
        &self,
        needle: &str,
        docs: &[usize],
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Candidate>> {
        const CHUNK: usize = 8 << 20;
        let finder = memmem::Finder::new(needle.as_bytes());
        // Split where half the bytes are behind (a running sum: docs differ in size).
        let total: usize = docs
            .iter()
            .map(|&d| self.docs[d].end - self.docs[d].start)
            .sum();
        let mut acc = 0;
        let half = docs
            .iter()
            .position(|&d| {
                acc += self.docs[d].end - self.docs[d].start;
                acc >= total / 2
            })
            .map_or(docs.len(), |p| p + 1);
        let run = |docs: &[usize]| -> Option<Vec<Candidate>> {
            let mut out: Vec<Candidate> = Vec::new();
            let mut i = 0;
            while i < docs.len() {
                if cancelled() {
                    return None;
                }
                // A run of docs adjacent in the buffer, about CHUNK bytes.
                let from = self.docs[docs[i]].start;
                let mut j = i + 1;
                while j < docs.len()
                    && docs[j] == docs[j - 1] + 1
                    && self.docs[docs[j]].end - from < CHUNK
                {
                    j += 1;
                }
                let to = self.docs[docs[j - 1]].end;
                let mut cur = i;
                for pos in finder.find_iter(&self.hay[from..to]) {
                    let pos = from + pos;
                    while cur < j && self.docs[docs[cur]].end <= pos {
                        cur += 1;
                    }
                    if cur == j {
                        break;
                    }
                    let d = docs[cur];
                    match out.last_mut() {
                        Some((last, Some((n, _)))) if *last == d => *n += 1,
                        _ => out.push((d, Some((1, pos - self.docs[d].start)))),
                    }
                }
                i = j;
            }
            Some(out)
        };
        let (a, b) = docs.split_at(half);
        let (ra, rb) = std::thread::scope(|s| {
            let h = s.spawn(|| run(b));
            (run(a), h.join().ok().flatten())
        });
        let mut found = ra?;
        found.extend(rb?);
        if needle.len() >= 2 && needle.bytes().all(|c| c.is_ascii_lowercase()) {
            let have: std::collections::HashSet<usize> = found.iter().map(|(d, _)| *d).collect();
            let by_pinyin: Vec<_> = docs
                .iter()
                .copied()
                .filter(|d| !have.contains(d) && self.docs[*d].pinyin_hit(needle))
                .map(|d| (d, None))
                .collect();
            found.extend(by_pinyin);
            found.sort_unstable_by_key(|(d, _)| *d);
        }
        Some(found)
    }

    /// Checks every clause on doc `d`. `pre`: the driver's count and first offset, already
    /// known from the scan.
    fn eval(
        &self,
        d: usize,
        q: &Query,
        driver: Option<&str>,
        pre: Option<(u32, usize)>,
    ) -> Option<Hit> {
        let doc = &self.docs[d];
        let hay = &self.hay[doc.start..doc.end];
        let mut total = 0u32;
        let mut first: Option<(usize, usize)> = None;
        let mut note = |at: usize, len: usize| {
            if first.is_none_or(|f| at < f.0) {
                first = Some((at, len));
            }
        };
        for c in &q.clauses {
            let ok = match c {
                Clause::Text {
                    field,
                    needle,
                    negate,
                } => {
                    let found = match field {
                        Field::Any => {
                            let (n, at) = match pre {
                                Some((n, at)) if Some(needle.as_str()) == driver => (n, Some(at)),
                                _ => count(hay, needle),
                            };
                            if !negate {
                                total += n;
                                if let Some(at) = at {
                                    note(at, needle.len());
                                }
                            }
                            n > 0 || doc.pinyin_hit(needle)
                        }
                        Field::Title => {
                            doc.title.contains(needle.as_str()) || doc.pinyin_hit(needle)
                        }
                        Field::Account => doc.account.contains(needle.as_str()),
                        Field::Author => doc.author.contains(needle.as_str()),
                    };
                    found != *negate
                }
                Clause::Regex { re, negate, .. } => {
                    let text = std::str::from_utf8(hay).unwrap_or("");
                    let mut n = 0;
                    for m in re.find_iter(text) {
                        if n == 0 && !negate {
                            note(m.start(), m.len());
                        }
                        n += 1;
                    }
                    if !negate {
                        total += n;
                    }
                    (n > 0) != *negate
                }
                // Read marks are the app's and companies the company index's: they filter.
                Clause::Read(_) | Clause::Company { .. } => true,
                Clause::Before(x) => !doc.date.is_empty() && doc.date.as_str() < x.as_str(),
                Clause::After(x) => !doc.date.is_empty() && doc.date.as_str() >= x.as_str(),
            };
            if !ok {
                return None;
            }
        }
        let (at, len) = first.unwrap_or((0, 0));
        let o_start = fold::original(&doc.shifts, at);
        let o_end = fold::original(&doc.shifts, at + len);
        Some(Hit {
            article: doc.article,
            count: total.max(1),
            first: (o_start, o_end),
        })
    }
}

impl Doc {
    fn pinyin_hit(&self, needle: &str) -> bool {
        needle.len() >= 2
            && needle.bytes().all(|c| c.is_ascii_lowercase())
            && (self.pinyin.contains(needle) || self.initials.contains(needle))
    }
}

#[cfg(test)]
mod tests;
