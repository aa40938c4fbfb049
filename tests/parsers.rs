//! Parser tests per layout, on small fixtures written for wxr (tests/fixtures/archive).

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::path::{Path, PathBuf};
use wxr::archive::{Source, load_all};
use wxr::model::{Article, BlockKind, Status};

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

/// The mixed folder: every layout of REFERENCE.md §1 beside broken files. Every article has
/// the right title, and the account and date wherever its source has them.
#[test]
fn mixed_folder_loads_every_layout() {
    let (arts, problems, stats) = load_all(&Source::Paths(vec![fixture("")]));
    let got: Vec<(&str, Option<&str>, Option<&str>)> = arts
        .iter()
        .map(|a| (a.title.as_str(), a.account.as_deref(), a.date.as_deref()))
        .collect();
    let expected: Vec<(&str, Option<&str>, Option<&str>)> = vec![
        (
            "今天把公司注销了",
            Some("神光的编程笔记"),
            Some("2025-10-16 07:30"),
        ),
        (
            "周末在工厂拍的两张照片",
            Some("出海手记"),
            Some("2025-09-20 11:56"),
        ),
        ("降准之后，钱去了哪里", None, Some("2025-07-02 08:00")),
        (
            "出海周报第12期：东南亚电商的新变量",
            Some("出海周报"),
            Some("2025-06-20 18:00"),
        ),
        (
            "只在列表里的一篇",
            Some("硅谷观察室"),
            Some("2025-06-13 08:00"),
        ),
        (
            "大模型API价格战的下半场",
            Some("硅谷观察室"),
            Some("2025-06-12 08:00"),
        ),
        (
            "软银的四百亿美元从哪里来",
            Some("科技边角料"),
            Some("2025-03-31 20:20"),
        ),
        ("一篇被删除的文章", Some("科技边角料"), Some("2025-03-01")),
        (
            "海外仓怎么选,看这三点",
            Some("出海手记"),
            Some("2024-07-20 21:00"),
        ),
        ("海外仓的账本", Some("出海手记"), Some("2024-07-18 21:30")),
        ("一张图看懂物流", Some("出海手记"), Some("2024-07-12")),
        ("独立站的第一笔订单", Some("出海手记"), Some("2024-07-05")),
        ("“校园里的那场讨论”", None, Some("2018-04-09 20:30")),
        ("一家书店的二十六年", Some("城市笔记"), None),
        ("奶茶店的账本", Some("城市笔记"), None),
        ("臺灣的半導體產業", None, None),
        (
            "英伟达与台积电的“相互依存”,谁更离不开谁?",
            Some("微信文章"),
            None,
        ),
        ("违规", None, None),
        ("降准三问", None, None),
    ];
    assert_eq!(got, expected);
    assert_eq!(
        stats.merged, 3,
        "index.html, the TXT export and a CSV row are duplicates"
    );
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
    assert_eq!(
        reasons,
        vec![
            "binary.txt: binary file (contains NUL bytes)",
            "biz-MzFixture01==.html: not an article (an account profile page)",
            "city_notes.jsonl: bad JSON at line 3, column 11: expected value",
            "notes.docx: unknown format (.docx)",
        ]
    );
}

#[test]
fn saved_page_body_and_identity() {
    let a = one("saved_pages/软银的四百亿美元.html");
    assert_eq!(a.author.as_deref(), Some("林见深"));
    assert_eq!(
        wxr::model::url_key(a.url.as_deref().unwrap()).as_deref(),
        Some("mp:MzFixture01==:2650000101:1")
    );
    let kinds: Vec<&BlockKind> = a.blocks.iter().map(|b| &b.kind).collect();
    assert!(matches!(kinds[0], BlockKind::Heading { level: 2 }));
    assert!(
        a.blocks[1].text.contains("T-Mobile股份筹集约400亿美元"),
        "{}",
        a.blocks[1].text
    );
    assert!(kinds.iter().any(|k| matches!(k, BlockKind::Quote)));
    assert!(
        a.blocks
            .iter()
            .any(|b| b.kind == BlockKind::Code && b.text.contains("软银        300亿美元"))
    );
}

#[test]
fn image_and_text_shares() {
    let i = one("saved_pages/图片分享_两张图.html");
    let images = i
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Image { .. }))
        .count();
    assert_eq!(images, 2);
    let t = one("saved_pages/文本分享.html");
    assert_eq!(t.blocks.len(), 2, "the title line is not repeated");
}

#[test]
fn deleted_and_blocked_pages_say_why() {
    let d = one("saved_pages/[科技边角料]-2025-3-1-一篇被删除的文章.html");
    assert_eq!(
        d.status,
        Status::Unavailable {
            reason: "该内容已被发布者删除".into()
        }
    );
    let b = one("saved_pages/违规.html");
    assert_eq!(
        b.status,
        Status::Unavailable {
            reason: "此内容因违规无法查看".into()
        }
    );
    assert!(b.blocks[1].text.contains("涉嫌违反相关法律法规"));
}

#[test]
fn exporter_html_folder_records_local_images() {
    let a = one("exporter/html/软银的四百亿美元/index.html");
    let local = a.blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Image { local, .. } => local.clone(),
        _ => None,
    });
    assert!(
        local
            .unwrap()
            .ends_with("软银的四百亿美元/assets/chart.png")
    );
}

#[test]
fn exporter_json_array() {
    let (arts, problems, _) = load_all(&Source::Paths(vec![fixture(
        "exporter/微信公众号文章/微信公众号文章.json",
    )]));
    assert!(problems.is_empty());
    assert_eq!(arts.len(), 2);
    assert_eq!(arts[0].status, Status::NotDownloaded);
    assert_eq!(arts[1].author.as_deref(), Some("何澄"));
    assert_eq!(arts[1].blocks.len(), 2);
}

#[test]
fn wechat_download_html_without_scripts() {
    let a = one("wechatDownload/出海手记/20240718海外仓的账本.html");
    assert_eq!(
        a.date.as_deref(),
        Some("2024-07-18 21:30"),
        "from #publish_time"
    );
    assert_eq!(a.account.as_deref(), Some("出海手记"));
    assert_eq!(a.blocks.len(), 2);
}

#[test]
fn we_mp_rss_json() {
    let a = one("we-mp-rss/MP_WXS_3001/20250702_降准之后.json");
    assert_eq!(
        a.url.as_deref(),
        Some("https://mp.weixin.qq.com/s/FixtureRss01")
    );
    assert_eq!(a.status, Status::NotDownloaded);
    assert!(a.blocks[0].text.contains("1万亿元"));
}

#[test]
fn jsonl_corpus_keeps_good_lines_and_reports_the_bad() {
    let (arts, problems, _) = load_all(&Source::Paths(vec![fixture("corpora/city_notes.jsonl")]));
    assert_eq!(arts.len(), 2);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].kind, wxr::archive::ProblemKind::Partial);
    assert!(arts[0].blocks[0].text.starts_with("　　"), "indent kept");
}

#[test]
fn wechat_download_csv_rows_are_listed_not_downloaded() {
    let (arts, _, _) = load_all(&Source::Paths(vec![fixture(
        "wechatDownload/出海手记/出海手记.csv",
    )]));
    assert_eq!(arts.len(), 2);
    assert!(arts.iter().all(|a| a.status == Status::NotDownloaded));
    assert_eq!(arts[0].title, "海外仓怎么选,看这三点");
    assert!(arts[0].blocks.iter().any(|b| b.text.contains("阅读 2100")));
    assert!(
        arts[0]
            .blocks
            .iter()
            .any(|b| b.text.starts_with("原文链接：https://mp.weixin.qq.com/"))
    );
}

#[test]
fn gbk_and_big5_text_files_decode_and_say_so() {
    let g = one("encodings/gbk_旧文.txt");
    assert_eq!(g.title, "降准三问");
    assert_eq!(g.encoding.as_deref(), Some("GBK"));
    let b = one("encodings/big5_舊文.txt");
    assert_eq!(b.title, "臺灣的半導體產業");
    assert_eq!(b.encoding.as_deref(), Some("Big5"));
    assert!(b.blocks[0].text.contains("台積電"));
}

#[test]
fn duplicates_merge_into_the_richest_copy() {
    let (arts, _, _) = load_all(&Source::Paths(vec![fixture("")]));
    let sb = arts
        .iter()
        .find(|a| a.title == "软银的四百亿美元从哪里来")
        .unwrap();
    assert!(sb.source.ends_with("saved_pages/软银的四百亿美元.html"));
    assert_eq!(sb.other_sources.len(), 1);
    assert!(sb.other_sources[0].ends_with("index.html"));
    let weekly = arts
        .iter()
        .find(|a| a.title.starts_with("出海周报第12期"))
        .unwrap();
    assert_eq!(
        weekly.source.extension().unwrap(),
        "md",
        "the Markdown export has the image"
    );
    let order = arts
        .iter()
        .find(|a| a.title == "独立站的第一笔订单")
        .unwrap();
    assert_eq!(
        order.status,
        Status::Ok,
        "the downloaded copy wins over the CSV row"
    );
    assert!(order.url.is_some(), "the CSV row contributes the link");
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
