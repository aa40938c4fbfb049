//! Entity detection speed: one 20 KB article (the limit: ≤ 2 ms), the dictionary
//! searchers aho-corasick offers on Chinese text, and the background scan of a generated
//! 100,000-article archive on two cores (limit: ≤ 2 s), each beside a floor measured in the
//! same run (a `memchr::memmem` pass over the same bytes). `WXR_BENCH_ARTICLES` sets the
//! archive size.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind, packed};
use criterion::{Criterion, criterion_group, criterion_main};
use memchr::memmem;
use std::hint::black_box;
use wxr::highlight::{Layers, company::Dictionary, detect_money, entities, entities_with};

fn text_of(a: &wxr::model::Article) -> String {
    a.blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

fn one_article(c: &mut Criterion) {
    let dict = Dictionary::builtin();
    let a = wxr::corpus_gen::article(7, 1, 20_000);
    let text = text_of(&a);
    eprintln!("article: {} bytes", text.len());
    let mut g = c.benchmark_group("20 KB article");
    g.bench_function("floor: memmem scan for 亿", |b| {
        let f = memmem::Finder::new("亿".as_bytes());
        b.iter(|| black_box(f.find_iter(text.as_bytes()).count()));
    });
    g.bench_function("entities (money + companies, every layer)", |b| {
        b.iter(|| black_box(entities(&a, &dict).len()));
    });
    for (name, layers) in [
        ("entities, dictionary layer only", Layers::DICTIONARY),
        (
            "entities, + suffix",
            Layers {
                suffix: true,
                short_names: false,
                latin: false,
            },
        ),
        (
            "entities, + short names",
            Layers {
                suffix: true,
                short_names: true,
                latin: false,
            },
        ),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| black_box(entities_with(&a, &dict, layers).len()));
        });
    }
    g.bench_function("money only", |b| {
        b.iter(|| black_box(detect_money(&text).len()));
    });
    g.bench_function("dictionary companies only", |b| {
        b.iter(|| black_box(dict.detect(&text).len()));
    });
    g.finish();
}

fn searchers(c: &mut Criterion) {
    let dict = Dictionary::builtin();
    let text: String = (0..50)
        .map(|i| text_of(&wxr::corpus_gen::article(9, i, 20_000)))
        .collect::<Vec<_>>()
        .join("\n");
    let mut g = c.benchmark_group("dictionary searchers, 1 MB");
    g.sample_size(20);
    let all = dict.patterns();
    eprintln!("{} patterns, {} bytes of text", all.len(), text.len());
    for (name, kind) in [
        ("default (auto)", None),
        ("DFA (wxr's choice)", Some(AhoCorasickKind::DFA)),
        ("contiguous NFA", Some(AhoCorasickKind::ContiguousNFA)),
        ("noncontiguous NFA", Some(AhoCorasickKind::NoncontiguousNFA)),
    ] {
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .kind(kind)
            .build(all)
            .expect("automaton");
        g.bench_function(format!("all patterns: {name}"), |b| {
            b.iter(|| black_box(ac.find_iter(&text).count()));
        });
    }
    // The packed (SIMD) searcher takes few patterns: the first 64 Chinese names.
    let few: Vec<&String> = all.iter().filter(|p| !p.is_ascii()).take(64).collect();
    let teddy = packed::Config::new()
        .match_kind(packed::MatchKind::LeftmostLongest)
        .builder()
        .extend(&few)
        .build()
        .expect("packed searcher");
    g.bench_function("64 patterns: packed", |b| {
        b.iter(|| black_box(teddy.find_iter(&text).count()));
    });
    for (name, kind) in [
        ("default (auto)", None),
        ("DFA", Some(AhoCorasickKind::DFA)),
    ] {
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(kind)
            .build(&few)
            .expect("automaton");
        g.bench_function(format!("64 patterns: {name}"), |b| {
            b.iter(|| black_box(ac.find_iter(&text).count()));
        });
    }
    g.finish();
}

fn archive(c: &mut Criterion) {
    let count: usize = std::env::var("WXR_BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dict = Dictionary::builtin();
    let arts: Vec<(usize, wxr::model::Article)> = (0..count)
        .map(|i| (i, wxr::corpus_gen::article(7, i, 5_000)))
        .collect();
    let bytes: usize = arts
        .iter()
        .map(|(_, art)| art.title.len() + art.blocks.iter().map(|bl| bl.text.len()).sum::<usize>())
        .sum();
    eprintln!("archive: {count} articles, {} MB", bytes >> 20);
    let mut group = c.benchmark_group("archive scan");
    group.sample_size(10);
    group.bench_function("floor: memmem scan for 亿, 2 threads", |b| {
        let finder = memmem::Finder::new("亿".as_bytes());
        let scan = |part: &[(usize, wxr::model::Article)]| -> usize {
            part.iter()
                .flat_map(|(_, art)| art.blocks.iter())
                .map(|block| finder.find_iter(block.text.as_bytes()).count())
                .sum()
        };
        b.iter(|| {
            let (front, back) = arts.split_at(arts.len() / 2);
            std::thread::scope(|scope| {
                let other = scope.spawn(|| scan(back));
                black_box(scan(front) + other.join().unwrap_or(0))
            })
        });
    });
    group.bench_function(
        "every entity (money + companies, every layer), 2 threads",
        |b| {
            let scan = |part: &[(usize, wxr::model::Article)]| -> usize {
                part.iter().map(|(_, art)| entities(art, &dict).len()).sum()
            };
            b.iter(|| {
                let (front, back) = arts.split_at(arts.len() / 2);
                std::thread::scope(|scope| {
                    let other = scope.spawn(|| scan(back));
                    black_box(scan(front) + other.join().unwrap_or(0))
                })
            });
        },
    );
    group.finish();
}

criterion_group!(benches, one_article, searchers, archive);
criterion_main!(benches);
