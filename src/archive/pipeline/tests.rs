//! The library store is an optimisation, not a second behaviour: what a load through it
//! gives — articles with their bodies, problems, counts, search results, the reader's list
//! — equals a fresh parse of every file, on the first load (which writes the store), the
//! next (answered from it), and after files are edited, added, removed and renamed.

use super::*;
use crate::archive::{Library, Source};
use crate::search::{Corpus, parse};
use std::time::Duration;

fn store_opts(cache: &Path) -> Options {
    Options {
        store_dir: Some(cache.to_path_buf()),
        // Files written by the test are not given time to settle.
        settle: Duration::ZERO,
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for w in walk(from) {
        if let Walked::File(p) = w {
            let dest = to.join(p.strip_prefix(from).unwrap());
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

/// A folder of generated articles in sub-folders, with the fixtures' every layout (HTML,
/// JSON, JSONL, CSV, TXT, duplicates, broken files) beside them.
fn folder(dir: &Path) {
    for i in 0..120 {
        let a = crate::corpus_gen::article(5, i, 1_200);
        let sub = dir.join(format!("号{:02}", i % 6));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(
            sub.join(format!("{i:03}.md")),
            crate::corpus_gen::markdown(&a),
        )
        .unwrap();
    }
    // More blocks than one vectored write of the store takes (1,024 slices).
    let mut long = String::new();
    for i in 0..2_500 {
        std::fmt::Write::write_fmt(&mut long, format_args!("第{i}段，软银投资。\n\n")).unwrap();
    }
    std::fs::write(dir.join("长文.md"), format!("# 长文\n\n{long}")).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archive");
    copy_tree(&fixtures, &dir.join("fixtures"));
}

/// A [`folder`] in a temporary folder, a temporary store folder, and the source to load.
fn generated() -> (tempfile::TempDir, tempfile::TempDir, Source) {
    let dir = tempfile::tempdir().unwrap();
    folder(dir.path());
    let source = Source::Paths(vec![dir.path().to_path_buf()]);
    (dir, tempfile::tempdir().unwrap(), source)
}

/// Everything a load gives, bodies read from the store where they are, as text to compare.
fn seen(l: &Loaded) -> (Vec<String>, Vec<String>, Stats) {
    let arts = l
        .articles
        .iter()
        .map(|a| {
            let full = crate::archive::store::stored_body(a).unwrap();
            let shown = Article {
                stored: None,
                ..full
            };
            format!("{shown:?}")
        })
        .collect();
    let mut probs: Vec<String> = l.problems.iter().map(|p| format!("{p:?}")).collect();
    probs.sort();
    let stats = Stats {
        stored: 0,
        ..l.stats
    };
    (arts, probs, stats)
}

/// A search result as compared: id, count, first match.
type Found = (String, u32, (usize, usize));

/// Search results, for queries of every kind.
fn searched(l: &Loaded) -> Vec<Vec<Found>> {
    let mut c = Corpus::default();
    for (i, a) in l.articles.iter().enumerate() {
        c.set(i, a);
    }
    let dict = crate::highlight::company::Dictionary::builtin_shared();
    [
        "软银",
        "openai",
        "title:出海",
        "account:号",
        "re:\\d+亿美元",
        "company:微软",
        "-软银 投资",
        "after:2024",
        "ruanyin",
    ]
    .iter()
    .map(|q| {
        let mut h: Vec<Found> = c
            .search(&parse(q).unwrap(), None, &dict, None, &|| false)
            .unwrap()
            .into_iter()
            .map(|h| (l.articles[h.article].id.to_string(), h.count, h.first))
            .collect();
        h.sort();
        h
    })
    .collect()
}

fn agree(dir: &Path, cache: &Path) -> Stats {
    let source = Source::Paths(vec![dir.to_path_buf()]);
    let fresh = load_all_with(&source, &Options::no_store()).sorted();
    let stored = load_all_with(&source, &store_opts(cache)).sorted();
    assert!(
        stored.notes.iter().all(|n| !n.contains("cannot")),
        "{:?}",
        stored.notes
    );
    let (a, b) = (seen(&fresh), seen(&stored));
    assert_eq!(a.0.len(), b.0.len());
    for (x, y) in a.0.iter().zip(&b.0) {
        assert_eq!(x, y);
    }
    assert_eq!(a.1, b.1, "problems");
    assert_eq!(a.2, b.2, "counts");
    assert_eq!(searched(&fresh), searched(&stored), "search results");
    stored.stats
}

#[test]
fn a_store_answers_what_a_fresh_parse_does_through_edits_additions_removals_renames() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    folder(dir.path());
    let first = agree(dir.path(), cache.path());
    assert_eq!(first.stored, 0, "the first load reads every file");
    let second = agree(dir.path(), cache.path());
    assert!(
        second.stored > 120,
        "the second is answered by the store: {second:?}"
    );
    // Edited (also one keeping its size), added, removed, renamed into another folder.
    let edit = dir.path().join("号00/000.md");
    let text = std::fs::read_to_string(&edit).unwrap();
    std::fs::write(&edit, text.replacen("第0篇", "改0篇", 1)).unwrap();
    let other = dir.path().join("号01/001.md");
    let t = std::fs::read_to_string(&other).unwrap();
    std::fs::write(&other, format!("{}\n软银又投了。\n", t.trim_end())).unwrap();
    std::fs::write(
        dir.path().join("号02/new.md"),
        "# 新来的\n\n原创 甲 新号 2025-02-02\n\n软银和微软。\n",
    )
    .unwrap();
    std::fs::remove_file(dir.path().join("号03/003.md")).unwrap();
    std::fs::create_dir_all(dir.path().join("改名")).unwrap();
    std::fs::rename(
        dir.path().join("号04/004.md"),
        dir.path().join("改名/004.md"),
    )
    .unwrap();
    let third = agree(dir.path(), cache.path());
    assert!(
        third.stored > 100 && third.stored < second.stored,
        "{third:?}"
    );
    let fourth = agree(dir.path(), cache.path());
    assert_eq!(
        fourth.stored,
        third.stored + 4,
        "the changes were stored: {fourth:?}"
    );
}

/// The reader's list, fed by a load through the store, is the list a fresh parse gives.
#[test]
fn the_reader_lists_from_a_store_what_a_fresh_parse_lists() {
    use crate::tui::{App, Msg};
    let (_dir, cache, source) = generated();
    let list = |opts: &Options| {
        let (mut app, _) = App::new(&source, (120, 40));
        load_with(&source, opts, &mut |e| {
            app.update(Msg::Load(e));
        });
        app.order
            .iter()
            .map(|&i| {
                let a = &app.articles()[i];
                (a.id, a.title.clone(), a.source.clone())
            })
            .collect::<Vec<_>>()
    };
    let fresh = list(&Options::no_store());
    assert!(fresh.len() > 120);
    assert_eq!(list(&store_opts(cache.path())), fresh, "writing the store");
    assert_eq!(list(&store_opts(cache.path())), fresh, "from the store");
    let mut lib = Library::default();
    for a in load_all(&source).0 {
        lib.add(a);
    }
    assert_eq!(lib.iter_live().count(), fresh.len());
}

/// The keyed walk (parallel, for checking a store) finds what the streaming walk finds, in
/// the same order: hidden folders skipped, links followed, a loop and a broken link as
/// problems.
#[cfg(unix)]
#[test]
fn both_walks_agree() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (p, t) in [
        ("b/2.md", "x"),
        ("b/10.md", "x"),
        ("a/z/deep.md", "x"),
        ("a/y.txt", "x"),
        (".hidden/no.md", "x"),
        ("a/.also-hidden.md", "x"),
        ("Z.md", "x"),
        ("中文/文章.md", "x"),
    ] {
        std::fs::create_dir_all(d.join(p).parent().unwrap()).unwrap();
        std::fs::write(d.join(p), t).unwrap();
    }
    std::os::unix::fs::symlink(d.join("b"), d.join("c-link-to-b")).unwrap();
    std::os::unix::fs::symlink(d.join("Z.md"), d.join("b/link.md")).unwrap();
    std::os::unix::fs::symlink(d, d.join("a/z/loop")).unwrap();
    std::os::unix::fs::symlink(d.join("nowhere"), d.join("broken.md")).unwrap();
    let _ = std::process::Command::new("mkfifo")
        .arg(d.join("fifo"))
        .status();
    let shown = |w: Walked| match w {
        Walked::File(p) => format!("file {}", p.display()),
        Walked::Problem(p) => format!("problem {} {}", p.path.display(), p.reason),
    };
    let streamed: Vec<String> = walk(d).map(shown).collect();
    let keyed: Vec<String> = walk_keyed(d)
        .into_iter()
        .map(|k| match k {
            Keyed::File(p, key) => {
                assert!(key.is_some());
                shown(Walked::File(p))
            }
            Keyed::Problem(p) => shown(Walked::Problem(p)),
        })
        .collect();
    assert_eq!(keyed, streamed);
    assert!(
        streamed.iter().any(|s| s.contains("symlink loop")),
        "{streamed:#?}"
    );
    assert!(
        streamed.iter().any(|s| s.ends_with("a/.also-hidden.md")),
        "hidden files count"
    );
    assert!(
        !streamed.iter().any(|s| s.contains(".hidden/")),
        "hidden folders do not"
    );
}

/// A store that fails while it is written (a full disk) is given up with a note; every
/// article keeps its body — those whose texts it had taken are read from it, the others
/// parsed again — and no store is left behind.
#[test]
fn a_store_failing_midway_loses_no_article() {
    let (_dir, cache, source) = generated();
    let failing = cache.path().join("wxr-test-fail-after-40");
    let fresh = load_all_with(&source, &Options::no_store()).sorted();
    let stored = load_all_with(&source, &store_opts(&failing)).sorted();
    assert!(
        stored
            .notes
            .iter()
            .any(|n| n.contains("cannot write the library store: no space left")),
        "{:?}",
        stored.notes
    );
    assert!(
        stored.articles.iter().any(|a| a.stored.is_some()),
        "texts written before the failure are read from the store"
    );
    let (a, b) = (seen(&fresh), seen(&stored));
    assert_eq!(a.0, b.0);
    assert_eq!(a.1, b.1, "problems");
    assert_eq!(a.2, b.2, "counts");
    assert_eq!(searched(&fresh), searched(&stored), "search results");
    let left: Vec<_> = walkdir::WalkDir::new(&failing)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn articles_listed_from_a_store_being_written_go_out_once_it_holds_them() {
    let (_dir, cache, source) = generated();
    let (mut listed, mut unreadable) = (0, Vec::new());
    load_with(&source, &store_opts(cache.path()), &mut |ev| {
        if let Event::Articles(batch) = ev {
            for a in batch.iter().filter(|a| a.stored.is_some()) {
                listed += 1;
                // Read at once, as the reader does for the article it shows.
                if let Err(e) = crate::archive::store::stored_body(a) {
                    unreadable.push(format!("{}: {e}", a.title));
                }
            }
        }
    });
    assert!(listed > 100, "{listed}");
    assert!(unreadable.is_empty(), "{unreadable:?}");
}

#[test]
fn a_store_damaged_while_open_gives_way_to_the_files() {
    let (_dir, cache, source) = generated();
    let fresh = load_all_with(&source, &Options::no_store());
    load_all_with(&source, &store_opts(cache.path()));
    let stored = load_all_with(&source, &store_opts(cache.path()));
    assert!(stored.articles.iter().all(|a| a.stored.is_some()));
    // Scribbled on in place (the reader keeps the file it opened): the texts' start.
    let file = walkdir::WalkDir::new(cache.path())
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "wxrl"))
        .unwrap();
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(file.path())
        .unwrap();
    std::os::unix::fs::FileExt::write_all_at(&f, &vec![b'x'; 20_000], 64).unwrap();
    let mut damaged = 0;
    for a in &stored.articles {
        if crate::archive::store::stored_body(a).is_err() {
            damaged += 1;
        }
        let body = crate::archive::store::body(a)
            .unwrap_or_else(|e| panic!("{} {:?} {:?}: {e}", a.title, a.source, a.id));
        let Some(want) = fresh.articles.iter().find(|b| b.id == a.id) else {
            panic!("{} {:?} {:?}", a.title, a.source, a.id);
        };
        assert_eq!(body.blocks, want.blocks, "{}", a.title);
    }
    assert!(damaged > 0);
}

/// The reader has the whole list before the folder's new store is saved (on a thread of its
/// own); the load waits for the save before it returns, so that the next one lists from it.
#[test]
fn the_list_is_done_before_its_store_is_saved_and_the_load_waits_for_it() {
    let (_dir, cache, source) = generated();
    let mut order = Vec::new();
    load_with(&source, &store_opts(cache.path()), &mut |ev| match ev {
        Event::Done(_) => order.push("done"),
        Event::Note(n) if n.starts_with("made the library store") => order.push("saved"),
        _ => {}
    });
    assert_eq!(order, ["done", "saved"]);
    let again = load_all_with(&source, &store_opts(cache.path()));
    assert!(!again.articles.is_empty());
    assert!(
        again.articles.iter().all(|a| a.stored.is_some()),
        "listed from the saved store"
    );
}
