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
}

/// Every money amount and company name in an article's title and blocks, in reading order.
/// Where a company name and an amount overlap, the amount wins (`软银` inside no amount, but
/// `美元` never becomes a company).
pub fn entities(a: &Article, dict: &company::Dictionary) -> Vec<Entity> {
    crate::guard::failpoint("entities");
    let texts = std::iter::once((RowSource::Title, a.title.as_str())).chain(
        a.blocks
            .iter()
            .enumerate()
            .map(|(i, b)| (RowSource::Block(i), b.text.as_str())),
    );
    let mut out = Vec::new();
    for (source, text) in texts {
        let mut here: Vec<Entity> = detect_money(text)
            .into_iter()
            .map(|m| Entity {
                source,
                range: m.range.clone(),
                kind: EntityKind::Money(m),
            })
            .collect();
        let overlaps = |r: &Range<usize>, v: &[Entity]| {
            v.iter()
                .any(|e| e.range.start < r.end && r.start < e.range.end)
        };
        for m in dict.detect(text) {
            if !overlaps(&m.range, &here) {
                here.push(Entity {
                    source,
                    range: m.range,
                    kind: EntityKind::Company(Some(m.company)),
                });
            }
        }
        for r in company::by_suffix(text) {
            if !overlaps(&r, &here) {
                here.push(Entity {
                    source,
                    range: r,
                    kind: EntityKind::Company(None),
                });
            }
        }
        here.sort_by_key(|e| e.range.start);
        out.extend(here);
    }
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
}
