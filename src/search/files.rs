//! `wxr search QUERY PATH…`: one query over folders, without loading what cannot match.
//!
//! One thread walks the folders while the others read the files it finds. Before a
//! Markdown, text or HTML file is parsed, its raw bytes must contain the longest run of the
//! query's longest term that folding cannot change (Chinese text is never folded, so `软银`
//! is looked for as is); a file without it is skipped unparsed — unless its first KiB is not
//! UTF-8 (it may be GBK), in which case it is parsed. JSON, JSONL and CSV are always parsed
//! (JSON may escape Chinese as `\u8f6f`).
//!
//! A one-word Chinese query on a plain Markdown file is answered without parsing the body
//! (`quick_article`): the same answer a parse gives, which a test holds to.

use super::index::{Hit, Index};
use super::query::{Clause, Field, Query};
use crate::archive::{self, Library, Problem, ProblemKind, Walked, format_of, is_asset, markdown};
use crate::model::{Article, Format};
use memchr::memmem;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

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

/// Whether some line of `bytes` ends (trailing spaces aside) with a start of `literal`
/// (`软` for `软银`): a line break there may split it, and a paragraph's lines are joined.
/// One `memchr2` pass over the line breaks; at each, one table look-up of the byte before
/// it (the last byte of a start of the literal?), and only then a comparison.
fn split_at_line_end(bytes: &[u8], literal: &str) -> bool {
    let starts: Vec<&[u8]> = literal
        .char_indices()
        .skip(1)
        .map(|(i, _)| &literal.as_bytes()[..i])
        .collect();
    if starts.is_empty() {
        return false;
    }
    let mut last = [false; 256];
    for s in &starts {
        if let Some(&b) = s.last() {
            last[usize::from(b)] = true;
        }
    }
    memchr::memchr2_iter(b'\n', b'\r', bytes).any(|i| {
        let mut end = i;
        while end > 0 && matches!(bytes[end - 1], b' ' | b'\t' | b'\r') {
            end -= 1;
        }
        end > 0
            && last[usize::from(bytes[end - 1])]
            && starts.iter().any(|s| bytes[..end].ends_with(s))
    })
}

/// Searches articles already loaded: both halves indexed and searched on two cores (folding
/// is most of the work); the company index only when the query asks for a company.
pub fn search_articles(arts: &[Article], q: &Query) -> Vec<Hit> {
    if arts.is_empty() {
        return Vec::new();
    }
    let wants_companies = q
        .clauses
        .iter()
        .any(|c| matches!(c, super::Clause::Company { .. }));
    // Building the dictionary's automaton takes a while: only for `company:` queries.
    let dict = if wants_companies {
        crate::highlight::company::Dictionary::shared()
    } else {
        crate::highlight::company::Dictionary::empty_shared()
    };
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
    /// For each result, its snippet when it was made while reading.
    pub snippets: Vec<Option<Snippet>>,
    pub problems: Vec<Problem>,
    pub files: usize,
    /// Of the results, those answered without parsing the file's body.
    pub answered_quickly: usize,
    /// What to write to the folders' caches, once the answer is out
    /// ([`search_paths_cached`]).
    pub cache: Vec<super::cache::Update>,
    /// Files answered from a cache, without being read.
    pub from_cache: usize,
    /// Files parsed again because their article may merge with a copy.
    pub parsed_again: usize,
}

/// `cols`: the width of the snippets wanted (made while files are read, for the articles
/// answered without parsing; the rest get `None`).
pub fn search_paths(paths: &[PathBuf], q: &Query, cols: usize) -> Found {
    search_paths_with(paths, q, true, cols)
}

/// The most files a cached search reads and parses itself; with more changed, it searches
/// as without a cache and leaves them to [`super::cache::Update::save`].
const REREAD_AT_MOST: usize = 2_000;

/// [`search_paths`] with each folder's cache ([`super::cache`]): a file whose size and
/// times are as cached is answered from the cache's copy of its text, not read; the rest are
/// read and parsed in full, and kept for next time by saving [`Found::cache`] (after the
/// answer is out). Paths that are not all folders, or no usable cache folder: uncached.
pub fn search_paths_cached(
    paths: &[PathBuf],
    q: &Query,
    cols: usize,
    opts: &super::cache::Options,
) -> Found {
    use super::cache::{self, Cached};
    if paths.is_empty() || !paths.iter().all(|p| p.is_dir()) {
        return search_paths(paths, q, cols);
    }
    let literals = prefilter(q);
    let companies = q
        .clauses
        .iter()
        .any(|c| matches!(c, Clause::Company { .. }));
    let how = cache::Scan {
        literals: literals.as_deref(),
        // Counting is for plain words; companies are found in the parsed articles.
        needle: if companies { None } else { quick_needle(q) },
        cols,
    };
    let threads = archive::readers();
    let mut reads: Vec<(usize, Read)> = Vec::new();
    let mut problems = Vec::new();
    let mut updates: Vec<cache::Update> = Vec::new();
    // Files to read: (order, folder, file in the folder, path, format).
    let mut to_read = Vec::new();
    let mut n = 0;
    let mut from_cache = 0;
    for root in paths {
        let Some(folder) = cache::folder(root, &how, opts, threads) else {
            return search_paths(paths, q, cols);
        };
        let cache::Folder {
            files,
            problems: probs,
            cached,
            update,
        } = folder;
        problems.extend(probs);
        for (k, (f, said)) in files.into_iter().zip(cached).enumerate() {
            n += 1;
            match said {
                Cached::Quiet => from_cache += 1,
                // Companies are found block by block of the parsed article, which the cache's
                // lines only approximate: a file that may match is read (below).
                Cached::Found(mut hits) if !companies => {
                    from_cache += 1;
                    // Made from the folder's path and the cached path under it: the walked
                    // path, unless the walk spelt it otherwise.
                    for a in &mut hits.arts {
                        if a.source.as_os_str().as_encoded_bytes()
                            != f.path.as_os_str().as_encoded_bytes()
                        {
                            a.source.clone_from(&f.path);
                        }
                    }
                    reads.push((
                        n,
                        Read::Thin {
                            path: f.path,
                            arts: hits.arts,
                            answers: hits.answers,
                            unique: hits.unique,
                            hashes: hits.hashes,
                        },
                    ));
                }
                Cached::No | Cached::Found(_) => match format_of(&f.path) {
                    Some(format) => to_read.push((n, updates.len(), k, f.path, format)),
                    None if !is_asset(&f.path) => reads.push((
                        n,
                        Read::Problem(Problem {
                            path: f.path,
                            kind: ProblemKind::Unreadable,
                            reason: "unknown format".into(),
                        }),
                    )),
                    None => {}
                },
            }
        }
        updates.push(update);
    }
    // With no cache yet, or many files changed, the files are searched as without a cache,
    // and read again for the cache once the answer is out ([`cache::Update::save`]): the
    // first search of a folder answers as fast as ever.
    if to_read.len() > REREAD_AT_MOST || updates.iter().any(cache::Update::is_new) {
        let mut found = search_paths(paths, q, cols);
        found.cache = updates;
        return found;
    }
    // The few files the cache does not have: read and parsed in full on every core.
    let fresh = super::par_map(&to_read, threads, |(order, folder, k, path, format)| {
        let read = cache::read_file(path, *format).map(|arts| {
            let texts: Vec<String> = arts.iter().map(super::index::search_text).collect();
            (arts, texts)
        });
        (*order, *folder, *k, read)
    });
    let finders: Option<Vec<(memmem::Finder<'_>, &str)>> = literals.as_ref().map(|ls| {
        ls.iter()
            .map(|l| (memmem::Finder::new(l.as_bytes()), l.as_str()))
            .collect()
    });
    for (order, folder, k, read) in fresh {
        match read {
            Ok((arts, texts)) => {
                let may_match = literals.as_ref().is_none_or(|ls| {
                    texts.iter().any(|t| {
                        ls.iter()
                            .any(|l| memmem::find(t.as_bytes(), l.as_bytes()).is_some())
                    })
                });
                updates[folder].fresh(k, Some((&arts, texts)));
                if may_match {
                    reads.push((order, Read::Articles(arts)));
                }
            }
            // Reported as reading it for this search alone would: a file that cannot
            // match (its bytes lack the words) is not this search's problem.
            Err(p) => {
                updates[folder].fresh(k, None);
                match one_file(&p.path, finders.as_deref(), None, cols, &mut Vec::new()) {
                    Read::Nothing => {}
                    r => reads.push((order, r)),
                }
            }
        }
    }
    // Uniqueness in one folder's cache holds among the results when they all come from it.
    let trust = paths.len() == 1 && reads.iter().all(|(_, r)| matches!(r, Read::Thin { .. }));
    let mut found = gather(reads, q, problems, n, trust);
    found.cache = updates;
    found.from_cache = from_cache;
    found
}

/// Reads that are copies of one article, word for word, as the cache knows them: one
/// cached article per file, all with the same title, id, account, author, date, format and
/// text hash, and nothing else read with that title or id. The library would merge them into
/// the first (equal richness keeps the first; nothing to fill in), so the first stands for
/// them all (true) and the rest are dropped (false) — no need to parse them.
fn identical_copies(
    reads: &[(usize, Read)],
    titles: &HashMap<&str, (u32, Option<crate::model::ArticleId>, bool), Fast>,
    ids: &HashMap<crate::model::ArticleId, u32, Fast>,
) -> HashMap<usize, bool> {
    type Sig<'a> = (
        &'a str,
        crate::model::ArticleId,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
        Format,
        u64,
    );
    // Per title shared by several articles: its copies so far, and whether they still agree.
    let mut groups: HashMap<&str, (Sig<'_>, Vec<usize>, bool), Fast> = HashMap::default();
    let shared = |t: &str| titles.get(t).is_some_and(|c| c.0 > 1);
    for (i, (_, r)) in reads.iter().enumerate() {
        match r {
            Read::Thin { arts, hashes, .. } if arts.len() == 1 && hashes.len() == 1 => {
                let a = &arts[0];
                let key = a.title.trim();
                if !shared(key) {
                    continue;
                }
                let sig: Sig<'_> = (
                    &a.title,
                    a.id,
                    a.account.as_deref(),
                    a.author.as_deref(),
                    a.date.as_deref(),
                    a.format,
                    hashes[0],
                );
                let g = groups.entry(key).or_insert((sig, Vec::new(), true));
                g.2 &= g.0 == sig;
                g.1.push(i);
            }
            Read::Thin { arts, .. } | Read::Articles(arts) => {
                for a in arts {
                    if shared(a.title.trim()) {
                        groups
                            .entry(a.title.trim())
                            .or_insert((
                                ("", a.id, None, None, None, a.format, 0),
                                Vec::new(),
                                false,
                            ))
                            .2 = false;
                    }
                }
            }
            Read::Answered(q) if shared(q.article.title.trim()) => {
                groups
                    .entry(q.article.title.trim())
                    .or_insert((
                        ("", q.article.id, None, None, None, Format::Markdown, 0),
                        Vec::new(),
                        false,
                    ))
                    .2 = false;
            }
            _ => {}
        }
    }
    let mut copies = HashMap::new();
    for (key, (sig, members, agree)) in groups {
        let all = titles.get(key).map_or(0, |c| c.0) as usize;
        if agree && members.len() == all && ids.get(&sig.1).copied().unwrap_or(0) as usize == all {
            for (k, i) in members.into_iter().enumerate() {
                copies.insert(i, k == 0);
            }
        }
    }
    copies
}

/// A quick answer: the article (its blocks only the line of the first match), its hit count
/// and where the first match is in the article's [`super::index::search_text`].
struct Quick {
    article: Article,
    count: u32,
    first: (usize, usize),
    snippet: Snippet,
}

/// A snippet and the match's byte range in it ([`super::snippet::snippet`]).
pub type Snippet = (String, std::ops::Range<usize>);

/// A fast hash for the maps of one search (titles and ids of its own results: no
/// adversary to fear).
#[derive(Default, Clone, Copy)]
struct Fast;

impl std::hash::BuildHasher for Fast {
    type Hasher = FastHasher;
    fn build_hasher(&self) -> FastHasher {
        FastHasher(0xcbf2_9ce4_8422_2325)
    }
}

struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.0 =
                (self.0.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// What the walk found: the number of files, and folders it could not read.
type Walk = (usize, Vec<Problem>);

/// What reading one file gave.
enum Read {
    /// Parsed articles, to search.
    Articles(Vec<Article>),
    /// An article answered without parsing its body ([`quick_article`]): its hit, with
    /// `first` in the [`super::index::search_text`] of the article given.
    Answered(Box<Quick>),
    /// Nothing that can match, nothing wrong.
    Nothing,
    Problem(Problem),
    /// A file's articles as the cache keeps them ([`super::cache::Meta::article`]): with
    /// each article's answer to a one-word query, or with their text for the query to run on.
    Thin {
        path: PathBuf,
        arts: Vec<Article>,
        answers: Option<Vec<Option<super::cache::Answer>>>,
        /// No other article of the cache has the title or id of any of these.
        unique: bool,
        /// Each article's text hash ([`super::cache::Meta::hash`]; none when `unique`).
        hashes: Vec<u64>,
    },
}

/// [`search_paths`]; `quick: false` parses every candidate file (what the quick path must
/// agree with, in tests).
pub fn search_paths_with(paths: &[PathBuf], q: &Query, quick: bool, cols: usize) -> Found {
    // What a file that can match holds: a literal, or the start of one at a line's end (a
    // soft line break inside a paragraph joins Chinese lines: `软\n银` reads 软银).
    let maybe = prefilter(q);
    let needle = if quick { quick_needle(q) } else { None };
    let threads = archive::readers();
    // The folders are walked on one thread while the others read what it has found.
    let (tx, rx) = std::sync::mpsc::channel::<(usize, PathBuf)>();
    let rx = std::sync::Mutex::new(rx);
    let (walk_result, reads): (Walk, Vec<Vec<(usize, Read)>>) = std::thread::scope(|s| {
        let walker = s.spawn(move || {
            let mut problems = Vec::new();
            let mut n = 0;
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
                        Walked::File(p) => {
                            if tx.send((n, p)).is_err() {
                                return (n, problems);
                            }
                            n += 1;
                        }
                        Walked::Problem(p) => problems.push(p),
                    }
                }
            }
            (n, problems)
        });
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let finders: Option<Vec<(memmem::Finder<'_>, &str)>> =
                        maybe.as_ref().map(|ls| {
                            ls.iter()
                                .map(|l| (memmem::Finder::new(l.as_bytes()), l.as_str()))
                                .collect()
                        });
                    let quick = needle.map(|n| (n, memmem::Finder::new(n.as_bytes())));
                    let mut mine = Vec::new();
                    let mut buf = Vec::new();
                    for (i, path) in archive::shared_jobs(&rx) {
                        match one_file(&path, finders.as_deref(), quick.as_ref(), cols, &mut buf) {
                            Read::Nothing => {}
                            r => mine.push((i, r)),
                        }
                    }
                    mine
                })
            })
            .collect();
        let walk_result = walker.join().unwrap_or_default();
        let reads = workers
            .into_iter()
            .map(|w| w.join().unwrap_or_default())
            .collect();
        (walk_result, reads)
    });
    let (files, problems) = walk_result;
    let reads: Vec<(usize, Read)> = reads.into_iter().flatten().collect();
    gather(reads, q, problems, files, false)
}

/// What the files read give: the results, duplicates merged as the library merges them.
/// `trust_unique`: articles the cache says are [`super::cache::Meta::unique`] are
/// unique among these reads (all come from one folder's cache).
fn gather(
    mut reads: Vec<(usize, Read)>,
    q: &Query,
    mut problems: Vec<Problem>,
    files: usize,
    trust_unique: bool,
) -> Found {
    // In file order, so that duplicates merge the same way on every run.
    reads.sort_by_key(|(i, _)| *i);
    // A quick answer's article knows its title and metadata, not its body's start, which the
    // library also merges by (title + start of text, for copies without account or date).
    // So an answer stands only if no other article has its title; else the file is parsed.
    // And an answer whose title and id no other article has cannot merge with anything
    // (every key the library merges by holds the title or is the id): it is a result as it
    // is, without the library.
    // `copies`: reads that are identical copies of others the cache knows of (true: the
    // first, which stands for them all; false: a later one, dropped).
    let (reparse, alone, copies): (Vec<bool>, Vec<bool>, HashMap<usize, bool>) = {
        let mut titles: HashMap<&str, (u32, Option<crate::model::ArticleId>, bool), Fast> =
            HashMap::with_capacity_and_hasher(reads.len(), Fast);
        let mut ids: HashMap<crate::model::ArticleId, u32, Fast> =
            HashMap::with_capacity_and_hasher(reads.len(), Fast);
        for (_, r) in &reads {
            let arts: &[Article] = match r {
                // Known to merge with nothing: no need to count them.
                Read::Thin { unique: true, .. } if trust_unique => &[],
                Read::Articles(a) | Read::Thin { arts: a, .. } => a,
                Read::Answered(q) => std::slice::from_ref(&q.article),
                _ => &[],
            };
            for a in arts {
                let t = titles
                    .entry(a.title.trim())
                    .or_insert((0, Some(a.id), false));
                t.0 += 1;
                if t.1 != Some(a.id) {
                    // Two different ids under one title.
                    t.2 = true;
                }
                *ids.entry(a.id).or_default() += 1;
            }
        }
        let copies = if titles.is_empty() {
            HashMap::new()
        } else {
            identical_copies(&reads, &titles, &ids)
        };
        let (reparse, alone) = reads
            .iter()
            .enumerate()
            .map(|(i, (_, r))| match r {
                _ if !copies.is_empty() && copies.contains_key(&i) => (false, true),
                Read::Answered(q) => {
                    let t = titles
                        .get(q.article.title.trim())
                        .copied()
                        .unwrap_or_default();
                    let alone = t.0 == 1 && ids.get(&q.article.id) == Some(&1);
                    (t.2, alone)
                }
                Read::Thin { unique: true, .. } if trust_unique => (false, true),
                Read::Thin { arts, .. } => {
                    let alone = arts.iter().all(|a| {
                        titles.get(a.title.trim()).is_some_and(|t| t.0 == 1)
                            && ids.get(&a.id) == Some(&1)
                    });
                    (!alone, alone)
                }
                _ => (false, false),
            })
            .unzip();
        (reparse, alone, copies)
    };
    // Files to parse after all (they may merge with another copy: the library needs whole
    // articles), on every core.
    let jobs: Vec<(usize, &Path, Option<Format>)> = reads
        .iter()
        .zip(&reparse)
        .enumerate()
        .filter_map(|(i, ((_, r), &again))| match r {
            Read::Thin { path, .. } if again => Some((i, path.as_path(), format_of(path))),
            Read::Answered(q) if again => {
                Some((i, q.article.source.as_path(), Some(Format::Markdown)))
            }
            _ => None,
        })
        .collect();
    let threads = archive::readers();
    let parsed_again = jobs.len();
    let mut parsed: HashMap<usize, Read> = super::par_map(&jobs, threads, |&(i, path, format)| {
        let read = match format {
            Some(format) => match super::cache::read_file(path, format) {
                Ok(a) => Read::Articles(a),
                Err(p) => Read::Problem(p),
            },
            None => Read::Nothing,
        };
        (i, read)
    })
    .into_iter()
    .collect();
    let mut results: Vec<(Article, Hit)> = Vec::with_capacity(reads.len());
    let mut snippets: Vec<Option<Snippet>> = Vec::with_capacity(reads.len());
    let mut kept = Vec::with_capacity(reads.len());
    // Cached articles that stand alone, for the query to run on.
    let mut thin = Vec::new();
    for (i, (((_, mut r), _), alone)) in reads.into_iter().zip(reparse).zip(alone).enumerate() {
        if !parsed.is_empty()
            && let Some(again) = parsed.remove(&i)
        {
            kept.push(again);
            continue;
        }
        if !copies.is_empty() && copies.get(&i) == Some(&false) {
            continue;
        }
        // Cached articles that stand alone (the others were parsed again, above): answered,
        // or to run the query on.
        if let Read::Thin { arts, answers, .. } = r {
            let Some(answers) = answers else {
                thin.extend(arts);
                continue;
            };
            for (a, ans) in arts.into_iter().zip(answers) {
                if let Some((count, first, snippet)) = ans {
                    let hit = Hit {
                        article: results.len(),
                        count,
                        first,
                    };
                    results.push((a, hit));
                    snippets.push(Some(snippet));
                }
            }
            continue;
        }
        if let Read::Answered(q) = &mut r
            && alone
        {
            let hit = Hit {
                article: results.len(),
                count: q.count,
                first: q.first,
            };
            results.push((std::mem::take(&mut q.article), hit));
            snippets.push(Some(std::mem::take(&mut q.snippet)));
            continue;
        }
        kept.push(r);
    }
    let mut lib = Library::default();
    let mut quick_sources = std::collections::HashSet::new();
    // Per library article: its hit when a quick answer stands for it, and its source.
    let mut answered: Vec<Option<(Hit, PathBuf)>> = Vec::new();
    for r in kept {
        let (arts, hit) = match r {
            Read::Articles(a) => (a, None),
            Read::Answered(quick) => {
                let Quick {
                    article: a,
                    count,
                    first,
                    ..
                } = *quick;
                let src = a.source.clone();
                quick_sources.insert(src.clone());
                (vec![a], Some((count, first, src)))
            }
            Read::Problem(p) => {
                problems.push(p);
                continue;
            }
            Read::Nothing | Read::Thin { .. } => continue,
        };
        for a in arts {
            let src = a.source.clone();
            match lib.add(a) {
                archive::Added::New(i) => {
                    answered.resize(i + 1, None);
                    answered[i] = hit.as_ref().map(|(count, first, s)| {
                        let h = Hit {
                            article: i,
                            count: *count,
                            first: *first,
                        };
                        (h, s.clone())
                    });
                }
                archive::Added::Merged(i) => {
                    // The copy kept is the richer one: its own answer, or a search.
                    let kept = &lib.articles[i].source;
                    answered[i] = match (&answered[i], &hit) {
                        (Some(old), _) if &old.1 == kept => answered[i].clone(),
                        (_, Some((count, first, s))) if s == kept && *s == src => Some((
                            Hit {
                                article: i,
                                count: *count,
                                first: *first,
                            },
                            s.clone(),
                        )),
                        _ => None,
                    };
                }
            }
        }
    }
    let arts = lib.articles;
    answered.resize(arts.len(), None);
    // Articles without an answer are searched; a quick article's body was never read,
    // so one left without its answer (merged away) is read again in full.
    let mut to_search: Vec<Article> = Vec::new();
    for (a, ans) in arts.into_iter().zip(answered) {
        match ans {
            Some((h, _)) => {
                results.push((a, h));
                snippets.push(None);
            }
            None if quick_sources.contains(&a.source) => {
                if let Ok(p) = std::fs::read(&a.source)
                    .map_err(|e| e.to_string())
                    .and_then(|b| archive::parse_bytes(&a.source, a.format, &b))
                {
                    to_search.extend(p.articles);
                }
            }
            None => to_search.push(a),
        }
    }
    let answered_quickly = results.len();
    to_search.append(&mut thin);

    let hits = search_articles(&to_search, q);
    let mut slots: Vec<Option<Article>> = to_search.into_iter().map(Some).collect();
    for h in hits {
        if let Some(a) = slots[h.article].take() {
            results.push((a, h));
            snippets.push(None);
        }
    }
    Found {
        results,
        snippets,
        problems,
        files,
        answered_quickly,
        cache: Vec::new(),
        from_cache: 0,
        parsed_again,
    }
}

/// The needle of a query the quick path can answer: one positive literal over the whole
/// text, of characters that folding leaves alone and that are not ASCII (Chinese, mostly),
/// so that its matches in the raw bytes are its matches in the folded text.
fn quick_needle(q: &Query) -> Option<&str> {
    match q.clauses.as_slice() {
        [
            Clause::Text {
                field: Field::Any,
                needle,
                negate: false,
            },
        ] if !needle.is_empty()
            && needle
                .chars()
                .all(|c| !c.is_ascii() && super::fold::fold_char(c) == c && c != '\u{3000}') =>
        {
            Some(needle)
        }
        _ => None,
    }
}

/// Answers a one-literal query on a plain Markdown file without parsing its body: the
/// metadata from [`markdown::quick`], the count from the raw body, the snippet from the
/// line of the first match — each what the full parse would give (a test holds the two
/// together). `None`: parse the file. `Some(None)`: it does not match.
#[allow(clippy::option_option)]
fn quick_article(
    path: &Path,
    text: &str,
    (needle, finder): (&str, &memmem::Finder<'_>),
    cols: usize,
) -> Option<Option<Quick>> {
    let markdown::Quick {
        article: mut a,
        body: rest,
        cut,
        heading,
    } = markdown::quick(text, path)?;
    let from_fm = heading.is_none();
    let line_of = |m: usize| {
        let ls = memchr::memrchr(b'\n', &rest.as_bytes()[..m]).map_or(0, |i| i + 1);
        let le = memchr::memchr(b'\n', &rest.as_bytes()[m..]).map_or(rest.len(), |i| m + i);
        (ls, le)
    };
    // A match in a link's address would be dropped by the parse: with links in the file,
    // each match's line is looked at.
    let links = memmem::find(rest.as_bytes(), b"](").is_some();
    let mut count = 0u32;
    let mut first_line = None;
    for m in finder.find_iter(rest.as_bytes()) {
        // Metadata lines are not text.
        if cut.iter().any(|r| r.contains(&m)) {
            continue;
        }
        if links {
            let (ls, le) = line_of(m);
            if rest[ls..le].contains("](") {
                return None;
            }
        }
        count += 1;
        if first_line.is_none() {
            first_line = Some(line_of(m));
        }
    }
    let title_hits = if from_fm {
        u32::try_from(finder.find_iter(a.title.as_bytes()).count()).unwrap_or(u32::MAX)
    } else {
        0
    };
    count += title_hits;
    if count == 0 {
        return Some(None);
    }
    let in_title = title_hits > 0 || (heading.is_some() && first_line == heading);
    if !in_title {
        let (ls, le) = first_line?;
        let line = &rest[ls..le];
        let above = &rest[..ls];
        let blank_above = ls == 0
            || above.ends_with("\n\n")
            || heading.is_some_and(|(hs, he)| he + 1 == ls && hs < ls);
        let below = &rest[le..];
        let blank_below = below.is_empty() || below == "\n" || below.starts_with("\n\n");
        let marker = line.starts_with([
            ' ', '\t', '#', '>', '-', '*', '+', '|', '`', '=', '~', '[', '!',
        ]) || line
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .starts_with(['.', ')'])
            && line.starts_with(|c: char| c.is_ascii_digit());
        if !blank_above || !blank_below || marker {
            return None;
        }
        a.blocks = vec![crate::model::Block::paragraph(line)];
    }
    if crate::sanitize::line(&a.title).is_empty() {
        return None;
    }
    let a = archive::finish(a)?;
    // The id must not need the body's start, which was not read.
    if a.url.as_deref().and_then(crate::model::url_key).is_none()
        && a.who().is_none()
        && a.date.is_none()
    {
        return None;
    }
    let first = if in_title {
        let at = a.title.find(needle)?;
        (at, at + needle.len())
    } else {
        let at = a.blocks.first()?.text.find(needle)? + a.title.len() + 1;
        (at, at + needle.len())
    };
    let snippet = super::snippet::snippet(&a, first, cols);
    Some(Some(Quick {
        article: a,
        count,
        first,
        snippet,
    }))
}

/// Whether a file is UTF-8, judged by its first 1 KiB (a GBK or Big5 file fails within its
/// first Chinese characters; a file that switches encoding later is not worth a full pass).
fn looks_utf8(bytes: &[u8]) -> bool {
    match simdutf8::compat::from_utf8(&bytes[..bytes.len().min(1024)]) {
        Ok(_) => true,
        // Cut inside a character at the 1 KiB mark: fine.
        Err(e) => e.error_len().is_none() && bytes.len() > 1024,
    }
}

/// What one file gives the search.
fn one_file(
    path: &Path,
    finders: Option<&[(memmem::Finder<'_>, &str)]>,
    quick: Option<&(&str, memmem::Finder<'_>)>,
    cols: usize,
    bytes: &mut Vec<u8>,
) -> Read {
    let problem = |reason: String| {
        Read::Problem(Problem {
            path: path.to_path_buf(),
            kind: ProblemKind::Unreadable,
            reason,
        })
    };
    let Some(format) = format_of(path) else {
        return if is_asset(path) {
            Read::Nothing
        } else {
            problem("unknown format".into())
        };
    };
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return problem(archive::io_reason(&e)),
    };
    // Plain `read`s into the worker's buffer, grown as needed: no `fstat` per file, no
    // allocation, and a file over the limit stops being read at the limit.
    if bytes.len() < 16 * 1024 {
        bytes.resize(16 * 1024, 0);
    }
    let mut got = 0;
    loop {
        if got == bytes.len() {
            if got as u64 > archive::MAX_FILE_BYTES {
                return problem(format!(
                    "larger than 64 MiB ({} bytes)",
                    file.metadata().map_or(got as u64, |m| m.len())
                ));
            }
            bytes.resize(got * 2, 0);
        }
        match std::io::Read::read(&mut file, &mut bytes[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return problem(archive::io_reason(&e)),
        }
    }
    let bytes = &bytes[..got];
    let literal_applies = matches!(format, Format::Txt | Format::Markdown | Format::Html);
    if let (Some(fs), true) = (finders, literal_applies)
        && fs
            .iter()
            .all(|(f, l)| f.find(bytes).is_none() && !split_at_line_end(bytes, l))
        && looks_utf8(bytes)
    {
        return Read::Nothing;
    }
    if let (Some((needle, finder)), Format::Markdown) = (quick, format)
        && let Ok(text) = simdutf8::basic::from_utf8(bytes)
        && !text.starts_with('\u{feff}')
        && !crate::sanitize::needs_work(text)
        // A word a line break may split is the parser's to count.
        && !split_at_line_end(bytes, needle)
        && let Some(answer) = quick_article(path, text, (needle, finder), cols)
    {
        return match answer {
            Some(q) => Read::Answered(Box::new(q)),
            None => Read::Nothing,
        };
    }
    match archive::parse_bytes(path, format, bytes) {
        Ok(p) => Read::Articles(p.articles),
        Err(e) => problem(e),
    }
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

    #[test]
    fn a_start_of_the_word_at_a_line_end_may_split_it() {
        let split = |t: &str, w: &str| split_at_line_end(t.as_bytes(), w);
        assert!(split("这是软\n银", "软银"));
        assert!(split("这是软 \r\n银", "软银"));
        assert!(split("中软\n", "软银"), "any line ending in a start");
        assert!(split("工程师\n电池", "工程师电池"));
        assert!(
            !split("软银\n", "软银"),
            "the whole word is found by the search itself"
        );
        assert!(!split("软件\n", "软银"));
        assert!(!split("软", "软银"), "no line break");
        assert!(!split("软\n银", "软"), "one character cannot be split");
    }

    /// The quick path answers exactly what parsing every file answers: the same articles,
    /// titles, accounts, dates, hit counts and snippets, on the mixed fixture folder and on
    /// generated exporter-style Markdown (with duplicates), for words in the title, in
    /// tables, in many files and in none.
    #[test]
    fn quick_answers_equal_full_parses() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..120 {
            let a = crate::corpus_gen::article(3, i, 3_000);
            let md = crate::corpus_gen::markdown(&a);
            std::fs::write(dir.path().join(format!("{i:03}.md")), &md).unwrap();
            if i % 10 == 0 {
                // The same article again: merged, whichever path read it.
                std::fs::write(dir.path().join(format!("{i:03}-copy.md")), &md).unwrap();
            }
        }
        // Layouts the quick path must read right or leave to the parser.
        for (name, text) in [
            (
                "2024-01-01-fm.md",
                "---\ntitle: 软银的标题\nauthor: 某人\n---\n\n正文里的软银。\n\n# 软银标题\n",
            ),
            (
                "2024-01-02-bold.md",
                "# 加粗\n\n原创 作者 账号甲 2024-01-02\n\n软**银**和软银。\n",
            ),
            (
                "2024-01-03-link.md",
                "# 链接\n\n[软银](https://baike.baidu.com/软银)\n\n软银在这里\n",
            ),
            (
                "2024-01-04-list.md",
                "# 列表\n\n- 软银的列表项\n\n段落里的软银\n",
            ),
            ("2024-01-05-lines.md", "# 多行\n\n第一行软银\n第二行软银\n"),
            (
                "2024-01-06-title.md",
                "# 软银的标题\n正文软银，  还有软银\n\n| 表 | 软银 |\n|---|---|\n| 1 | 软银 |\n",
            ),
            (
                "2024-01-07-quote.md",
                "# 引用\n\n> 软银说\n\n　　软银又说\n",
            ),
            (
                "2024-01-08-code.md",
                "# 代码\n\n```\n软银 = 1\n```\n\n软银\n",
            ),
            // The word in a metadata line (the account), which is not searched text.
            (
                "2024-01-09-meta.md",
                "# 元信息\n\n原创 作者 软银观察 2024-01-09\n\n正文讲软银。\n",
            ),
            (
                "2024-01-10-meta-first.md",
                "原创 作者 账号丙 2024-01-10\n# 标题在后\n\n正文讲软银。\n",
            ),
            // The word split by a line break inside a paragraph: the parse joins the lines.
            (
                "2024-01-11-wrap.md",
                "# 断行\n\n原创 作者 账号丁 2024-01-11\n\n这一行末尾是软\n银开头的下一行，后面还有软银。\n",
            ),
            (
                "2024-01-12-wrap-only.md",
                "# 只有断行\n\n原创 作者 账号戊 2024-01-12\n\n这一行末尾是软\n银开头的下一行。\n",
            ),
            (
                "2024-01-13-wrap.txt",
                "只在文本里断行\n\n这一行末尾是软\r\n银开头的下一行。\r\n",
            ),
            // The same article as text with no account or date: merged by its words.
            (
                "copy-1.md",
                "# 同一篇文章\n\n原创 作者 账号乙 2024-02-01\n\n这是正文的开头，足够长的一段文字，用来比较两份拷贝是不是同一篇。\n\n第二段才讲软银。\n",
            ),
            (
                "copy-1.txt",
                "同一篇文章\n\n这是正文的开头，足够长的一段文字，用来比较两份拷贝是不是同一篇。\n\n第二段才讲软银。\n",
            ),
        ] {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archive");
        let roots = [dir.path().to_path_buf(), fixtures];
        let shown = |f: Found| -> Vec<String> {
            let mut v: Vec<String> = f
                .results
                .iter()
                .zip(&f.snippets)
                .map(|((a, h), made)| {
                    let (snip, hl) = crate::search::snippet::snippet(a, h.first, 72);
                    if let Some(made) = made {
                        assert_eq!(made, &(snip.clone(), hl.clone()), "{}", a.title);
                    }
                    format!(
                        "{} {} {:?} {:?} {} {snip} {hl:?}",
                        a.id,
                        a.title,
                        a.who(),
                        a.date,
                        h.count
                    )
                })
                .collect();
            v.sort();
            v
        };
        let mut answered = 0;
        let mut quickly = 0;
        for word in [
            "亿美元",
            "软银",
            "工程师",
            "第7篇",
            "读者",
            "独立站",
            "没有这个词吧",
            "电池",
        ] {
            let q = parse(word).unwrap();
            let found = search_paths_with(&roots, &q, true, 72);
            quickly += found.answered_quickly;
            let quick = shown(found);
            let full = shown(search_paths_with(&roots, &q, false, 72));
            assert_eq!(quick, full, "{word}");
            answered += quick.len();
        }
        assert!(answered > 300, "{answered}");
        // Words split by a soft line break in Markdown are found (the parse joins the lines).
        let wrapped = search_paths_with(&roots, &parse("软银").unwrap(), true, 72);
        let hits = |title: &str| {
            wrapped
                .results
                .iter()
                .find(|(a, _)| a.title == title)
                .map(|(_, h)| h.count)
        };
        assert_eq!(hits("断行"), Some(2));
        assert_eq!(hits("只有断行"), Some(1));
        assert!(
            quickly * 2 > answered,
            "{quickly} of {answered} answered quickly"
        );
    }
}
