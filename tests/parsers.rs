//! Parser tests per layout, on small fixtures written for wxr (tests/fixtures/archive).

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::path::{Path, PathBuf};
use wxr::archive::{Source, load_all};
use wxr::model::{Article, BlockKind};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/archive")
        .join(rel)
}

fn one(rel: &str) -> Article {
    let (mut arts, problems, _) = load_all(&Source::Paths(vec![fixture(rel)]));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(arts.len(), 1);
    arts.remove(0)
}

fn texts(a: &Article) -> Vec<&str> {
    a.blocks.iter().map(|b| b.text.as_str()).collect()
}

#[test]
fn forum_repost_txt() {
    let a = one("forum/repost.txt");
    assert_eq!(a.title, "英伟达与台积电的“相互依存”,谁更离不开谁?");
    assert_eq!(a.account.as_deref(), Some("微信文章"));
    assert!(texts(&a)[0].starts_with("在AI芯片的供应链上"));
    assert!(matches!(a.blocks[2].kind, BlockKind::Image { .. }));
    assert!(texts(&a).last().unwrap().ends_with("答案是台积电。"));
    assert!(!texts(&a).iter().any(|t| t.contains("页:") || *t == "[1]"));
}

#[test]
fn exporter_txt() {
    let a = one("exporter/出海周报_第12期.txt");
    assert_eq!(a.title, "出海周报第12期：东南亚电商的新变量");
    assert_eq!(a.blocks.len(), 2);
    assert!(a.blocks[0].text.starts_with("　　本周"), "indent kept");
}

#[test]
fn exporter_markdown() {
    let a = one("exporter/出海周报_第12期.md");
    assert_eq!(a.title, "出海周报第12期：东南亚电商的新变量");
    assert_eq!(a.account.as_deref(), Some("出海周报"));
    assert_eq!(a.author.as_deref(), Some("编辑部"));
    assert_eq!(a.date.as_deref(), Some("2025-06-20 18:00"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://mp.weixin.qq.com/s/FixtureWeekly12")
    );
    assert_eq!(a.blocks.len(), 3);
}

#[test]
fn wechat_download_markdown() {
    let a = one("wechatDownload/出海手记/20240705独立站的第一笔订单.md");
    assert_eq!(a.title, "独立站的第一笔订单", "U+200B removed");
    assert_eq!(a.account.as_deref(), Some("出海手记"));
    assert_eq!(a.author.as_deref(), Some("陈小舟"));
    assert_eq!(a.date.as_deref(), Some("2024-07-05"));
    assert!(
        !texts(&a)
            .iter()
            .any(|t| t.contains("预览时标签不可点") || t.contains("收藏"))
    );
    assert_eq!(texts(&a).last(), Some(&"转化率是1.8%。"));
}

#[test]
fn wechat_download_share_post() {
    let a = one("wechatDownload/出海手记/20240712一张图看懂物流.md");
    assert_eq!(a.title, "一张图看懂物流");
    assert_eq!(texts(&a), vec!["空运快但贵\n海运慢但便宜\n海外仓两者兼顾"]);
}

#[test]
fn jekyll_front_matter_crlf() {
    let a = one("jekyll/_posts/2018-04-09-campus-discussion.md");
    assert_eq!(a.title, "“校园里的那场讨论”");
    assert_eq!(a.date.as_deref(), Some("2018-04-09 20:30"));
    assert_eq!(a.tags, vec!["校园"]);
    assert!(texts(&a).contains(&"那天晚上，讨论持续到了深夜。\n没有人提前离开。"));
    assert!(a.blocks.iter().any(|b| b.kind == BlockKind::Quote));
    assert!(texts(&a).iter().all(|t| !t.contains('\r')));
}

#[test]
fn whole_folder_loads_good_files_and_reports_bad_ones() {
    let (arts, problems, stats) = load_all(&Source::Paths(vec![fixture("")]));
    assert_eq!(arts.len(), 6);
    assert_eq!(stats.skipped, 2, "png and docx are not articles");
    let mut reasons: Vec<String> = problems
        .iter()
        .map(|p| {
            format!(
                "{}: {}",
                p.path.file_name().unwrap().to_string_lossy(),
                p.reason
            )
        })
        .collect();
    reasons.sort();
    assert_eq!(reasons.len(), 2);
    assert!(
        reasons[0].starts_with("binary.txt: binary file"),
        "{reasons:?}"
    );
    assert!(
        reasons[1].starts_with("gbk.txt: not valid UTF-8"),
        "{reasons:?}"
    );
    // Newest first, undated last.
    assert_eq!(arts[0].date.as_deref(), Some("2025-06-20 18:00"));
    assert!(arts.last().unwrap().date.is_none());
}

#[test]
fn ids_survive_a_move() {
    let dir = tempfile::tempdir().unwrap();
    let src = fixture("forum/repost.txt");
    let moved = dir.path().join("elsewhere/renamed.txt");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    std::fs::copy(&src, &moved).unwrap();
    let a = one("forum/repost.txt");
    let (b, _, _) = load_all(&Source::Paths(vec![moved]));
    assert_eq!(a.id, b[0].id);
}

#[test]
fn missing_path_is_a_problem_not_a_crash() {
    let (arts, problems, stats) = load_all(&Source::Paths(vec!["/no/such/dir".into()]));
    assert!(arts.is_empty());
    assert_eq!(stats.unopened, 1);
    assert_eq!(problems[0].reason, "no such file or folder");
}

#[test]
fn empty_and_whitespace_files_are_problems() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.md"), "").unwrap();
    std::fs::write(dir.path().join("blank.txt"), " \n\r\n\t\n").unwrap();
    std::fs::write(
        dir.path().join("only-front-matter.md"),
        "---\nlayout: post\n---\n",
    )
    .unwrap();
    let (arts, problems, _) = load_all(&Source::Paths(vec![dir.path().to_path_buf()]));
    assert!(arts.is_empty(), "{arts:?}");
    let mut reasons: Vec<&str> = problems.iter().map(|p| p.reason.as_str()).collect();
    reasons.sort_unstable();
    assert_eq!(reasons, vec!["empty file", "empty file", "no text in file"]);
}

mod never_panic {
    use proptest::prelude::*;
    use std::path::Path;
    use wxr::archive::parse_bytes;
    use wxr::model::Format;

    fn markdownish() -> impl Strategy<Value = String> {
        let atoms = prop::sample::select(vec![
            "---\n",
            "title: x\n",
            "# ",
            "## ",
            "\n",
            "\n\n",
            "> ",
            "* ",
            "1. ",
            "```\n",
            "**",
            "![a](",
            "](javascript:void(0);)",
            "[",
            "]",
            "(",
            ")",
            "<p>",
            "</p>",
            "<br>",
            "<img src=\"u\">",
            "<",
            ">",
            "&amp;",
            "&#27;",
            "原创 ",
            "作者:",
            "微信文章",
            "中文",
            "\\x0a",
            "预览时标签不可点",
            "| a | b |\n|---|---|\n",
            "    ",
            "\u{1b}[31m",
            "\r\n",
            "\u{200B}",
            "页:\n[1]\n",
            "https://mmbiz.qpic.cn/x/640?wx_fmt=png\n",
        ]);
        prop::collection::vec(atoms, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn parsers_never_panic_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
            for f in [Format::Txt, Format::Markdown, Format::Html, Format::Json, Format::Jsonl, Format::Csv] {
                let _ = parse_bytes(Path::new("x"), f, &bytes);
            }
        }

        #[test]
        fn parsed_text_is_always_clean(s in markdownish()) {
            for f in [Format::Txt, Format::Markdown, Format::Html, Format::Json, Format::Jsonl, Format::Csv] {
                let Ok(parsed) = parse_bytes(Path::new("x.md"), f, s.as_bytes()) else { continue };
                for a in &parsed.articles {
                    prop_assert!(wxr::sanitize::is_clean(&a.title));
                    prop_assert!(!a.title.is_empty());
                    for b in &a.blocks {
                        prop_assert!(wxr::sanitize::is_clean(&b.text));
                    }
                }
            }
        }
    }
}
