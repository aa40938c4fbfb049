//! The reader's load path without a terminal, for measuring and profiling: a folder opened
//! as the reader opens it ([`wxr::tui::headless::open`]), then one search. Prints when the
//! first article was on screen, when the list was complete, the search's time, and the
//! resident and anonymous memory at each step. The library store is the reader's (set
//! `WXR_CACHE_DIR` to choose it). With `FLOOR=1`, first the floor of a first reading: every
//! file read and parsed on every core, nothing else (`FLOOR=only`: nothing more).
//!
//! `cargo run --release --example load_path -- FOLDER [QUERY]`

use std::time::Instant;
use wxr::archive::{Options, Source};

/// As in the `wxr` binary.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn mem() -> String {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let get = |k: &str| {
        s.lines()
            .find(|l| l.starts_with(k))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
            / 1024
    };
    format!("RSS {} MB, anon {} MB", get("VmRSS:"), get("RssAnon:"))
}

/// The floor of a first reading: every file's path listed beforehand, then read and parsed
/// on every core, nothing else.
fn floor(folder: &str) {
    use rayon::prelude::*;
    let files: Vec<std::path::PathBuf> = wxr::archive::walk(std::path::Path::new(folder))
        .filter_map(|w| match w {
            wxr::archive::Walked::File(p) => Some(p),
            wxr::archive::Walked::Problem(_) => None,
        })
        .collect();
    let t = Instant::now();
    let n: usize = files
        .par_iter()
        .map(|p| {
            wxr::archive::format_of(p)
                .and_then(|f| wxr::archive::read_file(p, f).ok())
                .map_or(0, |r| r.articles.len())
        })
        .sum();
    println!(
        "floor: read and parse {} files on every core: {:?} ({n} articles)",
        files.len(),
        t.elapsed()
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let folder = args.next().expect("FOLDER");
    if std::env::var_os("FLOOR").is_some() {
        floor(&folder);
        if std::env::var_os("FLOOR").is_some_and(|v| v == "only") {
            return;
        }
    }
    let query = args.next().unwrap_or_else(|| "软银".into());
    let source = Source::Paths(vec![folder.into()]);
    let mut o = wxr::tui::headless::open(&source, &Options::standard(), (120, 40));
    println!(
        "first article on screen: {:?}; list complete: {:?}, {} articles, {} frames ({})",
        o.first_article,
        o.complete,
        o.app.order.len(),
        o.frames,
        mem()
    );
    let dict = wxr::highlight::company::Dictionary::empty_shared();
    let q = wxr::search::parse(&query).expect("query");
    let repeat: usize = std::env::var("REPEAT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    for _ in 0..repeat {
        let s = Instant::now();
        let hits = o
            .corpus
            .search(&q, None, &dict, None, &|| false)
            .unwrap_or_default();
        println!(
            "search {query}: {} hits in {:?} ({})",
            hits.len(),
            s.elapsed(),
            mem()
        );
    }
    // The store saved before the process ends (the next run reopens it).
    let s = Instant::now();
    o.saved();
    println!("store saved {:?} after the search", s.elapsed());
}
