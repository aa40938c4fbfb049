//! The `wxr` binary: parse arguments, run the TUI or a command, exit with its code.

use clap::Parser;
use std::io::IsTerminal;
use wxr::cli::{Cli, Command};

/// mimalloc: searches and parses make and drop many small strings on several threads, which
/// glibc's allocator serves slowly (freeing on one thread what another made locks its arena).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // Before anything can panic: a bug met in one article is reported for that article.
    wxr::guard::install_hook();
    // A write past `ulimit -f` fails with "File too large" (reported where it happens)
    // instead of the signal killing wxr without a word.
    let _ = signal_hook::flag::register(
        signal_hook::consts::SIGXFSZ,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    );
    let cli = Cli::parse();
    let code = match cli.command {
        Some(Command::List {
            paths,
            json,
            unread,
            no_store,
        }) => wxr::cli::list(&paths, json, unread, no_store),
        Some(Command::Mark {
            how,
            ids,
            within,
            force,
        }) => wxr::cli::mark(how, &ids, &within, force),
        Some(Command::Show {
            article,
            paths,
            width,
            color,
            no_store,
        }) => wxr::cli::show(&article, &paths, width.map(usize::from), color, no_store),
        Some(Command::Config {
            path,
            default,
            check,
        }) => wxr::cli::config(path, default, check),
        Some(Command::Completions { shell }) => wxr::cli::completions(shell),
        Some(Command::Man) => wxr::cli::man(),
        Some(Command::State { action }) => wxr::cli::state(&action),
        Some(Command::Search {
            query,
            paths,
            json,
            no_store,
        }) => wxr::cli::search(&query, &paths, json, no_store),
        Some(Command::Entities {
            paths,
            json,
            company,
            no_store,
        }) => wxr::cli::entities(&paths, json, company.as_deref(), no_store),
        None => interactive(&cli.paths),
    };
    std::process::exit(code);
}

fn interactive(paths: &[std::path::PathBuf]) -> i32 {
    // Refuse before touching the terminal when nothing given can be opened.
    let unopenable: Vec<_> = paths
        .iter()
        .filter(|p| std::fs::metadata(p).is_err())
        .collect();
    if !paths.is_empty() && unopenable.len() == paths.len() {
        // `wxr serch 融资`: a mistyped command, not a missing folder.
        if let Some(cmd) = paths[0].to_str().and_then(wxr::cli::suggest) {
            eprintln!(
                "wxr: no command or file `{}`; did you mean `wxr {cmd}`? (`wxr --help` lists the commands)",
                wxr::sanitize::path(&paths[0])
            );
            return 2;
        }
        for p in unopenable {
            let reason = match std::fs::metadata(p) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    "no such file or folder".into()
                }
                Err(e) => e.to_string(),
                Ok(_) => continue,
            };
            eprintln!("wxr: {}: {reason}", p.display());
        }
        return 1;
    }
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        eprintln!(
            "wxr: the reader needs a terminal; for scripts use `wxr list [PATH...] [--json]`"
        );
        return 2;
    }
    match wxr::tui::run(&wxr::cli::source_for(paths)) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("wxr: {e:#}");
            1
        }
    }
}
