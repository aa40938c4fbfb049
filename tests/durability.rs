//! Durability of read marks, with the real binary: SIGKILL at random moments, and two
//! processes writing one data directory at once.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;
use wxr::model::ArticleId;
use wxr::store::Store;

fn ids(from: u64, n: u64) -> Vec<String> {
    (from..from + n)
        .map(|i| ArticleId(i.wrapping_mul(0x9E37_79B9_7F4A_7C15)).to_string())
        .collect()
}

fn mark(data: &Path, ids: &[String]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_wxr"));
    // Made-up ids: no archive knows them.
    c.arg("mark")
        .arg("read")
        .arg("--force")
        .args(ids)
        .env("WXR_DATA_DIR", data);
    c
}

/// A small deterministic generator, so a failing run can be repeated.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// 60 times: start a writer, SIGKILL it at a random moment, and check that every mark it
/// acknowledged (printed, which it does only after the fsync) is on disk and that the store
/// loads without complaint.
#[test]
fn sigkill_at_random_moments_loses_no_acknowledged_mark() {
    let data = tempfile::tempdir().unwrap();
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let mut acknowledged: Vec<String> = Vec::new();
    let mut killed_mid_run = 0;
    for round in 0..60u64 {
        // 500 marks take the writer ~50–100 ms: a kill within 25 ms lands mid-run.
        let batch = ids(round * 1000, 500);
        let mut child = mark(data.path(), &batch)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let out = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(out)
                .lines()
                .map_while(Result::ok)
                .collect::<Vec<String>>()
        });
        std::thread::sleep(Duration::from_micros(rng.below(25_000)));
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        if !status.success() {
            killed_mid_run += 1;
        }
        for line in reader.join().unwrap() {
            let id = line.strip_prefix("read ").unwrap().to_string();
            acknowledged.push(id);
        }
        let (store, warnings) = Store::open(data.path());
        assert!(warnings.is_empty(), "round {round}: {warnings:?}");
        for id in &acknowledged {
            assert!(
                store.state.is_read(id.parse().unwrap()),
                "round {round}: lost {id}"
            );
        }
    }
    assert!(
        killed_mid_run >= 30,
        "the writer must really be killed mid-run ({killed_mid_run}/60)"
    );
    assert!(!acknowledged.is_empty());
}

#[test]
fn two_processes_on_one_data_directory_lose_neither_s_marks() {
    let data = tempfile::tempdir().unwrap();
    // A journal mostly superseded, so that whichever process opens first compacts it while
    // the other may be appending.
    let toggles: Vec<String> = ids(999_999, 1);
    for _ in 0..3 {
        let mut c = Command::new(env!("CARGO_BIN_EXE_wxr"));
        c.args(["mark", "unread", "--force"])
            .args(std::iter::repeat_n(&toggles[0], 800))
            .env("WXR_DATA_DIR", data.path());
        assert!(c.status().unwrap().success());
    }
    let a_ids = ids(1, 300);
    let b_ids = ids(10_000, 300);
    for round in 0..3 {
        let mut a = mark(data.path(), &a_ids)
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let mut b = mark(data.path(), &b_ids)
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        assert!(a.wait().unwrap().success(), "round {round}");
        assert!(b.wait().unwrap().success(), "round {round}");
        let (store, warnings) = Store::open(data.path());
        assert!(warnings.is_empty(), "{warnings:?}");
        for id in a_ids.iter().chain(&b_ids) {
            assert!(
                store.state.is_read(id.parse().unwrap()),
                "round {round}: lost {id}"
            );
        }
    }
}
