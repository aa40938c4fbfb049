//! The commands about wxr itself: `wxr config`, `wxr completions`, `wxr man`, and the
//! "did you mean" for a mistyped command.

use super::Cli;
use clap::CommandFactory;

/// `wxr config --path | --default | --check`; none of them: the path and whether the file
/// is there and good.
pub fn config(path: bool, default: bool, check: bool) -> i32 {
    let file = crate::config::config_path();
    if default {
        print!("{}", crate::config::DEFAULT);
        return 0;
    }
    let Some(file) = file else {
        eprintln!("wxr: no config folder (set WXR_CONFIG_DIR)");
        return 1;
    };
    if path && !check {
        println!("{}", file.display());
        return 0;
    }
    let shown = super::shown(&file);
    match std::fs::read_to_string(&file) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            println!(
                "{shown}: not there; wxr uses the defaults (`wxr config --default` prints them)"
            );
            0
        }
        Err(e) => {
            eprintln!("wxr: {shown}: {e}");
            1
        }
        Ok(text) => {
            let (_, errors) = crate::config::Config::parse_lenient(&text);
            if errors.is_empty() {
                println!("{shown}: good");
                return 0;
            }
            for e in &errors {
                eprintln!("wxr: {shown}: {e}");
            }
            eprintln!(
                "wxr: {} in {shown}; wxr leaves those lines out and uses the rest",
                crate::lang::count(
                    crate::lang::Lang::En,
                    errors.len(),
                    "mistake",
                    "mistakes",
                    ""
                )
            );
            1
        }
    }
}

/// `wxr completions SHELL`: the script on stdout.
pub fn completions(shell: clap_complete::Shell) -> i32 {
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "wxr", &mut std::io::stdout());
    0
}

/// `wxr man`: the manual page on stdout, with a section per command.
pub fn man() -> i32 {
    let cmd = Cli::command();
    let mut out = Vec::new();
    let r = clap_mangen::Man::new(cmd.clone())
        .render(&mut out)
        .and_then(|()| {
            for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
                // The page names each command as it is typed (`wxr search`); a one-shot command,
                // so the few bytes of the name are left to the process's end.
                let name: &'static str =
                    Box::leak(format!("wxr-{}", sub.get_name()).into_boxed_str());
                let sub = sub.clone().name(name);
                let man = clap_mangen::Man::new(sub);
                man.render_name_section(&mut out)?;
                man.render_synopsis_section(&mut out)?;
                man.render_description_section(&mut out)?;
                man.render_options_section(&mut out)?;
                man.render_extra_section(&mut out)?;
            }
            Ok(())
        });
    if let Err(e) = r {
        eprintln!("wxr: {e}");
        return 1;
    }
    let done = std::io::Write::write_all(&mut std::io::stdout(), &out);
    match super::finish_output(done) {
        Ok(()) | Err(0) => 0,
        Err(code) => code,
    }
}

/// The command `word` was probably meant to be, when it is not a path: a command name at
/// most two edits away (`serch` → `search`).
pub fn suggest(word: &str) -> Option<String> {
    if word.contains(['/', '.', '\\']) || word.chars().count() < 3 {
        return None;
    }
    Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .filter(|n| n != "help")
        .map(|n| (edits(word, &n), n))
        .filter(|(d, n)| *d <= 2 && *d < n.len() / 2 + 1)
        .min()
        .map(|(_, n)| n)
}

/// Levenshtein distance, by characters.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mistyped_commands_are_recognised_and_paths_are_not() {
        assert_eq!(suggest("serch").as_deref(), Some("search"));
        assert_eq!(suggest("lsit").as_deref(), Some("list"));
        assert_eq!(suggest("entites").as_deref(), Some("entities"));
        assert_eq!(suggest("shwo").as_deref(), Some("show"));
        assert_eq!(suggest("微信文章"), None);
        assert_eq!(suggest("./serch"), None);
        assert_eq!(suggest("archive"), None);
        assert_eq!(edits("kitten", "sitting"), 3);
    }
}
