//! Which articles mention which company, kept beside the search index (built on the search
//! worker as articles arrive, so the UI never waits for it), and `company:` queries on it.

use super::index::{Hit, Index};
use super::query::{Clause, Query};
use crate::highlight::company::Dictionary;
use crate::model::Article;
use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct CompanyIndex {
    /// Company → article → mentions.
    by_company: HashMap<usize, HashMap<usize, u32>>,
    /// Article → its companies, to take them out when the article is replaced.
    by_article: HashMap<usize, Vec<usize>>,
}

impl CompanyIndex {
    pub fn add(&mut self, i: usize, a: &Article, dict: &Dictionary) {
        self.insert(i, CompanyIndex::counts(a, dict));
    }

    /// Adds many articles, their companies found on two cores (the work of an archive
    /// being opened; the search worker calls this as batches of articles arrive).
    pub fn add_all(&mut self, arts: &[(usize, Article)], dict: &Dictionary) {
        let mid = arts.len() / 2;
        let count = |part: &[(usize, Article)]| -> Vec<(usize, Vec<(usize, u32)>)> {
            part.iter()
                .map(|(i, a)| (*i, CompanyIndex::counts(a, dict)))
                .collect()
        };
        let (first, second) = std::thread::scope(|s| {
            let t = s.spawn(|| count(&arts[mid..]));
            let first = count(&arts[..mid]);
            (first, t.join().unwrap_or_default())
        });
        for (i, c) in first.into_iter().chain(second) {
            self.insert(i, c);
        }
    }

    /// An article's dictionary companies with their mentions. Only the dictionary is asked
    /// (money is not looked for: no company name is part of an amount, and names found by
    /// their suffix have no identity to index). A detector bug in one article leaves that
    /// article out of `company:` searches; the rest are counted.
    pub fn counts(a: &Article, dict: &Dictionary) -> Vec<(usize, u32)> {
        crate::guard::isolate(|| {
            let mut counts: HashMap<usize, u32> = HashMap::new();
            let texts =
                std::iter::once(a.title.as_str()).chain(a.blocks.iter().map(|b| b.text.as_str()));
            for t in texts {
                for m in dict.detect(t) {
                    *counts.entry(m.company).or_default() += 1;
                }
            }
            counts.into_iter().collect()
        })
        .unwrap_or_default()
    }

    fn insert(&mut self, i: usize, counts: Vec<(usize, u32)>) {
        for c in self.by_article.remove(&i).unwrap_or_default() {
            if let Some(m) = self.by_company.get_mut(&c) {
                m.remove(&i);
            }
        }
        self.by_article
            .insert(i, counts.iter().map(|&(c, _)| c).collect());
        for (c, n) in counts {
            self.by_company.entry(c).or_default().insert(i, n);
        }
    }

    /// Articles mentioning any company that `name` names, with their mentions.
    pub fn articles_of(&self, name: &str, dict: &Dictionary) -> HashMap<usize, u32> {
        let lower = name.trim().to_lowercase();
        let mut ids: Vec<usize> = dict.detect(name).iter().map(|m| m.company).collect();
        ids.extend(dict.companies.iter().enumerate().filter_map(|(i, c)| {
            (c.canonical.to_lowercase() == lower || c.english.to_lowercase() == lower).then_some(i)
        }));
        ids.sort_unstable();
        ids.dedup();
        let mut out: HashMap<usize, u32> = HashMap::new();
        for c in ids {
            for (&a, &n) in self.by_company.get(&c).into_iter().flatten() {
                *out.entry(a).or_default() += n;
            }
        }
        out
    }
}

/// Runs a query with its `company:` clauses answered by the company index: they narrow the
/// articles searched; a query of companies alone counts their mentions.
pub fn search(
    index: &Index,
    companies: &CompanyIndex,
    dict: &Dictionary,
    q: &Query,
    within: Option<&[usize]>,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<Hit>> {
    let wanted: Vec<(HashMap<usize, u32>, bool)> = q
        .clauses
        .iter()
        .filter_map(|c| match c {
            Clause::Company { name, negate } => Some((companies.articles_of(name, dict), *negate)),
            _ => None,
        })
        .collect();
    if wanted.is_empty() {
        return index.search(q, within, cancelled);
    }
    let keep = |a: usize| {
        wanted
            .iter()
            .all(|(m, negate)| m.contains_key(&a) != *negate)
    };
    let mentions = |a: usize| {
        wanted
            .iter()
            .filter(|(_, n)| !n)
            .map(|(m, _)| m.get(&a).copied().unwrap_or(0))
            .sum::<u32>()
    };
    let only_companies = q
        .clauses
        .iter()
        .all(|c| matches!(c, Clause::Company { .. } | Clause::Read(_)));
    let positive: Option<Vec<usize>> = wanted
        .iter()
        .find(|(_, n)| !n)
        .map(|(m, _)| m.keys().copied().collect());
    let base: Option<Vec<usize>> = match (within, positive) {
        (Some(w), _) => Some(w.iter().copied().filter(|&a| keep(a)).collect()),
        (None, Some(p)) => Some(p.into_iter().filter(|&a| keep(a)).collect()),
        (None, None) => None,
    };
    let mut hits = index.search(q, base.as_deref(), cancelled)?;
    hits.retain(|h| keep(h.article));
    if only_companies {
        for h in &mut hits {
            h.count = mentions(h.article).max(1);
        }
    }
    Some(hits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::parse;

    #[test]
    fn company_queries_count_mentions_and_combine_with_terms() {
        let (arts, _, _) = crate::archive::load_all(&crate::archive::Source::Sample);
        let dict = Dictionary::builtin();
        let (mut index, mut comp) = (Index::default(), CompanyIndex::default());
        for (i, a) in arts.iter().enumerate() {
            index.add(i, a);
            comp.add(i, a, &dict);
        }
        let run = |q: &str| {
            let mut h = search(&index, &comp, &dict, &parse(q).unwrap(), None, &|| false).unwrap();
            h.sort_by_key(|h| std::cmp::Reverse(h.count));
            h.into_iter()
                .map(|h| {
                    (
                        arts[h.article].title.chars().take(6).collect::<String>(),
                        h.count,
                    )
                })
                .collect::<Vec<_>>()
        };
        let ms = run("company:Microsoft");
        assert_eq!(ms[0], ("OpenAI".to_string(), 29), "{ms:?}");
        assert!(ms.len() >= 3);
        assert_eq!(run("company:微软 反垄断").len(), 1);
        assert!(
            run("company:微软 -company:软银")
                .iter()
                .all(|(t, _)| !t.starts_with("OpenAI"))
        );
        assert!(run("company:没有这家").is_empty());
    }
}
