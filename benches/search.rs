//! Archive search at 100,000 generated articles (~500 MB of Chinese text), against the
//! floor of a plain `memchr::memmem` scan of the same bytes on the same two cores, measured
//! in the same run. Set `WXR_BENCH_ARTICLES` for another size.

use criterion::{Criterion, criterion_group, criterion_main};
use memchr::memmem;
use std::hint::black_box;
use wxr::search::{Corpus, parse};

/// The corpus (texts in memory) and the same texts in one buffer, for the floor.
fn build() -> (Corpus, Vec<u8>) {
    let n: usize = std::env::var("WXR_BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let mut corpus = Corpus::default();
    let mut hay = Vec::new();
    for i in 0..n {
        let a = wxr::corpus_gen::article(7, i, 5_000);
        hay.extend_from_slice(a.search_text().as_bytes());
        hay.push(0);
        corpus.set(i, &a);
    }
    eprintln!("corpus: {n} articles, {} MB", hay.len() >> 20);
    (corpus, hay)
}

/// The floor: memmem over the haystack split in two halves, one per core.
fn scan(hay: &[u8], needle: &str) -> usize {
    let f = memmem::Finder::new(needle.as_bytes());
    let (a, b) = hay.split_at(hay.len() / 2);
    std::thread::scope(|s| {
        let h = s.spawn(|| f.find_iter(b).count());
        f.find_iter(a).count() + h.join().unwrap_or(0)
    })
}

fn bench(c: &mut Criterion) {
    let (index, hay) = build();
    let dict = wxr::highlight::company::Dictionary::empty_shared();
    let mut g = c.benchmark_group("search 100k");
    g.sample_size(10);
    for word in ["亿美元", "软银", "工程师电池"] {
        g.bench_function(format!("floor: memmem scan, 2 threads: {word}"), |b| {
            b.iter(|| black_box(scan(&hay, word)));
        });
        let q = parse(word).expect("query");
        g.bench_function(format!("Corpus::search: {word}"), |b| {
            b.iter(|| {
                black_box(
                    index
                        .search(&q, None, &dict, None, &|| false)
                        .map(|h| h.len()),
                )
            });
        });
    }
    // Typing one more character: the search looks only at the previous results.
    let prev = index
        .search(&parse("软银").expect("query"), None, &dict, None, &|| {
            false
        })
        .unwrap_or_default();
    let within: Vec<usize> = prev.iter().map(|h| h.article).collect();
    let q = parse("软银投资").expect("query");
    g.bench_function(
        "refine: 软银 -> 软银投资 within the previous results",
        |b| {
            b.iter(|| {
                black_box(
                    index
                        .search(&q, Some(&within), &dict, None, &|| false)
                        .map(|h| h.len()),
                )
            });
        },
    );
    g.bench_function("full: 软银投资", |b| {
        b.iter(|| {
            black_box(
                index
                    .search(&q, None, &dict, None, &|| false)
                    .map(|h| h.len()),
            )
        });
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
