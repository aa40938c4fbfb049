//! The reader's load path without a terminal, for measuring: the pipeline feeds an `App` as
//! the loader thread does, and the search worker's corpus takes what the app hands it; then
//! one search. Prints when the list is complete, when loading ends, and the resident and
//! anonymous memory at each step.
//!
//! `cargo run --release --example load_path -- FOLDER [QUERY]`

use std::time::Instant;
use wxr::archive::{Event, Source};
use wxr::tui::{App, Effect, Msg};

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
fn floor(folder: &str) -> std::time::Duration {
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
    let took = t.elapsed();
    println!(
        "floor: read and parse {} files on every core: {took:?} ({n} articles)",
        files.len()
    );
    took
}

fn main() {
    let mut args = std::env::args().skip(1);
    let folder = args.next().expect("FOLDER");
    if std::env::var_os("FLOOR").is_some() {
        floor(&folder);
    }
    let query = args.next().unwrap_or_else(|| "软银".into());
    let source = Source::Paths(vec![folder.into()]);
    let t = Instant::now();
    let (mut app, _) = App::new(&source, (120, 40));
    let mut corpus = wxr::search::Corpus::default();
    let mut listed = None;
    let apply = |fx: Vec<Effect>, corpus: &mut wxr::search::Corpus| {
        for f in fx {
            if let Effect::Index(arts) = f {
                for (i, a) in &arts {
                    corpus.set_shared(*i, a);
                }
            }
        }
    };
    let mut events = Vec::new();
    wxr::archive::load(&source, &mut |e| events.push(e));
    println!("pipeline done: {:?} ({})", t.elapsed(), mem());
    for e in events {
        let done = matches!(e, Event::Done(_));
        let (_, fx) = app.update(Msg::Load(e));
        apply(fx, &mut corpus);
        if listed.is_none() && app.order.len() == app.library.iter_live().count() && done {
            listed = Some(t.elapsed());
        }
    }
    println!(
        "app complete: {:?}, {} articles ({})",
        t.elapsed(),
        app.order.len(),
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
        let hits = corpus
            .search(&q, None, &dict, None, &|| false)
            .unwrap_or_default();
        println!(
            "search {query}: {} hits in {:?} ({})",
            hits.len(),
            s.elapsed(),
            mem()
        );
    }
}
