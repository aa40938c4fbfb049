//! One line of context around a match, for result lists.

use crate::model::Article;
use crate::text::width;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// The line holding the match `at` (offsets into [`Article::search_text`]), cut to
/// about `cols` columns around it with `…` where cut. Returns the text and the match's byte
/// range in it.
pub fn snippet(a: &Article, at: (usize, usize), cols: usize) -> (String, Range<usize>) {
    let (block, off) = a.locate(at.0);
    let text = block.map_or(a.title.as_str(), |b| a.blocks[b].text.as_str());
    snippet_in(text, (off, off + at.1.saturating_sub(at.0)), cols)
}

/// [`snippet`] of the match `at` (byte offsets) in `text`: the same answer whether `text`
/// is the match's block or the article's whole [`Article::search_text`], since only
/// the match's line is looked at.
pub fn snippet_in(text: &str, at: (usize, usize), cols: usize) -> (String, Range<usize>) {
    snippet_with(text, at, cols, true)
}

/// [`snippet_in`]; `fast: false` measures every grapheme cluster of the whole context before
/// the match (what the fast paths must agree with, in tests).
fn snippet_with(text: &str, at: (usize, usize), cols: usize, fast: bool) -> (String, Range<usize>) {
    let cols_of = |s: &str| {
        let mut w = 0;
        each_cluster(s, fast, |_, gw| {
            w += gw;
            true
        });
        w
    };
    let (off, len) = (at.0, at.1.saturating_sub(at.0));
    let off = off.min(text.len());
    let end = (off + len).min(text.len());
    // The line of the block that holds the match.
    let line_start = text[..off].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    // Only the end of a long line before the match can be shown: look at its last 512
    // bytes (from a character boundary), not the whole line.
    let mut from = line_start.max(off.saturating_sub(512));
    while !text.is_char_boundary(from) {
        from += 1;
    }
    // And only about `cols` columns after it: at most 4 bytes a column.
    let mut to = line_end.min(end + cols * 4);
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let (before, hit, after) = (&text[from..off], &text[off..end], &text[end..to]);
    let cut_before = from > line_start;
    let cut_after = to < line_end;
    // Context on the left: about a third of the room, from the match backwards.
    // Two columns of the room are kept for the `…` at each end, so the line stays within
    // `cols` whenever the match fits.
    let room = cols.saturating_sub(cols_of(hit));
    let left_room = room.saturating_sub(2) / 3;
    // At most `left_room` clusters of it can be shown, each at least a column wide, or
    // (zero-width ones) a few bytes: simple text needs no more than its last 4 bytes a
    // column; anything else is looked at whole.
    let mut near = before.len().saturating_sub(left_room * 4 + 4);
    while !before.is_char_boundary(near) {
        near += 1;
    }
    let (skip, before_near) = if fast && before[near..].chars().all(simple) {
        (near, &before[near..])
    } else {
        (0, before)
    };
    let mut left_start = before_near.len();
    let mut w = 0;
    let back: Box<dyn DoubleEndedIterator<Item = (&str, usize)>> = if fast {
        clusters(before_near)
    } else {
        Box::new(before_near.graphemes(true).map(|g| (g, width(g))))
    };
    for (g, gw) in back.rev() {
        if w + gw > left_room {
            break;
        }
        w += gw;
        left_start -= g.len();
    }
    let left_start = skip + left_start;
    let cut_left = cut_before || left_start > 0;
    let mut out = String::with_capacity(cols * 3 + 8);
    if cut_left {
        out.push('…');
    }
    out.push_str(before[left_start..].trim_start());
    let start = out.len();
    out.push_str(hit);
    let hl = start..out.len();
    let mut w = cols_of(&out);
    let mut cut_right = false;
    let mut shown = 0;
    each_cluster(after, fast, |g, gw| {
        if w + gw + 1 > cols {
            cut_right = true;
            return false;
        }
        w += gw;
        shown += g.len();
        true
    });
    out.push_str(&after[..shown]);
    if cut_right || cut_after {
        out.push('…');
    }
    // A match over a line break (a `re:` search) stays on one row.
    if out.contains('\n') {
        out = out.replace('\n', " ");
    }
    (out, hl)
}

/// Calls `f` with each grapheme cluster of `s` and its width, in order, until it says stop.
/// `fast`: a simple character ([`simple`]) followed by another (or by nothing) is a cluster
/// of its own, measured as a character; from the first that is not, clusters are found as
/// such.
fn each_cluster(s: &str, fast: bool, mut f: impl FnMut(&str, usize) -> bool) {
    let mut at = 0;
    if fast {
        let mut it = s.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            if !simple(c) || it.peek().is_some_and(|&(_, n)| !simple(n)) {
                at = i;
                break;
            }
            let w = char_width(c);
            if !f(&s[i..i + c.len_utf8()], w) {
                return;
            }
            at = s.len();
        }
    }
    for g in s[at..].graphemes(true) {
        if !f(g, width(g)) {
            return;
        }
    }
}

/// The width of a simple character ([`simple`]): the two commonest kinds without a table
/// look-up (CJK ideographs are two columns, printable ASCII one), the rest as
/// `unicode-width` says.
fn char_width(c: char) -> usize {
    match c as u32 {
        0x4e00..=0x9fff => 2,
        0x20..=0x7e => 1,
        _ => unicode_width::UnicodeWidthChar::width(c).unwrap_or(0),
    }
}

/// A character that is a grapheme cluster of its own whatever stands around it, at least a
/// column wide.
fn simple(c: char) -> bool {
    let u = c as u32;
    (0x20..0x300).contains(&u)
        // General punctuation (dashes, quotes, ellipsis), not the format characters
        // around it (zero-width joiners, direction marks), which join or vanish.
        || (0x2010..=0x2027).contains(&u)
        || (0x2030..=0x205e).contains(&u)
        // CJK, less the combining marks among it (tone marks, kana voicing).
        || ((0x3000..=0x9fff).contains(&u)
            && !(0x302a..=0x302f).contains(&u)
            && !(0x3099..=0x309a).contains(&u))
        || (0xff01..=0xff5e).contains(&u)
}

/// The grapheme clusters of `s` with their widths; for text of characters that never join
/// others (Latin, Chinese, full-width forms), simply its characters, which is much faster.
fn clusters(s: &str) -> Box<dyn DoubleEndedIterator<Item = (&str, usize)> + '_> {
    if s.chars().all(simple) {
        Box::new(s.char_indices().map(move |(i, c)| {
            let w = char_width(c);
            (&s[i..i + c.len_utf8()], w)
        }))
    } else {
        Box::new(s.graphemes(true).map(|g| (g, width(g))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Block;

    #[test]
    fn snippet_centres_on_the_match_and_marks_cuts() {
        let mut a = Article {
            title: "标题".into(),
            ..Article::default()
        };
        a.blocks = vec![Block::paragraph(
            "第一行\n很长很长的一段文字里面提到了软银集团的四百亿美元投资计划然后继续说下去",
        )];
        let text = a.search_text();
        let at = text.find("软银").unwrap();
        let (s, hl) = snippet(&a, (at, at + "软银".len()), 30);
        assert_eq!(&s[hl.clone()], "软银");
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(width(&s) <= 30, "{s}");
        assert!(!s.contains("第一行"));
    }

    proptest::proptest! {
        /// The fast paths (looking only at the end of the text before the match, measuring
        /// simple characters as characters) give what measuring every cluster gives.
        #[test]
        fn the_bounded_look_back_agrees(
            text in "[a-zA-Z0-9 软银。，、“”—…·Ａ１\u{3000}\u{302a}\u{3099}\u{301}\u{200d}\u{fe0f}\n🇨🇳👍🏽]{0,80}",
            at in 0usize..200,
            len in 0usize..8,
            cols in 4usize..40,
        ) {
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + len).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            proptest::prop_assert_eq!(
                snippet_with(&text, (at, end), cols, true),
                snippet_with(&text, (at, end), cols, false)
            );
        }
    }

    #[test]
    fn quick_widths_are_unicode_widths() {
        for c in ('\u{20}'..='\u{7e}').chain('\u{4e00}'..='\u{9fff}') {
            assert_eq!(
                char_width(c),
                unicode_width::UnicodeWidthChar::width(c).unwrap_or(0),
                "{c:?}"
            );
        }
    }

    #[test]
    fn characters_stand_for_clusters_only_in_simple_text() {
        let got: Vec<&str> = clusters("软银a，").map(|(g, _)| g).collect();
        assert_eq!(got, ["软", "银", "a", "，"]);
        let flag: Vec<&str> = clusters("🇨🇳国旗").map(|(g, _)| g).collect();
        assert_eq!(flag, ["🇨🇳", "国", "旗"]);
        let accent: Vec<&str> = clusters("e\u{301}x").map(|(g, _)| g).collect();
        assert_eq!(accent, ["e\u{301}", "x"]);
        // Quotes and dashes are characters of their own; a joiner next to them is not.
        let quoted: Vec<&str> = clusters("“软银”——").map(|(g, _)| g).collect();
        assert_eq!(quoted, ["“", "软", "银", "”", "—", "—"]);
        let joined: Vec<&str> = clusters("“\u{200d}”").map(|(g, _)| g).collect();
        assert_eq!(joined, ["“\u{200d}", "”"]);
    }
}
