//! Plain-text articles: the exporter's TXT (title, blank line, text) and the forum-repost
//! layout of the seed article (REFERENCE.md §1).
//!
//! Forum reposts put `作者:微信文章` on the line after the title with the first paragraph glued
//! to it; `微信文章` is the reposting account, not body text. Image URLs stand alone on lines
//! and become image blocks; the `页:` / `[1]` pager footer is dropped.

use super::{blank_article, image_url_line, meta};
use crate::model::{Article, Block, Format};
use std::path::Path;

/// Account names that forum reposts put after `作者:`, glued to the first paragraph.
const REPOST_ACCOUNTS: &[&str] = &["微信文章", "微信公众号", "公众号文章"];

pub fn parse(text: &str, path: &Path) -> Article {
    let mut a = blank_article(path, Format::Txt);
    if let Some((head, body)) = super::evidence::pure_content(text) {
        one_line(&mut a, head, body, path);
        return a;
    }
    let mut lines: Vec<&str> = text.lines().collect();
    drop_pager_footer(&mut lines);
    let mut it = lines.into_iter().skip_while(|l| l.trim().is_empty());
    a.title = it.next().unwrap_or("").to_string();
    let mut first = true;
    for line in it {
        let t = line.trim_end();
        if t.trim().is_empty() {
            continue;
        }
        if first {
            first = false;
            if let Some(body) = author_line(t, &mut a) {
                if !body.is_empty() {
                    a.blocks.push(Block::paragraph(body));
                }
                continue;
            }
        }
        if let Some(url) = image_url_line(t) {
            a.blocks.push(Block::image(url, ""));
        } else {
            a.blocks.push(Block::paragraph(t));
        }
    }
    a.date = meta::date_from_file_name(path);
    a
}

/// The exporter's TXT up to v2.3.10: the whole article on one line
/// ([`super::evidence::pure_content`]); the title is the head's start that the file's name
/// stands for, the byline the rest of it.
fn one_line(a: &mut Article, head: &str, body: &str, path: &Path) {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    let title = super::evidence::title_by_file_name(head, &stem)
        .or_else(|| head.find(" 原创 ").map(|i| &head[..i]))
        .unwrap_or(head);
    a.title = title.trim().to_string();
    (a.author, a.account) = super::evidence::pure_byline(&head[title.len()..]);
    if !body.is_empty() {
        a.blocks.push(Block::paragraph(body));
    }
    a.date = meta::date_from_file_name(path);
}

/// Reads `作者:X` (or `作者：X`). Returns the body text glued after the name, if any.
fn author_line<'a>(line: &'a str, a: &mut Article) -> Option<&'a str> {
    let rest = line.trim_start().strip_prefix("作者")?;
    let rest = rest.strip_prefix([':', '：'])?.trim_start();
    if let Some(acc) = REPOST_ACCOUNTS.iter().find(|acc| rest.starts_with(**acc)) {
        a.account = Some((*acc).to_string());
        return Some(rest[acc.len()..].trim_start());
    }
    // `作者: 张三 正文…` — a name ends at the first space.
    if let Some((name, body)) = rest.split_once([' ', '\u{3000}'])
        && name.chars().count() <= 24
    {
        a.author = Some(name.to_string());
        return Some(body.trim_start());
    }
    // A short line with no sentence punctuation is all name; otherwise the name cannot be
    // told apart from the text, so keep the whole line as body and no author.
    let sentence = rest.contains(['。', '，', '！', '？', ',', '.']);
    if rest.chars().count() <= 24 && !sentence {
        a.author = Some(rest.to_string());
        return Some("");
    }
    None
}

/// Drops the pager footer forum pages end with: `页:` / `页: [1] 2 3` and `[1]` lines.
fn drop_pager_footer(lines: &mut Vec<&str>) {
    while let Some(last) = lines.last() {
        let t = last.trim();
        let pager = t.is_empty()
            || t.starts_with("页:")
            || t.starts_with("页：")
            || (t.starts_with('[')
                && t.chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '[' | ']' | ' ')));
        if !pager {
            break;
        }
        lines.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::finish;
    use crate::model::BlockKind;

    fn parse_str(s: &str) -> Article {
        finish(parse(s, Path::new("a.txt"))).unwrap()
    }

    #[test]
    fn forum_repost_splits_account_from_glued_paragraph() {
        let a = parse_str(
            "标题在此\n作者:微信文章第一段正文，从这里开始。\n第二段。\n\
             https://mmbiz.qpic.cn/x/640?wx_fmt=png\n结尾。\n页:\n[1]\n",
        );
        assert_eq!(a.title, "标题在此");
        assert_eq!(a.account.as_deref(), Some("微信文章"));
        assert_eq!(a.blocks[0].text, "第一段正文，从这里开始。");
        assert_eq!(a.blocks[1].text, "第二段。");
        assert!(matches!(a.blocks[2].kind, BlockKind::Image { .. }));
        assert_eq!(a.blocks.last().unwrap().text, "结尾。");
        assert_eq!(a.blocks.len(), 4);
    }

    #[test]
    fn exporter_txt_title_blank_line_text() {
        let a = parse_str("\u{FEFF}一个标题\r\n\r\n　　第一段。\r\n　　第二段。\r\n");
        assert_eq!(a.title, "一个标题");
        assert_eq!(a.author, None);
        assert_eq!(a.blocks[0].text, "　　第一段。");
        assert_eq!(a.blocks.len(), 2);
    }

    #[test]
    fn author_with_space_and_no_glue() {
        let a = parse_str("题\n作者：张三\n正文。");
        assert_eq!(a.author.as_deref(), Some("张三"));
        assert_eq!(a.blocks[0].text, "正文。");
        let b = parse_str("题\n作者: 李四 正文，接着。");
        assert_eq!(b.author.as_deref(), Some("李四"));
        assert_eq!(b.blocks[0].text, "正文，接着。");
    }

    #[test]
    fn pager_in_the_middle_is_kept() {
        let a = parse_str("题\n[1] 是引用\n正文");
        assert_eq!(a.blocks[0].text, "[1] 是引用");
    }
}
