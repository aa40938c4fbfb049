//! Prints each article of PATH... as plain text — title, metadata, then each block — for
//! reading and hand-labelling real articles (the labelled sets in `tests/fixtures/`).
//! `cargo run --release --example dump_text -- PATH... > out.txt`

fn main() {
    let paths: Vec<std::path::PathBuf> = std::env::args_os().skip(1).map(Into::into).collect();
    let (articles, problems, _) = wxr::archive::load_all(&wxr::archive::Source::Paths(paths));
    for p in problems {
        eprintln!("wxr: {p}");
    }
    for a in articles {
        println!("=== {}", a.source.display());
        println!("TITLE: {}", a.title);
        println!("META: {}", wxr::layout::meta_line(&a));
        for b in &a.blocks {
            println!();
            println!("{}", b.text);
        }
        println!();
    }
}
