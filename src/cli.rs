//! The non-interactive commands: the same core the TUI uses, printed as text or JSON.
//!
//! Owns argument parsing ([`Cli`]) and `wxr list`. Output is sanitized article data only; a
//! closed pipe (`wxr list | head`) ends quietly.

use crate::archive::{self, Problem, Source};
use crate::model::{Article, ArticleId, BlockKind, Status};
use crate::store::{self, Record, State, Store};
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
        /// Only articles not marked read.
        #[arg(long)]
        unread: bool,
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
        /// Read every file: neither use nor update the folders' search caches (see the
        /// README).
        #[arg(long)]
        no_cache: bool,
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
pub fn list(paths: &[PathBuf], json: bool, unread: bool) -> i32 {
    let source = source_for(paths);
    let (mut articles, problems, stats) = archive::load_all(&source);
    if unread {
        let Some(store) = open_store() else { return 1 };
        articles.retain(|a| !store.state.is_read(a.id));
    }
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

/// Opens the store of the data directory, printing its warnings; `None` when there is no
/// data directory at all.
fn open_store() -> Option<Store> {
    let Some(dir) = store::data_dir() else {
        eprintln!("wxr: no data directory (set WXR_DATA_DIR)");
        return None;
    };
    let (store, warnings) = Store::open(&dir);
    for w in warnings {
        eprintln!("wxr: {w}");
    }
    Some(store)
}

/// `wxr mark read|unread ID...`: each id is printed once it is on disk.
pub fn mark(how: MarkAs, ids: &[String]) -> i32 {
    let parsed: Result<Vec<ArticleId>, String> = ids.iter().map(|s| s.parse()).collect();
    let ids = match parsed {
        Ok(v) => v,
        Err(e) => {
            eprintln!("wxr: {e}");
            return 2;
        }
    };
    let Some(mut store) = open_store() else {
        return 1;
    };
    let mut out = std::io::stdout().lock();
    for id in ids {
        let r = match how {
            MarkAs::Read => Record::Read { id },
            MarkAs::Unread => Record::Unread { id },
        };
        if let Err(e) = store.append(&[r]) {
            eprintln!("wxr: {e}");
            return 1;
        }
        let word = match how {
            MarkAs::Read => "read",
            MarkAs::Unread => "unread",
        };
        if writeln!(out, "{word} {id}")
            .and_then(|()| out.flush())
            .is_err()
        {
            return 0;
        }
    }
    0
}

/// The file format of `wxr state export`.
#[derive(Serialize, serde::Deserialize)]
struct Exported {
    wxr_state: u32,
    #[serde(flatten)]
    state: State,
}

/// `wxr state export` / `wxr state import FILE`.
pub fn state(action: &StateAction) -> i32 {
    let Some(mut store) = open_store() else {
        return 1;
    };
    match action {
        StateAction::Export => {
            let doc = Exported {
                wxr_state: 1,
                state: store.state.clone(),
            };
            let mut out = std::io::stdout().lock();
            let r = serde_json::to_writer_pretty(&mut out, &doc)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out));
            match r {
                Ok(()) => 0,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
                Err(e) => {
                    eprintln!("wxr: {e}");
                    1
                }
            }
        }
        StateAction::Import { file } => {
            let text = if file.as_os_str() == "-" {
                let mut s = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).map(|_| s)
            } else {
                std::fs::read_to_string(file)
            };
            let text = match text {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("wxr: {}: {e}", file.display());
                    return 1;
                }
            };
            let doc: Exported = match serde_json::from_str(&text) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!(
                        "wxr: {}: not a wxr state export (line {}, column {}: {e})",
                        file.display(),
                        e.line(),
                        e.column()
                    );
                    return 1;
                }
            };
            let records = store.state.merge_records(&doc.state);
            let n = records.len();
            if let Err(e) = store.append(&records) {
                eprintln!("wxr: {e}");
                return 1;
            }
            eprintln!("wxr: imported {n} changes");
            0
        }
    }
}

/// `v` sorted by `cmp` (a total order); from `at_least` items on, each half on a core of its
/// own, then merged.
fn sort_on_two_cores<T: Send>(
    mut v: Vec<T>,
    cmp: impl Fn(&T, &T) -> std::cmp::Ordering + Sync,
    at_least: usize,
) -> Vec<T> {
    if v.len() < at_least.max(2) {
        v.sort_unstable_by(&cmp);
        return v;
    }
    let mut back = v.split_off(v.len() / 2);
    std::thread::scope(|s| {
        let t = s.spawn(|| back.sort_unstable_by(&cmp));
        v.sort_unstable_by(&cmp);
        let _ = t.join();
    });
    let mut merged = Vec::with_capacity(v.len() + back.len());
    let mut front = v.into_iter().peekable();
    let mut rest = back.into_iter().peekable();
    loop {
        let from_front = match (front.peek(), rest.peek()) {
            (Some(one), Some(other)) => cmp(one, other) != std::cmp::Ordering::Greater,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        merged.extend(if from_front {
            front.next()
        } else {
            rest.next()
        });
    }
    merged
}

/// A search result with its sort key ([`search`]).
type Keyed<'a> = (
    (u32, bool, u128, u128),
    (
        &'a (Article, crate::search::Hit),
        Option<&'a crate::search::files::Snippet>,
    ),
);

#[derive(Serialize)]
struct SearchEntry<'a> {
    id: String,
    title: &'a str,
    account: Option<&'a str>,
    date: Option<&'a str>,
    source: String,
    hits: u32,
    snippet: String,
    /// The match within the snippet, in characters: [start, end).
    matched: [usize; 2],
}

/// `wxr search QUERY [PATH...] [--json]`.
pub fn search(query: &str, paths: &[PathBuf], json: bool, no_cache: bool) -> i32 {
    let q = match crate::search::parse(query) {
        Ok(q) => q,
        Err(e) => {
            eprintln!("wxr: {e}");
            return 2;
        }
    };
    // `company:` asks the dictionary, the user's additions included: say what was wrong
    // with them.
    if q.clauses
        .iter()
        .any(|c| matches!(c, crate::search::Clause::Company { .. }))
    {
        for p in crate::highlight::company::Dictionary::shared_problems() {
            eprintln!("wxr: {p}");
        }
    }
    let cols = if json { 80 } else { 72 };
    let mut updates = Vec::new();
    // Files looked at, and of them answered from a search cache.
    let mut cached = (0, 0);
    let (mut all, mut snippets, problems) = if paths.is_empty() {
        let (arts, problems, _) = archive::load_all(&Source::Sample);
        let hits = crate::search::files::search_articles(&arts, &q);
        let res: Vec<_> = hits
            .into_iter()
            .map(|h| (arts[h.article].clone(), h))
            .collect();
        let none = vec![None; res.len()];
        (res, none, problems)
    } else {
        let cache = if no_cache {
            None
        } else {
            crate::search::cache::Options::standard()
        };
        let mut found = match &cache {
            Some(opts) => crate::search::files::search_paths_cached(paths, &q, cols, opts),
            None => crate::search::files::search_paths(paths, &q, cols),
        };
        updates = std::mem::take(&mut found.cache);
        cached = (found.files, found.from_cache);
        (found.results, found.snippets, found.problems)
    };
    // `is:read` / `is:unread` need the marks.
    let state_filter = q.clauses.iter().find_map(|c| match c {
        crate::search::Clause::Read(r) => Some(*r),
        _ => None,
    });
    if let Some(want_read) = state_filter {
        let Some(store) = open_store() else { return 1 };
        let keep: Vec<bool> = all
            .iter()
            .map(|(a, _)| store.state.is_read(a.id) == want_read)
            .collect();
        let mut k = keep.iter();
        all.retain(|_| k.next().copied().unwrap_or(false));
        let mut k = keep.iter();
        snippets.retain(|_| k.next().copied().unwrap_or(false));
    }
    // Sorted by reference: moving whole articles about would cost more than comparing them.
    let order: Vec<(
        &(Article, crate::search::Hit),
        Option<&crate::search::files::Snippet>,
    )> = all
        .iter()
        .zip(snippets.iter().map(Option::as_ref))
        .collect();
    // By a compact key first (hits, whether dated, the first 16 bytes of the date and of the
    // title), which orders
    // as `by_relevance` does, and by `by_relevance` where keys tie: far fewer trips to the
    // articles themselves.
    let key = |(a, h): &(Article, crate::search::Hit)| {
        let head = |s: &str| {
            let mut b = [0u8; 16];
            let n = s.len().min(16);
            b[..n].copy_from_slice(&s.as_bytes()[..n]);
            u128::from_be_bytes(b)
        };
        (
            h.count,
            a.date.is_some(),
            a.date.as_deref().map_or(0, head),
            // Titles ascending where the rest descends.
            u128::MAX - head(&a.title),
        )
    };
    let keyed: Vec<_> = order.into_iter().map(|o| (key(o.0), o)).collect();
    let cmp = |(k, ((a, x), _)): &Keyed<'_>, (j, ((b, y), _)): &Keyed<'_>| {
        j.cmp(k)
            .then_with(|| crate::search::by_relevance(a, x, b, y))
    };
    // Many results: each half sorted on a core of its own, then merged.
    let order: Vec<_> = sort_on_two_cores(keyed, cmp, 4096)
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    let results = order;
    report_problems(&problems);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let r = if json {
        let entries: Vec<SearchEntry<'_>> = results
            .iter()
            .map(|((a, h), made)| {
                let (snippet, hl) = made
                    .cloned()
                    .unwrap_or_else(|| crate::search::snippet::snippet(a, h.first, cols));
                let start = snippet[..hl.start].chars().count();
                let end = start + snippet[hl].chars().count();
                SearchEntry {
                    id: a.id.to_string(),
                    title: &a.title,
                    account: a.who(),
                    date: a.date.as_deref(),
                    source: a.source.display().to_string(),
                    hits: h.count,
                    snippet,
                    matched: [start, end],
                }
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &entries)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out))
    } else {
        // Each result's two lines are made on both cores, then written in order.
        // Each result's two lines are written into one text per core, then output in order.
        type Row<'a> = (
            &'a (Article, crate::search::Hit),
            Option<&'a crate::search::files::Snippet>,
        );
        let rows = |part: &[Row<'_>]| -> String {
            use std::fmt::Write as _;
            let mut text = String::with_capacity(part.len() * 320);
            for &((a, h), made) in part {
                let computed;
                let (snippet, hl) = if let Some(m) = made {
                    (&m.0, m.1.clone())
                } else {
                    computed = crate::search::snippet::snippet(a, h.first, cols);
                    (&computed.0, computed.1.clone())
                };
                let _ = write!(
                    text,
                    "{}\t{} hits\t{}\t{}\t{}\n    ",
                    a.id,
                    h.count,
                    a.title,
                    a.who().unwrap_or("-"),
                    a.date.as_deref().unwrap_or("-"),
                );
                // The match in 【】; a title matched by its pinyin has none to mark.
                if hl.is_empty() {
                    text.push_str(snippet);
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
        };
        let (front, back) = results.split_at(results.len() / 2);
        let (first, second) = std::thread::scope(|s| {
            let other = s.spawn(|| rows(back));
            (rows(front), other.join().unwrap_or_default())
        });
        out.write_all(first.as_bytes())
            .and_then(|()| out.write_all(second.as_bytes()))
    };
    match r.and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("wxr: {e}");
            1
        }
        _ => {
            drop(out);
            if cached.1 > 0 {
                eprintln!(
                    "wxr: {} articles match ({} of {} files answered from the search cache)",
                    results.len(),
                    cached.1,
                    cached.0
                );
            } else {
                eprintln!("wxr: {} articles match", results.len());
            }
            save_caches(updates);
            let code = i32::from(results.is_empty());
            // The process ends next: freeing every article one by one would only cost time
            // (milliseconds, at 20,000 results).
            std::mem::forget(results);
            std::mem::forget(all);
            code
        }
    }
}

/// Writes what the search learnt to the folders' caches, saying where a cache was made
/// and why one could not be.
fn save_caches(updates: Vec<crate::search::cache::Update>) {
    for u in updates {
        let path = u.path().to_path_buf();
        let new = !path.exists();
        match u.save() {
            Ok(bytes) if new && bytes > 0 => eprintln!(
                "wxr: made a search cache of this folder ({:.1} MB in {}); the next search \
                 of it reads only the files that changed (--no-cache: without)",
                bytes as f64 / 1e6,
                path.display()
            ),
            Ok(_) => {}
            Err(e) => eprintln!(
                "wxr: could not save the search cache {}: {e}; searches of this folder read \
                 every file",
                path.display()
            ),
        }
    }
}

#[derive(Serialize)]
struct EntityOut {
    text: String,
    /// `null` for the title, else the block's index.
    block: Option<usize>,
    start: usize,
    end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    currency: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    low: Option<crate::highlight::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    high: Option<crate::highlight::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    qualifier: Option<crate::highlight::Qualifier>,
    #[serde(skip_serializing_if = "Option::is_none")]
    company: Option<String>,
}

#[derive(Serialize)]
struct ArticleEntities<'a> {
    id: String,
    title: &'a str,
    source: String,
    money: Vec<EntityOut>,
    companies: Vec<EntityOut>,
}

/// `wxr entities [PATH...] [--json] [--company NAME]`.
pub fn entities(paths: &[PathBuf], json: bool, company: Option<&str>) -> i32 {
    use crate::highlight::{EntityKind, company::Dictionary, entities};
    use crate::layout::RowSource;
    let (articles, problems, _) = archive::load_all(&source_for(paths));
    report_problems(&problems);
    for p in Dictionary::shared_problems() {
        eprintln!("wxr: {p}");
    }
    let dict = Dictionary::shared();
    let wanted: Option<Vec<usize>> = company.map(|name| {
        let folded = name.trim().to_lowercase();
        let mut ids: Vec<usize> = dict.detect(name).iter().map(|m| m.company).collect();
        ids.extend(
            dict.companies
                .iter()
                .enumerate()
                .filter(|(_, c)| {
                    c.canonical.to_lowercase() == folded || c.english.to_lowercase() == folded
                })
                .map(|(i, _)| i),
        );
        ids
    });
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut listed = Vec::new();
    let mut failed = 0;
    for a in &articles {
        // A bug met in one article is reported for it; the others are still listed.
        let es = match crate::guard::isolate(|| entities(a, &dict)) {
            Ok(es) => es,
            Err(f) => {
                eprintln!("wxr: {}: {}: {f}", a.source.display(), a.title);
                failed += 1;
                continue;
            }
        };
        let text_of = |src: RowSource, r: &std::ops::Range<usize>| match src {
            RowSource::Block(i) => a.blocks[i].text[r.clone()].to_string(),
            _ => a.title[r.clone()].to_string(),
        };
        let block_of = |src: RowSource| match src {
            RowSource::Block(i) => Some(i),
            _ => None,
        };
        let (mut money, mut companies) = (Vec::new(), Vec::new());
        for e in &es {
            let mut o = EntityOut {
                text: text_of(e.source, &e.range),
                block: block_of(e.source),
                start: e.range.start,
                end: e.range.end,
                currency: None,
                low: None,
                high: None,
                qualifier: None,
                company: None,
            };
            match &e.kind {
                EntityKind::Money(m) => {
                    o.currency = Some(m.currency);
                    o.low = Some(m.low);
                    o.high = Some(m.high);
                    o.qualifier = Some(m.qualifier);
                    money.push(o);
                }
                EntityKind::Company(c) => {
                    if let Some(w) = &wanted
                        && !c.is_some_and(|i| w.contains(&i))
                    {
                        continue;
                    }
                    o.company = Some(
                        c.map_or_else(|| o.text.clone(), |i| dict.companies[i].canonical.clone()),
                    );
                    companies.push(o);
                }
            }
        }
        if wanted.is_some() && companies.is_empty() {
            continue;
        }
        listed.push(ArticleEntities {
            id: a.id.to_string(),
            title: &a.title,
            source: a.source.display().to_string(),
            money: if wanted.is_some() { Vec::new() } else { money },
            companies,
        });
    }
    let r = if json {
        serde_json::to_writer_pretty(&mut out, &listed)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out))
    } else {
        listed.iter().try_for_each(|a| {
            if wanted.is_some() {
                return writeln!(out, "{}\t{} mentions\t{}", a.id, a.companies.len(), a.title);
            }
            writeln!(out, "{}\t{}", a.id, a.title)?;
            for m in &a.money {
                writeln!(
                    out,
                    "  money\t{}\t{} {}..{} {}",
                    m.text,
                    m.currency.unwrap_or(""),
                    m.low.unwrap_or_default(),
                    m.high.unwrap_or_default(),
                    m.qualifier.map_or("", crate::highlight::Qualifier::name)
                )?;
            }
            for c in &a.companies {
                writeln!(
                    out,
                    "  company\t{}\t{}",
                    c.text,
                    c.company.as_deref().unwrap_or("")
                )?;
            }
            Ok(())
        })
    };
    match r.and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("wxr: {e}");
            1
        }
        _ if failed > 0 => {
            eprintln!("wxr: {failed} articles could not be searched for entities");
            1
        }
        _ => i32::from(company.is_some() && listed.is_empty()),
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Sorting halves on two cores and merging them is sorting.
        #[test]
        fn two_core_sort_is_a_sort(mut v in proptest::collection::vec((0u8..8, 0u32..1000), 0..300)) {
            // A total order on the pairs, as the results' is.
            let both = sort_on_two_cores(v.clone(), |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)), 0);
            v.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            prop_assert_eq!(both, v);
        }
    }
}
