//! Every layout of every exporter, as its own code writes it (issue 13): the fixtures under
//! `tests/fixtures/exporters/<exporter>/<layout-and-version>/` were written by following each
//! tool's source (the folder's `README.md` names the file, function and release each follows),
//! with text of our own. Each folder's `expected.tsv` says, per article, what a person reading
//! the files would call its title, account, author, date and URL, a phrase its body must hold
//! and the interface text or markup it must not. Each layout folder is opened alone, as a user
//! would open it (copies of one article in several files merge into one).
//!
//! `cargo test --test exporters -- --nocapture` prints every article read.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use wxr::archive::{Source, load_all};
use wxr::model::Article;

/// One expected article.
struct Want {
    line: usize,
    fields: [String; 5],
    has: String,
    lacks: Vec<String>,
}

const NAMES: [&str; 5] = ["title", "account", "author", "date", "url"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/exporters")
}

/// `expected.tsv` of one exporter: its rows by layout folder.
fn expected(exporter: &Path) -> BTreeMap<String, Vec<Want>> {
    let text = std::fs::read_to_string(exporter.join("expected.tsv")).unwrap();
    let mut by_folder: BTreeMap<String, Vec<Want>> = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() || line.starts_with("folder\t") {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 8, "{}:{}: {line:?}", exporter.display(), n + 1);
        by_folder.entry(f[0].to_string()).or_default().push(Want {
            line: n + 1,
            fields: [1, 2, 3, 4, 5].map(|i| f[i].to_string()),
            has: f[6].to_string(),
            lacks: if f[7] == "-" {
                Vec::new()
            } else {
                f[7].split('|').map(str::to_string).collect()
            },
        });
    }
    by_folder
}

fn body(a: &Article) -> String {
    a.blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

fn got(a: &Article) -> [String; 5] {
    let or_dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    [
        a.title.clone(),
        or_dash(&a.account),
        or_dash(&a.author),
        a.date
            .as_deref()
            .map_or_else(|| "-".into(), |d| d.chars().take(10).collect()),
        or_dash(&a.url),
    ]
}

/// The differences between what one layout folder gives and what its rows say.
fn check_folder(dir: &Path, wants: &[Want]) -> Vec<String> {
    let (arts, _, _) = load_all(&Source::Paths(vec![dir.to_path_buf()]));
    for a in &arts {
        println!("    {:?}", got(a));
    }
    let mut diffs = Vec::new();
    if arts.len() != wants.len() {
        diffs.push(format!(
            "{} articles listed, {} expected: {:?}",
            arts.len(),
            wants.len(),
            arts.iter().map(|a| &a.title).collect::<Vec<_>>()
        ));
    }
    for w in wants {
        // The article of this row: by title, else (a title read wrong) the only one there is.
        let a = arts
            .iter()
            .find(|a| a.title == w.fields[0])
            .or_else(|| (arts.len() == 1 && wants.len() == 1).then(|| &arts[0]));
        let Some(a) = a else {
            diffs.push(format!(
                "line {}: no article titled {:?}",
                w.line, w.fields[0]
            ));
            continue;
        };
        for (k, (want, got)) in w.fields.iter().zip(got(a)).enumerate() {
            if *want != got {
                diffs.push(format!("line {}: {} {want:?} → {got:?}", w.line, NAMES[k]));
            }
        }
        let text = body(a);
        if w.has != "-" && !text.contains(&w.has) {
            diffs.push(format!("line {}: body lacks {:?}", w.line, w.has));
        }
        for bad in &w.lacks {
            if text.contains(bad.as_str()) {
                diffs.push(format!("line {}: body holds {bad:?}", w.line));
            }
        }
    }
    diffs
}

#[test]
fn every_exporter_layout_reads_as_its_reader_would_name_it() {
    let mut exporters: Vec<PathBuf> = std::fs::read_dir(root())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expected.tsv").is_file())
        .collect();
    exporters.sort();
    assert!(exporters.len() >= 4, "{exporters:?}");
    let (mut layouts, mut articles, mut failed) = (0, 0, Vec::new());
    for exporter in &exporters {
        let name = exporter.file_name().unwrap().to_string_lossy().to_string();
        let wants = expected(exporter);
        // Every layout folder has its rows (an unlisted folder would go untested).
        for e in std::fs::read_dir(exporter).unwrap() {
            let p = e.unwrap().path();
            let f = p.file_name().unwrap().to_string_lossy().to_string();
            if p.is_dir() && !f.starts_with('.') {
                assert!(
                    wants.contains_key(&f),
                    "{name}/{f} has no rows in expected.tsv"
                );
            }
        }
        for (folder, rows) in &wants {
            println!("{name}/{folder}");
            layouts += 1;
            articles += rows.len();
            let diffs = check_folder(&exporter.join(folder), rows);
            for d in &diffs {
                println!("  ✗ {d}");
            }
            if !diffs.is_empty() {
                failed.push(format!("{name}/{folder}: {}", diffs.join("; ")));
            }
        }
    }
    println!("{layouts} layouts, {articles} articles");
    assert!(
        failed.is_empty(),
        "{} of {layouts} layouts read wrong:\n{}",
        failed.len(),
        failed.join("\n")
    );
}

/// All the exporters' folders opened at once, as a user who tried several tools would: each
/// article once (copies across layouts merge: the same article as HTML, JSON and a bare
/// image share; a feed, its cache and its export), every title one a row names.
#[test]
fn every_layout_opened_together_lists_each_article_once() {
    let mut titles = std::collections::BTreeSet::new();
    for e in std::fs::read_dir(root()).unwrap() {
        let p = e.unwrap().path();
        if p.join("expected.tsv").is_file() {
            for rows in expected(&p).values() {
                titles.extend(rows.iter().map(|w| w.fields[0].clone()));
            }
        }
    }
    let (arts, _, _) = load_all(&Source::Paths(vec![root()]));
    let mut seen = BTreeMap::new();
    for a in arts
        .iter()
        .filter(|a| a.source.file_name().unwrap() != "README.md")
    {
        assert!(
            titles.contains(&a.title),
            "a title no row names: {:?}",
            got(a)
        );
        let day: String = a.date.as_deref().unwrap_or("-").chars().take(10).collect();
        if let Some(other) = seen.insert((a.title.clone(), day), got(a)) {
            panic!("listed twice: {other:?} and {:?}", got(a));
        }
    }
    assert!(seen.len() >= 25, "{}", seen.len());
}
