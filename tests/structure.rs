//! The shape of the code, held by a test (issue 12): the core never reaches the terminal or
//! the commands, no two modules import each other (directly or round a longer loop), and
//! source files stay small enough to read.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The modules that make up the core: parsing, layout, detection, search, the stores.
const CORE: &[&str] = &[
    "model",
    "text",
    "archive",
    "layout",
    "highlight",
    "search",
    "store",
    "guard",
    "config",
    "corpus_gen",
    "sample",
];

fn sources() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// A file's path under `src/`, as module names (`archive/store/write.rs` →
/// `["archive", "store", "write"]`).
fn module_of(p: &Path) -> Vec<String> {
    let rel = p
        .strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
        .unwrap();
    rel.with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect()
}

/// The code of a file without its tests (a `tests.rs`, or what follows `#[cfg(test)]`)
/// and without comments (docs name what a module must not use).
fn code(p: &Path) -> Option<String> {
    if p.file_name().is_some_and(|n| n == "tests.rs") || p.ends_with("testgen.rs") {
        return None;
    }
    let text = std::fs::read_to_string(p).unwrap();
    let cut = text.find("#[cfg(test)]").unwrap_or(text.len());
    Some(
        text[..cut]
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// Top-level modules a piece of code refers to (`crate::x`, `wxr::x`, `use crate::{x, y}`).
fn refers_to(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(list) = rest.strip_prefix('{') {
            let end = list.find('}').unwrap_or(list.len());
            for item in list[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.insert(name);
        }
    }
    out
}

#[test]
fn the_core_never_reaches_the_terminal_or_the_commands() {
    let mut bad = Vec::new();
    for p in sources() {
        let m = module_of(&p);
        if !CORE.contains(&m[0].as_str()) {
            continue;
        }
        let Some(code) = code(&p) else { continue };
        for word in [
            "ratatui::",
            "crossterm::",
            "crate::tui",
            "crate::cli",
            "crate::companies",
        ] {
            if code.contains(word) {
                bad.push(format!("{}: {word}", m.join("/")));
            }
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}

/// A cycle in the graph, if there is one.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == n) {
            let mut c = path[at..].to_vec();
            c.push(n.to_string());
            return Some(c);
        }
        if done.contains(n) {
            return None;
        }
        path.push(n.to_string());
        for m in graph.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for n in graph.keys() {
        if let Some(c) = visit(n, graph, &mut Vec::new(), &mut done) {
            return Some(c);
        }
    }
    None
}

#[test]
fn no_two_modules_import_each_other() {
    let top: BTreeSet<String> = sources()
        .iter()
        .map(|p| module_of(p)[0].clone())
        .filter(|m| m != "lib" && m != "bin")
        .collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    // Within the reader, its parts among themselves too.
    let mut tui: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for p in sources() {
        let m = module_of(&p);
        if !top.contains(&m[0]) {
            continue;
        }
        let Some(code) = code(&p) else { continue };
        let refs: BTreeSet<String> = refers_to(&code)
            .into_iter()
            .filter(|r| top.contains(r) && *r != m[0])
            .collect();
        graph.entry(m[0].clone()).or_default().extend(refs);
        if m[0] == "tui" && m.len() > 1 {
            let parts: BTreeSet<String> =
                ["app", "view", "screen", "keymap", "input", "theme", "msg"]
                    .iter()
                    .filter(|part| {
                        **part != m[1]
                            && (code.contains(&format!("super::{part}::"))
                                || code.contains(&format!("super::{part}}}"))
                                || code.contains(&format!("super::{{{part}"))
                                || code.contains(&format!("tui::{part}::")))
                    })
                    .map(|s| (*s).to_string())
                    .collect();
            tui.entry(m[1].clone()).or_default().extend(parts);
        }
    }
    assert_eq!(
        cycle(&graph),
        None,
        "modules importing each other: {graph:#?}"
    );
    assert_eq!(
        cycle(&tui),
        None,
        "reader parts importing each other: {tui:#?}"
    );
}

#[test]
fn source_files_stay_readable() {
    let long: Vec<String> = sources()
        .iter()
        .filter_map(|p| {
            let n = code(p)?.lines().count();
            (n > 560).then(|| format!("{}: {n} lines", module_of(p).join("/")))
        })
        .collect();
    assert!(long.is_empty(), "{long:#?}");
}

#[test]
fn the_cycle_check_finds_cycles() {
    let g = |edges: &[(&str, &str)]| {
        let mut m: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (a, b) in edges {
            m.entry((*a).to_string())
                .or_default()
                .insert((*b).to_string());
        }
        m
    };
    assert!(cycle(&g(&[("a", "b"), ("b", "c"), ("c", "a")])).is_some());
    assert!(cycle(&g(&[("a", "b"), ("b", "c"), ("a", "c")])).is_none());
    assert_eq!(
        refers_to("use crate::{archive, model::Article};\nlet x = crate::search::parse;"),
        ["archive", "model", "search"]
            .iter()
            .map(|s| (*s).to_string())
            .collect()
    );
}
