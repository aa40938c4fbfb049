//! The hostile corpus (the first of these tests): truncated, binary, empty, huge, deeply nested, mis-encoded and garbage
//! files, a symlink loop and an unreadable file beside good files. Each bad file is either
//! loaded or listed as a problem, the good files load normally, and nothing panics or hangs.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use wxr::archive::{Source, load_all};
use wxr::layout::Doc;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/archive")
        .join(rel)
}

/// A small deterministic byte generator (xorshift), so a failure can be reproduced.
fn noise(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn hostile_corpus_never_crashes_or_stalls_and_good_files_load() {
    let _one = super::serial();
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let page = std::fs::read(fixture("saved_pages/软银的四百亿美元.html")).unwrap();
    let json = std::fs::read(fixture("exporter/微信公众号文章/微信公众号文章.json")).unwrap();
    let mut bad: Vec<PathBuf> = vec![
        write(d, "truncated.html", &page[..page.len() / 2]),
        write(d, "truncated.json", &json[..json.len() / 2]),
        write(d, "binary.txt", &noise(4096, 1)),
        write(d, "binary.html", &noise(4096, 2)),
        write(d, "empty.md", b""),
        write(d, "empty.json", b""),
        write(d, "garbage.json", b"{\"title\": [1, 2, {\"x\": nul"),
        write(
            d,
            "garbage.jsonl",
            &noise(2000, 3)
                .iter()
                .map(|b| b'!' + b % 90)
                .collect::<Vec<_>>(),
        ),
        write(d, "garbage.csv", b"title,url\n\"unterminated,https://x\n"),
        write(
            d,
            "deep_json.json",
            format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).as_bytes(),
        ),
        write(
            d,
            "invalid_utf8.md",
            b"# \xe6\xa0\x87\xe9\xa2\x98\n\n\xff\xfe\xfd text \xc3\x28 more\n",
        ),
    ];
    // ≥ 10 MB on one line, in two formats.
    let line = "很长的一行没有换行，".repeat(10 * 1024 * 1024 / 30 + 1);
    bad.push(write(
        d,
        "huge_line.txt",
        format!("标题\n{line}\n").as_bytes(),
    ));
    bad.push(write(
        d,
        "huge_line.md",
        format!("# 大\n\n{line}\n").as_bytes(),
    ));
    // 10,000 levels of nesting.
    let deep = format!(
        "<html><body>{}<p>深处</p>{}</body></html>",
        "<div>".repeat(10_000),
        "</div>".repeat(10_000)
    );
    bad.push(write(d, "deep.html", deep.as_bytes()));
    let deep_unclosed = format!(
        "<html><body>{}<p>没有闭合",
        "<section><span>".repeat(10_000)
    );
    bad.push(write(d, "deep_unclosed.html", deep_unclosed.as_bytes()));
    // Larger than 64 MiB (sparse: costs no disk).
    let big = d.join("too_big.txt");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(65 * 1024 * 1024)
        .unwrap();
    bad.push(big);
    // Unreadable (root reads it anyway: then it must simply load).
    let locked = write(d, "locked.md", "# 锁住的文章\n\n正文。\n".as_bytes());
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    bad.push(locked);
    // A symlink loop.
    std::fs::create_dir_all(d.join("loop")).unwrap();
    std::os::unix::fs::symlink(d, d.join("loop/back")).unwrap();
    // Good files beside them.
    std::fs::copy(fixture("forum/repost.txt"), d.join("good_repost.txt")).unwrap();
    std::fs::copy(
        fixture("saved_pages/软银的四百亿美元.html"),
        d.join("good_page.html"),
    )
    .unwrap();

    let start = Instant::now();
    let (arts, problems, _) = load_all(&Source::Paths(vec![d.to_path_buf()]));
    let took = start.elapsed();
    assert!(took < Duration::from_secs(60), "loading took {took:?}");

    let loaded: BTreeSet<PathBuf> = arts
        .iter()
        .flat_map(|a| std::iter::once(a.source.clone()).chain(a.other_sources.clone()))
        .collect();
    let reported: BTreeSet<PathBuf> = problems.iter().map(|p| p.path.clone()).collect();
    for f in &bad {
        assert!(
            loaded.contains(f) || reported.contains(f),
            "{} neither loaded nor reported",
            f.display()
        );
    }
    assert!(
        problems.iter().any(|p| p.reason == "symlink loop"),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.reason.starts_with("larger than 64 MiB"))
    );
    assert!(
        problems
            .iter()
            .any(|p| p.path.ends_with("empty.md") && p.reason == "empty file")
    );
    assert!(problems.iter().any(|p| p.path.ends_with("garbage.json") && p.reason.starts_with("bad JSON at line 1")));
    let titles: Vec<&str> = arts.iter().map(|a| a.title.as_str()).collect();
    assert!(
        titles.contains(&"英伟达与台积电的“相互依存”,谁更离不开谁?"),
        "{titles:?}"
    );
    assert!(titles.contains(&"软银的四百亿美元从哪里来"), "{titles:?}");
    for a in &arts {
        assert!(a.blocks.iter().all(|b| wxr::sanitize::is_clean(&b.text)));
    }

    // The huge line and the deep page also lay out for reading without stalling.
    for a in arts
        .iter()
        .filter(|a| a.source.ends_with("huge_line.txt") || a.source.ends_with("deep.html"))
    {
        let start = Instant::now();
        let doc = Doc::new(a, 76);
        assert!(!doc.rows.is_empty());
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "layout took {:?}",
            start.elapsed()
        );
    }
}
