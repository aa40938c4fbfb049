//! Links and images in the document: numbering them in reading order (inline links found in
//! their blocks, addresses written out as text), wrapping a block with its `[n]` marks in
//! place, and image addresses shortened to what tells them apart.

use super::{Row, RowSource, RowStyle, Target, mark};
use crate::layout::wrap_text;
use crate::model::{Article, BlockKind};
use std::borrow::Cow;
use std::ops::Range;

/// The links and images of `a`, numbered in reading order; an inline link's text found in
/// its block (each after the one before it in the same block).
pub fn targets(a: &Article) -> Vec<Target> {
    let mut out = Vec::new();
    let mut links = a.links.iter().peekable();
    for (i, b) in a.blocks.iter().enumerate() {
        if let BlockKind::Image { url, local } = &b.kind {
            out.push(Target {
                image: true,
                text: if generic_alt(&b.text) {
                    String::new()
                } else {
                    b.text.clone()
                },
                url: url.clone(),
                local: local.clone(),
                at: None,
            });
        }
        let mut from = 0;
        let mut here = Vec::new();
        while let Some(l) = links.next_if(|l| l.block <= i) {
            let found = (l.block == i && !l.text.is_empty())
                .then(|| b.text.get(from..)?.find(&l.text).map(|p| from + p))
                .flatten();
            let at = found.map(|p| {
                from = p + l.text.len();
                (i, p..p + l.text.len())
            });
            here.push(Target {
                image: false,
                text: l.text.clone(),
                url: l.url.clone(),
                local: None,
                at,
            });
        }
        // Addresses written out as text are links too.
        if !matches!(b.kind, BlockKind::Image { .. } | BlockKind::Code) {
            for r in bare_urls(&b.text) {
                let covered = here.iter().any(|t| {
                    t.at.as_ref()
                        .is_some_and(|(_, m)| m.start < r.end && r.start < m.end)
                });
                if !covered {
                    here.push(Target {
                        image: false,
                        text: b.text[r.clone()].to_string(),
                        url: b.text[r.clone()].to_string(),
                        local: None,
                        at: Some((i, r)),
                    });
                }
            }
            here.sort_by_key(|t| t.at.as_ref().map_or(usize::MAX, |(_, m)| m.start));
        }
        out.extend(here);
    }
    out.extend(links.map(|l| Target {
        image: false,
        text: l.text.clone(),
        url: l.url.clone(),
        local: None,
        at: None,
    }));
    out
}

/// Alt text that says only "image" (exporters write it for every picture).
pub(super) fn generic_alt(alt: &str) -> bool {
    matches!(
        alt.trim().to_ascii_lowercase().as_str(),
        "图片" | "image" | "img" | "picture" | "photo" | "图"
    )
}

/// Web addresses written out in `text`: `http://` or `https://` up to a space, a Chinese
/// character or closing punctuation (a sentence's `。` or `）` is not part of the address).
pub fn bare_urls(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = text[from..].find("http").map(|p| from + p) {
        let rest = &text[p..];
        if !(rest.starts_with("http://") || rest.starts_with("https://")) {
            from = p + 4;
            continue;
        }
        let end = rest
            .char_indices()
            .find(|&(_, c)| {
                c.is_whitespace()
                    || !c.is_ascii()
                    || matches!(c, '"' | '\'' | '<' | '>' | '`' | '|' | '[' | ']')
            })
            .map_or(rest.len(), |(e, _)| e);
        // A sentence's last stop or a closing bracket is not part of the address.
        let mut url = &rest[..end];
        while let Some(last) = url.chars().next_back()
            && (matches!(last, '.' | ',' | ';' | ':' | '!' | '?')
                || last == ')' && !url.contains('('))
        {
            url = &url[..url.len() - 1];
        }
        if url.len() > "https://".len() {
            out.push(p..p + url.len());
        }
        from = p + end.max(4);
    }
    out
}

/// An image's address in at most `cols` columns, told apart from its neighbours: the
/// scheme and then the query (`?wx_fmt=png`) go first; still too long, the host stays and the
/// path keeps its end (`mmbiz.qpic.cn/…h1YNsx8fKq/640`): the images of one account share
/// a long start and differ at the end of their ids.
pub fn short_url(url: &str, cols: usize) -> Cow<'_, str> {
    if crate::layout::width(url) <= cols {
        return Cow::Borrowed(url);
    }
    let bare = url.split_once("://").map_or(url, |(_, rest)| rest);
    if crate::layout::width(bare) <= cols {
        return Cow::Borrowed(bare);
    }
    let bare = bare.split(['?', '#']).next().unwrap_or(bare);
    if crate::layout::width(bare) <= cols {
        return Cow::Owned(format!("{bare}…").chars().take(cols.max(1)).collect());
    }
    let (host, path) = bare.split_once('/').unwrap_or((bare, ""));
    let room = cols.saturating_sub(crate::layout::width(host) + 2);
    if room < 8 {
        return crate::layout::truncate(bare, cols);
    }
    let chars: Vec<char> = path.chars().collect();
    let tail: String = chars[chars.len().saturating_sub(room)..].iter().collect();
    Cow::Owned(format!("{host}/…{tail}"))
}

/// [`push_wrapped`] for a block with link numbers: the text is wrapped with each `[n]` in
/// place after its link (so a row never runs past `width`), and each row points back into
/// the block's own text, its numbers in `marks`.
pub(super) fn push_marked(
    rows: &mut Vec<Row>,
    source: RowSource,
    text: &str,
    marks: &[(usize, usize)],
    width: usize,
    style: RowStyle,
    (first, rest): (&str, &str),
) {
    // The text with the numbers in, and where each number went: (its start there, its
    // length, the place in `text` it follows, the number).
    let mut shown = String::with_capacity(text.len() + marks.len() * 4);
    let mut placed = Vec::with_capacity(marks.len());
    let mut at = 0;
    for &(end, n) in marks {
        let end = end.min(text.len()).max(at);
        shown.push_str(&text[at..end]);
        let m = mark(n);
        placed.push((shown.len(), m.len(), end, n));
        shown.push_str(&m);
        at = end;
    }
    shown.push_str(&text[at..]);
    // A place in `shown` as a place in `text` (inside a number: the place it follows).
    let back = |p: usize| {
        let mut skipped = 0;
        for &(s, len, orig, _) in &placed {
            if p <= s {
                break;
            }
            if p < s + len {
                return orig;
            }
            skipped += len;
        }
        p - skipped
    };
    let pw = crate::layout::width(first).max(crate::layout::width(rest));
    let room = width.saturating_sub(pw).max(2);
    let mut lines: Vec<Range<usize>> = wrap_text(&shown, room)
        .into_iter()
        .map(|l| l.range)
        .collect();
    // A number the line breaker cut (`…page.htm[` | `13]`) goes whole to the next row when
    // that row has room for the part moved.
    for k in 0..lines.len().saturating_sub(1) {
        let end = lines[k].end;
        if let Some(&(p, _, _, _)) = placed.iter().find(|(p, len, ..)| *p < end && end < p + len) {
            let moved = crate::layout::width(&shown[p..end]);
            let next = crate::layout::width(&shown[lines[k + 1].clone()]);
            if p > lines[k].start && next + moved <= room {
                lines[k].end = p;
                lines[k + 1].start = p;
            }
        }
    }
    for (k, l) in lines.into_iter().enumerate() {
        let (s, e) = (back(l.start), back(l.end));
        let row_marks = placed
            .iter()
            .filter(|(p, ..)| l.start <= *p && *p < l.end)
            .map(|&(_, _, orig, n)| (orig - s, n))
            .collect();
        rows.push(Row {
            source,
            range: s..e,
            style,
            prefix: if k == 0 { first } else { rest }.to_string(),
            marks: row_marks,
        });
    }
}
