//! Finding article files, detecting their format, decoding and parsing them into articles.
//!
//! Owns the walk over the user's paths, the per-format parsers ([`txt`], [`markdown`]) and the
//! [`Problem`] report for every file that could not be read. Everything a parser returns goes
//! through [`finish`], which sanitizes every field (REFERENCE.md §6) and assigns the stable id.
//! Must not import ratatui or crossterm: the TUI runs [`load`] on a worker thread.

pub mod csv_list;
pub mod decode;
pub mod html;
pub mod json;
pub mod library;
pub mod markdown;
pub mod meta;
pub mod script;
pub mod store;
pub mod txt;

pub use library::{Added, Library};

use crate::model::{Article, Block, BlockKind, Format};
use crate::sanitize;
use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// Files larger than this are not read: no article is that big, and reading one would stall.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Where articles come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The sample archive embedded in the binary.
    Sample,
    /// Files and folders (searched recursively) given by the user.
    Paths(Vec<PathBuf>),
}

/// A file that was skipped or only partly read, with a plain reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub path: PathBuf,
    pub kind: ProblemKind,
    pub reason: String,
}

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// Nothing could be read from the file.
    Unreadable,
    /// Articles were read, but part of the file was not (bad lines, undecodable bytes).
    Partial,
    /// A file of a format wxr does not read.
    Skipped,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

/// What a load reports as it goes. Articles come in batches so a UI can show them early.
#[derive(Debug, Clone)]
pub enum Event {
    Articles(Vec<Article>),
    Problem(Problem),
    Done(Stats),
}

/// Counts for a finished load.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Files looked at (all extensions).
    pub files: usize,
    pub articles: usize,
    /// Files skipped because wxr does not read their format (assets included).
    pub skipped: usize,
    /// Files whose article was already loaded from another file, merged into it.
    pub merged: usize,
    pub problems: usize,
    /// Paths given by the user that could not be opened at all.
    pub unopened: usize,
}

const BATCH: usize = 64;

/// The format a file name says, if wxr reads it.
pub fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?;
    // Without lower-casing a copy: this runs for every file of a folder.
    let is = |names: &[&str]| names.iter().any(|n| ext.eq_ignore_ascii_case(n));
    if is(&["md", "markdown", "mdown", "mkd"]) {
        Some(Format::Markdown)
    } else if is(&["html", "htm", "xhtml", "shtml"]) {
        Some(Format::Html)
    } else if is(&["txt", "text"]) {
        Some(Format::Txt)
    } else if is(&["json"]) {
        Some(Format::Json)
    } else if is(&["jsonl", "ndjson"]) {
        Some(Format::Jsonl)
    } else if is(&["csv"]) {
        Some(Format::Csv)
    } else {
        None
    }
}

/// Files that sit beside articles in exports (images, styles, scripts, fonts, media) and are
/// not articles by nature: skipped without a problem report.
pub fn is_asset(path: &Path) -> bool {
    let hidden = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'));
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    hidden
        || ext.is_some_and(|e| {
            matches!(
                e.as_str(),
                "jpg"
                    | "jpeg"
                    | "png"
                    | "gif"
                    | "webp"
                    | "bmp"
                    | "svg"
                    | "ico"
                    | "avif"
                    | "heic"
                    | "tif"
                    | "tiff"
                    | "css"
                    | "js"
                    | "map"
                    | "woff"
                    | "woff2"
                    | "ttf"
                    | "otf"
                    | "eot"
                    | "mp3"
                    | "mp4"
                    | "m4a"
                    | "wav"
                    | "ogg"
                    | "webm"
                    | "mov"
            )
        })
}

/// What one file yielded: its articles, and problems with parts of it (bad JSONL lines,
/// undecodable bytes) when it was only partly read.
#[derive(Debug, Default)]
pub struct Parsed {
    pub articles: Vec<Article>,
    pub problems: Vec<String>,
}

/// Parses one file's bytes. `Err` is the reason nothing could be read from it; a bug met
/// in a parser is such a reason too (the other files load as ever).
pub fn parse_bytes(path: &Path, format: Format, bytes: &[u8]) -> Result<Parsed, String> {
    crate::guard::isolate(|| parse_unguarded(path, format, bytes))
        .unwrap_or_else(|f| Err(f.to_string()))
}

fn parse_unguarded(path: &Path, format: Format, bytes: &[u8]) -> Result<Parsed, String> {
    crate::guard::failpoint("parse");
    let d = decode::decode(bytes)?;
    if d.text.trim().is_empty() {
        return Err("empty file".to_string());
    }
    let mut out = Parsed::default();
    if d.bad_bytes > 0 {
        let enc = d.encoding.unwrap_or("UTF-8");
        out.problems.push(format!(
            "partly read: {} undecodable bytes (read as {enc})",
            d.bad_bytes
        ));
    }
    let text = sanitize::text(&d.text);
    let raw = match format {
        Format::Txt => vec![txt::parse(&text, path)],
        Format::Markdown => vec![markdown::parse(&text, path)],
        Format::Html => vec![html::parse(&text, path)?],
        Format::Json => json::parse(&text, path)?,
        Format::Jsonl => {
            let (a, p) = json::parse_lines(&text, path);
            out.problems.extend(p);
            a
        }
        Format::Csv => {
            let (a, p) = csv_list::parse(&text, path)?;
            out.problems.extend(p);
            a
        }
    };
    for mut a in raw {
        a.encoding = d.encoding.map(str::to_string);
        out.articles.extend(finish(a));
    }
    if out.articles.is_empty() {
        return Err(out
            .problems
            .pop()
            .unwrap_or_else(|| "no text in file".to_string()));
    }
    Ok(out)
}

/// Sanitizes every field, drops empty blocks, fills a missing title and assigns the id.
/// `None` when nothing readable is left.
pub fn finish(mut a: Article) -> Option<Article> {
    a.title = sanitize::line(&a.title);
    for f in [&mut a.account, &mut a.author, &mut a.date, &mut a.url] {
        *f = f.as_deref().map(sanitize::line).filter(|s| !s.is_empty());
    }
    a.tags = a
        .tags
        .iter()
        .map(|t| sanitize::line(t))
        .filter(|t| !t.is_empty())
        .collect();
    for b in &mut a.blocks {
        b.text = match b.kind {
            BlockKind::Code => sanitize::text(&b.text).trim_end_matches('\n').to_string(),
            _ => tidy_block(&sanitize::text(&b.text)),
        };
        if let BlockKind::Image { url, .. } = &mut b.kind {
            *url = sanitize::line(url);
        }
    }
    a.blocks
        .retain(|b| !b.text.is_empty() || matches!(b.kind, BlockKind::Image { .. }));
    if a.blocks.is_empty() && a.title.is_empty() {
        return None;
    }
    if a.title.is_empty() {
        // No title in the file: the start of the first text block, else the file name.
        let from_text = a
            .blocks
            .iter()
            .filter(|b| !matches!(b.kind, BlockKind::Image { .. }))
            .map(|b| sanitize::line(&b.text).chars().take(40).collect::<String>())
            .find(|t| !t.is_empty());
        let from_name = || {
            let stem = a
                .source
                .file_stem()
                .map(|s| sanitize::line(&s.to_string_lossy()));
            stem.filter(|s| !s.is_empty())
        };
        a.title = from_text
            .or_else(from_name)
            .unwrap_or_else(|| "（无标题）".to_string());
    }
    if a.title.is_empty() && a.blocks.is_empty() {
        return None;
    }
    a.assign_id();
    Some(a)
}

/// Trims a prose block: no trailing spaces on its lines, no blank lines at either end.
/// Runs of spaces inside a line become one (html2text pads with them); leading spaces and
/// `　　` indents stay.
fn tidy_block(s: &str) -> String {
    // One line (most paragraphs): the same as below, without the vector.
    if !s.contains('\n') {
        let t = s.trim_end_matches(' ');
        return if t.trim().is_empty() {
            String::new()
        } else {
            squeeze_spaces(t)
        };
    }
    tidy_by_lines(s)
}

/// [`tidy_block`] without its one-line fast path.
fn tidy_by_lines(s: &str) -> String {
    let lines: Vec<String> = s
        .split('\n')
        .map(|l| squeeze_spaces(l.trim_end_matches(' ')))
        .collect();
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    match (first, last) {
        (Some(f), Some(l)) => lines[f..=l].join("\n"),
        _ => String::new(),
    }
}

fn squeeze_spaces(line: &str) -> String {
    if !line.contains("  ") {
        return line.to_string();
    }
    let indent = line.len() - line.trim_start_matches(' ').len();
    let mut out = String::with_capacity(line.len());
    out.push_str(&line[..indent]);
    let mut prev_space = false;
    for c in line[indent..].chars() {
        if c == ' ' && prev_space {
            continue;
        }
        prev_space = c == ' ';
        out.push(c);
    }
    out
}

/// An empty article shell for a parser to fill.
pub fn blank_article(path: &Path, format: Format) -> Article {
    Article {
        source: path.to_path_buf(),
        format,
        ..Article::default()
    }
}

/// Whether a whole line is just an image URL (forum reposts and TXT exports put them so).
pub fn image_url_line(line: &str) -> Option<&str> {
    let l = line.trim();
    let l = l
        .strip_prefix("[img]")
        .and_then(|x| x.strip_suffix("[/img]"))
        .unwrap_or(l);
    if !(l.starts_with("https://") || l.starts_with("http://")) || l.contains(char::is_whitespace) {
        return None;
    }
    let lower = l.to_ascii_lowercase();
    let path = lower.split(['?', '#']).next().unwrap_or("");
    let looks_image = lower.contains("mmbiz.qpic.cn")
        || lower.contains("wx_fmt=")
        || [".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp"]
            .iter()
            .any(|e| path.ends_with(e));
    looks_image.then_some(l)
}

/// Loads articles from `source`, reporting through `sink` as it goes: batches of articles,
/// each problem, and finally the counts. Never panics on a bad file; never stops early.
/// Files are read and parsed on every core; what they give is reported in the order of the
/// walk, as one thread would.
pub fn load(source: &Source, sink: &mut dyn FnMut(Event)) {
    load_on(source, sink, readers());
}

/// What the walk found, in its order: a root that cannot be opened, a file, or a problem.
enum Found {
    Unopened(PathBuf, String),
    File(PathBuf),
    Problem(Problem),
}

/// [`load`] with `threads` readers (1: all on the calling thread, what the others must
/// agree with, in tests).
fn load_on(source: &Source, sink: &mut dyn FnMut(Event), threads: usize) {
    let mut l = Loader {
        stats: Stats::default(),
        batch: Vec::new(),
        sink,
    };
    match source {
        Source::Sample => {
            for (name, body) in crate::sample::FILES {
                let path = PathBuf::from(format!("sample:/{name}"));
                l.file(&path, |format| parse_bytes(&path, format, body.as_bytes()));
            }
        }
        Source::Paths(paths) => {
            let found = |send: Pass<'_>| {
                for root in paths {
                    if let Err(e) = std::fs::metadata(root) {
                        if !send(Found::Unopened(root.clone(), io_reason(&e))) {
                            return;
                        }
                        continue;
                    }
                    for entry in walk(root) {
                        let item = match entry {
                            Walked::File(path) => Found::File(path),
                            Walked::Problem(p) => Found::Problem(p),
                        };
                        if !send(item) {
                            return;
                        }
                    }
                }
            };
            if threads <= 1 {
                found(&mut |item| {
                    let read = read_found(&item);
                    l.apply(item, read);
                    true
                });
            } else {
                load_parallel(&found, &mut l, threads);
            }
        }
    }
    if !l.batch.is_empty() {
        (l.sink)(Event::Articles(std::mem::take(&mut l.batch)));
    }
    (l.sink)(Event::Done(l.stats));
}

/// Hands what the walk found on; `false`: stop walking.
type Pass<'a> = &'a mut dyn FnMut(Found) -> bool;

/// What reading a found file gives (nothing for the rest): the part of loading that can run
/// anywhere.
fn read_found(item: &Found) -> Option<Result<Parsed, String>> {
    match item {
        Found::File(path) => format_of(path).map(|format| read_file(path, format)),
        _ => None,
    }
}

/// The walk on one thread, reading and parsing on `threads` others, and what they give
/// applied to `l` on this one in the walk's order (a reorder buffer; the walk runs at most a
/// few thousand files ahead).
fn load_parallel(found: &(dyn Fn(Pass<'_>) + Sync), l: &mut Loader<'_>, threads: usize) {
    use std::sync::mpsc;
    let (jobs_tx, jobs_rx) = mpsc::sync_channel::<(usize, Found)>(4096);
    let jobs_rx = std::sync::Mutex::new(jobs_rx);
    let (done_tx, done_rx) = mpsc::channel::<(usize, Found, Option<Result<Parsed, String>>)>();
    std::thread::scope(|s| {
        s.spawn(move || {
            let mut n = 0;
            found(&mut |item| {
                let ok = jobs_tx.send((n, item)).is_ok();
                n += 1;
                ok
            });
        });
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            let jobs_rx = &jobs_rx;
            s.spawn(move || {
                for (n, item) in shared_jobs(jobs_rx) {
                    let read = read_found(&item);
                    if done_tx.send((n, item, read)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        let mut waiting = std::collections::BTreeMap::new();
        let mut next = 0;
        for (n, item, read) in done_rx {
            waiting.insert(n, (item, read));
            while let Some((item, read)) = waiting.remove(&next) {
                l.apply(item, read);
                next += 1;
            }
        }
    });
}

struct Loader<'s> {
    stats: Stats,
    batch: Vec<Article>,
    sink: &'s mut dyn FnMut(Event),
}

impl Loader<'_> {
    /// Applies what the walk found, and what reading it gave.
    fn apply(&mut self, item: Found, read: Option<Result<Parsed, String>>) {
        match item {
            Found::Unopened(root, reason) => {
                self.stats.unopened += 1;
                self.problem(&root, ProblemKind::Unreadable, reason);
            }
            Found::File(path) => {
                let mut read = read;
                self.file(&path, |_| {
                    read.take().unwrap_or_else(|| Err("not read".to_string()))
                });
            }
            Found::Problem(p) => {
                self.stats.problems += 1;
                (self.sink)(Event::Problem(p));
            }
        }
    }

    fn file(&mut self, path: &Path, read: impl FnOnce(Format) -> Result<Parsed, String>) {
        self.stats.files += 1;
        let Some(format) = format_of(path) else {
            self.stats.skipped += 1;
            if !is_asset(path) {
                let ext = path.extension().map_or_else(
                    || "no extension".to_string(),
                    |e| format!(".{}", e.to_string_lossy()),
                );
                self.problem(
                    path,
                    ProblemKind::Skipped,
                    format!("unknown format ({ext})"),
                );
            }
            return;
        };
        match read(format) {
            Ok(parsed) => {
                for reason in parsed.problems {
                    self.problem(path, ProblemKind::Partial, reason);
                }
                self.stats.articles += parsed.articles.len();
                self.batch.extend(parsed.articles);
                if self.batch.len() >= BATCH {
                    (self.sink)(Event::Articles(std::mem::take(&mut self.batch)));
                }
            }
            Err(reason) => self.problem(path, ProblemKind::Unreadable, reason),
        }
    }

    fn problem(&mut self, path: &Path, kind: ProblemKind, reason: String) {
        self.stats.problems += 1;
        (self.sink)(Event::Problem(Problem {
            path: path.to_path_buf(),
            kind,
            reason,
        }));
    }
}

/// Loads everything at once, duplicates merged: for the CLI and tests.
pub fn load_all(source: &Source) -> (Vec<Article>, Vec<Problem>, Stats) {
    let mut lib = Library::default();
    let (mut probs, mut stats) = (Vec::new(), Stats::default());
    load(source, &mut |e| match e {
        Event::Articles(a) => {
            for x in a {
                lib.add(x);
            }
        }
        Event::Problem(p) => probs.push(p),
        Event::Done(s) => stats = s,
    });
    stats.merged = lib.merged;
    let mut arts = lib.articles;
    arts.sort_by(crate::model::list_order);
    (arts, probs, stats)
}

/// Reads and parses one file (at most [`MAX_FILE_BYTES`] of it are read: a bigger one is a
/// problem).
pub(crate) fn read_file(path: &Path, format: Format) -> Result<Parsed, String> {
    let mut file = std::fs::File::open(path).map_err(|e| io_reason(&e))?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(&mut file, MAX_FILE_BYTES + 1),
        &mut bytes,
    )
    .map_err(|e| io_reason(&e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let len = file.metadata().map_or(bytes.len() as u64, |m| m.len());
        return Err(format!("larger than 64 MiB ({len} bytes)"));
    }
    parse_bytes(path, format, &bytes)
}

/// The jobs on a channel shared by several workers, one at a time, until it closes.
pub(crate) fn shared_jobs<T>(
    rx: &std::sync::Mutex<std::sync::mpsc::Receiver<T>>,
) -> impl Iterator<Item = T> + '_ {
    std::iter::from_fn(|| {
        rx.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .recv()
            .ok()
    })
}

/// How many threads read and parse files: one a core, at most 8.
pub(crate) fn readers() -> usize {
    std::thread::available_parallelism()
        .map_or(2, std::num::NonZero::get)
        .min(8)
}

pub(crate) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

pub(crate) enum Walked {
    File(PathBuf),
    Problem(Problem),
}

/// Files under `root` in a stable order (by name), following symlinks; hidden folders such as
/// `.git` are not entered. A symlink loop or unreadable folder becomes a problem, not a stop.
pub(crate) fn walk(root: &Path) -> impl Iterator<Item = Walked> {
    walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(e.file_type().is_dir() && e.file_name().to_string_lossy().starts_with('.'))
        })
        .filter_map(|r| match r {
            Ok(e) if e.file_type().is_file() => Some(Walked::File(e.into_path())),
            Ok(_) => None,
            Err(e) => {
                let path = e.path().map_or_else(PathBuf::new, Path::to_path_buf);
                let reason = if e.loop_ancestor().is_some() {
                    "symlink loop".to_string()
                } else if let Some(io) = e.io_error() {
                    io_reason(io)
                } else {
                    e.to_string()
                };
                Some(Walked::Problem(Problem {
                    path,
                    kind: ProblemKind::Unreadable,
                    reason,
                }))
            }
        })
}

/// A paragraph block, or nothing when the text is only markup debris (`__ _ _`, `***`).
pub fn paragraph_unless_debris(text: String) -> Option<Block> {
    let debris = text
        .chars()
        .all(|c| matches!(c, '_' | '*' | '-' | ' ' | '\n' | '#' | '='));
    (!debris).then(|| Block::paragraph(text))
}

#[cfg(test)]
mod tidy_tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn one_line_fast_path_agrees(s in "[a-z中文 \u{3000}\t]{0,30}") {
            prop_assert_eq!(tidy_block(&s), tidy_by_lines(&s));
        }
    }
}

#[cfg(test)]
mod load_tests {
    use super::*;

    /// Everything a load reports, in order, as text.
    fn events(source: &Source, threads: usize) -> Vec<String> {
        let mut out = Vec::new();
        load_on(
            source,
            &mut |e| match e {
                Event::Articles(arts) => out.extend(arts.iter().map(|a| format!("{a:?}"))),
                e => out.push(format!("{e:?}")),
            },
            threads,
        );
        out
    }

    /// Reading on many threads reports what one thread does, in the same order: articles,
    /// problems (unreadable roots, unknown formats, bad files), counts.
    #[test]
    fn parallel_loading_reports_what_one_thread_does() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..300 {
            let a = crate::corpus_gen::article(9, i, 1_500);
            let sub = dir.path().join(format!("{:02}", i % 7));
            std::fs::create_dir_all(&sub).unwrap();
            std::fs::write(
                sub.join(format!("{i:03}.md")),
                crate::corpus_gen::markdown(&a),
            )
            .unwrap();
        }
        std::fs::write(dir.path().join("bad.txt"), b"\0\0binary").unwrap();
        std::fs::write(dir.path().join("notes.xyz"), "?").unwrap();
        let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archive");
        let source = Source::Paths(vec![
            dir.path().to_path_buf(),
            PathBuf::from("/no/such/folder"),
            fixtures,
        ]);
        let one = events(&source, 1);
        assert!(one.len() > 300, "{}", one.len());
        assert!(one.iter().any(|e| e.contains("no such file or folder")));
        assert!(one.last().unwrap().starts_with("Done("));
        for threads in [2, 3, 8] {
            assert_eq!(events(&source, threads), one, "{threads} threads");
        }
    }
}

#[cfg(test)]
mod guard_tests {
    use super::*;

    /// Issue 11: a parser bug on one file makes that file a problem, with the reason.
    #[test]
    fn a_parser_bug_is_a_problem_of_that_file() {
        crate::guard::install_hook();
        let path = Path::new("a.md");
        let bytes = "# 标题\n\n正文。".as_bytes();
        let err = {
            let _armed = crate::guard::arm("parse");
            parse_bytes(path, Format::Markdown, bytes).unwrap_err()
        };
        assert!(
            err.starts_with("internal error (failpoint parse at "),
            "{err}"
        );
        assert_eq!(
            parse_bytes(path, Format::Markdown, bytes)
                .unwrap()
                .articles
                .len(),
            1
        );
    }
}
