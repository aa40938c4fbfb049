//! End-to-end: the real binary in a pseudo-terminal, screen parsed with vt100. Output is
//! drained on a background thread (a full pty buffer would block wxr) and every wait polls
//! with a deadline instead of sleeping.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Wxr {
    /// Keeps the data folder of this run alive; state never touches the user's own.
    data: Option<tempfile::TempDir>,
    parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte wxr wrote to the terminal.
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    master: Box<dyn portable_pty::MasterPty + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Wxr {
    fn start(args: &[&str], cols: u16, rows: u16) -> Wxr {
        let data = tempfile::tempdir().unwrap();
        let mut w = Wxr::start_in(args, cols, rows, data.path());
        w.data = Some(data);
        w
    }

    fn start_in(args: &[&str], cols: u16, rows: u16, data: &Path) -> Wxr {
        Wxr::start_env(args, (cols, rows), data, &[])
    }

    fn start_env(
        args: &[&str],
        (cols, rows): (u16, u16),
        data: &Path,
        env: &[(&str, &str)],
    ) -> Wxr {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_wxr"));
        cmd.args(args);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("NO_COLOR", "1");
        cmd.env("WXR_DATA_DIR", data);
        cmd.env("WXR_CONFIG_DIR", data);
        cmd.env("WXR_CACHE_DIR", data.join("cache"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let mut reader = pty.master.try_clone_reader().unwrap();
        let p = Arc::clone(&parser);
        let raw = Arc::new(Mutex::new(Vec::new()));
        let r = Arc::clone(&raw);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                r.lock().unwrap().extend_from_slice(&buf[..n]);
                p.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pty.master.take_writer().unwrap();
        Wxr {
            data: None,
            parser,
            raw,
            writer,
            master: pty.master,
            child,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn keys(&mut self, k: &str) {
        self.writer.write_all(k.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "wxr did not exit; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn alternate_screen(&self) -> bool {
        self.parser.lock().unwrap().screen().alternate_screen()
    }
}

fn fixtures() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/archive")
        .display()
        .to_string()
}

#[test]
fn open_move_read_page_and_quit() {
    let mut w = Wxr::start(&[&fixtures()], 100, 30);
    let s = w.wait_for("the list", |s| s.contains("1/19") && !s.contains("loading"));
    assert!(s.contains("今天把公司注销了"), "{s}");
    assert!(w.alternate_screen());
    w.keys("j");
    w.wait_for("selection moved", |s| s.contains("2/19"));
    w.keys("jjjjj");
    w.wait_for("the seventh article", |s| s.contains("7/19"));
    w.keys("\r");
    let s = w.wait_for("reader focused", |s| s.contains("q back"));
    assert!(
        s.contains("软银的四百亿美元从哪里来"),
        "the saved page is open: {s}"
    );
    assert!(s.contains("软银集团本周宣布"), "{s}");
    w.keys(" ");
    w.wait_for("paged", |s| s.contains("100%"));
    w.keys("Q");
    let status = w.wait_exit();
    assert!(status.success(), "{status:?}");
    w.wait_for("terminal restored", |_| !w.alternate_screen());
}

#[test]
fn narrow_terminal_sample_archive_opens_on_the_seed() {
    let mut w = Wxr::start(&[], 60, 20);
    w.wait_for("the list", |s| s.contains("OpenAI祭出"));
    w.keys("\r");
    let s = w.wait_for("the seed in the reader", |s| {
        s.contains("曾被视为科技行业合作典范")
    });
    for line in s.lines() {
        let t = line.trim_start();
        assert!(
            !t.starts_with('，') && !t.starts_with('。') && !t.starts_with(','),
            "{line}"
        );
    }
    w.keys("G");
    w.wait_for("end of the seed", |s| s.contains("100%"));
    w.keys("\x1b");
    w.wait_for("back in the list", |s| {
        s.contains("m read") || s.contains("›")
    });
    w.keys("Q");
    assert!(w.wait_exit().success());
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut w = Wxr::start(&[], 80, 24);
    w.wait_for("the list", |s| s.contains("OpenAI祭出"));
    assert!(w.alternate_screen());
    let pid = w.child.process_id().unwrap();
    let ok = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
    assert!(ok.unwrap().success());
    w.wait_exit();
    w.wait_for("terminal restored", |_| !w.alternate_screen());
}

#[test]
fn resize_reflows() {
    let mut w = Wxr::start(&[], 120, 30);
    w.wait_for("side by side", |s| s.contains("│"));
    // Shrinking below 100 columns leaves one pane: the divider goes away.
    resize(&w, 70, 30);
    w.wait_for("one pane", |s| !s.contains("│ ") && s.contains("? help"));
    w.keys("Q");
    assert!(w.wait_exit().success());
}

fn resize(w: &Wxr, cols: u16, rows: u16) {
    w.parser
        .lock()
        .unwrap()
        .screen_mut()
        .set_size(nz(rows), nz(cols));
    w.master
        .resize(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap()
}

/// Mark, quit, reopen: still marked. Then kill -9 right after a mark shows: still marked.
#[test]
fn marks_survive_quit_and_kill() {
    let data = tempfile::tempdir().unwrap();
    let fx = fixtures();
    let mut w = Wxr::start_in(&[&fx], 100, 30, data.path());
    w.wait_for("the list", |s| {
        s.contains("1/19") && s.contains("19 unread")
    });
    w.keys("m");
    w.wait_for("marked", |s| s.contains("18 unread"));
    w.keys("jb");
    w.wait_for("bookmarked", |s| s.contains("★"));
    w.keys("Q");
    assert!(w.wait_exit().success());

    let mut w = Wxr::start_in(&[&fx], 100, 30, data.path());
    let s = w.wait_for("the list again", |s| {
        s.contains("1/19") && !s.contains("loading")
    });
    assert!(s.contains("18 unread"), "the mark is still there: {s}");
    assert!(s.contains("★"), "the bookmark is still there: {s}");
    // Open the second article (marks it read on open) and kill -9 as soon as it shows.
    w.keys("j\r");
    w.wait_for("opened and marked", |s| s.contains("17 unread"));
    let pid = w.child.process_id().unwrap();
    let killed = std::process::Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status();
    assert!(killed.unwrap().success());
    w.wait_exit();

    let w = Wxr::start_in(&[&fx], 100, 30, data.path());
    let s = w.wait_for("the list after kill -9", |s| {
        s.contains("1/19") && !s.contains("loading")
    });
    assert!(s.contains("17 unread"), "both marks survived SIGKILL: {s}");
}

#[test]
fn a_damaged_store_is_moved_aside_with_a_warning_on_screen() {
    let data = tempfile::tempdir().unwrap();
    std::fs::write(
        data.path().join("state.log"),
        "\n{\"op\":\"read\",\"id\":\"2c24e16f59ba290f\"}\n\u{1}garbage that is not a record\n",
    )
    .unwrap();
    let mut w = Wxr::start_in(&[], 120, 30, data.path());
    // The warning shows at once; the count once the sample has loaded.
    w.wait_for("the warning", |s| s.contains("damaged"));
    w.wait_for("the readable mark kept", |s| {
        s.contains("9 unread") && s.contains("damaged")
    });
    w.keys("Q");
    assert!(w.wait_exit().success());
    let aside = std::fs::read_dir(data.path())
        .unwrap()
        .filter_map(Result::ok)
        .any(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("state.log.damaged-")
        });
    assert!(aside, "the damaged file is kept beside the new one");
}

/// A bad line in the user's companies file shows in the status bar, and nothing is written
/// over the screen while the reader runs (the background thread that reads the file must
/// not print to the terminal).
#[test]
fn a_bad_companies_line_is_shown_without_garbling_the_screen() {
    let data = tempfile::tempdir().unwrap();
    std::fs::write(data.path().join("companies.tsv"), "坏行\t\t\t\tshiny\n").unwrap();
    let mut w = Wxr::start_in(&[], 120, 30, data.path());
    let s = w.wait_for("the warning", |s| s.contains("unknown flag"));
    assert!(!s.contains("wxr: "), "stderr on the screen:\n{s}");
    w.wait_for("the sample", |s| s.contains("OpenAI祭出"));
    std::thread::sleep(Duration::from_millis(300));
    let s = w.screen();
    assert!(!s.contains("wxr: "), "stderr on the screen:\n{s}");
    w.keys("Q");
    assert!(w.wait_exit().success());
}

/// Type a Chinese query, see results as you type, open one at its match, come back.
#[test]
fn search_by_typing_chinese_and_open_a_result() {
    let mut w = Wxr::start(&[&fixtures()], 140, 30);
    w.wait_for("the list", |s| s.contains("1/19") && !s.contains("loading"));
    w.keys("/");
    w.wait_for("the search line", |s| {
        s.lines().last().is_some_and(|l| l.starts_with('/'))
    });
    w.keys("海外");
    let s = w.wait_for("results as typed", |s| {
        s.contains("/海外") && s.contains(" articles")
    });
    assert!(s.contains("海外仓的账本"), "{s}");
    // The terminal cursor stands after the two wide characters of the query: column 5.
    let (_, col) = w.parser.lock().unwrap().screen().cursor_position();
    assert_eq!(col, 5);
    w.keys("仓的");
    w.wait_for("narrowed", |s| s.contains("/海外仓的  1 article"));
    w.keys("\r");
    let s = w.wait_for("the result open", |s| {
        s.contains("8000美元") && s.contains("1/1 · /海外仓的 · 1/1")
    });
    assert!(s.contains("1/1 ·"), "{s}");
    w.keys("\x1b");
    w.wait_for("results again, the list focused", |s| {
        s.contains(" hit") && s.contains("Enter open")
    });
    w.keys("\x1b");
    w.wait_for("the whole list again", |s| s.contains("/19"));
    w.keys("Q");
    assert!(w.wait_exit().success());
}

#[test]
fn search_history_is_kept_across_runs() {
    let data = tempfile::tempdir().unwrap();
    let fx = fixtures();
    let mut w = Wxr::start_in(&[&fx], 140, 30, data.path());
    w.wait_for("the list", |s| s.contains("1/19") && !s.contains("loading"));
    w.keys("/海外仓");
    w.wait_for("results", |s| s.contains("/海外仓  3 articles"));
    w.keys("\r");
    w.wait_for("opened", |s| s.contains("8000美元"));
    w.keys("Q");
    assert!(w.wait_exit().success());
    let history = std::fs::read_to_string(data.path().join("search_history")).unwrap();
    assert_eq!(history, "海外仓\n");

    let mut w = Wxr::start_in(&[&fx], 140, 30, data.path());
    w.wait_for("the list", |s| s.contains("1/19") && !s.contains("loading"));
    w.keys("/");
    w.wait_for("the search line", |s| {
        s.lines().last().is_some_and(|l| l.starts_with('/'))
    });
    w.keys("\x1b[A"); // ↑
    w.wait_for("the last search back", |s| {
        s.contains("/海外仓  3 articles")
    });
    w.keys("\x1b");
    w.wait_for("the list back", |s| s.contains("1/19"));
    w.keys("Q");
    assert!(w.wait_exit().success());
}

/// Issue 12: the folder is watched while the reader runs. A file added appears, one edited
/// changes in place (the selection stays on its article), one removed disappears — each
/// within two seconds, with the list, marks and selection kept.
#[test]
fn files_added_changed_and_removed_while_open_show_within_two_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, title: &str, day: &str| {
        std::fs::write(
            dir.path().join(name),
            format!("# {title}\n\n原创 作者 号 2024-01-{day}\n\n正文第一段。\n"),
        )
        .unwrap();
    };
    write("a.md", "甲文", "01");
    write("b.md", "乙文", "02");
    let mut w = Wxr::start(&[dir.path().to_str().unwrap()], 100, 24);
    w.wait_for("the list", |s| {
        s.contains("1/2") && s.contains("乙文") && !s.contains("loading")
    });
    // Select 甲文 (the older one, second in the list).
    w.keys("j");
    w.wait_for("the selection", |s| s.contains("2/2"));
    let t = Instant::now();
    write("c.md", "丙文", "03");
    let s = w.wait_for("the new file", |s| s.contains("丙文") && s.contains("/3"));
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
    // The selection stayed on 甲文, now third.
    assert!(s.contains("3/3"), "{s}");
    let t = Instant::now();
    write("a.md", "甲文改了标题", "01");
    let s = w.wait_for("the edit", |s| s.contains("甲文改了标题"));
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
    assert!(
        s.contains("3/3") && !s.contains("甲文 "),
        "selection kept: {s}"
    );
    let t = Instant::now();
    std::fs::remove_file(dir.path().join("b.md")).unwrap();
    let s = w.wait_for("the removal", |s| !s.contains("乙文") && s.contains("/2"));
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
    assert!(
        s.contains("2/2"),
        "selection kept on the edited article: {s}"
    );
    w.keys("Q");
    w.wait_exit();
}

/// Issue 12: a 10,000-article folder read for the first time shows its first frame before
/// loading is done, says how far it got, and the list can be moved in meanwhile; opened
/// again, it lists everything from the library store.
#[test]
fn a_big_folder_is_usable_while_it_loads() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..10_000 {
        let a = wxr::corpus_gen::article(3, i, 600);
        let sub = dir.path().join(format!("{:03}", i / 100));
        if i % 100 == 0 {
            std::fs::create_dir_all(&sub).unwrap();
        }
        std::fs::write(
            sub.join(format!("{i:05}.md")),
            wxr::corpus_gen::markdown(&a),
        )
        .unwrap();
    }
    let data = tempfile::tempdir().unwrap();
    let mut w = Wxr::start_in(&[dir.path().to_str().unwrap()], 100, 24, data.path());
    w.wait_for("a first frame while loading, with its progress", |s| {
        s.contains(" · reading ")
    });
    w.keys("jjj");
    // The selection follows its article as newer ones come in above it: not at the top.
    let s = w.wait_for("the selection moved while loading", |s| {
        s.lines()
            .last()
            .is_some_and(|l| !l.trim_start().starts_with("1/"))
    });
    assert!(
        s.contains("reading") || s.contains("loading") || s.contains("/10000"),
        "{s}"
    );
    w.wait_for("the whole list", |s| {
        s.contains("/10000") && !s.contains("reading")
    });
    w.keys("Q");
    w.wait_exit();
    // Opened again: from the store, all at once, then the files checked.
    let mut w = Wxr::start_in(&[dir.path().to_str().unwrap()], 100, 24, data.path());
    w.wait_for("the whole list again", |s| s.contains("/10000"));
    w.keys("Q");
    w.wait_exit();
}

/// A file named with terminal commands (set the clipboard, set the title, a C1 CSI, a bidi
/// override) is shown by its visible escapes: none of those bytes reaches the terminal.
#[test]
fn hostile_names_reach_the_terminal_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let evil = "evil\x1b]52;c;aGk=\x07\x1b]0;T\x07\nforged\t\u{9b}\u{202e}name.md";
    std::fs::write(dir.path().join(evil), "# 标题\n\n正文。\n").unwrap();
    std::fs::write(dir.path().join("bad\x1b]0;X\x07.txt"), b"bin\x00").unwrap();
    let mut w = Wxr::start(&[dir.path().to_str().unwrap()], 120, 30);
    w.wait_for("the article", |s| s.contains("evil\\e]52"));
    w.keys("!");
    w.wait_for("the problems list", |s| s.contains("bad\\e]0;X"));
    w.keys("\x1b");
    w.wait_for("the list again", |s| !s.contains("1 problem ·"));
    w.keys("Q");
    assert!(w.wait_exit().success());
    let raw = w.raw.lock().unwrap().clone();
    for bad in [
        &b"\x1b]52"[..],
        b"\x1b]0;",
        "\u{9b}".as_bytes(),
        "\u{202e}".as_bytes(),
    ] {
        assert!(
            !raw.windows(bad.len()).any(|x| x == bad),
            "{bad:?} reached the terminal"
        );
    }
}

/// As a Chinese reader would: a remapped key, the light theme, links followed with `o` and
/// a number (`BROWSER` is a script that records its argument), article to article.
#[test]
fn links_open_with_browser_in_a_chinese_locale_with_remapped_keys() {
    let data = tempfile::tempdir().unwrap();
    let record = data.path().join("opened.txt");
    let script = data.path().join("browser.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n",
            record.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    std::fs::write(
        data.path().join("config.toml"),
        "[theme]\nbase = \"light\"\n[keys.reader]\nlinks = \"l\"\n",
    )
    .unwrap();
    let b = script.display().to_string();
    let mut w = Wxr::start_env(
        &["tests/fixtures/links"],
        (80, 24),
        data.path(),
        &[("BROWSER", &b), ("LANG", "zh_CN.UTF-8"), ("LC_ALL", "")],
    );
    w.wait_for("the list in Chinese", |s| {
        s.contains("1/1 · 1 篇未读") && !s.contains("载入")
    });
    w.keys("\r");
    w.wait_for("the reader with numbered links", |s| s.contains("公告[1]"));
    w.keys("2o");
    w.wait_for("said on the status bar", |s| s.contains("正在打开"));
    w.keys("l");
    w.wait_for("the links view by the remapped key", |s| {
        s.contains("链接 · o 打开")
    });
    w.keys("jo");
    let deadline = Instant::now() + Duration::from_secs(10);
    let opened = loop {
        let t = std::fs::read_to_string(&record).unwrap_or_default();
        if t.lines().count() >= 2 || Instant::now() > deadline {
            break t;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(
        opened,
        "https://openai.com/index/march-funding-updates/\nhttps://group.softbank/news/press/20250331\n"
    );
    w.keys("qq");
    w.wait_for("back in the list", |s| s.contains("帮助  q 退出"));
    w.keys("q");
    assert!(w.wait_exit().success());
}
