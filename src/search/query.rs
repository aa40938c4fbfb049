//! The query language. Terms are AND-ed; `"a phrase"` keeps its spaces; `-term` excludes;
//! `title:` `account:` `author:` look in one field; `is:unread` / `is:read`; `before:DATE`
//! / `after:DATE` (`2024`, `2024-07`, `2024-07-05`; before is exclusive, after inclusive);
//! `re:PATTERN` is a regular expression. Matching folds Latin case and full-width forms.

use super::fold::fold;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Any,
    Title,
    Account,
    Author,
}

#[derive(Debug, Clone)]
pub enum Clause {
    /// A folded literal. In `Any` and `Title`, an all-letters needle also matches the
    /// title's pinyin (full syllables or initials).
    Text {
        field: Field,
        needle: String,
        negate: bool,
    },
    Regex {
        re: regex::Regex,
        source: String,
        negate: bool,
    },
    /// `is:read` (true) / `is:unread` (false).
    Read(bool),
    /// `company:NAME`: articles that mention the company (any of its names), by the
    /// company detector.
    Company {
        name: String,
        negate: bool,
    },
    /// Dates compare as `YYYY-MM-DD HH:MM` strings against a prefix.
    Before(String),
    After(String),
}

impl Clause {
    /// What identifies a clause (a compiled regex compares by its source).
    fn key(&self) -> (u8, Option<Field>, &str, bool) {
        match self {
            Clause::Text {
                field,
                needle,
                negate,
            } => (0, Some(*field), needle, *negate),
            Clause::Regex { source, negate, .. } => (1, None, source, *negate),
            Clause::Read(r) => (2, None, "", *r),
            Clause::Before(d) => (3, None, d, false),
            Clause::After(d) => (4, None, d, false),
            Clause::Company { name, negate } => (5, None, name, *negate),
        }
    }
}

impl PartialEq for Clause {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    pub clauses: Vec<Clause>,
}

impl Query {
    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }

    /// The positive literal terms, for hit counts and highlights.
    pub fn positive_terms(&self) -> impl Iterator<Item = &str> {
        self.clauses.iter().filter_map(|c| match c {
            Clause::Text {
                field: Field::Any,
                needle,
                negate: false,
            } => Some(needle.as_str()),
            _ => None,
        })
    }

    /// The longest positive literal searched everywhere: what a scan looks for first.
    pub fn longest_term(&self) -> Option<&str> {
        self.positive_terms()
            .filter(|t| !t.is_empty())
            .max_by_key(|t| t.len())
    }

    /// Whether every article matching `self` also matches `prev`, so the search can look only
    /// at `prev`'s results: each clause of `prev` is kept or made narrower (a longer positive
    /// literal in the same field).
    pub fn refines(&self, prev: &Query) -> bool {
        prev.clauses.iter().all(|p| {
            self.clauses.iter().any(|c| {
                c == p
                    || matches!((c, p),
                        (Clause::Text { field: f, needle: n, negate: false },
                         Clause::Text { field: g, needle: m, negate: false })
                        if f == g && n.contains(m.as_str()))
            })
        })
    }
}

/// Splits a query into tokens: whitespace (also the ideographic space) separates, double
/// quotes (also `“”`) group. An unclosed quote runs to the end.
fn tokens(q: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in q.chars() {
        match c {
            '"' | '“' | '”' => quoted = !quoted,
            c if (c.is_whitespace()) && !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// What is wrong with a query, in words for the search line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("re:{pattern}: {why}")]
    BadRegex { pattern: String, why: String },
    #[error("is:{0}: use is:read or is:unread")]
    BadIs(String),
    #[error("{key}:{value}: a date is 2024, 2024-07 or 2024-07-05")]
    BadDate { key: String, value: String },
    #[error("{key}:{value}: there is no such day")]
    NoSuchDay { key: String, value: String },
}

/// Parses a query. `Err` says what is wrong in words for the search line.
pub fn parse(q: &str) -> Result<Query, QueryError> {
    let mut clauses = Vec::new();
    for tok in tokens(q) {
        let (negate, body) = match tok.strip_prefix('-') {
            Some(rest) if !rest.is_empty() => (true, rest.to_string()),
            _ => (false, tok.clone()),
        };
        let (key, value) = match body.split_once(':') {
            Some((k, v)) if !v.is_empty() && is_key(k) => (k.to_ascii_lowercase(), v.to_string()),
            _ => (String::new(), body.clone()),
        };
        let text = |field| Clause::Text {
            field,
            needle: fold(&value),
            negate,
        };
        let clause = match key.as_str() {
            "" => Clause::Text {
                field: Field::Any,
                needle: fold(&body),
                negate,
            },
            "title" => text(Field::Title),
            "account" => text(Field::Account),
            "author" => text(Field::Author),
            "re" => {
                let re = regex::RegexBuilder::new(&value)
                    .case_insensitive(true)
                    .size_limit(1 << 20)
                    .build()
                    .map_err(|e| QueryError::BadRegex {
                        pattern: value.clone(),
                        why: first_line(&e.to_string()).to_string(),
                    })?;
                Clause::Regex {
                    re,
                    source: value.clone(),
                    negate,
                }
            }
            "is" => match value.to_ascii_lowercase().as_str() {
                "read" => Clause::Read(!negate),
                "unread" => Clause::Read(negate),
                other => return Err(QueryError::BadIs(other.to_string())),
            },
            "before" | "after" => {
                let d = date_prefix(&value).map_err(|no_such_day| {
                    let (key, value) = (key.clone(), value.clone());
                    if no_such_day {
                        QueryError::NoSuchDay { key, value }
                    } else {
                        QueryError::BadDate { key, value }
                    }
                })?;
                if key == "before" {
                    Clause::Before(d)
                } else {
                    Clause::After(d)
                }
            }
            "company" => Clause::Company {
                name: value.clone(),
                negate,
            },
            _ => unreachable!("is_key lists the keys"),
        };
        clauses.push(clause);
    }
    Ok(Query { clauses })
}

fn is_key(k: &str) -> bool {
    matches!(
        k.to_ascii_lowercase().as_str(),
        "title" | "account" | "author" | "re" | "is" | "before" | "after" | "company"
    )
}

fn first_line(s: &str) -> &str {
    s.lines()
        .rfind(|l| !l.trim().is_empty())
        .unwrap_or(s)
        .trim()
}

/// `2024` → `2024`, `2024-7` → `2024-07`, `2024/7/5` → `2024-07-05`. `Err(true)` for a day
/// the month does not have (`2024-02-30`), `Err(false)` for anything else not a date.
fn date_prefix(v: &str) -> Result<String, bool> {
    let parts: Vec<&str> = v.split(['-', '/', '.']).collect();
    let nums: Option<Vec<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
    let nums = nums.ok_or(false)?;
    match nums.as_slice() {
        [y] if (1990..=2100).contains(y) => Ok(format!("{y:04}")),
        [y, m] if (1..=12).contains(m) => Ok(format!("{y:04}-{m:02}")),
        [y, m, d] if (1..=12).contains(m) && *d >= 1 => {
            let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
            let days = match m {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            if *d > days {
                return Err(true);
            }
            Ok(format!("{y:04}-{m:02}-{d:02}"))
        }
        _ => Err(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(q: &Query) -> Vec<(Field, &str, bool)> {
        q.clauses
            .iter()
            .filter_map(|c| match c {
                Clause::Text {
                    field,
                    needle,
                    negate,
                } => Some((*field, needle.as_str(), *negate)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn terms_phrases_negation_and_fields() {
        let q = parse("微软 \"Open AI\" -谷歌 title:软银 account:“科技 边角料”").unwrap();
        assert_eq!(
            texts(&q),
            vec![
                (Field::Any, "微软", false),
                (Field::Any, "open ai", false),
                (Field::Any, "谷歌", true),
                (Field::Title, "软银", false),
                (Field::Account, "科技 边角料", false),
            ]
        );
    }

    #[test]
    fn width_and_case_fold_in_the_query() {
        let q = parse("ＯｐｅｎＡＩ　２０２５").unwrap();
        assert_eq!(
            texts(&q),
            vec![(Field::Any, "openai", false), (Field::Any, "2025", false)]
        );
    }

    #[test]
    fn dates_state_and_regex() {
        let q = parse("is:unread after:2024-7 before:2025 re:\\d+亿").unwrap();
        assert_eq!(q.clauses[0], Clause::Read(false));
        assert_eq!(q.clauses[1], Clause::After("2024-07".into()));
        assert_eq!(q.clauses[2], Clause::Before("2025".into()));
        assert!(matches!(&q.clauses[3], Clause::Regex { source, .. } if source == "\\d+亿"));
        assert_eq!(parse("-is:read").unwrap().clauses[0], Clause::Read(false));
    }

    #[test]
    fn errors_say_what_is_wrong() {
        assert!(parse("re:(").unwrap_err().to_string().starts_with("re:(:"));
        assert!(
            parse("before:yesterday")
                .unwrap_err()
                .to_string()
                .contains("a date is")
        );
        assert!(
            parse("is:maybe")
                .unwrap_err()
                .to_string()
                .contains("is:read")
        );
        // A colon that is not a known key is text.
        assert_eq!(
            texts(&parse("比分3:1").unwrap()),
            vec![(Field::Any, "比分3:1", false)]
        );
    }

    #[test]
    fn typing_more_refines() {
        let a = parse("软").unwrap();
        let b = parse("软银").unwrap();
        let c = parse("软银 融资").unwrap();
        assert!(b.refines(&a) && c.refines(&b) && c.refines(&a));
        assert!(!a.refines(&b));
        assert!(
            !parse("-软银").unwrap().refines(&parse("-软").unwrap()),
            "excluding more is not narrower"
        );
        assert!(parse("x").unwrap().refines(&Query::default()));
    }
}
