//! Property tests on generated text (issue 11), all named `generated_*`: the money detector,
//! the company detector, entities of whole articles, the wrapper and the reading pane's
//! layout, snippets, the query parser and the archive search. Each checks no panic and the
//! invariants its module promises. Long run: `PROPTEST_CASES=100000 cargo test --release
//! --lib generated`.

use super::*;
use crate::highlight::company::{Dictionary, by_suffix};
use crate::highlight::{EntityKind, detect_money};
use crate::layout::{Doc, RowSource, width, wrap};
use crate::model::{Article, Block, Format};
use proptest::test_runner::TestCaseError;
use std::ops::Range;
use std::sync::OnceLock;

fn dict() -> &'static Dictionary {
    static D: OnceLock<Dictionary> = OnceLock::new();
    D.get_or_init(Dictionary::builtin)
}

const ISO: &[&str] = &[
    "CNY", "USD", "EUR", "GBP", "JPY", "HKD", "KRW", "RUB", "AUD", "CAD", "SGD", "THB", "TWD",
    "CHF", "INR", "VND", "MOP",
];

/// Ranges in order, apart, non-empty, on character boundaries of `text`.
fn spans_ok(text: &str, spans: &[Range<usize>]) -> Result<(), TestCaseError> {
    let mut at = 0;
    for r in spans {
        prop_assert!(
            r.start >= at,
            "{:?} overlaps or is out of order in {:?}",
            r,
            text
        );
        prop_assert!(
            r.start < r.end && r.end <= text.len(),
            "{:?} in {:?}",
            r,
            text
        );
        prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        at = r.end;
    }
    Ok(())
}

fn money_ok(text: &str) -> Result<(), TestCaseError> {
    let found = detect_money(text);
    prop_assert_eq!(&found, &detect_money(text), "deterministic");
    let spans: Vec<Range<usize>> = found.iter().map(|m| m.range.clone()).collect();
    spans_ok(text, &spans)?;
    for m in &found {
        prop_assert!(m.low <= m.high, "{:?} in {:?}", m, text);
        prop_assert!(
            !(m.low.is_zero() && m.high.is_zero()),
            "{:?} in {:?}",
            m,
            text
        );
        prop_assert!(ISO.contains(&m.currency), "{}", m.currency);
        // The exact value prints as a decimal.
        let s = m.low.to_string();
        prop_assert!(s.chars().all(|c| c.is_ascii_digit() || c == '.'), "{}", s);
        // An amount has a numeral in it.
        prop_assert!(
            text[m.range.clone()]
                .chars()
                .any(|c| c.is_ascii_digit() || c.is_numeric() || "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億兩貳參陸数几".contains(c)),
            "{:?}", &text[m.range.clone()]
        );
    }
    Ok(())
}

fn companies_ok(text: &str) -> Result<(), TestCaseError> {
    let d = dict();
    let found = d.detect(text);
    let spans: Vec<Range<usize>> = found.iter().map(|m| m.range.clone()).collect();
    spans_ok(text, &spans)?;
    for m in &found {
        let said = text[m.range.clone()].to_lowercase();
        prop_assert!(
            d.names(m.company).any(|n| n.to_lowercase() == said),
            "{:?} is no name of {:?}",
            said,
            d.companies[m.company].canonical
        );
        prop_assert!(!d.companies[m.company].not_a_company);
    }
    let suffixed = by_suffix(text);
    spans_ok(text, &suffixed)?;
    for r in &suffixed {
        let name = &text[r.clone()];
        prop_assert!(
            ["公司", "集团", "控股", "科技"]
                .iter()
                .any(|s| name.ends_with(s))
                || name.is_ascii(),
            "{:?}",
            name
        );
    }
    Ok(())
}

fn article(title: &str, paras: &[String]) -> Article {
    let mut a = crate::archive::blank_article(std::path::Path::new("/g/a.md"), Format::Markdown);
    a.title = title.to_string();
    a.blocks = paras.iter().map(|p| Block::paragraph(p.clone())).collect();
    crate::archive::finish(a).unwrap_or_else(|| {
        let mut b =
            crate::archive::blank_article(std::path::Path::new("/g/b.md"), Format::Markdown);
        b.title = "空".into();
        crate::archive::finish(b).expect("a titled article")
    })
}

/// The wrapper's promises (REFERENCE.md §2) on `text` at width `w`.
fn wrap_ok(text: &str, w: usize) -> Result<(), TestCaseError> {
    let text = crate::sanitize::line(text);
    let lines = wrap(&text, w);
    prop_assert_eq!(&lines, &wrap(&text, w), "deterministic");
    let mut at = 0;
    for l in &lines {
        prop_assert_eq!(l.range.start, at, "contiguous");
        at = l.range.end;
        let vis = l.visible(&text);
        prop_assert_eq!(l.cols, width(vis));
        prop_assert!(l.cols <= w.max(2) || l.forced, "{:?} wider than {}", vis, w);
    }
    prop_assert_eq!(at, text.len(), "the lines join back to the text");
    Ok(())
}

proptest! {
    #![proptest_config(cases(1000))]

    #[test]
    fn generated_money_text_keeps_the_promises(text in money_text()) {
        money_ok(&text)?;
    }

    /// Amounts written as a writer would — Arabic with or without separators, Chinese or
    /// financial numerals, with 万 or 亿 — are found whole, at their exact value.
    #[test]
    fn generated_amounts_are_read_at_their_value(
        n in 1u64..1_000_000_000_000,
        form in 0usize..6,
        cur in prop::sample::select(&[("元", "CNY"), ("美元", "USD"), ("欧元", "EUR"),
            ("港元", "HKD"), ("块钱", "CNY"), ("元人民币", "CNY"), ("日元", "JPY")][..]),
        before in money_text(),
        after in money_text(),
    ) {
        let grouped = crate::highlight::Value::int(u128::from(n)).unwrap().grouped();
        let (written, value) = match form {
            0 => (n.to_string(), n),
            1 => (grouped, n),
            2 => (chinese_numeral(n, false), n),
            3 => (chinese_numeral(n, true), n),
            4 => (format!("{}万", n % 100_000_000), n % 100_000_000 * 10_000),
            _ => (format!("{}.{:02}亿", n % 10_000, n % 97), (n % 10_000) * 100_000_000 + (n % 97) * 1_000_000),
        };
        prop_assume!(value > 0);
        let amount = format!("{written}{}", cur.0);
        let text = format!("{before}。花了{amount}。{after}");
        let at = before.len() + "。花了".len();
        let found = detect_money(&text);
        let m = found.iter().find(|m| m.range.start == at);
        prop_assert!(m.is_some(), "{:?} not found in {:?}: {:?}", amount, text, found);
        let m = m.unwrap();
        prop_assert_eq!(&text[m.range.clone()], amount.as_str());
        prop_assert_eq!(m.currency, cur.1);
        prop_assert_eq!(m.low.to_string(), value.to_string());
        prop_assert_eq!(m.high.to_string(), value.to_string());
        money_ok(&text)?;
    }

    #[test]
    fn generated_company_text_keeps_the_promises(text in company_text()) {
        companies_ok(&text)?;
    }

    /// Entities of a whole article: every one inside its title or block, amounts and names
    /// never overlapping, in reading order.
    #[test]
    fn generated_article_entities(title in article_text(), paras in prop::collection::vec(article_text(), 0..6)) {
        let a = article(&title, &paras);
        let es = crate::highlight::entities(&a, dict());
        let mut last = (0usize, 0usize);
        for e in &es {
            let (src, text) = match e.source {
                RowSource::Title => (0, a.title.as_str()),
                RowSource::Block(i) => (i + 1, a.blocks[i].text.as_str()),
                other => return Err(TestCaseError::fail(format!("{other:?}"))),
            };
            prop_assert!(e.range.end <= text.len() && text.is_char_boundary(e.range.start) && text.is_char_boundary(e.range.end));
            prop_assert!((src, e.range.start) >= last, "reading order");
            last = (src, e.range.end);
            if let EntityKind::Money(m) = &e.kind {
                prop_assert!(m.low <= m.high);
            }
        }
    }

    #[test]
    fn generated_text_wraps_by_the_rules(text in article_text(), w in 1usize..90) {
        wrap_ok(&text, w)?;
    }

    /// The reading pane's layout at three widths: every row inside its source, within the
    /// width.
    #[test]
    fn generated_articles_lay_out_at_three_widths(title in article_text(), paras in prop::collection::vec(article_text(), 0..6)) {
        let a = article(&title, &paras);
        for w in [20, 41, 76] {
            let doc = Doc::new(&a, w);
            for row in &doc.rows {
                let shown = doc.row_text(&a, row);
                prop_assert!(width(&shown) + width(&row.prefix) <= w || row.style == crate::layout::RowStyle::ImageUrl,
                    "{:?} at {}", shown, w);
            }
        }
    }

    /// Snippets: within the columns asked for, the match marked inside, at character
    /// boundaries.
    #[test]
    fn generated_snippets(text in article_text(), at in 0usize..400, len in 0usize..12, cols in 4usize..80) {
        let text = crate::sanitize::text(&text);
        let mut s = at.min(text.len());
        while !text.is_char_boundary(s) { s -= 1; }
        let mut e = (s + len).min(text.len());
        while !text.is_char_boundary(e) { e -= 1; }
        let (snip, hl) = crate::search::snippet::snippet_in(&text, (s, e), cols);
        prop_assert!(hl.start <= hl.end && hl.end <= snip.len());
        prop_assert!(snip.is_char_boundary(hl.start) && snip.is_char_boundary(hl.end));
        prop_assert!(!snip.contains('\n'));
        // Widths add up only between grapheme clusters: a match cut inside one (a search for
        // a lone combining mark) may come out a column wider.
        let clusters: Vec<usize> = unicode_segmentation::UnicodeSegmentation::grapheme_indices(text.as_str(), true)
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let whole = clusters.contains(&s) && clusters.contains(&e);
        if whole && width(&text[s..e]) + 2 <= cols && !text[s..e].contains('\n') {
            prop_assert_eq!(&snip[hl.clone()], &text[s..e]);
            prop_assert!(width(&snip) <= cols, "{:?} wider than {}", snip, cols);
        }
    }

    /// The query parser: never panics, answers the same twice, a query refines itself, its
    /// literals are folded.
    #[test]
    fn generated_queries_parse(q in query_text()) {
        let a = crate::search::parse(&q);
        let b = crate::search::parse(&q);
        prop_assert_eq!(a.is_ok(), b.is_ok());
        if let Ok(query) = a {
            prop_assert!(query.refines(&query));
            for c in &query.clauses {
                if let crate::search::Clause::Text { needle, .. } = c {
                    prop_assert_eq!(&crate::search::fold::fold(needle), needle);
                }
            }
        }
    }

    /// The archive search finds an article by any word of its text, and its first match
    /// lies in the article's search text.
    #[test]
    fn generated_search_finds_what_is_written(
        paras in prop::collection::vec(article_text(), 1..4),
        pick in 0usize..1000,
        len in 1usize..6,
    ) {
        let a = article("标题", &paras);
        let text = a.search_text();
        let words: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || "\"“”-:".contains(c))
            .filter(|w| !w.is_empty())
            .collect();
        prop_assume!(!words.is_empty());
        let word = words[pick % words.len()];
        let term: String = word.chars().take(len).collect();
        let mut corpus = crate::search::Corpus::default();
        corpus.set(0, &a);
        let q = crate::search::parse(&term);
        prop_assume!(q.is_ok());
        let hits = corpus.search(&q.unwrap(), None, dict(), Some(40), &|| false).unwrap();
        prop_assert_eq!(hits.len(), 1, "{:?} not found in {:?}", term, text);
        let (s, e) = hits[0].first;
        prop_assert!(s <= e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e));
    }
}
