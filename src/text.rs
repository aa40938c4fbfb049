//! The bottom layer of text handling, below parsing and layout: the sanitizer that makes
//! untrusted text safe for a terminal ([`sanitize`]), display widths as ratatui measures
//! cells, truncation to a width, and the Chinese line-breaking rules ([`rules`]). Parsers use
//! it without the layout module; the layout and the TUI build on it. Must not import ratatui
//! or crossterm.

pub mod rules;
pub mod sanitize;

pub use rules::{no_end, no_start};

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Display width of a string: the sum over grapheme clusters, exactly as ratatui lays out
/// cells (a cluster of width 0 takes no cell).
pub fn width(s: &str) -> usize {
    s.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// Shortens `s` to at most `cols` columns by cutting its middle (`https://host/a…/640.png`),
/// keeping both ends, which say most about a URL.
pub fn truncate_middle(s: &str, cols: usize) -> std::borrow::Cow<'_, str> {
    if width(s) <= cols {
        return std::borrow::Cow::Borrowed(s);
    }
    let gs: Vec<&str> = s.graphemes(true).collect();
    let gw = |g: &str| UnicodeWidthStr::width(g);
    let budget = cols.saturating_sub(1);
    let (mut head, mut tail, mut w) = (0, gs.len(), 0);
    // The front gets half, the back the rest, then the front whatever the back left.
    while head < tail && w + gw(gs[head]) <= budget.div_ceil(2) {
        w += gw(gs[head]);
        head += 1;
    }
    while tail > head && w + gw(gs[tail - 1]) <= budget {
        w += gw(gs[tail - 1]);
        tail -= 1;
    }
    while head < tail && w + gw(gs[head]) <= budget {
        w += gw(gs[head]);
        head += 1;
    }
    let mut out: String = gs[..head].concat();
    if cols > 0 {
        out.push('…');
    }
    out.push_str(&gs[tail..].concat());
    std::borrow::Cow::Owned(out)
}

/// Cuts `s` to at most `cols` display columns at a grapheme boundary, ending with `…` when
/// anything was cut (for titles in the list pane and the status bar).
pub fn truncate(s: &str, cols: usize) -> std::borrow::Cow<'_, str> {
    if width(s) <= cols {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::new();
    let mut w = 0;
    for g in s.graphemes(true) {
        let gw = UnicodeWidthStr::width(g);
        if w + gw + 1 > cols {
            break;
        }
        out.push_str(g);
        w += gw;
    }
    if cols > 0 {
        out.push('…');
    }
    std::borrow::Cow::Owned(out)
}

/// Characters of `s` that are not white space (`char::is_whitespace`): how much text an
/// article holds. Counted on bytes, as the archive's texts are long ([`solid_chars_of_utf8`]).
pub fn solid_chars(s: &str) -> usize {
    solid_chars_of_utf8(s.as_bytes())
}

/// [`solid_chars`] of text known to be UTF-8 (as laid out for a store, no check made again).
/// A byte counts when it begins a character that is not white space: ASCII white space by the
/// byte alone, the other white space characters (U+0085, U+00A0, U+1680, U+2000–U+200A,
/// U+2028, U+2029, U+202F, U+205F, U+3000) by it and the two bytes after it. No branches: the
/// compiler makes vector code of it, 32 positions at a time, each lane counting at most 255
/// rounds before the lanes are added up. (Looking for the other white space with `memchr`
/// stops at every Chinese punctuation mark, whose first byte is theirs: 30% slower in a load.)
#[allow(clippy::needless_bitwise_bool)] // no branches: vector code
pub fn solid_chars_of_utf8(bytes: &[u8]) -> usize {
    const LANES: usize = 32;
    let solid = |a: u8, b: u8, c: u8| -> u8 {
        let starts = a.cast_signed() >= -0x40;
        let ascii_space = (a == b' ') | (a.wrapping_sub(b'\t') < 5);
        let e2_80 = (b == 0x80) & ((c <= 0x8A) | (c == 0xA8) | (c == 0xA9) | (c == 0xAF));
        let other = ((a == 0xC2) & ((b == 0x85) | (b == 0xA0)))
            | ((a == 0xE1) & (b == 0x9A) & (c == 0x80))
            | ((a == 0xE2) & (e2_80 | ((b == 0x81) & (c == 0x9F))))
            | ((a == 0xE3) & (b == 0x80) & (c == 0x80));
        u8::from(starts & !ascii_space & !other)
    };
    // Windows of three bytes fit up to `whole`; the last two positions are looked at alone.
    let whole = bytes.len().saturating_sub(2);
    let mut total = 0usize;
    let mut done = 0;
    while done + LANES <= whole {
        let rounds = ((whole - done) / LANES).min(255);
        let mut lanes = [0u8; LANES];
        for round in 0..rounds {
            let at = done + round * LANES;
            let first = &bytes[at..at + LANES];
            let second = &bytes[at + 1..at + 1 + LANES];
            let third = &bytes[at + 2..at + 2 + LANES];
            for k in 0..LANES {
                lanes[k] += solid(first[k], second[k], third[k]);
            }
        }
        total += lanes.iter().map(|&v| usize::from(v)).sum::<usize>();
        done += rounds * LANES;
    }
    let byte = |j: usize| bytes.get(j).copied().unwrap_or(0);
    for (j, &first) in bytes.iter().enumerate().skip(done) {
        total += usize::from(solid(first, byte(j + 1), byte(j + 2)));
    }
    total
}

/// A key that sorts Chinese text as a Chinese reader expects: by pinyin (`北京` between `baidu`
/// and `chengdu`), Latin letters by themselves regardless of case, the text itself breaking
/// ties (and homophones).
pub fn collation_key(s: &str) -> String {
    use pinyin::ToPinyin;
    let mut key = String::with_capacity(s.len() * 2);
    for c in s.chars() {
        match c.to_pinyin() {
            Some(p) => key.push_str(p.with_tone_num_end()),
            None => key.extend(c.to_lowercase()),
        }
    }
    key.push('\0');
    key.push_str(s);
    key
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    /// Every white space character there is, among text that looks like them.
    fn texts() -> impl Strategy<Value = String> {
        let spaces: Vec<char> = (0..=0x0010_FFFF_u32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .collect();
        let near = "\u{0084}\u{00A1}\u{1681}\u{200B}\u{2027}\u{2030}\u{205E}\u{3001}，。“”—中a";
        let pool: Vec<char> = spaces.into_iter().chain(near.chars()).collect();
        prop::collection::vec(
            prop_oneof![prop::sample::select(pool), any::<char>()],
            0..200,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    /// Long texts: each lane counts up to 255 rounds of 32 bytes before they are added up.
    #[test]
    fn solid_chars_counts_long_texts() {
        for unit in [
            "中\u{3000}a ",
            "\u{2003}",
            "，。“”—x\u{00A0}\u{1680}\u{205F}",
        ] {
            for n in [1, 300, 3000, 10_000] {
                let s = unit.repeat(n);
                let want = s.chars().filter(|c| !c.is_whitespace()).count();
                assert_eq!(super::solid_chars(&s), want, "{unit:?} × {n}");
                assert_eq!(
                    super::solid_chars(&s[..s.len() - unit.len()]),
                    want - want / n
                );
            }
        }
    }

    proptest! {
        #[test]
        fn solid_chars_counts_as_chars_does(s in texts()) {
            prop_assert_eq!(
                super::solid_chars(&s),
                s.chars().filter(|c| !c.is_whitespace()).count()
            );
        }
    }

    #[test]
    fn solid_chars_of_an_indented_paragraph() {
        assert_eq!(super::solid_chars("　　软银 投资\u{00A0}OpenAI。\n"), 11);
    }
}
