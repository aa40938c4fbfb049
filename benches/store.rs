//! Store speed (issue: read marks): one mark including its fsync, and loading the state of
//! 100,000 articles. The floor measured in the same run: a bare 40-byte append + fdatasync
//! to a file in the same folder, and reading + splitting the same journal's bytes.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::io::Write;
use wxr::model::ArticleId;
use wxr::store::{Record, State, Store};

fn id(i: u64) -> ArticleId {
    ArticleId(i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

fn bench_mark(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = Store::open(dir.path());
    let mut n = 0u64;
    let mut g = c.benchmark_group("mark");
    g.bench_function("floor: append 40 bytes + fdatasync", |b| {
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(dir.path().join("floor"))
            .expect("open");
        b.iter(|| {
            f.write_all(b"\n{\"op\":\"read\",\"id\":\"0123456789abcdef\"}\n")
                .expect("write");
            f.sync_data().expect("sync");
        });
    });
    g.bench_function("store.append(read) with fsync", |b| {
        b.iter(|| {
            n += 1;
            store.append(&[Record::Read { id: id(n) }]).expect("append");
        });
    });
    g.finish();
}

fn bench_load(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    // The state of 100,000 articles: all read, a tenth with a position, a hundredth bookmarked.
    let mut s = State::default();
    for i in 0..100_000u64 {
        s.apply(&Record::Read { id: id(i) });
        if i % 10 == 0 {
            s.apply(&Record::Pos { id: id(i), p: 420 });
        }
        if i % 100 == 0 {
            s.apply(&Record::Bookmark { id: id(i) });
        }
    }
    let mut text = String::new();
    for r in s.records() {
        text.push('\n');
        text.push_str(&serde_json::to_string(&r).expect("json"));
        text.push('\n');
    }
    std::fs::write(dir.path().join(wxr::store::JOURNAL), &text).expect("write");
    let mut g = c.benchmark_group("load");
    g.sample_size(20);
    g.bench_function("floor: read the journal and count its lines", |b| {
        b.iter(|| {
            let bytes = std::fs::read(dir.path().join(wxr::store::JOURNAL)).expect("read");
            black_box(
                bytes
                    .split(|&c| c == b'\n')
                    .filter(|l| !l.is_empty())
                    .count(),
            )
        });
    });
    g.bench_function("Store::open, 100k articles' state", |b| {
        b.iter(|| {
            let (store, w) = Store::open(dir.path());
            assert!(w.is_empty());
            black_box(store.state.read.len())
        });
    });
    g.finish();
}

criterion_group!(benches, bench_mark, bench_load);
criterion_main!(benches);
