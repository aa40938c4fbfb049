use super::*;
use crate::archive::finish;

fn md(s: &str, name: &str) -> Article {
    finish(parse(s, Path::new(name))).unwrap()
}

#[test]
fn wechat_download_layout() {
    let a = md(
        "![cover_image](https://mmbiz.qpic.cn/c/0?wx_fmt=jpeg)\n\n\
         #  \u{200B}出海建站的一年\n\n\
         原创  某作者  [ 某号 ](javascript:void\\(0\\);)\n\n\
         __ _ _ _ _\n\n\
         第一段，讲 SEO 与 AdSense。  \n同段第二行。\n\n\
         ##  小标题\n\n\
         * 列表一\n* 列表二\n\n\
         预览时标签不可点\n\n微信扫一扫  \n关注该公众号\n\n****\n\n  收藏\n",
        "20240705出海建站的一年.md",
    );
    assert_eq!(a.title, "出海建站的一年");
    assert_eq!(a.account.as_deref(), Some("某号"));
    assert_eq!(a.author.as_deref(), Some("某作者"));
    assert_eq!(a.date.as_deref(), Some("2024-07-05"));
    let kinds: Vec<_> = a
        .blocks
        .iter()
        .map(|b| (b.kind.clone(), b.text.as_str()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (
                BlockKind::Image {
                    url: "https://mmbiz.qpic.cn/c/0?wx_fmt=jpeg".into(),
                    local: None
                },
                "封面"
            ),
            (
                BlockKind::Paragraph,
                "第一段，讲 SEO 与 AdSense。\n同段第二行。"
            ),
            (BlockKind::Heading { level: 2 }, "小标题"),
            (
                BlockKind::ListItem {
                    ordinal: None,
                    depth: 0
                },
                "列表一"
            ),
            (
                BlockKind::ListItem {
                    ordinal: None,
                    depth: 0
                },
                "列表二"
            ),
        ]
    );
}

#[test]
fn wechat_download_share_post_with_literal_newlines() {
    let a = md(
        "#  分享\n\n原创  [ 号 ](javascript:void\\(0\\);)\n\n第一行\\x0a\\x0a第二行\n",
        "s.md",
    );
    assert_eq!(a.title, "分享");
    let texts: Vec<&str> = a.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts, vec!["第一行", "第二行"]);
}

#[test]
fn exporter_layout() {
    let a = md(
        "# 软银的四百亿美元\n\n原创 张三 科技观察 2025-03-31 20:15 广东\n\n\
         > 原文地址: [https://mp.weixin.qq.com/s/AbCd](https://mp.weixin.qq.com/s/AbCd)\n\n\
         正文第一段。\n",
        "软银的四百亿美元.md",
    );
    assert_eq!(a.title, "软银的四百亿美元");
    assert_eq!(a.author.as_deref(), Some("张三"));
    assert_eq!(a.account.as_deref(), Some("科技观察"));
    assert_eq!(a.date.as_deref(), Some("2025-03-31 20:15"));
    assert_eq!(a.url.as_deref(), Some("https://mp.weixin.qq.com/s/AbCd"));
    assert_eq!(a.blocks, vec![Block::paragraph("正文第一段。")]);
}

#[test]
fn exporter_layout_with_undefined_province() {
    let a = md("# 题\n\n原创 号 2025-01-02 undefined\n\n文。\n", "t.md");
    assert_eq!(a.account.as_deref(), Some("号"));
    assert_eq!(a.author, None);
    assert_eq!(a.date.as_deref(), Some("2025-01-02"));
}

#[test]
fn jekyll_front_matter_with_crlf_and_html() {
    let src = "---\r\n\r\nlayout: post\r\n\r\ntitle:  “某事”与某校\r\n\r\ndate:   2018-04-09\r\n\r\n\
               tags: 校园\r\n\r\n---\r\n\r\n出自公号 ~~[原题](http://mp.weixin.qq.com/s/E8J)~~\r\n\r\n\
               <p>一段 HTML&nbsp;文字<br>第二行</p>\r\n\r\n<img src=\"https://x.cn/a.png\">\r\n";
    let a = md(&crate::sanitize::text(src), "2018-04-09-x.md");
    assert_eq!(a.title, "“某事”与某校");
    assert_eq!(a.date.as_deref(), Some("2018-04-09"));
    assert_eq!(a.tags, vec!["校园"]);
    let texts: Vec<&str> = a.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts, vec!["出自公号 原题", "一段 HTML 文字\n第二行", ""]);
    assert!(
        matches!(&a.blocks[2].kind, BlockKind::Image { url, .. } if url == "https://x.cn/a.png")
    );
}

#[test]
fn ordered_lists_quotes_code_and_tables() {
    let a = md(
        "# T\n\n1. 一\n2. 二\n\n> 引文\n\n```\nfn main() {}\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        "t.md",
    );
    let kinds: Vec<_> = a
        .blocks
        .iter()
        .map(|b| (b.kind.clone(), b.text.as_str()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (
                BlockKind::ListItem {
                    ordinal: Some(1),
                    depth: 0
                },
                "一"
            ),
            (
                BlockKind::ListItem {
                    ordinal: Some(2),
                    depth: 0
                },
                "二"
            ),
            (BlockKind::Quote, "引文"),
            (BlockKind::Code, "fn main() {}"),
            (BlockKind::Code, "a  b\n────\n1  2"),
        ]
    );
}

#[test]
fn html2text_bold_with_inner_spaces_loses_its_stars() {
    let a = md(
        "# T\n\n** 📝 课程笔记  **\n\n前 ** 重点  ** 后\n\n    code ** x **\n",
        "t.md",
    );
    let texts: Vec<&str> = a.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts, vec!["📝 课程笔记", "前 重点 后", "code ** x **"]);
    let b = md("# T\n\n**一句加粗的话。**后面的文字\n", "t.md");
    assert_eq!(b.blocks[0].text, "一句加粗的话。后面的文字");
}

#[test]
fn soft_breaks_join_chinese_without_space_and_latin_with() {
    let a = md("# T\n\n中文\n接着\nand\nmore\n", "t.md");
    assert_eq!(a.blocks[0].text, "中文接着 and more");
}

#[test]
fn escape_sequences_from_entities_never_survive() {
    let a = md("# T&#27;]0;x\n\n正文&#27;[31m红&#x9b;2J\n", "t.md");
    assert!(crate::sanitize::is_clean(&a.title));
    assert!(a.blocks.iter().all(|b| crate::sanitize::is_clean(&b.text)));
}

#[test]
fn wechat_download_shared_article_takes_title_from_original_line() {
    let a = md(
        "![cover_image](https://mmbiz.qpic.cn/c/0)\n\n[\n![](http://mmbiz.qpic.cn/a/0)\n**某号** ](javascript:;)\n\n\
         某号\n\n再聊内链：重要性  原创\n\n阅读全文\n\n预览时标签不可点\n\n微信扫一扫\n",
        "20231201再聊内链重要性.md",
    );
    assert_eq!(a.title, "再聊内链：重要性");
    assert_eq!(a.account.as_deref(), Some("某号"));
    let texts: Vec<&str> = a.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts, vec!["封面", "某号", "阅读全文"]);
}

#[test]
fn bold_spanning_wrapped_lines_loses_its_stars() {
    let a = md(
        "# T\n\n今天 ** AIGCRank.cn  ** 发布，联合  ** 哥飞的\n朋友们  ** 一起。\n",
        "t.md",
    );
    assert_eq!(
        a.blocks[0].text,
        "今天 AIGCRank.cn 发布，联合 哥飞的朋友们 一起。"
    );
}

#[test]
fn a_file_indented_as_a_whole_is_text_not_code() {
    let a = md(
        "            # 缩进的标题\n\n            第一段文字。\n\n                代码块仍是代码\n\n            第二段。\n",
        "indented.md",
    );
    assert_eq!(a.title, "缩进的标题");
    let kinds: Vec<(BlockKind, &str)> = a
        .blocks
        .iter()
        .map(|b| (b.kind.clone(), b.text.as_str()))
        .collect();
    assert_eq!(kinds[0], (BlockKind::Paragraph, "第一段文字。"));
    assert!(matches!(kinds[1].0, BlockKind::Code), "{kinds:?}");
    assert_eq!(kinds[2], (BlockKind::Paragraph, "第二段。"));
}

#[test]
fn nested_lists_keep_their_depth() {
    let a = parse(
        "# 题\n\n1. 第一部分\n   - 要点甲\n     - 细节\n   - 要点乙\n2. 第二部分\n",
        Path::new("x.md"),
    );
    let got: Vec<(Option<u64>, u8, &str)> = a
        .blocks
        .iter()
        .filter_map(|b| match b.kind {
            BlockKind::ListItem { ordinal, depth } => Some((ordinal, depth, b.text.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(
        got,
        [
            (Some(1), 0, "第一部分"),
            (None, 1, "要点甲"),
            (None, 2, "细节"),
            (None, 1, "要点乙"),
            (Some(2), 0, "第二部分"),
        ]
    );
}

#[test]
fn a_table_too_wide_to_align_reads_as_a_paragraph_a_row() {
    let wide = "很长的一段说明文字".repeat(5);
    let a = parse(
        &format!("# 题\n\n| 指标 | 说明 |\n|---|---|\n| 营收 | {wide} |\n| 利润 | 短 |\n"),
        Path::new("x.md"),
    );
    let texts: Vec<&str> = a.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            format!("指标：营收；说明：{wide}").as_str(),
            "指标：利润；说明：短"
        ]
    );
}

/// wechatmp2markdown writes `#meta_content` as its second line: `原创 author account time` for
/// an original, `author  account   time` for a repost (its format.go `formatMeta`).
#[test]
fn wechatmp2markdown_byline_without_original_mark() {
    let a = parse(
        "# 一篇转载的文章  \n王五  出海手记   2025-11-10 12:00  \n  \n正文第一段。  \n",
        Path::new("一篇转载的文章.md"),
    );
    assert_eq!(a.author.as_deref(), Some("王五"));
    assert_eq!(a.account.as_deref(), Some("出海手记"));
    assert_eq!(a.date.as_deref(), Some("2025-11-10 12:00"));
    assert_eq!(a.blocks.len(), 1, "{:?}", a.blocks);
    // A sentence that happens to hold a date is not a byline.
    let b = parse(
        "# 题  \n会议于 2025-11-10 召开，持续三天。\n",
        Path::new("题.md"),
    );
    assert_eq!(b.account, None);
    assert_eq!(b.blocks.len(), 1);
}

/// What the page-tail and byline rules must leave alone in an ordinary article (a review of
/// the exporters' layouts found each of these reachable).
#[test]
fn ordinary_articles_keep_their_text_and_names() {
    // The label inside a sentence, `阅读原文` after it: no page tail.
    let a = md(
        "# 运营课\n\n第一段。\n\n预览时标签不可点是因为预览页不跳转。\n\n点击阅读原文报名。\n\n最后一段。\n",
        "运营课.md",
    );
    let text: Vec<&str> = a.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(text.last(), Some(&"最后一段。"), "{text:?}");
    // A picture and the account's name closing the article, no bar under them: kept.
    let a = md(
        "# 题\n\n原创 张三 某号 2025-01-02 10:00\n\n正文第一段。\n\n正文第二段。\n\n![](https://mmbiz.qpic.cn/qr/640)\n\n某号\n",
        "题.md",
    );
    assert_eq!(a.account.as_deref(), Some("某号"));
    assert_eq!(a.blocks.last().map(|b| b.text.as_str()), Some("某号"));
    // A byline-shaped line of a thousand words is no byline (and takes no time).
    let long = format!("# 题\n\n原创 {} 2025-01-02\n\n正文。\n", "词 ".repeat(1000));
    let t = std::time::Instant::now();
    let a = md(&long, "题.md");
    assert!(t.elapsed().as_secs() < 1);
    assert_eq!(a.author, None);
    // `原创 | 张三` is no author.
    let a = md("# 题\n\n原创 | 张三\n\n正文。\n", "x.md");
    assert_eq!(a.author, None);
    assert!(!looks_like_markdown("5**2 等于 25\n下一行"));
    assert!(looks_like_markdown("这是**重点**。"));
}

/// A feed saved as `.md` is read as a feed; a Markdown page about RSS that only starts like
/// one stays Markdown.
#[test]
fn a_feed_saved_as_markdown_and_a_page_that_only_looks_like_one() {
    let feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>号</title>\
        <item><title>一篇</title><link>https://mp.weixin.qq.com/s/F1</link>\
        <description>正文在此。</description></item></channel></rss>";
    let p = crate::archive::parse_bytes(Path::new("feed.md"), Format::Markdown, feed.as_bytes())
        .unwrap();
    assert_eq!(p.articles[0].title, "一篇");
    assert_eq!(p.articles[0].account.as_deref(), Some("号"));
    let page = "<rss> 标签是 RSS 的根元素。\n\n# RSS 入门\n\n正文。\n";
    let p = crate::archive::parse_bytes(Path::new("rss教程.md"), Format::Markdown, page.as_bytes())
        .unwrap();
    assert_eq!(p.articles[0].format, Format::Markdown);
    assert!(p.articles[0].blocks.iter().any(|b| b.text == "正文。"));
}
