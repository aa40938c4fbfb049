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
