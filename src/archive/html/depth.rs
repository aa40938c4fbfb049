//! Nesting capped before the HTML parser sees a page: html5ever checks "in scope" by walking
//! its stack of open elements, so a page of 100,000 nested `<div>`s cost it minutes
//! (quadratic), and the tree it built would be as deep as the walk that reads it. Tags deeper
//! than [`MAX_DEPTH`] are dropped (their text stays, joined to the level above): no real
//! article nests that deep (WeChat's editor, the deepest seen, nests about 30).

use std::borrow::Cow;

/// The deepest nesting of elements kept.
pub const MAX_DEPTH: usize = 256;

/// Elements that never hold others (no end tag).
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose end tag is often left out (the parser closes them itself): not counted, so
/// that a page of unclosed `<p>`s does not look deep.
const IMPLIED: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "rt",
    "rp", "html", "head", "body", "colgroup", "caption",
];

/// Elements whose content is raw text: skipped to their end tag.
const RAW: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "noscript", "iframe",
];

/// `text` with every start and end tag nested deeper than [`MAX_DEPTH`] removed; borrowed
/// when there is none (any page with fewer tags than that, at the cost of one byte count).
pub fn cap(text: &str) -> Cow<'_, str> {
    let b = text.as_bytes();
    if memchr::memchr_iter(b'<', b).count() <= MAX_DEPTH {
        return Cow::Borrowed(text);
    }
    let mut out = String::new();
    let (mut depth, mut copied, mut i) = (0usize, 0usize, 0usize);
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        let start = i + off;
        if b[start..].starts_with(b"<!--") {
            i = memchr::memmem::find(&b[start + 4..], b"-->")
                .map_or(b.len(), |e| start + 4 + e + 3);
            continue;
        }
        let closing = b.get(start + 1) == Some(&b'/');
        let name_at = start + 1 + usize::from(closing);
        let name_len = b[name_at..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if name_len == 0 {
            i = start + 1;
            continue;
        }
        let name = text[name_at..name_at + name_len].to_ascii_lowercase();
        let Some(gt) = memchr::memchr(b'>', &b[name_at + name_len..]) else {
            break;
        };
        let end = name_at + name_len + gt + 1;
        i = end;
        if !closing && RAW.contains(&name.as_str()) {
            // To the end tag, which is then read as a tag (not counted).
            let close = format!("</{name}");
            i = find_ascii_ci(&b[end..], close.as_bytes()).map_or(b.len(), |e| end + e);
            continue;
        }
        let self_closing = b[end - 2] == b'/';
        if VOID.contains(&name.as_str())
            || IMPLIED.contains(&name.as_str())
            || RAW.contains(&name.as_str())
            || self_closing
        {
            continue;
        }
        let drop = if closing {
            let deep = depth > MAX_DEPTH;
            depth = depth.saturating_sub(1);
            deep
        } else {
            depth += 1;
            depth > MAX_DEPTH
        };
        if drop {
            out.push_str(&text[copied..start]);
            copied = end;
        }
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// Where `needle` (ASCII, lower case) first occurs in `hay`, ignoring ASCII case.
fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_pages_are_left_alone() {
        let page = "<html><body><div id=\"js_content\"><p>一<p>二</div></body></html>";
        assert!(matches!(cap(page), Cow::Borrowed(_)));
        let many_p: String = "<p>段落".repeat(1_000);
        assert!(
            matches!(cap(&many_p), Cow::Borrowed(_)),
            "unclosed <p>s are not depth"
        );
    }

    #[test]
    fn tags_past_the_cap_go_and_their_text_stays() {
        let n = 10_000;
        let page = format!(
            "<div id=\"js_content\">{}深{}</div>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        let capped = cap(&page);
        assert_eq!(capped.matches("<div").count(), MAX_DEPTH);
        assert_eq!(capped.matches("</div>").count(), MAX_DEPTH);
        assert!(capped.contains('深'));
        // After the deep part, nesting is counted from the right level again.
        let page = format!("{page}<section><span>后</span></section>");
        assert!(cap(&page).ends_with("<section><span>后</span></section>"));
    }

    #[test]
    fn scripts_and_comments_are_not_read_as_tags() {
        let inner = "<div>".repeat(MAX_DEPTH + 10);
        let page = format!("<script>var s = '{inner}';</script><!--{inner}--><p>正文</p>");
        assert!(matches!(cap(&page), Cow::Borrowed(_)));
    }
}
