//! `wxr list`: the non-interactive listing, run as the real binary.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::path::Path;
use std::process::Command;

fn wxr(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_wxr"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn fixtures() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/archive")
        .display()
        .to_string()
}

#[test]
fn list_json_has_every_article_with_its_fields() {
    let (code, out, err) = wxr(&["list", "--json", &fixtures()]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 6);
    let md = arr
        .iter()
        .find(|a| {
            a["source"]
                .as_str()
                .unwrap()
                .ends_with("20240705独立站的第一笔订单.md")
        })
        .unwrap();
    assert_eq!(md["title"], "独立站的第一笔订单");
    assert_eq!(md["account"], "出海手记");
    assert_eq!(md["date"], "2024-07-05");
    assert_eq!(md["format"], "markdown");
    assert!(md["blocks"].as_u64().unwrap() >= 4);
    assert_eq!(md["id"].as_str().unwrap().len(), 16);
    // Problems go to stderr with path and reason, not into the listing.
    assert!(err.contains("gbk.txt: not valid UTF-8"), "{err}");
    assert!(err.contains("binary.txt: binary file"), "{err}");
    assert!(err.contains("skipped 2 file(s)"), "{err}");
}

#[test]
fn list_lines_are_tab_separated() {
    let (code, out, _) = wxr(&["list", &fixtures()]);
    assert_eq!(code, 0);
    let first: Vec<&str> = out.lines().next().unwrap().split('\t').collect();
    assert_eq!(first.len(), 5);
    assert_eq!(first[1], "出海周报第12期：东南亚电商的新变量");
    assert_eq!(first[2], "出海周报");
    assert_eq!(first[3], "2025-06-20 18:00");
}

#[test]
fn list_without_paths_lists_the_sample() {
    let (code, out, err) = wxr(&["list"]);
    assert_eq!(code, 0);
    assert!(err.is_empty(), "{err}");
    assert!(out.lines().count() >= 9);
    assert!(out.contains("OpenAI祭出“核选项”,微软陷反垄断危机!六年AI联盟面临解体?"));
}

#[test]
fn nothing_openable_exits_1_with_the_reason() {
    let (code, out, err) = wxr(&["list", "/no/such/folder"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert_eq!(err.trim(), "wxr: /no/such/folder: no such file or folder");
    // One good path among bad ones is still success.
    let (code, _, err) = wxr(&["list", "/no/such/folder", &fixtures()]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn tui_refuses_a_path_that_cannot_be_opened_before_touching_the_terminal() {
    let (code, _, err) = wxr(&["/no/such/folder"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("/no/such/folder: no such file or folder"),
        "{err}"
    );
}
