//! Untrusted article text made safe for a terminal, once, at ingest (REFERENCE.md §6).
//!
//! Everything any parser keeps goes through [`text`] (multi-line) or [`line`] (one line), so
//! no escape sequence, control character, bidi control or soft hyphen from a file ever reaches
//! the terminal, the window title, or the CLI's output. Zero-width joiners, variation
//! selectors and combining marks are kept: emoji and scripts need them.

/// Tab stops every this many columns when tabs are expanded.
const TAB: usize = 4;

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn is_dropped(c: char) -> bool {
    // C0 (except \n and \t, handled by the caller), DEL, C1, bidi controls, soft hyphen,
    // stray BOM / zero-width no-break space, line and paragraph separators (ratatui does not
    // filter these), and interlinear annotation controls.
    (c.is_control() && c != '\n' && c != '\t')
        || is_bidi_control(c)
        || matches!(
            c,
            '\u{00AD}' | '\u{FEFF}' | '\u{2028}' | '\u{2029}' | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// Characters an emoji ZWJ sequence is made of: pictographs, their skin-tone modifiers and
/// the emoji variation selector.
fn is_emoji_part(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0xFE0F)
}

/// Sanitizes multi-line text: `\r\n` and lone `\r` become `\n`, tabs are expanded, escape
/// sequences are dropped whole (CSI, OSC, DCS, and two-byte ESC forms), other controls dropped.
pub fn text(input: &str) -> String {
    if !needs_work(input) {
        return input.to_string();
    }
    let mut out = String::with_capacity(input.len());
    let mut col = 0usize;
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
                col = 0;
            }
            '\n' => {
                out.push('\n');
                col = 0;
            }
            '\t' => {
                let n = TAB - col % TAB;
                out.extend(std::iter::repeat_n(' ', n));
                col += n;
            }
            '\u{1b}' => skip_escape(&mut chars),
            // C1 introducers of control strings: skip their payload as ESC-forms do.
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            // A zero-width joiner joins emoji (👨‍👩‍👧); anywhere else terminals draw it
            // differently (tmux glues the next character into the same cell), so it goes.
            '\u{200d}' => {
                let joins = out.chars().next_back().is_some_and(is_emoji_part)
                    && chars.peek().copied().is_some_and(is_emoji_part);
                if joins {
                    out.push(c);
                }
            }
            c if is_dropped(c) => {}
            c => {
                out.push(c);
                col += 1;
            }
        }
    }
    out
}

/// Whether `s` holds anything [`text`] would change: a quick byte scan, since nearly all
/// article text is clean and sanitizing char by char costs.
// Byte names x, y, z read best here; `|` on booleans keeps the loop branch-free.
#[allow(
    clippy::many_single_char_names,
    clippy::needless_bitwise_bool,
    clippy::nonminimal_bool,
    clippy::manual_range_contains
)]
pub fn needs_work(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 3 {
        return s.chars().any(|c| c == '\r' || c == '\t' || is_dropped(c));
    }
    let n = b.len() - 2;
    let (b0, b1, b2) = (&b[..n], &b[1..=n], &b[2..n + 2]);
    // An exact test on every 3-byte window, written without branches so that the compiler
    // vectorizes it (`fold` with `|`): Chinese text is full of bytes like 0xE2 and 0xEF.
    let flagged = (0..n).fold(false, |acc, i| {
        let (x, y, z) = (b0[i], b1[i], b2[i]);
        let e2 = x == 0xe2;
        let ef = x == 0xef;
        acc | ((x < 0x20) & (x != b'\n'))
            | (x == 0x7f)
            | ((x == 0xc2) & ((y < 0xa0) | (y == 0xad)))
            | ((x == 0xd8) & (y == 0x9c))
            | (e2
                & (y == 0x80)
                & ((z == 0x8d) | (z == 0x8e) | (z == 0x8f) | ((z >= 0xa8) & (z <= 0xae))))
            | (e2 & (y == 0x81) & (z >= 0xa6) & (z <= 0xa9))
            | (ef & (y == 0xbb) & (z == 0xbf))
            | (ef & (y == 0xbf) & (z >= 0xb9) & (z <= 0xbb))
    });
    // The last two bytes can only be ASCII controls or lead bytes of cut sequences.
    flagged
        || b[n..]
            .iter()
            .any(|&x| (x < 0x20 && x != b'\n') || x == 0x7f || x == 0xc2 || x == 0xd8)
}

/// A file or folder name as it may be shown anywhere (stdout, stderr, the status bar, JSON):
/// every character the sanitizer would drop is written as a visible escape instead, as `ls`
/// quotes names — `\e` for ESC, `\n`, `\t`, `\r`, and `\u{202e}` for the rest — so that
/// nothing in a name can drive the terminal, split a line or a tab-separated record, or
/// reorder text, and two different names never look the same.
pub fn name(input: &str) -> String {
    use std::fmt::Write as _;
    let clean = !input
        .chars()
        .any(|c| is_dropped(c) || matches!(c, '\n' | '\t' | '\\' | '\u{200d}'));
    if clean {
        return input.to_string();
    }
    let mut out = String::with_capacity(input.len() + 8);
    for c in input.chars() {
        match c {
            '\u{1b}' => out.push_str("\\e"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\\' => out.push_str("\\\\"),
            c if is_dropped(c) || c == '\u{200d}' => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// [`name`] of a path (not UTF-8 bytes shown as U+FFFD).
pub fn path(p: &std::path::Path) -> String {
    name(&p.to_string_lossy())
}

/// Sanitizes one line of text (a title, an author): as [`text`], with every line break turned
/// into a space, runs of whitespace collapsed, leading zero-width spaces removed, trimmed.
pub fn line(input: &str) -> String {
    if is_clean_line(input) {
        return input.to_string();
    }
    line_by_chars(input)
}

/// [`line`] of an owned string: the same string back when it is already a clean line (no
/// copy).
pub fn line_owned(input: String) -> String {
    if is_clean_line(&input) {
        return input;
    }
    line_by_chars(&input)
}

/// Already a clean line (most titles and names): nothing in [`line`] would change it.
fn is_clean_line(input: &str) -> bool {
    !needs_work(input)
        && !input.contains('\n')
        && !input.contains("  ")
        && !input.starts_with([' ', '\u{200B}', '\u{200C}', '\u{2060}'])
        && !input.ends_with(char::is_whitespace)
}

/// [`line`] without its fast path.
fn line_by_chars(input: &str) -> String {
    let t = text(input);
    let mut out = String::with_capacity(t.len());
    let mut space = false;
    for c in t.chars() {
        if c == '\n' || c == ' ' {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out.trim_start_matches(['\u{200B}', '\u{200C}', '\u{2060}', ' '])
        .trim_end()
        .to_string()
}

fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_string(chars);
        }
        // Two-byte forms (ESC c, ESC 7, ESC ( B ...): drop the next character, plus the
        // designator of a charset selection.
        Some(c) => {
            chars.next();
            if matches!(c, '(' | ')' | '*' | '+' | '#' | '%') {
                chars.next();
            }
        }
        None => {}
    }
}

fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    // Parameters and intermediates, then one final byte in 0x40..=0x7e. Anything else ends it.
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) || !('\u{20}'..='\u{3f}').contains(&c) {
            break;
        }
    }
}

fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    // Until BEL, ST (ESC \) or C1 ST. A string never closed swallows the rest: safer than
    // letting its payload reach the terminal.
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

/// True when `s` holds nothing a terminal would act on; the invariant the sanitizer keeps.
pub fn is_clean(s: &str) -> bool {
    !s.chars().any(|c| c == '\r' || c == '\t' || is_dropped(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn drops_escape_sequences_whole() {
        assert_eq!(text("a\u{1b}[31mred\u{1b}[0m b"), "ared b");
        assert_eq!(text("x\u{1b}]52;c;ZXZpbA==\u{7}y"), "xy");
        assert_eq!(text("x\u{1b}]0;title\u{1b}\\y"), "xy");
        assert_eq!(text("\u{9b}2Jz"), "z");
    }

    #[test]
    fn normalizes_newlines_and_tabs() {
        assert_eq!(text("a\r\nb\rc\n"), "a\nb\nc\n");
        assert_eq!(text("ab\tc"), "ab  c");
    }

    #[test]
    fn drops_bidi_soft_hyphen_and_bom_keeps_zwj() {
        assert_eq!(text("a\u{202E}b\u{00AD}c\u{FEFF}d"), "abcd");
        let family = "👨\u{200D}👩\u{200D}👧";
        assert_eq!(text(family), family);
        assert_eq!(text("❤\u{FE0F}"), "❤\u{FE0F}");
        // A joiner between anything but emoji is dropped: terminals disagree on it.
        assert_eq!(text("软\u{200D}银 a\u{200D}b \u{200D}"), "软银 ab ");
        assert_eq!(text("👨\u{200D}银"), "👨银");
        assert!(needs_work("软\u{200D}银"));
    }

    #[test]
    fn line_trims_leading_zero_width_space() {
        assert_eq!(line("\u{200B}标题  一\n二 "), "标题 一 二");
    }

    proptest! {
        #[test]
        fn output_is_always_clean(s in any::<String>()) {
            prop_assert!(is_clean(&text(&s)));
            prop_assert!(is_clean(&line(&s)));
            prop_assert!(!line(&s).contains('\n'));
        }

        #[test]
        fn the_quick_check_never_misses_work(s in any::<String>()) {
            if !needs_work(&s) {
                prop_assert!(is_clean(&s));
            }
        }

        #[test]
        fn clean_text_passes_unchanged(s in "[a-z中文，。 \n]{0,40}") {
            prop_assert_eq!(text(&s), s);
        }

        /// The fast path of `line` gives what the full one gives.
        #[test]
        fn line_fast_path_agrees(s in "[a-z中文，。 \n\u{3000}\u{200B}\u{200D}\t]{0,24}") {
            prop_assert_eq!(line(&s), line_by_chars(&s));
        }
    }
}

#[cfg(test)]
mod speed_tests {
    #[test]
    fn generated_chinese_text_takes_the_fast_path() {
        let a = crate::corpus_gen::article(7, 1, 5_000);
        let md = crate::corpus_gen::markdown(&a);
        assert!(!super::needs_work(&md));
    }
}
