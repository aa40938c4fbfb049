//! File and folder names reach no terminal raw: not through stdout, stderr, JSON, the status
//! bar or the problems list. Before: `wxr list` printed the path as it is (an OSC 52 in a name
//! set the clipboard; a newline forged a record).

use super::{raw_controls, serial, wxr};
use std::ffi::OsStr;
use wxr::archive::{Options, Source};
use wxr::tui::msg::Msg;

const EVIL: &str = "evil\x1b]52;c;aGk=\x07\x1b]0;T\x07\x1b[2J\nforged\t\u{9b}\u{202e}name.md";
const BAD: &str = "bad\x1b[31mred\nline.txt";

fn folder() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let docs = d.path().join("docs");
    std::fs::create_dir_all(docs.join("sub\x1b[5m")).unwrap();
    std::fs::write(docs.join(EVIL), "# 标题\n\n正文，软银投资了200亿美元。\n").unwrap();
    std::fs::write(docs.join(BAD), b"binary\x00\x01").unwrap();
    std::fs::write(docs.join("sub\x1b[5m/好.md"), "# 好文章\n\n软银。\n").unwrap();
    d
}

#[test]
fn every_command_writes_names_escaped() {
    let _one = serial();
    let d = folder();
    let docs = d.path().join("docs");
    let runs: [&[&str]; 6] = [
        &["list"],
        &["list", "--json"],
        &["search", "软银"],
        &["search", "--json", "软银"],
        &["entities"],
        &["entities", "--json"],
    ];
    for args in runs {
        let mut all: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
        all.push(docs.as_os_str());
        let out = wxr(d.path(), &all);
        for (what, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let raw = raw_controls(bytes);
            assert!(raw.is_empty(), "wxr {args:?} {what}: {raw:?}");
        }
        let text = String::from_utf8_lossy(&out.stdout);
        if args.contains(&"--json") {
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert!(!v.to_string().is_empty());
            assert!(text.contains("\\\\e]52"), "a visible escape: {text}");
        } else if args == ["list"] {
            // One record a line, five fields: a name cannot split one.
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(lines.len(), 2, "{text}");
            assert!(lines.iter().all(|l| l.split('\t').count() == 5), "{text}");
            assert!(text.contains(r"evil\e]52;c;aGk=\u{7}"), "{text}");
        }
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(r"bad\e[31mred\nline.txt"), "{err}");
    }
}

#[test]
fn the_reader_draws_names_escaped() {
    let _one = serial();
    let d = folder();
    let source = Source::Paths(vec![d.path().join("docs")]);
    let opts = Options {
        store_dir: Some(d.path().join("cache")),
        settle: std::time::Duration::ZERO,
    };
    let mut o = wxr::tui::headless::open(&source, &opts, (100, 30));
    for screen in [None, Some('!')] {
        if let Some(c) = screen {
            o.app
                .update(Msg::Key(ratatui::crossterm::event::KeyEvent::new(
                    ratatui::crossterm::event::KeyCode::Char(c),
                    ratatui::crossterm::event::KeyModifiers::NONE,
                )));
        }
        let backend = ratatui::backend::TestBackend::new(100, 30);
        let mut term = ratatui::Terminal::new(backend).unwrap();
        term.draw(|f| wxr::tui::view::render(&o.app, f)).unwrap();
        let cells: String = term
            .backend()
            .buffer()
            .content()
            .iter()
            .map(ratatui::buffer::Cell::symbol)
            .collect();
        let raw = raw_controls(cells.as_bytes());
        assert!(raw.is_empty(), "{raw:?}\n{cells}");
        // Shown with visible escapes, as the commands show them.
        if screen == Some('!') {
            assert!(cells.contains(r"bad\e[31mred\nline.txt"), "{cells}");
        } else {
            assert!(cells.contains(r"evil\e]52;c;aGk="), "{cells}");
        }
    }
}
