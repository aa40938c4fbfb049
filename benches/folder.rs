//! `wxr search WORD DIR` through the folder's library store, on generated Markdown files (20,000
//! by default, in 200 folders; `WXR_BENCH_FILES` for another number), against the floor of
//! what `rg -l -F` does, measured in the same run: open, read and close every file, looking
//! for the word with `memchr::memmem`, on the same two cores (the list of files is made
//! beforehand: the floor does not walk the folders). Files and cache are read once first
//! (page cache warm). The search's results are not sorted or printed here.

use criterion::{Criterion, criterion_group, criterion_main};
use memchr::memmem;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;
use wxr::archive::{Options, Source, load_all_with};
use wxr::search::{Corpus, parse};

/// As in the `wxr` binary.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn corpus(dir: &Path) -> Vec<PathBuf> {
    let n: usize = std::env::var("WXR_BENCH_FILES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let mut files = Vec::with_capacity(n);
    for i in 0..n {
        let sub = dir.join(format!("{:03}", i % 200));
        std::fs::create_dir_all(&sub).expect("folder");
        let p = sub.join(format!("{i:06}.md"));
        let a = wxr::corpus_gen::article(11, i, 5_000);
        std::fs::write(&p, wxr::corpus_gen::markdown(&a)).expect("file");
        files.push(p);
    }
    files
}

/// The floor: every file opened, read and searched for the word (first match), on two
/// threads; the number of files holding it.
fn floor(files: &[PathBuf], word: &str) -> usize {
    let f = memmem::Finder::new(word.as_bytes());
    let (a, b) = files.split_at(files.len() / 2);
    let part = |fs: &[PathBuf]| {
        let mut buf = Vec::new();
        fs.iter()
            .filter(|p| {
                buf.clear();
                std::fs::File::open(p)
                    .and_then(|mut h| std::io::Read::read_to_end(&mut h, &mut buf))
                    .is_ok()
                    && f.find(&buf).is_some()
            })
            .count()
    };
    std::thread::scope(|s| {
        let h = s.spawn(|| part(b));
        part(a) + h.join().unwrap_or(0)
    })
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp folder");
    let cache = tempfile::tempdir().expect("temp folder");
    let files = corpus(dir.path());
    let opts = Options {
        store_dir: Some(cache.path().to_path_buf()),
        // The files were written just now.
        settle: Duration::ZERO,
    };
    let source = Source::Paths(vec![dir.path().to_path_buf()]);
    // The first load makes the store.
    load_all_with(&source, &opts);
    let dict = wxr::highlight::company::Dictionary::empty_shared();
    let mut g = c.benchmark_group(format!("folder search, {} files", files.len()));
    g.sample_size(20);
    for word in ["没有这个词", "工程师电池", "软银", "亿美元"] {
        let with = floor(&files, word);
        g.bench_function(
            format!("floor: read every file, memmem: {word} ({with} files)"),
            |b| {
                b.iter(|| black_box(floor(&files, word)));
            },
        );
        let q = parse(word).expect("query");
        g.bench_function(format!("load from the store + search: {word}"), |b| {
            b.iter(|| {
                let loaded = load_all_with(&source, &opts);
                assert_eq!(loaded.stats.stored, files.len());
                let mut corpus = Corpus::default();
                for (i, a) in loaded.articles.iter().enumerate() {
                    corpus.set(i, a);
                }
                let hits = corpus.search(&q, None, &dict, Some(72), &|| false);
                black_box(hits.map(|h| h.len()))
            });
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
