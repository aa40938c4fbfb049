//! Bounded work per file. Before (release build): 100,000 nested `<div>`s took 65 s; a 60 MB
//! file of one letter made the reader take 15–19 s and 2.45 GB, and finding that letter froze
//! it for 20 s; a 63 MB Chinese line peaked at 1.27 GB; a CSV list of a million rows took
//! 1.4 GB in `wxr list` and 2.1 GB in the reader; a 50 MB JSON string 1.1 GB.
//! Target: peak resident while opening any one file ≤ 4× its size + 50 MB; no find in an
//! article slower than 200 ms (in a release build; a debug build is given 10×).

use super::{peak_above_start, serial};
use std::path::Path;
use std::time::{Duration, Instant};
use wxr::archive::{Options, Source};
use wxr::tui::msg::Msg;

/// Times are asserted as measured in release builds, with room for debug builds.
fn limit(release_ms: u64) -> Duration {
    let factor = if cfg!(debug_assertions) { 10 } else { 1 };
    Duration::from_millis(release_ms * factor)
}

/// Opens `dir` in the reader (headless: the pipeline, the store, the list, one frame) with
/// its store in `cache`; the peak resident memory above the start, in MB, and the time.
fn open(dir: &Path, cache: &Path) -> (wxr::tui::headless::Opened, u64, Duration) {
    let source = Source::Paths(vec![dir.to_path_buf()]);
    let opts = Options {
        store_dir: Some(cache.to_path_buf()),
        settle: Duration::ZERO,
    };
    let start = Instant::now();
    let (o, peak) = peak_above_start(|| wxr::tui::headless::open(&source, &opts, (100, 30)));
    (o, peak, start.elapsed())
}

fn key(c: char) -> Msg {
    Msg::Key(ratatui::crossterm::event::KeyEvent::new(
        ratatui::crossterm::event::KeyCode::Char(c),
        ratatui::crossterm::event::KeyModifiers::NONE,
    ))
}

/// The file `name` written with `bytes` in a folder of its own, opened in the reader: its
/// size in MB must bound the peak.
fn opens_within_bounds(name: &str, bytes: &[u8]) -> wxr::tui::headless::Opened {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("docs");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), bytes).unwrap();
    let size_mb = (bytes.len() >> 20) as u64;
    let (o, peak, took) = open(&dir, &d.path().join("cache"));
    eprintln!("{name}: {size_mb} MB, peak +{peak} MB, {took:?}");
    assert!(
        peak <= 4 * size_mb + 50,
        "{name}: peak +{peak} MB for {size_mb} MB"
    );
    assert!(!o.app.order.is_empty(), "{name} is listed");
    o
}

#[test]
fn deep_nesting_takes_linear_time() {
    let _one = serial();
    let page = format!(
        "<html><body><div id=\"js_content\">{}<p>深处的文字</p>{}</div></body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let start = Instant::now();
    let o = opens_within_bounds("deep.html", page.as_bytes());
    assert!(start.elapsed() < limit(1_000), "{:?}", start.elapsed());
    let body = wxr::archive::store::body(&o.app.library.articles[0]).unwrap();
    assert!(body.blocks.iter().any(|b| b.text.contains("深处的文字")));
}

#[test]
fn a_file_of_one_letter_opens_and_finds_fast() {
    let _one = serial();
    let mut o = opens_within_bounds("a.txt", &vec![b'a'; 60 << 20]);
    // Open it and find the letter: millions of matches.
    let (_, effects) = o
        .app
        .update(Msg::Key(ratatui::crossterm::event::KeyEvent::new(
            ratatui::crossterm::event::KeyCode::Enter,
            ratatui::crossterm::event::KeyModifiers::NONE,
        )));
    for fx in effects {
        if let wxr::tui::app::Effect::LoadBody { slot, article } = fx {
            let body = wxr::archive::store::body(&article).unwrap();
            o.app.update(Msg::Body(slot, Box::new(Ok(body))));
        }
    }
    // The body as the reader's driver reads it, if the preview asked for it before.
    if let Some(r) = o.app.reader.as_ref().filter(|r| r.loading) {
        let slot = r.article;
        let body = wxr::archive::store::body(&o.app.library.articles[slot]).unwrap();
        o.app.update(Msg::Body(slot, Box::new(Ok(body))));
    }
    let shown = o.app.reader.as_ref().expect("the article is open");
    assert!(shown.doc.rows.len() > 1_000, "its text is shown");
    o.app.update(key('/'));
    let start = Instant::now();
    o.app.update(key('a'));
    let took = start.elapsed();
    assert!(took < limit(200), "find took {took:?}");
}

#[test]
fn a_long_chinese_line_and_a_big_json_string_stay_in_bounds() {
    let _one = serial();
    let line = "中文字符".repeat(5_250_000);
    opens_within_bounds("cn.txt", format!("标题\n{line}\n").as_bytes());
    let json = format!(
        "[{{\"title\":\"大\",\"content\":\"{}\"}}]",
        "长".repeat(16_000_000)
    );
    opens_within_bounds("big.json", json.as_bytes());
}

#[test]
fn a_million_row_list_is_cut_with_a_problem() {
    let _one = serial();
    let mut csv = String::from("title,url,time\n");
    for i in 0..1_000_000 {
        std::fmt::Write::write_fmt(
            &mut csv,
            format_args!("标题{i},https://mp.weixin.qq.com/s/x{i},2024-01-01\n"),
        )
        .unwrap();
    }
    let o = opens_within_bounds("list.csv", csv.as_bytes());
    assert_eq!(o.app.order.len(), wxr::archive::MAX_ARTICLES_PER_FILE);
    assert!(
        o.app
            .problems
            .iter()
            .any(|p| p.reason.contains("the first 100000 were read")),
        "{:?}",
        o.app.problems
    );
}

#[test]
fn a_slow_file_never_hides_the_others() {
    let _one = serial();
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("docs");
    std::fs::create_dir_all(&dir).unwrap();
    let page = format!(
        "<html><body>{}深{}</body></html>",
        "<div>".repeat(50_000),
        "</div>".repeat(50_000)
    );
    std::fs::write(dir.join("000-deep.html"), page).unwrap();
    for i in 0..50 {
        std::fs::write(
            dir.join(format!("{i:03}.md")),
            format!("# 文章{i}\n\n正文。\n"),
        )
        .unwrap();
    }
    let (o, _, took) = open(&dir, &d.path().join("cache"));
    assert_eq!(o.app.order.len(), 51);
    assert!(took < limit(1_000), "{took:?}");
}
