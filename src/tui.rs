//! The terminal interface. Owns the event loop and the threads that feed it; everything that
//! decides anything is in [`app`] (pure `update(msg) -> effects`) and everything that draws is
//! in [`view`] (read-only `render(&app, frame)`).
//!
//! One `std::sync::mpsc` channel carries every [`Msg`]: keys, mouse and resizes from the
//! input thread, article batches from the loader thread, and quit requests from the signal
//! thread. The loop redraws only after a message changed something.

pub mod app;
pub mod headless;
pub mod helptext;
pub mod input;
pub mod keymap;
pub mod msg;
pub mod opener;
pub mod screen;
pub mod terminal;
pub mod theme;
pub mod view;

pub use app::{App, Effect};
pub use msg::Msg;

use crate::archive::{self, Source};
use crate::config::Config;
use crate::store::{self, Store};
use anyhow::Context;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};

/// Runs the interactive reader until the user quits (or a signal asks it to).
pub fn run(source: &Source) -> anyhow::Result<()> {
    let (config, config_warning) = Config::load();
    let (store, store_warnings) = match store::data_dir() {
        Some(dir) => {
            let (s, w) = Store::open(&dir);
            (Some(s), w)
        }
        None => (
            None,
            vec!["no data directory (set WXR_DATA_DIR); marks will not be saved".into()],
        ),
    };
    // Warnings go to stderr now (seen after quitting) and onto the screen.
    for (path, why) in &config_warning {
        eprintln!("wxr: {}: {why}", path.display());
    }
    for w in &store_warnings {
        eprintln!("wxr: {w}");
    }
    let mut term =
        terminal::Session::start(config.ui.mouse).context("cannot set up the terminal")?;
    let (tx, rx) = mpsc::channel();
    terminal::spawn_input(tx.clone());
    terminal::spawn_signals(tx.clone()).context("cannot install signal handlers")?;
    let size = term.size()?;
    let (mut app, effects) = App::new(source, size);
    app.configure(&config);
    app.marks = store.as_ref().map(|s| s.state.clone()).unwrap_or_default();
    app.store_warning = store_warnings.into_iter().next();
    app.config_problems(&config_warning);
    // The company dictionary takes a while to build (~70 ms): in the background, so the
    // first screen does not wait. Its problems go on screen now and to stderr after quitting
    // (written while the reader owns the terminal, they would garble the screen).
    {
        let tx = tx.clone();
        let _ = std::thread::Builder::new()
            .name("dictionary".into())
            .spawn(move || {
                supervised("dictionary", &tx, || {
                    let dict = crate::companies::shared();
                    let problems = crate::companies::shared_problems();
                    let _ = tx.send(Msg::Dictionary(dict, problems));
                });
            });
    }
    let latest = Arc::new(AtomicU64::new(0));
    let search = spawn_search_worker(tx.clone(), Arc::clone(&latest));
    let history = store::data_dir().map(|d| d.join(HISTORY));
    app.history = history.as_deref().map(load_history).unwrap_or_default();
    let mut driver = Driver {
        tx,
        store,
        search,
        latest,
        history,
        load_started: 0,
    };
    driver.run(effects);
    let result = event_loop(&mut term, &mut app, &rx, &mut driver);
    drop(term);
    // A folder read whole a moment ago may still be having its library store saved.
    if !archive::wait_for_saves(std::time::Duration::ZERO) {
        eprintln!("wxr: saving the library store…");
        if !archive::wait_for_saves(std::time::Duration::from_secs(10)) {
            eprintln!(
                "wxr: the library store was not saved in time; the next open reads again what it lacks"
            );
        }
    }
    for f in &app.failures {
        eprintln!("wxr: {f}");
    }
    for p in crate::companies::problems_if_loaded() {
        eprintln!("wxr: {p}");
    }
    result
}

/// While only the loader has news, frames come at most this often: a first reading of a big
/// folder sends hundreds of batches a second, and a frame for each would take a core's time
/// from reading. Anything else (a key, a resize, search results) is drawn at once.
pub const LOAD_FRAME: std::time::Duration = std::time::Duration::from_millis(40);

fn event_loop(
    term: &mut terminal::Session,
    app: &mut App,
    rx: &Receiver<Msg>,
    driver: &mut Driver,
) -> anyhow::Result<()> {
    let (mut dirty, mut urgent) = (true, true);
    let mut drawn = std::time::Instant::now();
    loop {
        if dirty && (urgent || drawn.elapsed() >= LOAD_FRAME) {
            term.draw(|f| view::render(app, f))?;
            drawn = std::time::Instant::now();
            (dirty, urgent) = (false, false);
        }
        let first = if dirty {
            match rx.recv_timeout(LOAD_FRAME.saturating_sub(drawn.elapsed())) {
                Ok(m) => m,
                Err(mpsc::RecvTimeoutError::Timeout) => continue,
                Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
            }
        } else {
            let Ok(m) = rx.recv() else { return Ok(()) };
            m
        };
        // Take everything already queued before drawing again: a burst of key repeats or
        // article batches costs one frame. Effects run before the next frame, so a mark
        // the frame shows has been saved.
        let mut queue: Vec<Msg> = coalesce(std::iter::once(first).chain(rx.try_iter()));
        while !queue.is_empty() {
            for msg in std::mem::take(&mut queue) {
                let from_loader = matches!(msg, Msg::Load(_));
                let (changed, effects) = app.update(msg);
                dirty |= changed;
                urgent |= changed && !from_loader;
                queue.extend(driver.run(effects));
                if app.quit {
                    return Ok(());
                }
            }
        }
    }
}

/// Messages as they came, with article batches that follow one another joined: placing a
/// batch in the ordered list costs a pass over it, so a hundred small ones queued while a
/// frame was drawn cost one. Public for the load bench, which drives an [`App`] as this loop
/// does.
pub fn coalesce(msgs: impl Iterator<Item = Msg>) -> Vec<Msg> {
    let mut out: Vec<Msg> = Vec::new();
    for m in msgs {
        let Msg::Load(archive::Event::Articles(more)) = m else {
            out.push(m);
            continue;
        };
        if let Some(Msg::Load(archive::Event::Articles(all))) = out.last_mut() {
            all.extend(more);
        } else {
            out.push(Msg::Load(archive::Event::Articles(more)));
        }
    }
    out
}

/// Executes effects: the only place in the TUI that does IO besides the terminal.
struct Driver {
    tx: Sender<Msg>,
    store: Option<Store>,
    /// Jobs for the search worker, which owns the index.
    search: Sender<SearchJob>,
    /// The newest search generation: the worker skips and cancels older ones.
    latest: Arc<AtomicU64>,
    history: Option<PathBuf>,
    /// When the last load began (ns since the epoch): the watch, started when it is done,
    /// first reads again what changed since.
    load_started: i64,
}

enum SearchJob {
    Index(Vec<(usize, Arc<crate::model::Article>)>),
    Unindex(Vec<usize>),
    Warm,
    Search {
        generation: u64,
        query: crate::search::Query,
        within: Option<Vec<usize>>,
    },
    Snippets {
        generation: u64,
        query: crate::search::Query,
        slots: Vec<usize>,
        cols: usize,
    },
}

/// The search worker: keeps the corpus of every article's text (in memory, or where its
/// library store has it) as articles arrive, and runs searches, newest only.
fn spawn_search_worker(tx: Sender<Msg>, latest: Arc<AtomicU64>) -> Sender<SearchJob> {
    let (jobs, rx) = mpsc::channel::<SearchJob>();
    let _ = std::thread::Builder::new()
        .name("search".into())
        .spawn(move || {
            // Shared with the UI's copy: built once, by whichever asks first.
            let dict = crate::companies::shared();
            let mut corpus = crate::search::Corpus::default();
            // A bug met outside one search (indexing, say) is reported and the worker goes
            // on with the next job, its corpus as it was.
            while !supervised("search", &tx, || {
                search_jobs(&rx, &tx, &latest, &dict, &mut corpus);
            }) {}
        });
    jobs
}

/// The search worker's jobs, until the reader is gone.
fn search_jobs(
    rx: &mpsc::Receiver<SearchJob>,
    tx: &Sender<Msg>,
    latest: &AtomicU64,
    dict: &Arc<crate::highlight::company::Dictionary>,
    corpus: &mut crate::search::Corpus,
) {
    for job in rx {
        match job {
            SearchJob::Index(arts) => {
                for (i, a) in &arts {
                    corpus.set_shared(*i, a);
                }
            }
            SearchJob::Unindex(slots) => {
                for i in slots {
                    corpus.remove(i);
                }
            }
            SearchJob::Warm => {
                // Given up as soon as a search is asked for.
                let asked = latest.load(Ordering::Relaxed);
                let _ = crate::guard::isolate(|| {
                    corpus.warm(&|| latest.load(Ordering::Relaxed) != asked);
                });
            }
            SearchJob::Snippets {
                generation,
                query,
                slots,
                cols,
            } => {
                if latest.load(Ordering::Relaxed) != generation {
                    continue;
                }
                let snippets = crate::guard::isolate(|| corpus.snippets(&query, &slots, cols))
                    .unwrap_or_default();
                if tx
                    .send(Msg::Snippets {
                        generation,
                        snippets,
                    })
                    .is_err()
                {
                    return;
                }
            }
            SearchJob::Search {
                generation,
                query,
                within,
            } => {
                if latest.load(Ordering::Relaxed) != generation {
                    continue;
                }
                let stale = || latest.load(Ordering::Relaxed) != generation;
                // A bug met in a search fails that search, not the worker: the
                // search line says so and the next query runs.
                let found = crate::guard::isolate(|| {
                    corpus.search(&query, within.as_deref(), dict, None, &stale)
                });
                let msg = match found {
                    Ok(Some(hits)) => Msg::SearchDone { generation, hits },
                    Ok(None) => continue,
                    Err(f) => Msg::SearchFailed {
                        generation,
                        why: f.to_string(),
                    },
                };
                if tx.send(msg).is_err() {
                    return;
                }
            }
        }
    }
}

/// Runs a worker thread's body; a panic in it (a bug outside any one article's work) is
/// contained — the terminal is restored only by the main thread, at exit — and reported to
/// the reader as [`Msg::WorkerFailed`]. Whether the worker is done: its body ran to its end,
/// or it failed with no reader left to tell (otherwise a worker may start its work again).
fn supervised(worker: &'static str, tx: &Sender<Msg>, body: impl FnOnce()) -> bool {
    match crate::guard::isolate(body) {
        Ok(()) => true,
        Err(f) => {
            let why = f.to_string();
            tx.send(Msg::WorkerFailed { worker, why }).is_err()
        }
    }
}

impl Driver {
    /// Runs effects; returns messages to handle before the next frame (a failed save).
    fn run(&mut self, effects: Vec<Effect>) -> Vec<Msg> {
        let mut back = Vec::new();
        for fx in effects {
            match fx {
                Effect::Load(source) => {
                    self.load_started =
                        archive::store::ns_since_epoch(std::time::SystemTime::now());
                    self.load(source);
                }
                Effect::Index(arts) => {
                    let _ = self.search.send(SearchJob::Index(arts));
                }
                Effect::Unindex(slots) => {
                    let _ = self.search.send(SearchJob::Unindex(slots));
                }
                Effect::Warm => {
                    let _ = self.search.send(SearchJob::Warm);
                }
                Effect::Watch(source) => self.watch(source),
                Effect::Search {
                    generation,
                    query,
                    within,
                } => {
                    self.latest.store(generation, Ordering::Relaxed);
                    let _ = self.search.send(SearchJob::Search {
                        generation,
                        query,
                        within,
                    });
                }
                Effect::Snippets {
                    generation,
                    query,
                    slots,
                    cols,
                } => {
                    let _ = self.search.send(SearchJob::Snippets {
                        generation,
                        query,
                        slots,
                        cols,
                    });
                }
                Effect::LoadBody { slot, article } => {
                    // A few KB read from the store's file: here, so the reader never shows
                    // an empty article in between.
                    let body = archive::store::body(&article);
                    back.push(Msg::Body(slot, Box::new(body)));
                }
                Effect::Open(url) => {
                    if let Err(why) = opener::open(&url) {
                        back.push(Msg::Note(why));
                    }
                }
                Effect::Copy(url) => {
                    if let Err(why) = opener::copy(&url) {
                        back.push(Msg::Note(why));
                    }
                }
                Effect::History(line) => {
                    if let Some(path) = &self.history {
                        append_history(path, &line);
                    }
                }
                Effect::Save(records) => {
                    let r = match &mut self.store {
                        Some(s) => s.append(&records).map_err(|e| e.to_string()),
                        None => Err("marks are not saved: no data directory".to_string()),
                    };
                    if let Err(why) = r {
                        back.push(Msg::SaveFailed(why));
                    }
                }
            }
        }
        back
    }

    /// Watches the folders opened, once they are loaded (watched while loading, every file the
    /// load opens would be an event: 100,000 of them, a second of CPU): first what changed
    /// since the load began is read again ([`archive::pipeline::changed_since`]); then files
    /// added, changed or removed are read again (after 300 ms without a change, at most 1.5 s
    /// after the first) and what they hold now comes as load events. Hidden folders are not
    /// looked at, as in a load.
    fn watch(&self, source: Source) {
        use notify::Watcher as _;
        let Source::Paths(roots) = source else { return };
        let since = self.load_started;
        let out = self.tx.clone();
        let failed = self.tx.clone();
        let spawned = std::thread::Builder::new()
            .name("watch".into())
            .spawn(move || {
                supervised("watch", &failed, move || {
                    let note = |n: String| {
                        let _ = out.send(Msg::Load(archive::Event::Note(n)));
                    };
                    let (tx, rx) = mpsc::channel();
                    let mut watcher = match notify::recommended_watcher(move |r| {
                        let _ = tx.send(r);
                    }) {
                        Ok(w) => w,
                        Err(e) => {
                            note(format!("cannot watch the folders for changes: {e}"));
                            return;
                        }
                    };
                    for r in &roots {
                        if let Err(e) = watcher.watch(r, notify::RecursiveMode::Recursive) {
                            note(format!(
                                "cannot watch {} for changes: {e}",
                                crate::sanitize::path(r)
                            ));
                        }
                    }
                    let reread = |paths: Vec<PathBuf>| {
                        let mut gone = false;
                        archive::pipeline::reread(&paths, &mut |ev| {
                            gone |= out.send(Msg::Load(ev)).is_err();
                        });
                        !gone
                    };
                    // What changed while the folders loaded, before they were watched (files
                    // changed since the load began, folders whose entries did): read again.
                    let missed: Vec<PathBuf> = archive::pipeline::changed_since(&roots, since)
                        .into_iter()
                        .filter(|p| !hidden(&roots, p))
                        .collect();
                    if !missed.is_empty() && !reread(missed) {
                        return;
                    }
                    while let Ok(first) = rx.recv() {
                        let mut changed = std::collections::BTreeSet::new();
                        let mut add = |r: notify::Result<notify::Event>| {
                            if let Ok(ev) = r
                                && !matches!(ev.kind, notify::EventKind::Access(_))
                            {
                                changed.extend(ev.paths.into_iter().filter(|p| !hidden(&roots, p)));
                            }
                        };
                        add(first);
                        let started = std::time::Instant::now();
                        while started.elapsed() < std::time::Duration::from_millis(1500) {
                            match rx.recv_timeout(std::time::Duration::from_millis(300)) {
                                Ok(r) => add(r),
                                Err(mpsc::RecvTimeoutError::Timeout) => break,
                                Err(mpsc::RecvTimeoutError::Disconnected) => return,
                            }
                        }
                        if changed.is_empty() {
                            continue;
                        }
                        if !reread(changed.into_iter().collect()) {
                            return;
                        }
                    }
                });
            });
        if let Err(e) = spawned {
            let _ = self.tx.send(Msg::Load(archive::Event::Note(format!(
                "cannot watch the folders for changes: {e}"
            ))));
        }
    }

    fn load(&self, source: Source) {
        let out = self.tx.clone();
        let spawned = std::thread::Builder::new()
            .name("loader".into())
            .spawn(move || {
                let sent = out.clone();
                supervised("loader", &out, || {
                    archive::load(&source, &mut |ev| {
                        let _ = sent.send(Msg::Load(ev));
                    });
                });
            });
        if let Err(e) = spawned {
            let reason = format!("cannot start the loader thread: {e}");
            let p = archive::Problem {
                path: "wxr".into(),
                kind: archive::ProblemKind::Unreadable,
                reason,
            };
            let _ = self.tx.send(Msg::Load(archive::Event::Problem(p)));
            let _ = self
                .tx
                .send(Msg::Load(archive::Event::Done(archive::Stats::default())));
        }
    }
}

/// Whether `p` lies in a hidden folder (`.git`) under one of the roots, or is hidden itself.
fn hidden(roots: &[PathBuf], p: &Path) -> bool {
    let rel = roots
        .iter()
        .find_map(|r| p.strip_prefix(r).ok())
        .unwrap_or(p);
    rel.components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
}

/// The search history file in the data directory: one query a line, newest last.
const HISTORY: &str = "search_history";
const HISTORY_KEEP: usize = 500;

fn load_history(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .map(|t| {
            t.lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Appends a query; keeps the file to its last `HISTORY_KEEP` lines (rewritten atomically
/// when it grows past twice that). History is a convenience: errors are ignored.
fn append_history(path: &Path, line: &str) {
    use std::io::Write;
    let line = crate::sanitize::line(line);
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = writeln!(f, "{line}");
    }
    let all = load_history(path);
    if all.len() > 2 * HISTORY_KEEP {
        let tmp = path.with_extension("tmp");
        let keep = all[all.len() - HISTORY_KEEP..].join("\n") + "\n";
        if std::fs::write(&tmp, keep).is_ok() {
            let _ = std::fs::rename(&tmp, path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_worker_that_panics_reports_it_and_the_next_one_goes_on() {
        crate::guard::install_hook();
        let (tx, rx) = mpsc::channel();
        supervised("loader", &tx, || panic!("walk broke"));
        supervised("watch", &tx, || {});
        let got: Vec<Msg> = rx.try_iter().collect();
        assert_eq!(got.len(), 1);
        let Msg::WorkerFailed { worker, why } = &got[0] else {
            panic!("{got:?}");
        };
        assert_eq!(*worker, "loader");
        assert!(why.contains("walk broke"), "{why}");
    }
}
