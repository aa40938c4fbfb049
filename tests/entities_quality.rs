//! Precision and recall of the money and company detectors on a labelled set written for
//! wxr (`tests/fixtures/entities_gold.txt`, one passage a line, each read as an article of
//! one paragraph): money P ≥ 0.97, R ≥ 0.95; companies P ≥ 0.9, R ≥ 0.85, reported per layer
//! of the company detector. Real articles: `tests/real_entities.rs`. The figures are printed
//! (`cargo test --test entities_quality -- --nocapture`).

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::collections::BTreeSet;
use wxr::highlight::company::Dictionary;
use wxr::highlight::{EntityKind, Layers, entities_with};
use wxr::model::{Article, Block, Format};

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

/// The passage as an article of one paragraph (the article-wide layers see just it).
fn article(text: &str) -> Article {
    let mut a = wxr::archive::blank_article(std::path::Path::new("/p.md"), Format::Markdown);
    a.blocks = vec![Block::paragraph(text)];
    a
}

const LAYERS: [(&str, Layers); 4] = Layers::STEPS;

#[test]
fn precision_and_recall_on_the_labelled_set() {
    let gold = include_str!("fixtures/entities_gold.txt");
    let dict = Dictionary::builtin();
    let (mut mf, mut mr, mut mg) = (0, 0, 0);
    let mut layers = [(0, 0, 0); 4];
    let mut misses = Vec::new();
    let mut passages = 0;
    for line in gold
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        passages += 1;
        let (text, money, companies) = parse(line);
        let a = article(&text);
        for (k, (_, l)) in LAYERS.iter().enumerate() {
            let es = entities_with(&a, &dict, *l);
            let spans = |money: bool| -> Spans {
                es.iter()
                    .filter(|e| matches!(e.kind, EntityKind::Money(_)) == money)
                    .map(|e| (e.range.start, e.range.end))
                    .collect()
            };
            let found_c = spans(false);
            layers[k].0 += found_c.len();
            layers[k].1 += found_c.intersection(&companies).count();
            layers[k].2 += companies.len();
            if k < 3 {
                continue;
            }
            let found_m = spans(true);
            mf += found_m.len();
            mg += money.len();
            mr += found_m.intersection(&money).count();
            for (kind, found, gold) in [
                ("money", &found_m, &money),
                ("company", &found_c, &companies),
            ] {
                for r in found.symmetric_difference(gold) {
                    let how = if gold.contains(r) { "missed" } else { "wrong" };
                    misses.push(format!("{kind} {how}: {:?}", &text[r.0..r.1]));
                }
            }
        }
    }
    let (mp, mrc) = score(mf, mr, mg);
    println!("{passages} passages; money P {mp:.3} R {mrc:.3} ({mg} gold)");
    for ((name, _), (f, r, g)) in LAYERS.iter().zip(layers) {
        let (p, rc) = score(f, r, g);
        println!("companies, {name:<22} P {p:.3} R {rc:.3} (found {f}, right {r}, labelled {g})");
    }
    for m in &misses {
        println!("  {m}");
    }
    let (cp, crc) = score(layers[3].0, layers[3].1, layers[3].2);
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
