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
//! - **first-ever**: no store; the load reads every file and writes the store;
//! - **floor**: every file read and parsed on every core (rayon), from a list of the files made
//!   beforehand, nothing else: no store, no list, no search.
//!
//! `cargo bench --bench load` (10,000); `WXR_BENCH_SIZES=10000,100000 cargo bench --bench load`;
//! `WXR_BENCH_DIR=/tmp/wxr-bench` keeps the generated folders there for the next run.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
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
        let (opened, hits) = open(&source, &opts);
        assert_eq!(opened.app.order.len(), n);
        assert!(hits > 0);
        assert_eq!(floor(&files), n);
        let mut g = c.benchmark_group(format!("reader load, {n} articles"));
        g.sample_size(10);
        g.warm_up_time(Duration::from_millis(1));
        g.measurement_time(Duration::from_secs(1));
        g.bench_function("floor: read + parse every file on every core", |b| {
            b.iter(|| black_box(floor(&files)));
        });
        g.bench_function("reopen: list complete + one search", |b| {
            b.iter_with_large_drop(|| black_box(open(&source, &opts)));
        });
        let first = Options {
            store_dir: Some(stores.path().join("first")),
            settle: Duration::ZERO,
        };
        g.bench_function("first-ever: list complete + one search", |b| {
            b.iter_batched(
                || {
                    // The store of the iteration before gone, and the disk idle.
                    let _ = std::fs::remove_dir_all(stores.path().join("first"));
                    sync_disks();
                },
                |()| black_box(open(&source, &first)),
                BatchSize::PerIteration,
            );
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
