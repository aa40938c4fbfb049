//! Our own Chinese-aware line wrapper (REFERENCE.md §2) and the reading-pane document layout.
//!
//! Owns [`wrap`]: text in, visual lines out as byte ranges plus display columns, with the
//! W3C clreq basic prohibition rules, no break inside a Latin word or number that fits, and
//! widths measured per grapheme cluster with the same `unicode-width` function ratatui uses
//! for cells. Must not import ratatui or crossterm: the TUI draws what this module computes.

mod doc;

pub use crate::text::{no_end, no_start, truncate, truncate_middle, width};
pub use doc::{
    Doc, Row, RowSource, RowStyle, Target, bare_urls, info_line, mark, meta_line, short_url,
    targets,
};

use crate::text::rules;

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// One row of wrapped text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisualLine {
    /// Byte range into the wrapped text. The ranges of consecutive lines are contiguous and
    /// cover the text exactly; spaces at a break stay at the end of the earlier line.
    pub range: Range<usize>,
    /// Display columns of the line without its trailing spaces: what occupies the screen.
    pub cols: usize,
    /// The break at the end of this line was forced: no allowed break fitted, so a word or a
    /// run of prohibited punctuation was cut. Only then may this line end, or the next line
    /// start, with a character the rules forbid there.
    pub forced: bool,
}

impl VisualLine {
    /// The line's text without trailing spaces: what a renderer draws.
    pub fn visible<'a>(&self, text: &'a str) -> &'a str {
        text[self.range.clone()].trim_end_matches(' ')
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    /// Han, kana, hangul, full-width forms, CJK and general punctuation, emoji: break around.
    Cjk,
    /// Latin letters, digits and ASCII punctuation: a run of these is one unbreakable word.
    Latin,
}

struct Cluster {
    start: usize,
    w: usize,
    class: Class,
    first: char,
}

fn classify(g: &str, w: usize) -> (Class, char) {
    let first = g.chars().next().unwrap_or(' ');
    let class = if first == ' ' {
        Class::Space
    } else if w >= 2 || rules::is_cjk_punct(first) {
        Class::Cjk
    } else {
        Class::Latin
    };
    (class, first)
}

fn clusters(text: &str) -> Vec<Cluster> {
    text.grapheme_indices(true)
        .map(|(start, g)| {
            let w = UnicodeWidthStr::width(g);
            let (class, first) = classify(g, w);
            Cluster {
                start,
                w,
                class,
                first,
            }
        })
        .collect()
}

/// Whether a line may break before cluster `i` (`i > 0`). `last_solid` is the first char of
/// the last non-space cluster before `i`, which decides a break after a run of spaces.
fn may_break_before(cs: &[Cluster], i: usize) -> bool {
    let (a, b) = (&cs[i - 1], &cs[i]);
    if b.class == Class::Space || no_start(b.first) {
        return false;
    }
    if a.class == Class::Space {
        // After spaces, unless what precedes them may not end a line (`“ 核`) or nothing does
        // (leading spaces never make a line of their own).
        return cs[..i]
            .iter()
            .rev()
            .find(|c| c.class != Class::Space)
            .is_some_and(|c| !no_end(c.first));
    }
    if no_end(a.first) || rules::never_split(a.first, b.first) {
        return false;
    }
    if a.class == Class::Cjk || b.class == Class::Cjk {
        return true;
    }
    // Half-width `,;:!?` used as Chinese punctuation (`微软,OpenAI`): a break may follow it,
    // as it would follow `，`. Between Latin words (`a,b`) it stays glued.
    matches!(a.first, ',' | ';' | ':' | '!' | '?') && i >= 2 && cs[i - 2].class == Class::Cjk
}

/// The byte offsets where `text` may break, by the same rules [`wrap`] uses.
pub fn break_opportunities(text: &str) -> Vec<usize> {
    let cs = clusters(text);
    (1..cs.len())
        .filter(|&i| may_break_before(&cs, i))
        .map(|i| cs[i].start)
        .collect()
}

/// Wraps one paragraph (no `\n`; see [`wrap_text`]) into lines of at most `width` columns.
///
/// Greedy and maximal: each line takes as much as fits and breaks at the last allowed
/// opportunity, so a prohibited character pulls the previous character down with it. A
/// `width` below 2 is treated as 2, the narrowest width that holds a Chinese character.
pub fn wrap(text: &str, width: usize) -> Vec<VisualLine> {
    let width = width.max(2);
    let cs = clusters(text);
    let mut lines = Vec::new();
    let mut s = 0; // first cluster of the current line
    while s < cs.len() {
        let mut run = 0; // columns from s including trailing spaces
        let mut last_opp = None;
        let mut end = cs.len();
        let mut forced = false;
        for i in s..cs.len() {
            if i > s && may_break_before(&cs, i) {
                last_opp = Some(i);
            }
            run += cs[i].w;
            if cs[i].class == Class::Space {
                continue;
            }
            if run > width && i > s {
                if let Some(k) = last_opp {
                    end = k;
                } else {
                    end = i;
                    forced = true;
                }
                break;
            }
        }
        let range = cs[s].start..cs.get(end).map_or(text.len(), |c| c.start);
        // Width up to the break, without trailing spaces.
        let cols = cs[s..end]
            .iter()
            .rev()
            .skip_while(|c| c.class == Class::Space)
            .map(|c| c.w)
            .sum();
        lines.push(VisualLine {
            range,
            cols,
            forced,
        });
        s = end;
    }
    lines
}

/// Wraps text that may contain `\n` (hard breaks): each line of it is wrapped on its own and
/// the ranges point into `text`; an empty line yields one empty visual line.
pub fn wrap_text(text: &str, width: usize) -> Vec<VisualLine> {
    let mut out = Vec::new();
    let mut offset = 0;
    for part in text.split('\n') {
        if part.is_empty() {
            out.push(VisualLine {
                range: offset..offset,
                cols: 0,
                forced: false,
            });
        }
        for l in wrap(part, width) {
            out.push(VisualLine {
                range: l.range.start + offset..l.range.end + offset,
                ..l
            });
        }
        offset += part.len() + 1;
    }
    out
}

/// Cuts a byte span of the text (a highlight, a search hit) into per-line pieces:
/// `(line index, byte range)`, in order, each within its line's range.
pub fn split_span(lines: &[VisualLine], span: Range<usize>) -> Vec<(usize, Range<usize>)> {
    let first = lines.partition_point(|l| l.range.end <= span.start);
    lines[first..]
        .iter()
        .enumerate()
        .take_while(|(_, l)| l.range.start < span.end)
        .filter_map(|(i, l)| {
            let r = span.start.max(l.range.start)..span.end.min(l.range.end);
            (!r.is_empty()).then_some((first + i, r))
        })
        .collect()
}

#[cfg(test)]
mod tests;
