//! The page's furniture that converters keep in an article's body (issue 13): Turndown over a
//! rendered page (wechat-article-exporter's Markdown, v2.3.15–v2.3.21) starts with the page's
//! CSS as text and ends with the 阅读/赞/分享 bar; html2text (wechatDownload's newest
//! Markdown) keeps `轻点两下取消赞`, `关注该公众号` and the 精选留言 comments; both keep SVG
//! icons and avatars as images. Taken out of every article, whatever its format.

use super::evidence::is_interface;
use crate::model::{Article, BlockKind};

/// How many blocks at either end are looked at.
const EDGE: usize = 8;

pub fn strip(a: &mut Article) {
    // Icons and avatars are not the article's pictures.
    let mut i = 0;
    while i < a.blocks.len() {
        let drop = match &a.blocks[i].kind {
            BlockKind::Image { url, .. } => is_icon(url),
            _ => false,
        };
        if drop {
            a.remove_block(i);
        } else {
            i += 1;
        }
    }
    // The page's CSS before the text.
    while a.blocks.first().is_some_and(|b| is_css(&b.text)) {
        a.remove_block(0);
    }
    // The comments: from a `精选留言` heading on, when it is in the last part of the body.
    let n = a.blocks.len();
    if let Some(at) = a
        .blocks
        .iter()
        .rposition(|b| b.text.trim() == "精选留言" || b.text.trim().starts_with("精选留言 "))
        .filter(|&at| at * 3 >= n * 2)
    {
        while a.blocks.len() > at {
            a.remove_block(a.blocks.len() - 1);
        }
    }
    // The page's hidden reader-mode label (`在小说阅读器中沉浸阅读`), kept as text by Turndown
    // and by `innerText`, wherever it stands alone.
    a.retain_blocks(|b| b.text.trim() != READER_MODE);
    // The bar under the text (`阅读 2.3万 赞 12 分享 在看`, or the read count alone), and
    // buttons; then the account's card above it (its avatar and name, Turndown's copy of the
    // rendered page).
    let before = a.blocks.len();
    for _ in 0..EDGE {
        match a.blocks.last() {
            Some(b) if is_bar(&b.text) || b.text.trim() == "阅读" => {
                a.remove_block(a.blocks.len() - 1);
            }
            _ => break,
        }
    }
    // The bar split a word a line (its icons taken out between them: `阅读`, `赞`, `分享`).
    let n = a.blocks.len();
    if let Some(k) = (2..=EDGE.min(n.saturating_sub(1))).rev().find(|&k| {
        let tail = &a.blocks[n - k..];
        tail.iter()
            .all(|b| !matches!(b.kind, BlockKind::Image { .. }) && b.text.chars().count() <= 6)
            && is_bar(
                &tail
                    .iter()
                    .map(|b| b.text.trim())
                    .collect::<Vec<_>>()
                    .join(" "),
            )
    }) {
        for _ in 0..k {
            a.remove_block(a.blocks.len() - 1);
        }
    }
    // (Only under a bar just taken out: an article may well end with a picture and its
    // account's name.)
    if let Some(acc) = a.account.clone()
        && a.blocks.len() < before
        && a.blocks.len() > 2
        && a.blocks.last().is_some_and(|b| b.text.trim() == acc)
    {
        a.remove_block(a.blocks.len() - 1);
        if a.blocks
            .last()
            .is_some_and(|b| matches!(b.kind, BlockKind::Image { .. }))
        {
            a.remove_block(a.blocks.len() - 1);
        }
    }
}

/// The label of the page's reader mode, hidden on the page.
pub const READER_MODE: &str = "在小说阅读器中沉浸阅读";

/// An SVG icon, an inline SVG, or an avatar (`wx.qlogo.cn/mmhead`).
fn is_icon(url: &str) -> bool {
    let u = url.to_ascii_lowercase();
    let path = u.split(['?', '#']).next().unwrap_or(&u);
    let svg = std::path::Path::new(path)
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("svg"));
    u.starts_with("data:image/svg") || svg || u.contains("qlogo.cn")
}

/// Text that is a style sheet: braces and declarations, no Chinese.
fn is_css(text: &str) -> bool {
    let t = text.trim();
    t.contains('{')
        && t.contains('}')
        && t.contains(':')
        && t.contains(';')
        && !t.chars().any(crate::highlight::words::is_han)
}

/// The like bar: interface words with their counts (`阅读 10万+`, `赞 12`).
fn is_bar(text: &str) -> bool {
    let words: String = text
        .chars()
        .filter(|c| !c.is_ascii_digit() && !matches!(c, '.' | '万' | '千' | '+' | 'w' | 'W'))
        .collect();
    let words = words.replace("阅读", "分享").replace("推荐", "分享");
    !words.trim().is_empty() && is_interface(&words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Block;

    #[test]
    fn css_bars_comments_and_icons_are_taken_out() {
        let mut a = crate::archive::blank_article(
            std::path::Path::new("a.md"),
            crate::model::Format::Markdown,
        );
        a.blocks = vec![
            Block::paragraph(
                ".rich_media_content{overflow:hidden;color:#333;} img{max-width:100%;}",
            ),
            Block::image("https://res.wx.qq.com/op_res/icon.svg", ""),
            Block::paragraph("正文第一段。"),
            Block::image("https://mmbiz.qpic.cn/a/640", ""),
            Block::paragraph("正文第二段。"),
            Block::paragraph("正文第三段。"),
            Block::paragraph("精选留言"),
            Block::image("https://wx.qlogo.cn/mmhead/abc/132", ""),
            Block::paragraph("读者甲：写得好"),
        ];
        strip(&mut a);
        let texts: Vec<&str> = a.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["正文第一段。", "", "正文第二段。", "正文第三段。"]);
        let mut b = a.clone();
        b.blocks
            .push(Block::paragraph("阅读 2.3万 赞 12 分享 在看"));
        b.blocks.push(Block::paragraph("轻点两下取消赞"));
        strip(&mut b);
        assert_eq!(b.blocks.len(), 4, "{:?}", b.blocks);
        // Text that mentions them stays.
        let mut c = a.clone();
        c.blocks.push(Block::paragraph("欢迎分享给朋友，点个赞。"));
        strip(&mut c);
        assert_eq!(c.blocks.len(), 5);
    }
}
