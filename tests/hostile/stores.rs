//! The library store and the state journal are untrusted input. Before: bytes changed inside
//! the search cache made `wxr search` print a title that is in no file, with raw escapes; a
//! cache folder kept mode 0777; a planted symlink was written through; a FIFO in place of the
//! cache hung `wxr search`; `ulimit -f` killed wxr by SIGXFSZ; a 200 MB bad id was echoed whole.

use super::{raw_controls, serial, wxr};
use std::ffi::OsStr;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn folder(home: &Path) -> PathBuf {
    let docs = home.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    for i in 0..20 {
        std::fs::write(
            docs.join(format!("{i:02}.md")),
            format!("# 真标题{i:02}\n\n软银第{i}段正文，说了很多很多话。\n"),
        )
        .unwrap();
    }
    // Files changed in the last 2 seconds are not stored (they may still be being written).
    std::thread::sleep(Duration::from_millis(2_100));
    docs
}

fn store_of(home: &Path) -> PathBuf {
    std::fs::read_dir(home.join("cache/library"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "wxrl"))
        .unwrap()
}

/// A [`folder`] listed once, so that it has a store: the temporary home, the folder, the
/// store's file.
fn stored() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let home = tempfile::tempdir().unwrap();
    let docs = folder(home.path());
    assert!(run(home.path(), &["list"], &docs).status.success());
    let store = store_of(home.path());
    (home, docs, store)
}

fn os(args: &[&str], path: &Path) -> Vec<std::ffi::OsString> {
    let mut v: Vec<std::ffi::OsString> = args.iter().map(Into::into).collect();
    v.push(path.into());
    v
}

fn run(home: &Path, args: &[&str], path: &Path) -> std::process::Output {
    let a = os(args, path);
    let refs: Vec<&OsStr> = a.iter().map(std::ffi::OsString::as_os_str).collect();
    wxr(home, &refs)
}

#[test]
fn a_scribbled_store_is_never_trusted() {
    let _one = serial();
    let (home, docs, store) = stored();
    // Same length, other bytes: a title and an escape where the texts were.
    let mut bytes = std::fs::read(&store).unwrap();
    let real = "真标题05".as_bytes();
    let fake = "\x1b[2J假标X".as_bytes();
    assert_eq!(real.len(), fake.len());
    let at = bytes.windows(real.len()).position(|w| w == real).unwrap();
    bytes[at..at + real.len()].copy_from_slice(fake);
    std::fs::write(&store, &bytes).unwrap();
    for args in [
        &["search", "假标"][..],
        &["search", "软银"][..],
        &["list"][..],
    ] {
        let out = run(home.path(), args, &docs);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.contains("假标"), "wxr {args:?}: {text}");
        assert!(raw_controls(&out.stdout).is_empty() && raw_controls(&out.stderr).is_empty());
    }
    let out = run(home.path(), &["search", "真标题05"], &docs);
    assert!(String::from_utf8_lossy(&out.stdout).contains("真标题05"));
}

#[test]
fn the_store_folder_is_private_and_links_in_it_are_not_followed() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let docs = folder(home.path());
    let lib = home.path().join("cache/library");
    std::fs::create_dir_all(&lib).unwrap();
    std::fs::set_permissions(&lib, std::fs::Permissions::from_mode(0o777)).unwrap();
    assert!(run(home.path(), &["list"], &docs).status.success());
    let mode = std::fs::metadata(&lib).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
    // A link planted where the store goes: the file it points to stays as it was.
    let store = store_of(home.path());
    std::fs::remove_file(&store).unwrap();
    let victim = home.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    std::os::unix::fs::symlink(&victim, &store).unwrap();
    std::fs::write(docs.join("new.md"), "# 新\n\n新的。\n").unwrap();
    let out = run(home.path(), &["list"], &docs);
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 21);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
}

#[test]
fn a_fifo_in_place_of_the_store_or_given_as_path_does_not_hang() {
    let _one = serial();
    let (home, docs, store) = stored();
    std::fs::remove_file(&store).unwrap();
    assert!(
        Command::new("mkfifo")
            .arg(&store)
            .status()
            .unwrap()
            .success()
    );
    let start = Instant::now();
    let out = run(home.path(), &["search", "软银"], &docs);
    assert!(start.elapsed() < Duration::from_secs(20));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).matches(" hit").count(),
        20
    );
    // A FIFO or a device as the PATH: a clear error and a non-zero exit.
    let fifo = home.path().join("pipe.md");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for path in [fifo.as_path(), Path::new("/dev/null")] {
        let out = run(home.path(), &["list"], path);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("not a file or folder"), "{err}");
    }
}

#[test]
fn a_file_size_limit_is_an_error_with_a_message() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let docs = folder(home.path());
    // 100 KB of text: more than `ulimit -f 1` (512 bytes) lets the store write.
    std::fs::write(
        docs.join("big.md"),
        format!("# 大\n\n{}\n", "字".repeat(40_000)),
    )
    .unwrap();
    let out = Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 1; exec \"$0\" list \"$1\"")
        .arg(env!("CARGO_BIN_EXE_wxr"))
        .arg(&docs)
        .env("WXR_CACHE_DIR", home.path().join("cache"))
        .env("WXR_DATA_DIR", home.path().join("data"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{:?} {err}", out.status);
    assert!(err.contains("File too large"), "{err}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 21);
}

#[test]
fn a_long_bad_value_is_cut_in_error_lines() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("state.json");
    let id = "x".repeat(5_000_000);
    std::fs::write(&file, format!("{{\"wxr_state\":1,\"read\":[\"{id}\"]}}")).unwrap();
    let out = run(home.path(), &["state", "import"], &file);
    assert!(!out.status.success());
    assert!(
        out.stderr.len() < 1_000,
        "{} bytes on stderr",
        out.stderr.len()
    );
}
