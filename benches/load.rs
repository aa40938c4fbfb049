//! The reader's load path at 10,000 articles (and 100,000 with `WXR_BENCH_SIZES=10000,100000`),
//! against a floor measured in the same run. Generated Markdown files as `examples/gen_corpus`
//! writes them (a hundred a folder), in the page cache.
//!
//! What is timed is what the reader does between start and "list complete and searchable":
//! the pipeline on its loader thread sending events over a channel, and on this thread the
//! reader's own loop: batches joined ([`wxr::tui::coalesce`]), `App::update`, the articles
//! handed to the search corpus, a frame drawn (ratatui `TestBackend`, 120×40) after each
//! round; then one search (`软银`) over the whole corpus.
//! - **reopen**: the folder's library store is valid (it was made before);
//! - **first-ever**: no store; the load reads every file and writes the store (also timed until
//!   the list is complete alone: the store's save and the search go on after it);
//! - **floor**: every file read and parsed on every core (rayon), from a list of the files made
//!   beforehand, nothing else: no store, no list, no search.
//!
//! Each timing is taken in a process of its own (this bench run again, `WXR_BENCH_CHILD` saying
//! what to time, which it reports on its output): a reader is opened once per process, as a
//! user meets it. Timed again and again in one process, a first reading would find every store
//! written before still open (a process keeps the stores it opened: its articles point into
//! them), their page cache held though their files are gone, and measure that instead.
//!
//! `cargo bench --bench load` (10,000); `WXR_BENCH_SIZES=10000,100000 cargo bench --bench load`;
//! `WXR_BENCH_DIR=/tmp/wxr-bench` keeps the generated folders there for the next run.

use criterion::{Criterion, criterion_group};
use rayon::prelude::*;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;
use wxr::archive::{Options, Source};

/// As in the `wxr` binary.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Writes `n` articles as `examples/gen_corpus` does; the list of files.
fn corpus(dir: &Path, n: usize) -> Vec<PathBuf> {
    (0..n)
        .into_par_iter()
        .map(|i| {
            let a = wxr::corpus_gen::article(7, i, 5_000);
            let sub = dir.join(format!("账号{:03}", i / 100));
            std::fs::create_dir_all(&sub).expect("folder");
            let p = sub.join(format!("{i:06}.md"));
            std::fs::write(&p, wxr::corpus_gen::markdown(&a)).expect("file");
            p
        })
        .collect()
}

/// The files [`corpus`] wrote.
fn corpus_files(dir: &Path, n: usize) -> Vec<PathBuf> {
    (0..n)
        .map(|i| {
            dir.join(format!("账号{:03}", i / 100))
                .join(format!("{i:06}.md"))
        })
        .collect()
}

/// Writes dirty pages back (`sync`), so that writing back the generated files does not
/// compete with what is timed.
fn sync_disks() {
    let _ = std::process::Command::new("sync").status();
}

/// The floor: every file read and parsed on every core; the number of articles.
fn floor(files: &[PathBuf]) -> usize {
    files
        .par_iter()
        .map(|p| {
            wxr::archive::format_of(p)
                .and_then(|f| wxr::archive::read_file(p, f).ok())
                .map_or(0, |r| r.articles.len())
        })
        .sum()
}

/// Opens `source` as the reader does ([`wxr::tui::headless::open`]), until the list is
/// complete, then searches it once; the reader opened (dropped by criterion outside the
/// timing, as the reader frees nothing at exit) and the number of results.
fn open(source: &Source, opts: &Options) -> (wxr::tui::headless::Opened, usize) {
    let o = wxr::tui::headless::open(source, opts, (120, 40));
    let dict = wxr::highlight::company::Dictionary::empty_shared();
    let q = wxr::search::parse("软银").expect("query");
    let hits = o
        .corpus
        .search(&q, None, &dict, None, &|| false)
        .map_or(0, |h| h.len());
    (o, hits)
}

/// What a process run by [`timed`] does: times one floor or one open, prints it in
/// nanoseconds, and exits without freeing anything (as the reader does).
fn child(what: &str) {
    let var = |k: &str| std::env::var_os(k).map(PathBuf::from).expect(k);
    let dir = var("WXR_BENCH_FOLDER");
    let n: usize = std::env::var("WXR_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .expect("WXR_BENCH_N");
    let elapsed = if what == "floor" {
        let files = corpus_files(&dir, n);
        let t = std::time::Instant::now();
        assert_eq!(black_box(floor(&files)), n);
        t.elapsed()
    } else {
        let source = Source::Paths(vec![dir]);
        let opts = Options {
            store_dir: Some(var("WXR_BENCH_STORES")),
            // The files were written just now.
            settle: Duration::ZERO,
        };
        let t = std::time::Instant::now();
        let (opened, hits) = black_box(open(&source, &opts));
        let elapsed = t.elapsed();
        assert_eq!(opened.app.order.len(), n);
        assert!(hits > 0);
        // `list`: until the list was complete (the search after it not counted).
        let elapsed = if what == "list" {
            opened.complete
        } else {
            elapsed
        };
        std::mem::forget(opened);
        elapsed
    };
    println!("{}", elapsed.as_nanos());
}

/// One timing taken by a process of its own ([`child`]).
fn timed(what: &str, dir: &Path, stores: &Path, n: usize) -> Duration {
    let exe = std::env::current_exe().expect("this bench");
    let out = std::process::Command::new(exe)
        .env("WXR_BENCH_CHILD", what)
        .env("WXR_BENCH_FOLDER", dir)
        .env("WXR_BENCH_STORES", stores)
        .env("WXR_BENCH_N", n.to_string())
        .stderr(std::process::Stdio::inherit())
        .output()
        .expect("run the bench again");
    assert!(out.status.success(), "{what}: {:?}", out.status);
    let ns: u64 = String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .expect("nanoseconds");
    Duration::from_nanos(ns)
}

/// Times `what` ([`child`]) once an iteration; `fresh`: with no store (the one before
/// removed, and the disk idle).
fn times(
    b: &mut criterion::Bencher<'_>,
    what: &str,
    dir: &Path,
    stores: &Path,
    n: usize,
    fresh: bool,
) {
    b.iter_custom(|iters| {
        (0..iters)
            .map(|_| {
                if fresh {
                    let _ = std::fs::remove_dir_all(stores);
                    sync_disks();
                }
                timed(what, dir, stores, n)
            })
            .sum()
    });
}

fn bench(c: &mut Criterion) {
    let sizes: Vec<usize> = std::env::var("WXR_BENCH_SIZES").ok().map_or_else(
        || vec![10_000],
        |v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect(),
    );
    for n in sizes {
        let temp = tempfile::tempdir().expect("temp folder");
        let stores = tempfile::tempdir().expect("temp folder");
        // A folder kept between runs (`WXR_BENCH_DIR`): made once, as writing 100,000
        // files takes a minute.
        let dir = std::env::var_os("WXR_BENCH_DIR").map_or_else(
            || temp.path().to_path_buf(),
            |d| PathBuf::from(d).join(format!("load-{n}")),
        );
        let made = dir.join(".complete");
        let files = if made.exists() {
            corpus_files(&dir, n)
        } else {
            let files = corpus(&dir, n);
            std::fs::write(&made, b"").expect("marker");
            files
        };
        // The files written back to the disk before anything is timed.
        sync_disks();
        let source = Source::Paths(vec![dir.clone()]);
        let opts = Options {
            store_dir: Some(stores.path().to_path_buf()),
            // The files were written just now.
            settle: Duration::ZERO,
        };
        // Makes the store and warms the files.
        let (mut opened, hits) = open(&source, &opts);
        opened.saved();
        assert_eq!(opened.app.order.len(), n);
        assert!(hits > 0);
        assert_eq!(floor(&files), n);
        let mut g = c.benchmark_group(format!("reader load, {n} articles"));
        g.sample_size(10);
        g.warm_up_time(Duration::from_millis(1));
        g.measurement_time(Duration::from_secs(1));
        drop(opened);
        let first = stores.path().join("first");
        g.bench_function("floor: read + parse every file on every core", |b| {
            times(b, "floor", &dir, stores.path(), n, false);
        });
        g.bench_function("reopen: list complete + one search", |b| {
            times(b, "open", &dir, stores.path(), n, false);
        });
        g.bench_function("first-ever: list complete + one search", |b| {
            times(b, "open", &dir, &first, n, true);
        });
        g.bench_function("first-ever: list complete", |b| {
            times(b, "list", &dir, &first, n, true);
        });
        g.finish();
    }
}

criterion_group!(benches, bench);

fn main() {
    if let Ok(what) = std::env::var("WXR_BENCH_CHILD") {
        child(&what);
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
