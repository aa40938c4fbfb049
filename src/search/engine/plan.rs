//! A query ready to run over one article: its clauses with their matchers, the companies a
//! `company:` clause names, metadata checked before the text is read.

use super::{Doc, Hit};
use crate::highlight::company::Dictionary;
use crate::model::Article;
use crate::search::matcher::Matcher;
use crate::search::query::{Clause, Field, Query};
use std::sync::Arc;

/// A query ready to run: its clauses with their matchers.
pub(super) struct Plan<'q> {
    q: &'q Query,
    /// Per clause, the matcher of its term (text clauses searched in the text).
    matchers: Vec<Option<Matcher>>,
    /// Per `company:` clause, the companies it names and a matcher per name of theirs.
    companies: Vec<Option<(Vec<usize>, Vec<Matcher>)>>,
    dict: &'q Dictionary,
    /// Only companies (and read marks): the count is their mentions.
    only_companies: bool,
}

impl<'q> Plan<'q> {
    pub(super) fn new(q: &'q Query, dict: &'q Dictionary) -> Plan<'q> {
        let matchers = q
            .clauses
            .iter()
            .map(|c| match c {
                Clause::Text {
                    field: Field::Any,
                    needle,
                    ..
                } => Some(Matcher::new(needle)),
                _ => None,
            })
            .collect();
        let companies = q
            .clauses
            .iter()
            .map(|c| match c {
                Clause::Company { name, .. } => {
                    let ids = named(dict, name);
                    let names = if ids.is_empty() {
                        // A company the dictionary does not know (found by its suffix or
                        // short name): articles naming its proper name.
                        vec![Matcher::new(&unlisted_core(name))]
                    } else {
                        ids.iter()
                            .flat_map(|&i| dict.names(i))
                            .map(Matcher::new)
                            .collect()
                    };
                    Some((ids, names))
                }
                _ => None,
            })
            .collect();
        let only_companies = q
            .clauses
            .iter()
            .any(|c| matches!(c, Clause::Company { .. }))
            && q.clauses
                .iter()
                .all(|c| matches!(c, Clause::Company { .. } | Clause::Read(_)));
        Plan {
            q,
            matchers,
            companies,
            dict,
            only_companies,
        }
    }

    /// Whether anything needs the article's text.
    pub(super) fn needs_text(&self) -> bool {
        self.q.clauses.iter().any(|c| {
            matches!(
                c,
                Clause::Text {
                    field: Field::Any,
                    ..
                } | Clause::Regex { .. }
                    | Clause::Company { .. }
            )
        })
    }

    /// The clauses that look at metadata only.
    pub(super) fn meta_ok(&self, d: &Doc) -> bool {
        self.q.clauses.iter().all(|c| match c {
            Clause::Text {
                field,
                needle,
                negate,
            } => {
                let found = match field {
                    Field::Any => return true,
                    Field::Title => {
                        d.fields().title.contains(needle.as_str()) || pinyin_hit(d, needle)
                    }
                    Field::Account => d.fields().account.contains(needle.as_str()),
                    Field::Author => d.fields().author.contains(needle.as_str()),
                };
                found != *negate
            }
            Clause::Before(x) => !d.date().is_empty() && d.date() < x.as_str(),
            Clause::After(x) => !d.date().is_empty() && d.date() >= x.as_str(),
            Clause::Regex { .. } | Clause::Read(_) | Clause::Company { .. } => true,
        })
    }

    /// Every text clause on `text`; the hit if all hold. `body`: the article with its
    /// blocks, for `company:` clauses (the detector looks at whole blocks).
    pub(super) fn eval(
        &self,
        slot: usize,
        d: &Doc,
        text: &[u8],
        cols: Option<usize>,
        body: impl Fn() -> Result<Arc<Article>, String>,
    ) -> Option<Hit> {
        let mut total = 0u32;
        let mut first: Option<(usize, usize)> = None;
        let mut note = |at: (usize, usize)| {
            if first.is_none_or(|f| at.0 < f.0) {
                first = Some(at);
            }
        };
        let mut mentions = 0u32;
        for (k, c) in self.q.clauses.iter().enumerate() {
            let ok = match c {
                Clause::Text {
                    field: Field::Any,
                    needle,
                    negate,
                } => {
                    let (n, at) = self.matchers[k]
                        .as_ref()
                        .map_or((0, None), |m| m.count(text));
                    if !negate {
                        total += n;
                        if let Some(at) = at {
                            note(at);
                        }
                    }
                    (n > 0 || pinyin_hit(d, needle)) != *negate
                }
                Clause::Regex { re, negate, .. } => {
                    let s = simdutf8::basic::from_utf8(text).unwrap_or("");
                    let mut n = 0;
                    for m in re.find_iter(s) {
                        if n == 0 && !negate {
                            note((m.start(), m.end()));
                        }
                        n += 1;
                    }
                    if !negate {
                        total += n;
                    }
                    (n > 0) != *negate
                }
                Clause::Company { negate, .. } => {
                    let n = match &self.companies[k] {
                        Some((ids, names))
                            if names.iter().any(|m| m.find_at(text, 0).is_some()) =>
                        {
                            match c {
                                Clause::Company { name, .. } if ids.is_empty() => {
                                    self.unlisted_mentions(name, &body)
                                }
                                _ => self.mentions(ids, &body),
                            }
                        }
                        _ => 0,
                    };
                    if !negate {
                        mentions += n;
                    }
                    (n > 0) != *negate
                }
                // Metadata was checked before; read marks are the caller's.
                Clause::Text { .. } | Clause::Before(_) | Clause::After(_) | Clause::Read(_) => {
                    true
                }
            };
            if !ok {
                return None;
            }
        }
        let first = first.unwrap_or((0, 0));
        let snippet = cols.filter(|_| first.1 > first.0).map(|cols| {
            let s = simdutf8::basic::from_utf8(text).unwrap_or("");
            crate::search::snippet::snippet_in(s, first, cols)
        });
        Some(Hit {
            article: slot,
            count: if self.only_companies {
                mentions.max(1)
            } else {
                total.max(1)
            },
            first,
            snippet,
        })
    }

    /// Mentions of a company the dictionary does not know, `name`: those the detector groups
    /// under a name with the same proper name (what the `e` panel lists as one company).
    fn unlisted_mentions(
        &self,
        name: &str,
        body: &dyn Fn() -> Result<Arc<Article>, String>,
    ) -> u32 {
        let Ok(a) = body() else { return 0 };
        let core = unlisted_core(name);
        let n = crate::highlight::company_mentions(&a, self.dict)
            .iter()
            .filter(|e| {
                matches!(e.kind, crate::highlight::EntityKind::Company(None))
                    && e.group.as_deref().is_some_and(|g| unlisted_core(g) == core)
            })
            .count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    /// Mentions of the companies `ids` in the article, by the detector the reader's `e`
    /// panel uses (a doubtful name counts where the article names the company surely).
    fn mentions(&self, ids: &[usize], body: &dyn Fn() -> Result<Arc<Article>, String>) -> u32 {
        let Ok(a) = body() else { return 0 };
        let n = crate::highlight::company_mentions(&a, self.dict)
            .iter()
            .filter(|e| {
                matches!(e.kind, crate::highlight::EntityKind::Company(Some(c)) if ids.contains(&c))
            })
            .count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }
}

/// The proper name of a company the dictionary does not know (`佳士` for `佳士科技`,
/// `深圳市佳士科技股份有限公司` or `佳士`): what the article's mentions of it share.
fn unlisted_core(name: &str) -> String {
    let name = name.trim();
    crate::highlight::company::article::core_of(name, &(0..name.len()))
}

pub(super) fn pinyin_hit(d: &Doc, needle: &str) -> bool {
    needle.len() >= 2 && needle.bytes().all(|c| c.is_ascii_lowercase()) && {
        let (full, initials) = d.pinyin();
        full.contains(needle) || initials.contains(needle)
    }
}

/// The companies `name` names: any the detector finds in it, and those whose Chinese or
/// English name it is.
pub fn named(dict: &Dictionary, name: &str) -> Vec<usize> {
    let lower = name.trim().to_lowercase();
    let mut ids: Vec<usize> = dict.detect(name).iter().map(|m| m.company).collect();
    ids.extend(dict.companies.iter().enumerate().filter_map(|(i, c)| {
        (c.canonical.to_lowercase() == lower || c.english.to_lowercase() == lower).then_some(i)
    }));
    ids.sort_unstable();
    ids.dedup();
    ids
}
