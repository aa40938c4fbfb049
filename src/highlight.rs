//! Entities in article text: money amounts (and, later, company names), as byte ranges with
//! normalized values. Must not import ratatui or crossterm.

pub mod company;
pub mod money;
pub mod words;

pub use money::{Money, Qualifier, Value, detect_money};

use crate::layout::RowSource;
use crate::model::Article;
use std::ops::Range;

/// What an entity span is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntityKind {
    Money(Money),
    /// Index into [`company::Dictionary::companies`]; `None` for a name found by its suffix.
    Company(Option<usize>),
}

/// An entity in an article: where (title or block), its byte range there, and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub source: RowSource,
    pub range: Range<usize>,
    pub kind: EntityKind,
    /// For a company the dictionary does not know: the name its mentions are grouped under
    /// in this article (`佳士科技` for `深圳市佳士科技股份有限公司`, `佳士` and `佳士电器`:
    /// the form written most often, the longest of equals).
    pub group: Option<String>,
}

/// Groups the article's companies found without the dictionary by the proper name they
/// share (`keys`: each one's key, in `out`'s order of such entities), naming each group by
/// its most written form.
fn name_groups(
    out: &mut [Entity],
    texts: &[&str],
    keys: &std::collections::HashMap<(usize, usize), String>,
) {
    use std::collections::HashMap;
    let index = |s: &RowSource| match s {
        RowSource::Block(b) => b + 1,
        _ => 0,
    };
    let mut forms: HashMap<String, HashMap<&str, usize>> = HashMap::new();
    for e in out.iter() {
        if let Some(k) = keys.get(&(index(&e.source), e.range.start)) {
            let form = &texts[index(&e.source)][e.range.clone()];
            *forms.entry(k.clone()).or_default().entry(form).or_default() += 1;
        }
    }
    let names: HashMap<String, String> = forms
        .into_iter()
        .map(|(k, f)| {
            let best = f
                .into_iter()
                .max_by_key(|(form, n)| (*n, form.len()))
                .map_or_else(|| k.clone(), |(form, _)| form.to_string());
            (k, best)
        })
        .collect();
    for e in out.iter_mut() {
        if let Some(k) = keys.get(&(index(&e.source), e.range.start)) {
            e.group = names.get(k).cloned();
        }
    }
}

/// Legal suffixes that belong to the dictionary name before them, longest first.
const LEGAL: &[&str] = &[
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "股份公司",
    "总公司",
    "公司",
    "集团",
];

/// Which layers of the company detector run (all of them in the reader and the commands;
/// the quality tests measure each one's share).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layers {
    /// Names by their legal or bare suffix (`…有限公司`, `佳士公司`).
    pub suffix: bool,
    /// Short names and doubtful names of a company the article names surely.
    pub short_names: bool,
    /// Latin names the dictionary does not know, with a cue once in the article.
    pub latin: bool,
}

impl Layers {
    pub const ALL: Layers = Layers {
        suffix: true,
        short_names: true,
        latin: true,
    };
    /// The dictionary alone.
    pub const DICTIONARY: Layers = Layers {
        suffix: false,
        short_names: false,
        latin: false,
    };
    /// The layers added one by one, named: what the quality tests report.
    pub const STEPS: [(&'static str, Layers); 4] = [
        ("dictionary", Layers::DICTIONARY),
        (
            "+ suffix",
            Layers {
                suffix: true,
                short_names: false,
                latin: false,
            },
        ),
        (
            "+ short names",
            Layers {
                suffix: true,
                short_names: true,
                latin: false,
            },
        ),
        ("+ Latin with evidence", Layers::ALL),
    ];
}

/// Every money amount and company name in an article's title and blocks, in reading order.
/// Where a company name and an amount overlap, the amount wins (`软银` inside no amount, but
/// `美元` never becomes a company).
pub fn entities(a: &Article, dict: &company::Dictionary) -> Vec<Entity> {
    entities_with(a, dict, Layers::ALL)
}

/// The company mentions of [`entities`] alone (no amounts looked for: a `company:` search).
pub fn company_mentions(a: &Article, dict: &company::Dictionary) -> Vec<Entity> {
    detect(a, dict, Layers::ALL, false)
}

/// [`entities`] with only some layers of the company detector.
pub fn entities_with(a: &Article, dict: &company::Dictionary, layers: Layers) -> Vec<Entity> {
    detect(a, dict, layers, true)
}

fn detect(a: &Article, dict: &company::Dictionary, layers: Layers, money: bool) -> Vec<Entity> {
    use company::article::Spot;
    crate::guard::failpoint("entities");
    let sources: Vec<RowSource> = std::iter::once(RowSource::Title)
        .chain((0..a.blocks.len()).map(RowSource::Block))
        .collect();
    let texts: Vec<&str> = std::iter::once(a.title.as_str())
        .chain(a.blocks.iter().map(|b| b.text.as_str()))
        .collect();
    let mut out: Vec<Entity> = Vec::new();
    // What is taken, as spots, for the article-wide layers.
    let mut taken: Vec<Spot> = Vec::new();
    let mut suffixed: Vec<Spot> = Vec::new();
    let mut doubtful: Vec<(usize, company::Mention)> = Vec::new();
    let mut sure_companies = std::collections::HashSet::new();
    // Companies found without the dictionary: (text, start) → the proper name they share.
    let mut keys: std::collections::HashMap<(usize, usize), String> =
        std::collections::HashMap::new();
    let overlaps = |r: &Range<usize>, i: usize, v: &[Spot]| {
        v.iter()
            .any(|o| o.text == i && o.range.start < r.end && r.start < o.range.end)
    };
    for (i, text) in texts.iter().enumerate() {
        let mut push = |range: Range<usize>, kind: EntityKind, taken: &mut Vec<Spot>| {
            taken.push(Spot {
                text: i,
                range: range.clone(),
            });
            out.push(Entity {
                source: sources[i],
                range,
                kind,
                group: None,
            });
        };
        if money {
            for m in detect_money(text) {
                push(m.range.clone(), EntityKind::Money(m), &mut taken);
            }
        }
        let by_suffix = if layers.suffix {
            company::by_suffix(text)
        } else {
            Vec::new()
        };
        // A registered name read back from its legal form is longer than a dictionary name
        // inside it, and another company (`北京神华天泓贸易有限公司` is not 神华).
        let registered: Vec<Range<usize>> = by_suffix
            .iter()
            .filter(|r| LEGAL[..3].iter().any(|l| text[(*r).clone()].ends_with(l)))
            .cloned()
            .collect();
        let (sure, rejected) = dict.detect_doubtful(text);
        for mut m in sure {
            // The legal suffix written after a name is part of it (`国家电网公司`).
            if let Some(k) = LEGAL.iter().find(|k| text[m.range.end..].starts_with(**k)) {
                m.range.end += k.len();
            }
            let inside = registered.iter().any(|r| {
                r.start <= m.range.start && m.range.end <= r.end && r.len() > m.range.len()
            });
            if !inside && !overlaps(&m.range, i, &taken) {
                sure_companies.insert(m.company);
                push(m.range, EntityKind::Company(Some(m.company)), &mut taken);
            }
        }
        doubtful.extend(rejected.into_iter().map(|m| (i, m)));
        {
            for r in by_suffix {
                if !overlaps(&r, i, &taken) {
                    keys.insert((i, r.start), company::article::core_of(text, &r));
                    suffixed.push(Spot {
                        text: i,
                        range: r.clone(),
                    });
                    push(r, EntityKind::Company(None), &mut taken);
                }
            }
        }
    }
    let mut late: Vec<(usize, Range<usize>, EntityKind)> = Vec::new();
    if layers.short_names {
        for (i, m) in doubtful {
            if sure_companies.contains(&m.company) && !overlaps(&m.range, i, &taken) {
                taken.push(Spot {
                    text: i,
                    range: m.range.clone(),
                });
                late.push((i, m.range, EntityKind::Company(Some(m.company))));
            }
        }
        for (s, core) in company::article::short_names(&texts, &suffixed, &taken) {
            keys.insert((s.text, s.range.start), core);
            late.push((s.text, s.range.clone(), EntityKind::Company(None)));
            taken.push(s);
        }
    }
    if layers.latin {
        for mut s in company::article::latin_names(&texts, dict, &taken) {
            keys.insert(
                (s.text, s.range.start),
                texts[s.text][s.range.clone()].to_string(),
            );
            // `Tengxun公司`: the legal suffix is part of the name, as for dictionary names.
            // Not when the suffix begins another company's name (`…OpenAI集团软银股份有限公司`).
            let text = texts[s.text];
            if let Some(k) = LEGAL.iter().find(|k| text[s.range.end..].starts_with(**k))
                && !overlaps(&(s.range.end..s.range.end + k.len()), s.text, &taken)
            {
                s.range.end += k.len();
            }
            late.push((s.text, s.range.clone(), EntityKind::Company(None)));
            taken.push(s);
        }
    }
    out.extend(late.into_iter().map(|(i, range, kind)| Entity {
        source: sources[i],
        range,
        kind,
        group: None,
    }));
    name_groups(&mut out, &texts, &keys);
    let order = |s: &RowSource| match s {
        RowSource::Title => 0,
        RowSource::Block(b) => b + 1,
        _ => usize::MAX,
    };
    out.sort_by_key(|e| (order(&e.source), e.range.start));
    // No two entities share a byte: of overlapping ones the first stays (a layer's bug must
    // not draw one character twice).
    let mut end: Option<(usize, usize)> = None;
    out.retain(|e| {
        let at = (order(&e.source), e.range.start);
        if end.is_some_and(|last| at < last) {
            return false;
        }
        end = Some((order(&e.source), e.range.end));
        true
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_entities_in_reading_order() {
        let (arts, _, _) = crate::archive::load_all(&crate::archive::Source::Sample);
        let seed = arts
            .iter()
            .find(|a| a.title.starts_with("OpenAI祭出"))
            .unwrap();
        let dict = company::Dictionary::builtin();
        let es = entities(seed, &dict);
        let text = |e: &Entity| -> String {
            match e.source {
                RowSource::Title => seed.title[e.range.clone()].to_string(),
                RowSource::Block(i) => seed.blocks[i].text[e.range.clone()].to_string(),
                _ => String::new(),
            }
        };
        let money: Vec<String> = es
            .iter()
            .filter(|e| matches!(e.kind, EntityKind::Money(_)))
            .map(text)
            .collect();
        assert_eq!(money[..3], ["200亿美元", "10亿美元", "30亿美元"]);
        assert!(money.contains(&"数十亿美元".to_string()));
        let companies: Vec<String> = es
            .iter()
            .filter(|e| matches!(e.kind, EntityKind::Company(_)))
            .map(text)
            .collect();
        assert_eq!(companies[..2], ["OpenAI", "微软"]);
        assert!(
            companies.contains(&"甲骨文".to_string())
                && companies.contains(&"CoreWeave".to_string())
        );
        assert!(
            !companies.contains(&"ChatGPT".to_string())
                && !companies.contains(&"Azure".to_string())
        );
    }

    /// Found by the property test of whole articles: a Latin name's legal suffix that begins
    /// a registered name took its first characters twice.
    #[test]
    fn a_suffix_that_begins_another_name_is_not_taken_twice() {
        let mut a = crate::archive::blank_article(
            std::path::Path::new("/a.md"),
            crate::model::Format::Markdown,
        );
        a.title = "NVIDIAOpenAI集团软银股份有限公司".into();
        let es = entities(&a, &company::Dictionary::builtin());
        for w in es.windows(2) {
            assert!(w[0].range.end <= w[1].range.start, "{es:?}");
        }
    }

    #[test]
    fn a_company_missing_from_the_dictionary_is_one_group() {
        let mut a = crate::archive::blank_article(
            std::path::Path::new("/a.md"),
            crate::model::Format::Markdown,
        );
        a.title = "佳士科技的工人".into();
        a.blocks = vec![
            crate::model::Block::paragraph("深圳市佳士科技股份有限公司成立于2005年。"),
            crate::model::Block::paragraph(
                "佳士的工人说，佳士科技的车间很热，佳士电器是它的旧名。",
            ),
        ];
        let es = entities(&a, &company::Dictionary::builtin());
        let groups: Vec<&str> = es.iter().filter_map(|e| e.group.as_deref()).collect();
        assert_eq!(groups.len(), 5, "{es:?}");
        assert!(groups.iter().all(|g| *g == "佳士科技"), "{groups:?}");
    }
}
