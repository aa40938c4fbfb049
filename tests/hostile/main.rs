//! Hostile input (issue 16), built at test time: names with escapes and newlines, crafted and
//! scribbled stores, FIFOs, deep nesting, big single-character files, million-row lists. The
//! assertions are on the bytes wxr writes to stdout and stderr, on what the reader draws, and
//! on time and peak memory (measured in this process: the tests of this binary run one at a
//! time, see [`serial`]).

#![allow(clippy::unwrap_used)] // tests fail loudly by design

mod corpus;
mod names;
mod sizes;
mod stores;

use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Mutex, MutexGuard};

/// One test of this binary at a time: peak memory is measured for the whole process.
pub fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `wxr ARGS` with its cache and data folders in `home`.
pub fn wxr(home: &Path, args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wxr"))
        .args(args)
        .env("WXR_CACHE_DIR", home.join("cache"))
        .env("WXR_DATA_DIR", home.join("data"))
        .env("WXR_CONFIG_DIR", home.join("config"))
        .output()
        .unwrap()
}

/// Bytes a terminal would act on: ESC, BEL and the other C0 controls but tab and newline, C1
/// controls (U+0080–U+009F) and bidi controls.
pub fn raw_controls(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    text.char_indices()
        .filter(|(_, c)| {
            (c.is_control() && *c != '\n' && *c != '\t')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
        })
        .map(|(i, c)| format!("U+{:04X} at {i}", u32::from(c)))
        .collect()
}

/// Resident memory of this process in MB, and its peak since [`reset_peak`].
fn status_mb(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap()
        / 1024
}

/// Runs `f`; how many MB the process's resident memory rose to above where it was.
pub fn peak_above_start<T>(f: impl FnOnce() -> T) -> (T, u64) {
    // Writing 5 to clear_refs resets the peak (VmHWM) to the current resident size.
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
    let start = status_mb("VmRSS:");
    let out = f();
    (out, status_mb("VmHWM:").saturating_sub(start))
}
