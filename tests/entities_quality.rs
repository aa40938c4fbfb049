//! Precision and recall of the money and company detectors on a labelled set written for
//! wxr (`tests/fixtures/entities_gold.txt`): money P ≥ 0.97, R ≥ 0.95; companies P ≥ 0.9,
//! R ≥ 0.85. The figures are printed (`cargo test --test entities_quality -- --nocapture`).

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::collections::BTreeSet;
use wxr::highlight::company::{Dictionary, by_suffix};
use wxr::highlight::detect_money;

/// Byte spans `(start, end)` in a passage.
type Spans = BTreeSet<(usize, usize)>;

/// Strips the 【】 and 〖〗 marks, returning the text and the gold spans of each kind.
fn parse(line: &str) -> (String, Spans, Spans) {
    let mut text = String::new();
    let (mut money, mut companies) = (BTreeSet::new(), BTreeSet::new());
    let mut open_m = None;
    let mut open_c = None;
    for c in line.chars() {
        match c {
            '【' => open_m = Some(text.len()),
            '】' => {
                money.insert((open_m.take().unwrap(), text.len()));
            }
            '〖' => open_c = Some(text.len()),
            '〗' => {
                companies.insert((open_c.take().unwrap(), text.len()));
            }
            c => text.push(c),
        }
    }
    (text, money, companies)
}

fn score(found: usize, right: usize, gold: usize) -> (f64, f64) {
    let p = if found == 0 {
        1.0
    } else {
        right as f64 / found as f64
    };
    let r = if gold == 0 {
        1.0
    } else {
        right as f64 / gold as f64
    };
    (p, r)
}

#[test]
fn precision_and_recall_on_the_labelled_set() {
    let gold = include_str!("fixtures/entities_gold.txt");
    let dict = Dictionary::builtin();
    let (mut mf, mut mr, mut mg) = (0, 0, 0);
    let (mut cf, mut cr, mut cg) = (0, 0, 0);
    let mut misses = Vec::new();
    let mut passages = 0;
    for line in gold
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        passages += 1;
        let (text, money, companies) = parse(line);
        let found_m: BTreeSet<(usize, usize)> = detect_money(&text)
            .into_iter()
            .map(|m| (m.range.start, m.range.end))
            .collect();
        let mut found_c: BTreeSet<(usize, usize)> = dict
            .detect(&text)
            .into_iter()
            .map(|m| (m.range.start, m.range.end))
            .collect();
        for r in by_suffix(&text) {
            if !found_c.iter().any(|f| f.0 < r.end && r.start < f.1) {
                found_c.insert((r.start, r.end));
            }
        }
        mf += found_m.len();
        mg += money.len();
        mr += found_m.intersection(&money).count();
        cf += found_c.len();
        cg += companies.len();
        cr += found_c.intersection(&companies).count();
        for r in found_m.symmetric_difference(&money) {
            misses.push(format!(
                "money {}: {:?}",
                if money.contains(r) { "missed" } else { "wrong" },
                &text[r.0..r.1]
            ));
        }
        for r in found_c.symmetric_difference(&companies) {
            misses.push(format!(
                "company {}: {:?}",
                if companies.contains(r) {
                    "missed"
                } else {
                    "wrong"
                },
                &text[r.0..r.1]
            ));
        }
    }
    let (mp, mrc) = score(mf, mr, mg);
    let (cp, crc) = score(cf, cr, cg);
    println!(
        "{passages} passages; money P {mp:.3} R {mrc:.3} ({mg} gold); companies P {cp:.3} R {crc:.3} ({cg} gold)"
    );
    for m in &misses {
        println!("  {m}");
    }
    assert!(passages >= 40);
    assert!(
        mp >= 0.97 && mrc >= 0.95,
        "money P {mp:.3} R {mrc:.3}: {misses:#?}"
    );
    assert!(
        cp >= 0.9 && crc >= 0.85,
        "companies P {cp:.3} R {crc:.3}: {misses:#?}"
    );
}
