//! Containment of bugs in work done for one article (parsing a file, laying out or detecting
//! entities in one article): a panic there becomes an error for that article, and the reader
//! or the command goes on with the rest. Issue 11: one article naming `零一万物` divided by
//! zero in the money detector and killed the whole reader.
//!
//! [`isolate`] runs a closure under `catch_unwind`. A panic hook installed with
//! [`install_hook`] (the binary does it first thing) keeps a contained panic off stderr — in
//! the reader it would garble the screen, and the terminal must not be restored for it — and
//! records where it happened, which [`isolate`] returns as the error. Panics outside
//! [`isolate`] go to the previous hook as before. Core module: no terminal, no IO beyond that.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// How many [`isolate`] calls this thread is inside.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    /// What the hook saw of the last contained panic on this thread.
    static LAST: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// A bug met while working on one article: what it was and where in wxr's code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub message: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "internal error ({}); please report it", self.message)
    }
}

impl std::error::Error for Failure {}

/// Runs `f`; a panic inside it comes back as a [`Failure`] instead of unwinding further.
/// The work must not leave shared state half-changed when it panics: callers use it around
/// pure computations on one article (the closure is asserted unwind-safe).
pub fn isolate<T>(f: impl FnOnce() -> T) -> Result<T, Failure> {
    DEPTH.with(|d| d.set(d.get().saturating_add(1)));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    result.map_err(|payload| {
        let recorded = LAST.with(|l| l.borrow_mut().take());
        let message = recorded.unwrap_or_else(|| payload_text(payload.as_ref()));
        Failure { message }
    })
}

/// Whether the current thread is inside [`isolate`]: a panic hook that restores the terminal
/// or prints must leave such a panic alone.
pub fn active() -> bool {
    DEPTH.with(Cell::get) > 0
}

/// Records a contained panic (when [`active`]) and says whether it was one. Hooks call this
/// first and return at once when it is `true`.
pub fn contain(info: &panic::PanicHookInfo<'_>) -> bool {
    if !active() {
        return false;
    }
    let what = payload_text(info.payload());
    let text = match info.location() {
        Some(l) => format!("{what} at {}:{}", l.file(), l.line()),
        None => what,
    };
    LAST.with(|l| *l.borrow_mut() = Some(crate::sanitize::line(&text)));
    true
}

/// Wraps the current panic hook so that contained panics are recorded, not printed. Safe to
/// call more than once; the first call installs it.
pub fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !contain(info) {
                previous(info);
            }
        }));
    });
}

/// A place where tests can make wxr fail on purpose (`layout`, `entities`, `render`,
/// `parse`), to check that the failure stays with one article. Does nothing outside tests.
#[inline]
pub fn failpoint(site: &'static str) {
    #[cfg(test)]
    assert!(
        !ARMED.with(|a| a.borrow().contains(&site)),
        "failpoint {site}"
    );
    #[cfg(not(test))]
    let _ = site;
}

#[cfg(test)]
thread_local! {
    static ARMED: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
}

/// Arms `site` on this thread until the returned guard is dropped (tests only).
#[cfg(test)]
pub fn arm(site: &'static str) -> Armed {
    ARMED.with(|a| a.borrow_mut().push(site));
    Armed(site)
}

#[cfg(test)]
pub struct Armed(&'static str);

#[cfg(test)]
impl Drop for Armed {
    fn drop(&mut self) {
        ARMED.with(|a| a.borrow_mut().retain(|s| *s != self.0));
    }
}

fn payload_text(p: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_failure_and_the_thread_goes_on() {
        install_hook();
        let r: Result<u32, Failure> = isolate(|| {
            let zero = std::hint::black_box(0u32);
            7 / zero
        });
        let f = r.unwrap_err();
        assert!(f.message.contains("divide by zero"), "{f}");
        assert!(f.message.contains("src/guard.rs"), "{f}");
        assert!(!active());
        assert_eq!(isolate(|| 3), Ok(3));
    }

    #[test]
    fn nested_isolation_reports_the_inner_panic_to_the_inner_call() {
        install_hook();
        let outer = isolate(|| isolate(|| panic!("inner")).map_err(|f| f.message));
        let inner = outer.unwrap().unwrap_err();
        assert!(inner.starts_with("inner at "), "{inner}");
    }
}
