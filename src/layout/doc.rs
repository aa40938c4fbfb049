//! The reading pane's document: an article laid out at one width as rows of text.
//!
//! Each [`Row`] points into a piece of the article ([`RowSource`]) by byte range, with a
//! [`RowStyle`] and a prefix (quote bar, list bullet). The TUI only turns rows into styled
//! cells; a highlight or a search hit is cut per row with [`super::split_span`].

use super::{VisualLine, wrap_text};
use crate::lang::Lang;
use crate::model::{Article, BlockKind, Status};
use std::borrow::Cow;
use std::ops::Range;

mod links;
pub use links::{bare_urls, short_url, targets};
use links::{generic_alt, push_marked};

/// Which text a row shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowSource {
    Title,
    Meta,
    Info,
    /// A block's text (for an image: its alt text).
    Block(usize),
    /// An image block's URL.
    ImageUrl(usize),
    /// The article's own address.
    Url,
    /// Nothing: a blank separator row.
    Blank,
}

/// How a row is drawn; the TUI maps these to styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowStyle {
    Title,
    Meta,
    /// The info line of an article that is not downloaded or no longer available.
    Warning,
    Body,
    Heading,
    Quote,
    ListItem,
    Code,
    Image,
    ImageUrl,
    Blank,
}

/// One screen row of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub source: RowSource,
    pub range: Range<usize>,
    pub style: RowStyle,
    /// Drawn before the text (`│ `, `• `, `3. `, or spaces for a continuation line).
    pub prefix: String,
    /// Link numbers drawn inside the text: (byte offset in the row's text, number), the
    /// number after the link's text as `[3]` (the row was wrapped with them in).
    pub marks: Vec<(usize, usize)>,
}

/// What a number in the text leads to: a link or an image, numbered in reading order from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub image: bool,
    /// The link's text or the image's alt text (may be empty).
    pub text: String,
    pub url: String,
    /// An image saved beside the article.
    pub local: Option<String>,
    /// Where its text is: block and byte range (for an inline link found in its block).
    pub at: Option<(usize, Range<usize>)>,
}

/// An article laid out at one width. Cached by the TUI per (article, width).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    pub width: usize,
    pub meta: String,
    /// Where the article came from and in what shape: status, file, format, encoding, the
    /// other files merged into it.
    pub info: String,
    pub rows: Vec<Row>,
    /// Links and images by number (number `n` is `targets[n - 1]`).
    pub targets: Vec<Target>,
}

/// The marker drawn after link `n`'s text.
pub fn mark(n: usize) -> String {
    format!("[{n}]")
}

/// The metadata line under the title: account, author, date.
pub fn meta_line(a: &Article) -> String {
    meta_line_in(a, Lang::Zh)
}

/// [`meta_line`] in the interface's language.
pub fn meta_line_in(a: &Article, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(acc) = &a.account {
        parts.push(acc.clone());
    }
    if let Some(au) = a
        .author
        .as_ref()
        .filter(|au| Some(*au) != a.account.as_ref())
    {
        parts.push(format!("{} {au}", lang.pick("by", "作者")));
    }
    if let Some(d) = &a.date {
        parts.push(d.clone());
    }
    if parts.is_empty() {
        parts.push(lang.pick("source unknown", "来源不详").to_string());
    }
    parts.join(" · ")
}

/// The info line under the metadata.
pub fn info_line(a: &Article) -> String {
    info_line_in(a, Lang::Zh)
}

/// [`info_line`] in the interface's language.
pub fn info_line_in(a: &Article, lang: Lang) -> String {
    let mut parts = Vec::new();
    match &a.status {
        Status::Ok => {}
        Status::NotDownloaded => parts.push(
            lang.pick(
                "not downloaded: only an entry in a list of articles",
                "未下载：只有文章列表中的条目",
            )
            .to_string(),
        ),
        Status::Unavailable { reason } => {
            parts.push(format!(
                "{}{reason}",
                lang.pick("no longer available: ", "已失效：")
            ));
        }
    }
    let name = |p: &std::path::Path| {
        p.file_name().map_or_else(
            || crate::sanitize::path(p),
            |n| crate::sanitize::name(&n.to_string_lossy()),
        )
    };
    parts.push(name(&a.source));
    parts.push(a.format.name().to_string());
    if let Some(e) = &a.encoding {
        parts.push(e.clone());
    }
    if !a.other_sources.is_empty() {
        // Files of one name in different folders are told apart by their folder.
        let all: Vec<&std::path::Path> = std::iter::once(a.source.as_path())
            .chain(a.other_sources.iter().map(std::path::PathBuf::as_path))
            .collect();
        let shown = |p: &std::path::Path| {
            let twin = all
                .iter()
                .filter(|q| q.file_name() == p.file_name())
                .count()
                > 1;
            match p.parent().and_then(std::path::Path::file_name) {
                Some(dir) if twin => {
                    format!(
                        "{}/{}",
                        crate::sanitize::name(&dir.to_string_lossy()),
                        name(p)
                    )
                }
                _ => name(p),
            }
        };
        let others: Vec<String> = a.other_sources.iter().map(|p| shown(p)).collect();
        parts.push(format!(
            "{} {}",
            lang.pick("also in", "另见"),
            others.join("、")
        ));
    }
    parts.join(" · ")
}

impl Doc {
    /// `a` at `width`, one blank row between blocks, labels in Chinese.
    pub fn new(a: &Article, width: usize) -> Doc {
        Doc::with(a, width, 1, Lang::Zh)
    }

    /// `a` at `width` with `spacing` blank rows between blocks and labels in `lang`.
    pub fn with(a: &Article, width: usize, spacing: u8, lang: Lang) -> Doc {
        crate::guard::failpoint("layout");
        let width = width.max(2);
        let meta = meta_line_in(a, lang);
        let info = info_line_in(a, lang);
        let targets = targets(a);
        let mut rows = Vec::new();
        push_wrapped(
            &mut rows,
            RowSource::Title,
            &a.title,
            width,
            RowStyle::Title,
            ("", ""),
        );
        push_wrapped(
            &mut rows,
            RowSource::Meta,
            &meta,
            width,
            RowStyle::Meta,
            ("", ""),
        );
        let info_style = if a.status == Status::Ok {
            RowStyle::Meta
        } else {
            RowStyle::Warning
        };
        push_wrapped(
            &mut rows,
            RowSource::Info,
            &info,
            width,
            info_style,
            ("", ""),
        );
        if let Some(url) = &a.url {
            rows.push(Row {
                source: RowSource::Url,
                range: 0..url.len(),
                style: RowStyle::ImageUrl,
                prefix: String::new(),
                marks: Vec::new(),
            });
        }
        let mut image_no = 0;
        // The width of the bullet of the latest item at each depth: a nested item's bullet
        // stands under its parent's text.
        let mut bullets: Vec<usize> = Vec::new();
        for (i, b) in a.blocks.iter().enumerate() {
            // The title block is set off by one blank row whatever the spacing; the items of
            // one list follow each other without one (unless spacing asks for more than one).
            let tight = matches!(b.kind, BlockKind::ListItem { .. })
                && i > 0
                && matches!(a.blocks[i - 1].kind, BlockKind::ListItem { .. });
            let gap = if i == 0 {
                spacing.max(1)
            } else if tight {
                spacing.saturating_sub(1)
            } else {
                spacing
            };
            for _ in 0..gap {
                blank(&mut rows);
            }
            if !matches!(b.kind, BlockKind::ListItem { .. }) {
                bullets.clear();
            }
            let src = RowSource::Block(i);
            let marks: Vec<(usize, usize)> = targets
                .iter()
                .enumerate()
                .filter_map(|(n, t)| match &t.at {
                    Some((blk, r)) if *blk == i => Some((r.end, n + 1)),
                    _ => None,
                })
                .collect();
            if !marks.is_empty() && !matches!(b.kind, BlockKind::Image { .. }) {
                let (style, first, rest) = match &b.kind {
                    BlockKind::Heading { .. } => (RowStyle::Heading, String::new(), String::new()),
                    BlockKind::Quote => (RowStyle::Quote, "│ ".into(), "│ ".into()),
                    BlockKind::ListItem { ordinal, depth } => {
                        let (first, rest) = item_prefixes(*ordinal, *depth, &mut bullets, width);
                        (RowStyle::ListItem, first, rest)
                    }
                    BlockKind::Code => (RowStyle::Code, "  ".into(), "  ".into()),
                    _ => (RowStyle::Body, String::new(), String::new()),
                };
                push_marked(
                    &mut rows,
                    src,
                    &b.text,
                    &marks,
                    width,
                    style,
                    (&first, &rest),
                );
                continue;
            }
            match &b.kind {
                BlockKind::Paragraph => {
                    push_wrapped(&mut rows, src, &b.text, width, RowStyle::Body, ("", ""));
                }
                BlockKind::Heading { .. } => {
                    push_wrapped(&mut rows, src, &b.text, width, RowStyle::Heading, ("", ""));
                }
                BlockKind::Quote => {
                    push_wrapped(
                        &mut rows,
                        src,
                        &b.text,
                        width,
                        RowStyle::Quote,
                        ("│ ", "│ "),
                    );
                }
                BlockKind::ListItem { ordinal, depth } => {
                    let (first, rest) = item_prefixes(*ordinal, *depth, &mut bullets, width);
                    let p = (first.as_str(), rest.as_str());
                    push_wrapped(&mut rows, src, &b.text, width, RowStyle::ListItem, p);
                }
                BlockKind::Code => {
                    push_wrapped(&mut rows, src, &b.text, width, RowStyle::Code, ("  ", "  "));
                }
                BlockKind::Image { url, .. } => {
                    image_no += 1;
                    let n = targets
                        .iter()
                        .enumerate()
                        .filter(|(_, t)| t.image)
                        .nth(image_no - 1)
                        .map_or(0, |(n, _)| n + 1);
                    let label = format!("[{} {n}]", lang.pick("image", "图片"));
                    let label = super::truncate(&label, width.saturating_sub(2)).into_owned();
                    if b.text.is_empty() || generic_alt(&b.text) {
                        rows.push(Row {
                            source: src,
                            range: 0..0,
                            style: RowStyle::Image,
                            prefix: label,
                            marks: Vec::new(),
                        });
                    } else {
                        // The alt text goes on the label row, wrapped after it.
                        let label = format!("{label} ");
                        let cont = " ".repeat(super::width(&label));
                        let p = (label.as_str(), cont.as_str());
                        push_wrapped(&mut rows, src, &b.text, width, RowStyle::Image, p);
                    }
                    // One row for the URL, cut at its end (its start tells images apart; the
                    // links view `L` has it whole): images are many in WeChat articles and a
                    // reader should not wade through three rows of URL each.
                    rows.push(Row {
                        source: RowSource::ImageUrl(i),
                        range: 0..url.len(),
                        style: RowStyle::ImageUrl,
                        prefix: String::new(),
                        marks: Vec::new(),
                    });
                }
            }
        }
        Doc {
            width,
            meta,
            info,
            rows,
            targets,
        }
    }

    /// A document that says why an article could not be laid out: its info line is
    /// `message`, drawn as a warning (the reader shows it instead of the article).
    pub fn failed(width: usize, message: &str) -> Doc {
        let info = crate::sanitize::line(message);
        let rows = wrap_text(&info, width.max(2))
            .into_iter()
            .map(|l| Row {
                source: RowSource::Info,
                range: l.range,
                style: RowStyle::Warning,
                prefix: String::new(),
                marks: Vec::new(),
            })
            .collect();
        Doc {
            width: width.max(2),
            meta: String::new(),
            info,
            rows,
            targets: Vec::new(),
        }
    }

    /// The text a row shows, without its prefix.
    pub fn row_text<'a>(&'a self, a: &'a Article, row: &Row) -> Cow<'a, str> {
        let text = self.raw_row_text(a, row);
        match row.source {
            RowSource::ImageUrl(_) => short_url(text, self.width),
            RowSource::Url => super::truncate(text, self.width),
            _ => Cow::Borrowed(text),
        }
    }

    fn raw_row_text<'a>(&'a self, a: &'a Article, row: &Row) -> &'a str {
        let whole: &str = match row.source {
            RowSource::Title => &a.title,
            RowSource::Meta => &self.meta,
            RowSource::Info => &self.info,
            RowSource::Block(i) => &a.blocks[i].text,
            RowSource::ImageUrl(i) => match &a.blocks[i].kind {
                BlockKind::Image { url, .. } => url,
                _ => "",
            },
            RowSource::Url => a.url.as_deref().unwrap_or(""),
            RowSource::Blank => "",
        };
        whole
            .get(row.range.clone())
            .unwrap_or("")
            .trim_end_matches(' ')
    }
}

/// A list item's first-row and continuation prefixes: indented under its parent's text
/// (`bullets` holds the bullet widths of the latest items at each depth), a bullet by depth
/// (`•`, `◦`, `▪`) or its number, continuation rows aligned under the item's text. The
/// indent stops growing at a third of a narrow column's width.
fn item_prefixes(
    ordinal: Option<u64>,
    depth: u8,
    bullets: &mut Vec<usize>,
    width: usize,
) -> (String, String) {
    let depth = usize::from(depth);
    bullets.truncate(depth);
    // A level skipped (an item nested two deep at once) counts as two columns.
    while bullets.len() < depth {
        bullets.push(2);
    }
    let indent: usize = bullets.iter().sum::<usize>().min(24).min(width / 3);
    let bullet = ordinal.map_or_else(
        || ["• ", "◦ ", "▪ "][depth % 3].to_string(),
        |n| format!("{n}. "),
    );
    let w = super::width(&bullet);
    bullets.push(w);
    (
        format!("{}{bullet}", " ".repeat(indent)),
        " ".repeat(indent + w),
    )
}

fn blank(rows: &mut Vec<Row>) {
    rows.push(Row {
        source: RowSource::Blank,
        range: 0..0,
        style: RowStyle::Blank,
        prefix: String::new(),
        marks: Vec::new(),
    });
}

fn push_wrapped(
    rows: &mut Vec<Row>,
    source: RowSource,
    text: &str,
    width: usize,
    style: RowStyle,
    (first, rest): (&str, &str),
) {
    let pw = super::width(first).max(super::width(rest));
    let lines: Vec<VisualLine> = wrap_text(text, width.saturating_sub(pw).max(2));
    for (n, l) in lines.into_iter().enumerate() {
        let prefix = if n == 0 { first } else { rest };
        rows.push(Row {
            source,
            range: l.range,
            style,
            prefix: prefix.to_string(),
            marks: Vec::new(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ArticleId, Block, Format};

    /// Copies of one name in two folders (an exporter's releases side by side) are told
    /// apart by their folders; other copies by their names alone.
    #[test]
    fn the_info_line_tells_copies_of_one_name_apart() {
        let mut a = article();
        a.source = "new/x.md".into();
        a.other_sources = vec!["old/x.md".into(), "old/x.json".into()];
        let line = info_line_in(&a, Lang::En);
        assert!(line.contains("also in old/x.md、x.json"), "{line}");
        assert!(line.starts_with("x.md · "), "{line}");
    }

    /// The columns a row takes on screen: its prefix, its text and its link numbers.
    fn row_cols(d: &Doc, a: &Article, r: &Row) -> usize {
        let marks: usize = r.marks.iter().map(|(_, n)| mark(*n).len()).sum();
        super::super::width(&r.prefix) + super::super::width(&d.row_text(a, r)) + marks
    }

    fn article() -> Article {
        Article {
            id: ArticleId(1),
            title: "标题".into(),
            account: Some("号".into()),
            author: Some("某人".into()),
            date: Some("2025-07-01".into()),
            url: None,
            tags: vec![],
            source: "x.md".into(),
            format: Format::Markdown,
            blocks: vec![
                Block::paragraph("甲乙丙丁戊己庚辛"),
                Block {
                    kind: BlockKind::Quote,
                    text: "引用文字很长很长".into(),
                },
                Block::image("https://mmbiz.qpic.cn/a.png", ""),
            ],
            ..Article::default()
        }
    }

    #[test]
    fn rows_never_exceed_width_with_prefix() {
        let a = article();
        // The reader column is never narrower than 10 (a 20-column terminal has 18).
        for w in 10..40 {
            let d = Doc::new(&a, w);
            for r in &d.rows {
                let cols = super::super::width(&r.prefix) + super::super::width(&d.row_text(&a, r));
                assert!(cols <= w, "{cols} > {w}: {r:?}");
            }
        }
    }

    #[test]
    fn layout_has_title_meta_and_separated_blocks() {
        let a = article();
        let d = Doc::new(&a, 40);
        let texts: Vec<String> = d
            .rows
            .iter()
            .map(|r| format!("{}{}", r.prefix, d.row_text(&a, r)))
            .collect();
        assert_eq!(
            texts,
            vec![
                "标题",
                "号 · 作者 某人 · 2025-07-01",
                "x.md · markdown",
                "",
                "甲乙丙丁戊己庚辛",
                "",
                "│ 引用文字很长很长",
                "",
                "[图片 1]",
                "https://mmbiz.qpic.cn/a.png"
            ]
        );
    }

    #[test]
    fn a_link_number_is_never_cut_between_rows() {
        let mut a = article();
        a.blocks = vec![
            Block::paragraph("13、山东理工大学"),
            Block::paragraph("https://yjsh.sdut.edu.cn/2024/0930/c5186a527659/page.htm"),
            Block::paragraph(
                "见 https://grs.ctbu.edu.cn/info/1081/9994.htm 和 http://yjs.cqupt.edu.cn/info/1240/9124.htm 两处",
            ),
        ];
        for w in 20..90 {
            let d = Doc::new(&a, w);
            for r in &d.rows {
                let cols = row_cols(&d, &a, r);
                assert!(cols <= w, "{cols} > {w}: {r:?} {:?}", d.row_text(&a, r));
            }
        }
    }

    #[test]
    fn addresses_written_as_text_are_links() {
        let t =
            "官网：https://example.com/a?b=1。另见 http://x.cn/p（旧版），以及(https://y.org/q).";
        let urls: Vec<&str> = bare_urls(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(
            urls,
            [
                "https://example.com/a?b=1",
                "http://x.cn/p",
                "https://y.org/q"
            ]
        );
        assert!(bare_urls("httpx https:// http").is_empty());
    }

    #[test]
    fn nested_lists_keep_their_depth_and_items_their_text_column() {
        let item = |ordinal, depth, text: &str| Block {
            kind: BlockKind::ListItem { ordinal, depth },
            text: text.into(),
        };
        let mut a = article();
        a.blocks = vec![
            item(Some(1), 0, "第一部分"),
            item(None, 1, "要点甲"),
            item(None, 2, "细节"),
            item(None, 1, "要点乙很长很长很长很长很长很长很长很长"),
            item(Some(2), 0, "第二部分"),
            Block::paragraph("正文"),
        ];
        let d = Doc::new(&a, 24);
        let texts: Vec<String> = d
            .rows
            .iter()
            .skip_while(|r| r.source != RowSource::Block(0))
            .map(|r| format!("{}{}", r.prefix, d.row_text(&a, r)))
            .collect();
        assert_eq!(
            texts,
            [
                "1. 第一部分",
                "   ◦ 要点甲",
                "     ▪ 细节",
                "   ◦ 要点乙很长很长很长",
                "     很长很长很长很长很",
                "     长",
                "2. 第二部分",
                "",
                "正文"
            ]
        );
    }

    #[test]
    fn image_addresses_keep_what_tells_them_apart() {
        let a = "https://mmbiz.qpic.cn/sz_mmbiz_png/SUIPcAicB0bhnNKkh1YNsAAAAx8fKq/640?wx_fmt=png&from=appmsg";
        let b = "https://mmbiz.qpic.cn/sz_mmbiz_png/SUIPcAicB0bhnNKkh1YNsBBBBzz9Lm/640?wx_fmt=png&from=appmsg";
        for w in [30, 40, 56, 80] {
            let (sa, sb) = (short_url(a, w), short_url(b, w));
            assert_ne!(sa, sb, "at {w}");
            assert!(super::super::width(&sa) <= w, "{sa} at {w}");
        }
        assert_eq!(short_url(a, 40), "mmbiz.qpic.cn/…0bhnNKkh1YNsAAAAx8fKq/640");
        assert_eq!(short_url("https://x.cn/a.png", 40), "https://x.cn/a.png");
    }

    #[test]
    fn links_are_numbered_in_the_text_and_rows_keep_to_the_width() {
        let mut a = article();
        a.blocks[0] = Block::paragraph("详见官网与OpenAI的公告，以及更多内容在这里");
        a.links = vec![
            crate::model::Link {
                block: 0,
                text: "官网".into(),
                url: "https://example.com/a".into(),
            },
            crate::model::Link {
                block: 0,
                text: "OpenAI的公告".into(),
                url: "https://openai.com/b".into(),
            },
            crate::model::Link {
                block: 1,
                text: "gone".into(),
                url: "https://example.com/c".into(),
            },
        ];
        let d = Doc::new(&a, 40);
        let urls: Vec<&str> = d.targets.iter().map(|t| t.url.as_str()).collect();
        // Reading order: the two links of block 0, the one of block 1, then the image.
        assert_eq!(
            urls,
            [
                "https://example.com/a",
                "https://openai.com/b",
                "https://example.com/c",
                "https://mmbiz.qpic.cn/a.png"
            ]
        );
        assert_eq!(d.targets[0].at, Some((0, 6..12)));
        assert_eq!(d.targets[2].at, None);
        let row = d
            .rows
            .iter()
            .find(|r| r.source == RowSource::Block(0))
            .unwrap();
        assert_eq!(row.marks, vec![(12, 1), (30, 2)]);
        assert!(d.rows.iter().any(|r| r.prefix == "[图片 4]"));
        for w in 10..40 {
            let d = Doc::new(&a, w);
            for r in &d.rows {
                let cols = row_cols(&d, &a, r);
                assert!(cols <= w.max(2), "{cols} > {w}: {r:?}");
            }
            let text: String = d
                .rows
                .iter()
                .filter(|r| r.source == RowSource::Block(0))
                .map(|r| d.row_text(&a, r).into_owned())
                .collect();
            assert_eq!(text.replace(' ', ""), a.blocks[0].text, "at {w}");
        }
    }
}
