//! The detectors on real articles nobody here wrote (issue 14): 43 whole articles of
//! `../shared/corpus/` (every folder), every money amount and company mention labelled by
//! hand in `tests/fixtures/real_entities.tsv` (labels and quoted spans, not the articles).
//! The articles are read in place; CI has `../shared/` beside the checkout, elsewhere the
//! test says so and skips. `WXR_SHARED` points at another `shared` folder.
//!
//! Money and companies are scored per article as multisets of (span text, count): a found
//! span is right as often as the labels hold it. Money values are checked on the right
//! spans: exact amounts and ranges to the unit, `N+` by the lower bound, vague ones (`~`)
//! by currency only. Companies are scored per layer, cumulatively (dictionary; + suffix; +
//! short names; + Latin names with evidence). Figures:
//! `cargo test --test real_entities -- --nocapture`.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::collections::BTreeMap;
use std::path::PathBuf;
use wxr::archive::{Source, load_all};
use wxr::highlight::company::Dictionary;
use wxr::highlight::{EntityKind, Layers, entities_with};
use wxr::layout::RowSource;
use wxr::model::Article;

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("WXR_SHARED").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"),
        PathBuf::from,
    );
    let c = dir.join("corpus");
    if c.is_dir() {
        Some(c)
    } else {
        eprintln!(
            "note: {} is absent: the real-text labelled set is not checked",
            c.display()
        );
        None
    }
}

#[derive(Default)]
struct Gold {
    /// Span → (count, value, currency).
    money: BTreeMap<String, (usize, String, String)>,
    companies: BTreeMap<String, usize>,
}

fn gold(file: &str) -> BTreeMap<String, Gold> {
    let mut out: BTreeMap<String, Gold> = BTreeMap::new();
    for line in file.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let g = out.entry(f[0].to_string()).or_default();
        match f[1] {
            "none" => {}
            "company" => {
                *g.companies.entry(f[2].to_string()).or_default() += f[3].parse::<usize>().unwrap();
            }
            "money" => {
                let e = g.money.entry(f[2].to_string()).or_insert((
                    0,
                    f[4].to_string(),
                    f[5].to_string(),
                ));
                e.0 += f[3].parse::<usize>().unwrap();
            }
            k => panic!("unknown kind {k:?} in {line:?}"),
        }
    }
    out
}

/// Found, right, labelled.
#[derive(Default, Clone, Copy)]
struct Tally {
    found: usize,
    right: usize,
    gold: usize,
}

impl Tally {
    fn add(&mut self, found: &BTreeMap<String, usize>, gold: &BTreeMap<String, usize>) {
        self.found += found.values().sum::<usize>();
        self.gold += gold.values().sum::<usize>();
        self.right += found
            .iter()
            .map(|(k, n)| (*n).min(gold.get(k).copied().unwrap_or(0)))
            .sum::<usize>();
    }
    fn p(self) -> f64 {
        if self.found == 0 {
            1.0
        } else {
            self.right as f64 / self.found as f64
        }
    }
    fn r(self) -> f64 {
        if self.gold == 0 {
            1.0
        } else {
            self.right as f64 / self.gold as f64
        }
    }
}

fn text_of(a: &Article, s: RowSource) -> &str {
    match s {
        RowSource::Title => &a.title,
        RowSource::Block(i) => &a.blocks[i].text,
        _ => "",
    }
}

/// Whether a found amount's value agrees with the label.
fn value_right(m: &wxr::highlight::Money, value: &str, currency: &str) -> bool {
    if currency != "?" && m.currency != currency {
        return false;
    }
    let (low, high) = (m.low.to_string(), m.high.to_string());
    if value == "~" {
        true
    } else if let Some(n) = value.strip_suffix('+') {
        low == n
    } else if let Some((l, h)) = value.split_once("..") {
        low == l && high == h
    } else {
        low == value && high == value
    }
}

const LAYERS: [(&str, Layers); 4] = Layers::STEPS;

/// The figures of one labelled set.
#[derive(Default)]
struct Scores {
    articles: usize,
    money: Tally,
    /// Amounts found at a labelled span, and of those with the labelled value.
    values: (usize, usize),
    layers: [Tally; 4],
    report: Vec<String>,
}

impl Scores {
    fn plus(&self, o: &Scores) -> Scores {
        let add = |a: Tally, b: Tally| Tally {
            found: a.found + b.found,
            right: a.right + b.right,
            gold: a.gold + b.gold,
        };
        Scores {
            articles: self.articles + o.articles,
            money: add(self.money, o.money),
            values: (self.values.0 + o.values.0, self.values.1 + o.values.1),
            layers: std::array::from_fn(|k| add(self.layers[k], o.layers[k])),
            report: Vec::new(),
        }
    }

    fn print(&self, name: &str) {
        println!(
            "{name}: {} real articles; money P {:.3} R {:.3} ({} labelled), values right {}/{}",
            self.articles,
            self.money.p(),
            self.money.r(),
            self.money.gold,
            self.values.0,
            self.values.1
        );
        for ((layer, _), t) in LAYERS.iter().zip(self.layers) {
            println!(
                "  companies, {layer:<22} P {:.3} R {:.3} (found {}, right {}, labelled {})",
                t.p(),
                t.r(),
                t.found,
                t.right,
                t.gold
            );
        }
    }
}

fn score(gold: &BTreeMap<String, Gold>, corpus: &std::path::Path, dict: &Dictionary) -> Scores {
    let mut sc = Scores {
        articles: gold.len(),
        ..Scores::default()
    };
    for (path, g) in gold {
        let (arts, _, _) = load_all(&Source::Paths(vec![corpus.join(path)]));
        assert_eq!(arts.len(), 1, "{path}: {} articles", arts.len());
        let a = &arts[0];
        for (k, (_, l)) in LAYERS.iter().enumerate() {
            let mut found_c: BTreeMap<String, usize> = BTreeMap::new();
            let mut found_m: BTreeMap<String, usize> = BTreeMap::new();
            for e in entities_with(a, dict, *l) {
                let span = text_of(a, e.source)[e.range.clone()].to_string();
                match &e.kind {
                    EntityKind::Company(_) => *found_c.entry(span).or_default() += 1,
                    EntityKind::Money(m) if k == 3 => {
                        if let Some((_, v, c)) = g.money.get(&span) {
                            sc.values.1 += 1;
                            if value_right(m, v, c) {
                                sc.values.0 += 1;
                            } else {
                                sc.report.push(format!(
                                    "{path}: money value {span:?}: {} {}..{} (label {v} {c})",
                                    m.currency, m.low, m.high
                                ));
                            }
                        }
                        *found_m.entry(span).or_default() += 1;
                    }
                    EntityKind::Money(_) => {}
                }
            }
            sc.layers[k].add(&found_c, &g.companies);
            if k == 3 {
                let gm: BTreeMap<String, usize> = g
                    .money
                    .iter()
                    .map(|(s, (n, _, _))| (s.clone(), *n))
                    .collect();
                sc.money.add(&found_m, &gm);
                diff(&mut sc.report, path, "money", &found_m, &gm);
                diff(&mut sc.report, path, "company", &found_c, &g.companies);
            }
        }
    }
    sc
}

#[test]
fn precision_and_recall_on_real_articles() {
    let Some(corpus) = corpus() else { return };
    let tuning = gold(include_str!("fixtures/real_entities.tsv"));
    let held_out = gold(include_str!("fixtures/real_entities_heldout.tsv"));
    assert!(
        tuning.keys().all(|k| !held_out.contains_key(k)),
        "an article in both sets"
    );
    for folder in [
        "gefei_mp_export",
        "terminus2049_posts",
        "wechat-article-exporter_samples",
    ] {
        assert!(
            tuning.keys().any(|k| k.starts_with(folder)),
            "no article of {folder}"
        );
    }
    let dict = Dictionary::builtin();
    let t = score(&tuning, &corpus, &dict);
    let h = score(&held_out, &corpus, &dict);
    for r in t.report.iter().chain(&h.report) {
        println!("  {r}");
    }
    t.print("tuning set");
    h.print("held out");
    let all = t.plus(&h);
    all.print("both");
    assert!(all.articles >= 40, "{} articles labelled", all.articles);
    let (m, c) = (all.money, all.layers[3]);
    assert!(
        m.p() >= 0.97 && m.r() >= 0.97,
        "money P {:.3} R {:.3}",
        m.p(),
        m.r()
    );
    assert_eq!(all.values.0, all.values.1, "money values wrong");
    assert!(
        c.p() >= 0.92 && c.r() >= 0.90,
        "companies P {:.3} R {:.3}",
        c.p(),
        c.r()
    );
}

fn diff(
    report: &mut Vec<String>,
    path: &str,
    kind: &str,
    found: &BTreeMap<String, usize>,
    gold: &BTreeMap<String, usize>,
) {
    for (s, n) in found {
        let g = gold.get(s).copied().unwrap_or(0);
        if *n > g {
            report.push(format!("{path}: {kind} wrong {s:?} ×{}", n - g));
        }
    }
    for (s, n) in gold {
        let f = found.get(s).copied().unwrap_or(0);
        if *n > f {
            report.push(format!("{path}: {kind} missed {s:?} ×{}", n - f));
        }
    }
}
