//! Wrapper invariants (REFERENCE.md §2), property-tested, plus worked examples.

use super::*;
use proptest::prelude::*;

fn render(text: &str, w: usize) -> String {
    wrap(text, w)
        .iter()
        .map(|l| l.visible(text))
        .collect::<Vec<_>>()
        .join("|")
}

#[test]
fn comma_never_starts_a_line_previous_char_comes_down() {
    // 4 columns hold two Han; `，` may not start line 2, so `乙` comes down with it.
    assert_eq!(render("甲乙，丙丁", 4), "甲|乙，|丙丁");
}

#[test]
fn opening_quote_never_ends_a_line() {
    assert_eq!(render("甲乙“丙”丁", 5), "甲乙|“丙”|丁");
}

#[test]
fn latin_words_and_numbers_stay_whole() {
    assert_eq!(render("微软向OpenAI投资", 10), "微软向|OpenAI投资");
    assert_eq!(render("价格US$13.5亿", 8), "价格|US$13.5|亿");
    assert_eq!(render("hello world again", 11), "hello world|again");
}

#[test]
fn indent_is_kept_and_never_begins_a_continuation_line() {
    let t = "　　第一段文字";
    assert_eq!(render(t, 8), "　　第一|段文字");
}

#[test]
fn dashes_and_ellipses_are_never_split() {
    assert_eq!(render("甲乙——丙丁", 5), "甲|乙——|丙丁");
    assert_eq!(render("甲乙……丙", 5), "甲|乙……|丙");
}

#[test]
fn word_longer_than_line_is_forced() {
    let l = wrap("abcdefgh", 3);
    assert_eq!(render("abcdefgh", 3), "abc|def|gh");
    assert!(l[0].forced && l[1].forced && !l[2].forced);
}

#[test]
fn widths_match_ratatui_cells() {
    // Curly quotes, ellipsis, em dash and middle dot are one column; emoji with VS16 two.
    assert_eq!(width("“”…—·"), 5);
    assert_eq!(width("❤\u{FE0F}"), 2);
    assert_eq!(width("中文ab"), 6);
}

#[test]
fn split_span_across_lines() {
    let t = "甲乙丙丁戊己";
    let lines = wrap(t, 4);
    let pieces = split_span(&lines, 3..12);
    assert_eq!(pieces, vec![(0, 3..6), (1, 6..12)]);
}

fn para() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "中",
        "文",
        "软",
        "银",
        "，",
        "。",
        "、",
        "：",
        "；",
        "？",
        "！",
        "（",
        "）",
        "“",
        "”",
        "《",
        "》",
        "「",
        "」",
        "——",
        "……",
        "·",
        "　",
        " ",
        "  ",
        "OpenAI",
        "a",
        "Microsoft",
        "US$13.5",
        "50%",
        "2025",
        ",",
        ".",
        "(",
        ")",
        "❤\u{FE0F}",
        "👨\u{200D}👩\u{200D}👧",
        "é",
        "e\u{301}",
        "한",
        "カ",
        "ー",
        "/",
        "-",
        "supercalifragilistic",
    ]);
    prop::collection::vec(atoms, 0..60).prop_map(|v| v.concat())
}

fn is_ascii_word(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn wrapper_invariants(text in para(), w in 2usize..40) {
        let lines = wrap(&text, w);
        // Deterministic.
        prop_assert_eq!(&lines, &wrap(&text, w));
        // The lines join back to the paragraph, contiguous, at grapheme boundaries.
        let bounds: Vec<usize> = text.grapheme_indices(true).map(|(i, _)| i).collect();
        let mut at = 0;
        for l in &lines {
            prop_assert_eq!(l.range.start, at);
            prop_assert!(l.range.end > l.range.start);
            prop_assert!(bounds.contains(&l.range.start));
            at = l.range.end;
        }
        prop_assert_eq!(at, text.len());
        for (i, l) in lines.iter().enumerate() {
            let vis = l.visible(&text);
            // No line wider than W; cols is what the screen shows.
            prop_assert_eq!(l.cols, width(vis));
            prop_assert!(l.cols <= w, "line {} {:?} is {} > {}", i, vis, l.cols, w);
            // No space starts a continuation line.
            if i > 0 {
                prop_assert!(!text[l.range.clone()].starts_with(' '));
            }
            let last = i + 1 == lines.len();
            let prev_forced = i > 0 && lines[i - 1].forced;
            if i > 0 && !prev_forced {
                let c = vis.chars().next().unwrap();
                prop_assert!(!no_start(c), "line {} starts with {:?}", i, c);
                let p = text[..l.range.start].chars().next_back().unwrap();
                // No break inside an ASCII word.
                prop_assert!(!(is_ascii_word(p) && is_ascii_word(c)), "split word at line {}", i);
                prop_assert!(!(p == c && matches!(c, '—' | '…')));
            }
            if !last && !l.forced {
                let c = vis.chars().next_back().unwrap();
                prop_assert!(!no_end(c), "line {} ends with {:?}", i, c);
            }
            if !last {
                // Maximal: the next line's first unbreakable unit would not have fitted.
                let next = &lines[i + 1];
                let opps = break_opportunities(&text);
                let unit_end = opps
                    .iter()
                    .copied()
                    .find(|&o| o > next.range.start)
                    .unwrap_or(text.len());
                let joined = text[l.range.start..unit_end].trim_end_matches(' ');
                prop_assert!(width(joined) > w || l.forced,
                    "line {} {:?} could have taken more at width {}", i, vis, w);
            }
            if l.forced {
                // Forced only when the unit straddling the break does not fit on a line.
                let opps = break_opportunities(&text);
                let lo = opps.iter().copied().rfind(|&o| o <= l.range.start).unwrap_or(0);
                let hi = opps.iter().copied().find(|&o| o > l.range.end).unwrap_or(text.len());
                let unit = text[lo..hi].trim_end_matches(' ');
                prop_assert!(width(unit) > w, "forced break in {:?} at width {}", unit, w);
            }
        }
    }

    #[test]
    fn highlight_span_split_over_lines_joins_back(
        text in para(), w in 2usize..30, a in 0usize..400, len in 0usize..60
    ) {
        let bounds: Vec<usize> =
            text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let start = bounds[a % bounds.len()];
        let end = bounds.iter().copied().find(|&b| b >= start + len).unwrap_or(text.len());
        let lines = wrap(&text, w);
        let pieces = split_span(&lines, start..end);
        let joined: String = pieces.iter().map(|(_, r)| &text[r.clone()]).collect();
        prop_assert_eq!(joined.as_str(), &text[start..end]);
        for (li, r) in &pieces {
            prop_assert!(lines[*li].range.start <= r.start && r.end <= lines[*li].range.end);
        }
    }

    #[test]
    fn never_panics_on_any_string(text in any::<String>(), w in 0usize..50) {
        let clean = crate::sanitize::line(&text);
        let lines = wrap(&clean, w);
        let total: usize = lines.iter().map(|l| l.range.len()).sum();
        prop_assert_eq!(total, clean.len());
    }
}

#[test]
fn truncate_middle_keeps_both_ends() {
    let url = "https://mmbiz.qpic.cn/sz_mmbiz_jpg/LBrX00GQeicsc3DNibdf/640?wx_fmt=jpeg";
    let t = truncate_middle(url, 30);
    assert_eq!(width(&t), 30);
    assert_eq!(t, "https://mmbiz.q…40?wx_fmt=jpeg");
    assert_eq!(truncate_middle("short", 30), "short");
    assert_eq!(truncate_middle("中文中文中文", 7), "中…中文");
}

#[test]
fn truncate_respects_wide_characters() {
    assert_eq!(truncate("微软与OpenAI", 20), "微软与OpenAI");
    assert_eq!(truncate("微软与OpenAI", 6), "微软…");
    assert_eq!(truncate("微软与OpenAI", 5), "微软…");
    assert_eq!(truncate("微软", 1), "…");
    assert_eq!(truncate("微软", 0), "");
}

#[test]
fn half_width_comma_after_chinese_allows_a_break() {
    assert_eq!(render("谈判桌上,OpenAI希望", 10), "谈判桌上,|OpenAI希望");
    assert_eq!(render("see a,b here", 5), "see|a,b|here");
}

#[test]
fn number_keeps_its_unit() {
    assert_eq!(render("损失200亿美元", 8), "损失|200亿美|元");
    assert_eq!(render("在2019年", 6), "在|2019年");
}
