//! The `wxr` binary: parse arguments, run the TUI or a command, exit with its code.

use clap::Parser;
use wxr::cli::{Cli, Command};

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Some(Command::List { paths, json }) => wxr::cli::list(&paths, json),
        None => match wxr::tui::run(wxr::cli::source_for(&cli.paths)) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("wxr: {e:#}");
                1
            }
        },
    };
    std::process::exit(code);
}
