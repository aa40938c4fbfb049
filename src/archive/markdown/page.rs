//! The page around the article that converters keep in a Markdown file: an indent over the
//! whole file, Turndown's copy of the page's style sheet, the buttons html2text leaves as the
//! last lines, and wechatDownload's page tail from `预览时标签不可点` on.

/// The page chrome wechatDownload copies after the article; everything from it on is dropped.
const BOILERPLATE: &str = "预览时标签不可点";

/// A file indented as a whole (every line by four spaces or more, as some tools paste
/// articles) is text, not one code block: the common indent is taken off.
pub(super) fn dedent_whole(body: &str) -> std::borrow::Cow<'_, str> {
    // Most files have a line at the margin near the top: answered there.
    let mut indent = usize::MAX;
    for l in body.lines() {
        let spaces = l.len() - l.trim_start_matches(' ').len();
        if spaces == l.len() || l[spaces..].trim().is_empty() {
            continue;
        }
        if spaces < 4 {
            return std::borrow::Cow::Borrowed(body);
        }
        indent = indent.min(spaces);
    }
    if indent == usize::MAX {
        return std::borrow::Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len());
    for line in body.split_inclusive('\n') {
        out.push_str(
            line.get(indent..)
                .filter(|_| !line.trim().is_empty())
                .unwrap_or(line.trim_start_matches(' ')),
        );
    }
    std::borrow::Cow::Owned(out)
}

/// The page's style sheet that Turndown copied as the first line (wechat-article-exporter's
/// Markdown v2.3.15–v2.3.21: `     Title \* { margin: 0; … }`, the title again below): the
/// line goes.
pub(super) fn drop_page_css(body: &str) -> &str {
    let start = body.len() - body.trim_start_matches(['\n', '\r']).len();
    let end = body[start..]
        .find('\n')
        .map_or(body.len(), |i| start + i + 1);
    let line = &body[start..end];
    let css = line.matches('{').count() >= 5
        && line.matches(';').count() >= 5
        && (line.contains("margin") || line.contains("font-"));
    if css { &body[end..] } else { body }
}

/// The page's buttons html2text left as the last lines (`轻触阅读原文`, `继续滑动看下一个`,
/// wechatDownload ≤ 2.1, indented less than the text): they go before the indent is read.
pub(super) fn drop_interface_tail(body: &str) -> &str {
    let mut end = body.len();
    loop {
        let head = body[..end].trim_end_matches(['\n', '\r', ' ', '\t']);
        let start = head.rfind('\n').map_or(0, |i| i + 1);
        let line = head[start..].trim();
        if line.is_empty() || !crate::archive::evidence::is_interface(line) {
            return &body[..head.len()];
        }
        end = start;
    }
}

/// Lines that follow [`BOILERPLATE`] when it opens the page's tail (html2text keeps the
/// buttons, the like bar and the comments after it, any length of them).
const TAIL: [&str; 5] = [
    "关注该公众号",
    "微信扫一扫",
    "继续滑动看下一个",
    "精选留言",
    "修改于",
];

pub(super) fn cut_boilerplate(body: &str) -> &str {
    for i in memchr::memmem::find_iter(body.as_bytes(), BOILERPLATE.as_bytes()) {
        // The label alone on its line, then one of the tail's own lines within 600 bytes.
        let after = &body[i + BOILERPLATE.len()..];
        if !body[..i].ends_with('\n') || !after.trim_start_matches([' ', '\r']).starts_with('\n') {
            continue;
        }
        let mut near = after.len().min(600);
        while !after.is_char_boundary(near) {
            near -= 1;
        }
        let tail = after[..near].lines().map(str::trim).any(|l| {
            TAIL.contains(&l)
                || (l.contains("轻点两下取消") && crate::archive::evidence::is_interface(l))
        });
        if tail {
            return &body[..i];
        }
    }
    match memchr::memmem::rfind(body.as_bytes(), BOILERPLATE.as_bytes()) {
        // Only when it stands on its own line near the end, as the exporter writes it.
        Some(i)
            if body[..i].ends_with('\n')
                && body.len() - i < 400
                && body[i + BOILERPLATE.len()..]
                    .lines()
                    .next()
                    .is_none_or(|rest| rest.trim().is_empty()) =>
        {
            &body[..i]
        }
        _ => body,
    }
}
