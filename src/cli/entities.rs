//! `wxr entities`: every money amount and company name of each article, with where it is
//! and its value or company; `--company NAME` lists the articles that name one.

use super::{finish_output, load, report_problems, shown};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

#[derive(Serialize)]
struct EntityOut {
    text: String,
    /// `null` for the title, else the block's index.
    block: Option<usize>,
    start: usize,
    end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    currency: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    low: Option<crate::highlight::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    high: Option<crate::highlight::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    qualifier: Option<crate::highlight::Qualifier>,
    #[serde(skip_serializing_if = "Option::is_none")]
    company: Option<String>,
}

#[derive(Serialize)]
struct ArticleEntities {
    id: String,
    title: String,
    source: String,
    money: Vec<EntityOut>,
    companies: Vec<EntityOut>,
}

/// `wxr entities [PATH...] [--json] [--company NAME]`.
pub fn entities(paths: &[PathBuf], json: bool, company: Option<&str>, no_store: bool) -> i32 {
    use crate::highlight::{EntityKind, entities};
    use crate::layout::RowSource;
    let loaded = load(paths, no_store).sorted();
    report_problems(&loaded.problems);
    for p in crate::companies::shared_problems() {
        eprintln!("wxr: {p}");
    }
    let dict = crate::companies::shared();
    let wanted: Option<Vec<usize>> = company.map(|name| crate::search::engine::named(&dict, name));
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut listed = Vec::new();
    let mut failed = 0;
    for listed_a in &loaded.articles {
        // Its blocks, read from the library store when it came from one.
        let a = match crate::archive::store::body(listed_a) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("wxr: {}: {e}", shown(&listed_a.source));
                failed += 1;
                continue;
            }
        };
        let a = &a;
        // A bug met in one article is reported for it; the others are still listed.
        let es = match crate::guard::isolate(|| entities(a, &dict)) {
            Ok(es) => es,
            Err(f) => {
                eprintln!("wxr: {}: {}: {f}", shown(&a.source), a.title);
                failed += 1;
                continue;
            }
        };
        let text_of = |src: RowSource, r: &std::ops::Range<usize>| match src {
            RowSource::Block(i) => a.blocks[i].text[r.clone()].to_string(),
            _ => a.title[r.clone()].to_string(),
        };
        let block_of = |src: RowSource| match src {
            RowSource::Block(i) => Some(i),
            _ => None,
        };
        let (mut money, mut companies) = (Vec::new(), Vec::new());
        for e in &es {
            let mut o = EntityOut {
                text: text_of(e.source, &e.range),
                block: block_of(e.source),
                start: e.range.start,
                end: e.range.end,
                currency: None,
                low: None,
                high: None,
                qualifier: None,
                company: None,
            };
            match &e.kind {
                EntityKind::Money(m) => {
                    o.currency = Some(m.currency);
                    o.low = Some(m.low);
                    o.high = Some(m.high);
                    o.qualifier = Some(m.qualifier);
                    money.push(o);
                }
                EntityKind::Company(c) => {
                    if let Some(w) = &wanted
                        && !c.is_some_and(|i| w.contains(&i))
                    {
                        continue;
                    }
                    o.company = Some(c.map_or_else(
                        || e.group.clone().unwrap_or_else(|| o.text.clone()),
                        |i| dict.companies[i].canonical.clone(),
                    ));
                    companies.push(o);
                }
            }
        }
        if wanted.is_some() && companies.is_empty() {
            continue;
        }
        listed.push(ArticleEntities {
            id: a.id.to_string(),
            title: a.title.clone(),
            source: shown(&a.source),
            money: if wanted.is_some() { Vec::new() } else { money },
            companies,
        });
    }
    let r = if json {
        serde_json::to_writer_pretty(&mut out, &listed)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out))
    } else {
        listed.iter().try_for_each(|a| {
            if wanted.is_some() {
                let n = crate::lang::count(
                    crate::lang::Lang::En,
                    a.companies.len(),
                    "mention",
                    "mentions",
                    "",
                );
                return writeln!(out, "{}\t{n}\t{}", a.id, a.title);
            }
            writeln!(out, "{}\t{}", a.id, a.title)?;
            for m in &a.money {
                writeln!(
                    out,
                    "  money\t{}\t{} {}..{} {}",
                    m.text,
                    m.currency.unwrap_or(""),
                    m.low.unwrap_or_default(),
                    m.high.unwrap_or_default(),
                    m.qualifier.map_or("", crate::highlight::Qualifier::name)
                )?;
            }
            for c in &a.companies {
                writeln!(
                    out,
                    "  company\t{}\t{}",
                    c.text,
                    c.company.as_deref().unwrap_or("")
                )?;
            }
            Ok(())
        })
    };
    if let Err(code) = finish_output(r.and_then(|()| out.flush())) {
        return code;
    }
    if failed > 0 {
        eprintln!("wxr: {failed} articles could not be searched for entities");
        return 1;
    }
    if let (Some(name), true) = (company, listed.is_empty()) {
        let known = wanted.as_ref().is_some_and(|w| !w.is_empty());
        if known {
            eprintln!("wxr: no article names {}", super::cut(name, 80));
        } else {
            eprintln!(
                "wxr: {} is no company wxr knows (add it to companies.tsv in the config folder)",
                super::cut(name, 80)
            );
        }
        return 1;
    }
    0
}
