//! The commands of issue 15, run as the real binary: `show`, `config`, `completions`, `man`,
//! "did you mean", `mark` of unknown ids, and every command's `--help` with examples.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::path::Path;
use std::process::Command;

fn run(args: &[&str], env: &[(&str, &Path)]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_wxr"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .envs(env.iter().map(|(k, v)| (*k, *v)))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A run with its own config, data and cache folders.
fn wxr(args: &[&str]) -> (i32, String, String) {
    let d = tempfile::tempdir().unwrap();
    run(
        args,
        &[
            ("WXR_CONFIG_DIR", d.path()),
            ("WXR_DATA_DIR", d.path()),
            ("WXR_CACHE_DIR", d.path()),
        ],
    )
}

const LINKED: &str = "tests/fixtures/links/软银与OpenAI的新一轮融资.md";

#[test]
fn show_a_file_wrapped_with_its_links_and_no_colour_in_a_pipe() {
    let (code, out, err) = wxr(&["show", LINKED, "--width", "40"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("软银与OpenAI的新一轮融资\n"), "{out}");
    assert!(out.contains("公告[1]"), "{out}");
    assert!(!out.contains('\x1b'), "a pipe gets no colour: {out:?}");
    for l in out.lines().take_while(|l| !l.starts_with("Links:")) {
        assert!(unicode_width::UnicodeWidthStr::width(l) <= 40, "{l}");
    }
    assert!(
        out.contains("Links:\n[0] https://mp.weixin.qq.com/s/FixtureLinks01\n[1] https://group.softbank/news/press/20250331\n"),
        "{out}"
    );
    // Colour on request: money bold green, companies underlined.
    let (_, coloured, _) = wxr(&["show", LINKED, "--color", "always"]);
    assert!(
        coloured.contains("\x1b[1;32m400亿美元\x1b[0m"),
        "{coloured:?}"
    );
    assert!(coloured.contains("\x1b[4;36m软银集团"), "{coloured:?}");
}

#[test]
fn show_an_id_from_list_and_refuse_an_unknown_one() {
    let (_, list, _) = wxr(&["list", "tests/fixtures/links"]);
    let id = list.split('\t').next().unwrap().to_string();
    let (code, out, err) = wxr(&["show", &id, "tests/fixtures/links"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("OpenAI的博客[2]"), "{out}");
    let (code, _, err) = wxr(&["show", "0123456789abcdef", "tests/fixtures/links"]);
    assert_eq!(code, 1);
    assert!(
        err.ends_with(
            "wxr: no article with id 0123456789abcdef in tests/fixtures/links (`wxr list` shows the ids)\n"
        ),
        "{err}"
    );
    let (code, _, err) = wxr(&["show", "nonsense"]);
    assert_eq!(code, 2);
    assert!(err.contains("neither a file nor an article id"), "{err}");
}

#[test]
fn config_path_default_and_check() {
    let d = tempfile::tempdir().unwrap();
    let env = [("WXR_CONFIG_DIR", d.path())];
    let (code, out, _) = run(&["config", "--path"], &env);
    assert_eq!(
        (code, out.trim()),
        (0, d.path().join("config.toml").to_str().unwrap())
    );
    let (code, out, _) = run(&["config", "--check"], &env);
    assert_eq!(code, 0);
    assert!(out.contains("not there; wxr uses the defaults"), "{out}");
    let (_, default, _) = run(&["config", "--default"], &env);
    std::fs::write(d.path().join("config.toml"), &default).unwrap();
    let (code, out, _) = run(&["config", "--check"], &env);
    assert_eq!(code, 0);
    assert!(out.ends_with(": good\n"), "{out}");
    std::fs::write(
        d.path().join("config.toml"),
        "[ui]\nmouse = true\nlanguage = \"fr\"\n",
    )
    .unwrap();
    let (code, _, err) = run(&["config", "--check"], &env);
    assert_eq!(code, 1);
    let file = d.path().join("config.toml").display().to_string();
    assert_eq!(
        err,
        format!(
            "wxr: {file}: line 3: unknown variant `fr`, expected one of `auto`, `en`, `zh`\n\
             wxr: 1 mistake in {file}; wxr leaves those lines out and uses the rest\n"
        )
    );
}

#[test]
fn completions_and_man_page() {
    for (shell, needle) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef wxr"),
        ("fish", "complete -c wxr"),
    ] {
        let (code, out, err) = wxr(&["completions", shell]);
        assert_eq!(code, 0, "{err}");
        assert!(
            out.contains(needle) && out.contains("search"),
            "{shell}: {out}"
        );
    }
    let (code, out, _) = wxr(&["completions", "tcsh"]);
    assert_eq!(code, 2, "{out}");
    let (code, man, err) = wxr(&["man"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        man.starts_with(".ie \\n(.g .ds Aq") || man.contains(".TH wxr"),
        "{man}"
    );
    for cmd in ["wxr\\-search", "wxr\\-show", "wxr\\-mark", "wxr\\-config"] {
        assert!(man.contains(cmd), "{cmd} missing from the man page");
    }
}

#[test]
fn a_mistyped_command_is_named() {
    let (code, _, err) = wxr(&["serch", "融资"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "wxr: no command or file `serch`; did you mean `wxr search`? (`wxr --help` lists the commands)\n"
    );
    // A missing folder is still a missing folder.
    let (code, _, err) = wxr(&["no-such-archive"]);
    assert_eq!(code, 1);
    assert!(err.contains("no such file or folder"), "{err}");
}

#[test]
fn marking_unknown_ids_marks_nothing_and_says_so() {
    let d = tempfile::tempdir().unwrap();
    let env = [
        ("WXR_CONFIG_DIR", d.path()),
        ("WXR_DATA_DIR", d.path()),
        ("WXR_CACHE_DIR", d.path()),
    ];
    let (code, _, err) = run(&["mark", "read", "0123456789abcdef"], &env);
    assert_eq!(code, 1);
    assert!(
        err.starts_with(
            "wxr: no article with id 0123456789abcdef in any archive wxr has read; nothing marked"
        ),
        "{err}"
    );
    let (_, state, _) = run(&["state", "export"], &env);
    assert!(!state.contains("0123456789abcdef"), "{state}");
    // Once the folder has been read (its library store knows the id), the id is known.
    let (_, list, _) = run(&["list", "tests/fixtures/links"], &env);
    let id = list.split('\t').next().unwrap().to_string();
    let (code, out, err) = run(&["mark", "read", &id], &env);
    assert_eq!(
        (code, out.trim()),
        (0, format!("read {id}").as_str()),
        "{err}"
    );
    // Named with --in, and forced.
    let (code, _, err) = run(
        &[
            "mark",
            "unread",
            &id,
            "0123456789abcdef",
            "--in",
            "tests/fixtures/links",
        ],
        &env,
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("in tests/fixtures/links; nothing marked"),
        "{err}"
    );
    let (code, _, _) = run(&["mark", "read", "0123456789abcdef", "--force"], &env);
    assert_eq!(code, 0);
}

#[test]
fn an_unknown_company_gets_a_word_and_exit_1() {
    let (code, out, err) = wxr(&[
        "entities",
        "--company",
        "不存在的公司名",
        "tests/fixtures/links",
    ]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(
        err.contains("不存在的公司名 is no company wxr knows"),
        "{err}"
    );
}

#[test]
fn every_command_s_help_has_examples_and_described_arguments() {
    for cmd in [
        "list",
        "search",
        "show",
        "entities",
        "mark",
        "state",
        "config",
        "completions",
        "man",
    ] {
        let (code, out, _) = wxr(&[cmd, "--help"]);
        assert_eq!(code, 0);
        assert!(
            out.contains("Example"),
            "{cmd} --help has no examples:\n{out}"
        );
        // Every argument and option has a line of its own that says what it is.
        for l in out
            .lines()
            .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        {
            let t = l.trim();
            if t.starts_with('-') || t.starts_with('<') || t.starts_with('[') {
                assert!(
                    t.split("  ").filter(|p| !p.is_empty()).count() >= 2,
                    "{cmd}: undescribed `{t}`"
                );
            }
        }
    }
    let (_, top, _) = wxr(&["--help"]);
    assert!(
        top.contains("Examples:") && top.contains("wxr show"),
        "{top}"
    );
}
