use super::*;
use crate::model::BlockKind;

fn page(script: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title></title>\
         <meta property=\"og:title\" content=\"OG 标题\">\
         <meta name=\"author\" content=\"李四\"></head><body>\
         <div id=\"js_article\"><h1 class=\"rich_media_title\" id=\"activity-name\">\n  正文标题  \n</h1>\
         <a id=\"js_name\">  某公众号  </a><em id=\"publish_time\"></em>\
         <div class=\"rich_media_content\" id=\"js_content\" style=\"visibility: hidden;\">{body}</div></div>\
         <script>{script}</script></body></html>"
    )
}

const VARS: &str = r#"var biz = "" || "MzA5NjA=="; var mid = "2650000001" || ""; var idx = "1" || "";
    var ct = "1764842451"; var msg_link = "http://mp.weixin.qq.com/s?__biz=MzA5NjA==&amp;mid=2650000001&amp;idx=1&amp;sn=ab#rd";
    var item_show_type = "0";"#;

fn parse_str(html: &str, name: &str) -> Article {
    crate::archive::finish(parse(html, Path::new(name)).unwrap()).unwrap()
}

#[test]
fn saved_page_metadata_from_elements_and_scripts() {
    let a = parse_str(&page(VARS, "<p>正文。</p>"), "a.html");
    assert_eq!(a.title, "正文标题");
    assert_eq!(a.account.as_deref(), Some("某公众号"));
    assert_eq!(a.author.as_deref(), Some("李四"));
    assert_eq!(
        a.date.as_deref(),
        Some("2025-12-04 18:00"),
        "from var ct, in China time"
    );
    let url = a.url.as_deref().unwrap();
    assert_eq!(
        crate::model::url_key(url).as_deref(),
        Some("mp:MzA5NjA==:2650000001:1")
    );
}

#[test]
fn body_blocks_from_js_content() {
    let body = "<section><h2>一、<span>小标题</span></h2>\
        <p>第一段<strong>加粗</strong>文字，\n  接着。</p>\
        <p><img data-src=\"https://mmbiz.qpic.cn/x/640?wx_fmt=png&amp;from=appmsg\" src=\"data:image/gif;base64,AAAA\" alt=\"图一\"></p>\
        <ul><li>甲</li><li>乙</li></ul><ol start=\"3\"><li>丙</li></ol>\
        <blockquote><p>引用</p></blockquote>\
        <pre><code>let x = 1;\n  let y = 2;</code></pre>\
        <table><tr><th>公司</th><th>金额</th></tr><tr><td>微软</td><td>100亿美元</td></tr></table>\
        <p>第一行<br>第二行</p><p>&nbsp;</p><script>var hidden = 1;</script></section>";
    let a = parse_str(&page(VARS, body), "a.html");
    let got: Vec<(BlockKind, &str)> = a
        .blocks
        .iter()
        .map(|b| (b.kind.clone(), b.text.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (BlockKind::Heading { level: 2 }, "一、小标题"),
            (BlockKind::Paragraph, "第一段加粗文字， 接着。"),
            (
                BlockKind::Image {
                    url: "https://mmbiz.qpic.cn/x/640?wx_fmt=png&from=appmsg".into(),
                    local: None
                },
                "图一"
            ),
            (
                BlockKind::ListItem {
                    ordinal: None,
                    depth: 0
                },
                "甲"
            ),
            (
                BlockKind::ListItem {
                    ordinal: None,
                    depth: 0
                },
                "乙"
            ),
            (
                BlockKind::ListItem {
                    ordinal: Some(3),
                    depth: 0
                },
                "丙"
            ),
            (BlockKind::Quote, "引用"),
            (BlockKind::Code, "let x = 1;\n  let y = 2;"),
            (
                BlockKind::Code,
                "公司  金额\n───────────────\n微软  100亿美元"
            ),
            (BlockKind::Paragraph, "第一行\n第二行"),
        ]
    );
}

#[test]
fn deleted_page_is_listed_with_its_reason() {
    let html = "<html><body><div class=\"weui-msg\"><h2 class='weui-msg__title title'>\n  该内容已被发布者删除\n</h2>\
                <div class=\"weui-msg__desc\"><p>更多</p></div></div></body></html>";
    let a = parse_str(html, "[某号]-2024-7-5-被删的文章.html");
    assert_eq!(a.title, "被删的文章");
    assert_eq!(
        a.status,
        Status::Unavailable {
            reason: "该内容已被发布者删除".into()
        }
    );
    assert_eq!(a.date.as_deref(), Some("2024-07-05"));
    assert_eq!(a.account.as_deref(), Some("某号"));
}

#[test]
fn text_share_takes_its_text_from_script() {
    let script = "var item_show_type = '10' || ''; window.msg_title = '第一行是标题\\n\\n第二段内容' || '';\
                  var x = {nick_name:'分享号',create_time: '1760571058' * 1};";
    let html = format!(
        "<html><body><div id=\"js_article\"><p id=\"js_text_desc\"></p></div><script>{script}</script></body></html>"
    );
    let a = parse_str(&html, "t.html");
    assert_eq!(a.title, "第一行是标题");
    assert_eq!(a.account.as_deref(), Some("分享号"));
    assert_eq!(a.date.as_deref(), Some("2025-10-16 07:30"));
    let texts: Vec<&str> = a.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts, vec!["第二段内容"]);
}

#[test]
fn image_share_text_held_only_in_the_page_data_is_read() {
    let script = "var item_show_type = '8' || ''; window.msg_title = '一句配文' || '';\
        picture_page_info_list = [ { cdn_url: 'https://mmbiz.qpic.cn/a/0' } ];\
        var d = { content_noencode: JsDecode('第一段，百度市值来到了465亿美元。\\x0a\\x0a第二段。') };";
    let html = format!(
        "<html><head><meta property=\"og:title\" content=\"一句配文\"></head><body><div id=\"js_article\"></div><script>{script}</script></body></html>"
    );
    let a = parse_str(&html, "i.html");
    let texts: Vec<&str> = a
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Paragraph))
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(
        texts,
        ["第一段，百度市值来到了465亿美元。", "第二段。"],
        "{:?}",
        a.blocks
    );
}

#[test]
fn image_share_lists_its_pictures_without_watermarks() {
    let script = "var item_show_type = '8' || ''; window.msg_title = '一句配文' || '';\
        picture_page_info_list = [ { width: '1' * 1, cdn_url: 'https://mmbiz.qpic.cn/a/0?wx_fmt=png\\x26amp;from=appmsg',\
        watermark_info: { cdn_url: 'http://mmbiz.qpic.cn/wm/0' }, share_cover: { cdn_url: 'https://mmbiz.qpic.cn/cover/0' } },\
        { cdn_url: 'https://mmbiz.qpic.cn/b/0' } ];";
    let html = format!(
        "<html><head><meta property=\"og:title\" content=\"一句配文\"></head><body><div id=\"js_article\"></div><script>{script}</script></body></html>"
    );
    let a = parse_str(&html, "i.html");
    assert_eq!(a.title, "一句配文");
    let urls: Vec<&str> = a
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Image { url, .. } => Some(url.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        urls,
        vec![
            "https://mmbiz.qpic.cn/a/0?wx_fmt=png&from=appmsg",
            "https://mmbiz.qpic.cn/b/0"
        ]
    );
}

#[test]
fn account_profile_page_is_not_an_article() {
    let html = "<html><head><title>关于公众号</title></head><body><div id=\"js_auth_info\">认证</div></body></html>";
    assert!(
        parse(html, Path::new("biz-Mz.html"))
            .unwrap_err()
            .to_string()
            .contains("profile")
    );
}

#[test]
fn generic_html_uses_title_and_body() {
    let html = "<html><head><title>一篇网页</title></head><body><h1>一篇网页</h1><p>正文。</p></body></html>";
    let a = parse_str(html, "x.html");
    assert_eq!(a.title, "一篇网页");
    assert_eq!(a.blocks, vec![Block::paragraph("正文。")]);
}

#[test]
fn ten_thousand_levels_deep_does_not_overflow() {
    let depth = 10_000;
    let html = format!(
        "{}<p>深处</p>{}",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let a = parse_str(&html, "deep.html");
    assert!(a.blocks.iter().any(|b| b.text == "深处"));
}

#[test]
fn a_saved_frame_of_a_gone_article_is_unavailable() {
    let html = "<html><head><meta property=\"og:title\" content=\"某篇文章\"></head><body>\
        <div id=\"js_article\"><div id=\"js_content\"></div></div>\
        <div class=\"tips\">该内容暂时无法查看</div></body></html>";
    let a = parse_str(html, "g.html");
    assert_eq!(a.title, "某篇文章");
    assert_eq!(
        a.status,
        Status::Unavailable {
            reason: "该内容暂时无法查看".into()
        }
    );
    // An article that quotes the words is still an article.
    let html = "<html><body><div id=\"js_content\"><p>页面上写着该内容暂时无法查看，我们换了个办法。</p></div></body></html>";
    assert_eq!(parse_str(html, "q.html").status, Status::Ok);
}

#[test]
fn a_blocked_page_keeps_the_account_its_page_data_names() {
    let html = "<html><body><div class=\"weui-msg__title\">此内容因违规无法查看</div>\
        <script>var d = { nick_name: '某某号', title: '' };</script></body></html>";
    let a = parse_str(html, "02.html");
    assert!(matches!(a.status, Status::Unavailable { .. }));
    assert_eq!(a.account.as_deref(), Some("某某号"));
}

#[test]
fn nested_html_lists_keep_their_depth() {
    let html = page(
        "",
        "<ol><li>第一部分<ul><li>要点甲<ul><li>细节</li></ul></li></ul></li><li>第二部分</li></ol>",
    );
    let a = parse(&html, Path::new("x.html")).unwrap();
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
            (Some(2), 0, "第二部分"),
        ]
    );
}

/// wechat-article-exporter's HTML folder export (scripts stripped): the author from
/// `#meta_content`, a text share's account from `.wx_follow_nickname`, an image share saved
/// without its pictures marked as such.
#[test]
fn an_export_without_scripts_keeps_author_and_account_from_the_page() {
    let html = "<html><head><title>t</title></head><body><div id=\"js_article\">\
        <h1 id=\"activity-name\">导出的文章</h1><div id=\"meta_content\">\
        <span class=\"rich_media_meta rich_media_meta_text\">王五</span>\
        <em id=\"publish_time\" class=\"rich_media_meta rich_media_meta_text\">2025年07月02日 08:00</em></div>\
        <div id=\"js_content\"><p>正文。</p></div>\
        <span class=\"wx_follow_nickname\">出海手记</span></div></body></html>";
    let a = parse(html, Path::new("x/index.html")).unwrap();
    assert_eq!(a.author.as_deref(), Some("王五"));
    assert_eq!(a.account.as_deref(), Some("出海手记"));
    let empty = "<html><body><div id=\"js_article\"><h1 id=\"activity-name\">图</h1>\
        <div id=\"js_image_desc\"></div></div><script>var item_show_type = \"8\";</script></body></html>";
    let a = parse(empty, Path::new("y/index.html")).unwrap();
    assert!(
        matches!(a.status, Status::Unavailable { .. }),
        "{:?}",
        a.status
    );
}
