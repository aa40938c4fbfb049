//! The terminal interface. Owns the event loop and the threads that feed it; everything that
//! decides anything is in [`app`] (pure `update(msg) -> effects`) and everything that draws is
//! in [`view`] (read-only `render(&app, frame)`).
//!
//! One `std::sync::mpsc` channel carries every [`Msg`]: keys, mouse and resizes from the
//! input thread, article batches from the loader thread, and quit requests from the signal
//! thread. The loop redraws only after a message changed something.

pub mod app;
pub mod input;
pub mod keymap;
pub mod msg;
pub mod terminal;
pub mod theme;
pub mod view;

pub use app::{App, Effect};
pub use msg::Msg;

use crate::archive::{self, Source};
use crate::config::Config;
use crate::store::{self, Store};
use anyhow::Context;
use std::sync::mpsc::{self, Receiver, Sender};

/// Runs the interactive reader until the user quits (or a signal asks it to).
pub fn run(source: &Source) -> anyhow::Result<()> {
    let (config, config_warning) = Config::load();
    let (store, store_warnings) = match store::data_dir() {
        Some(dir) => {
            let (s, w) = Store::open(&dir);
            (Some(s), w)
        }
        None => (
            None,
            vec!["no data directory (set WXR_DATA_DIR); marks will not be saved".into()],
        ),
    };
    // Warnings go to stderr now (seen after quitting) and onto the screen.
    for w in config_warning.iter().chain(&store_warnings) {
        eprintln!("wxr: {w}");
    }
    let mut term = terminal::Session::start().context("cannot set up the terminal")?;
    let (tx, rx) = mpsc::channel();
    terminal::spawn_input(tx.clone());
    terminal::spawn_signals(tx.clone()).context("cannot install signal handlers")?;
    let size = term.size()?;
    let (mut app, effects) = App::new(source, size);
    app.policy = config.mark_read;
    app.marks = store.as_ref().map(|s| s.state.clone()).unwrap_or_default();
    app.store_warning = store_warnings.into_iter().chain(config_warning).next();
    let mut driver = Driver { tx, store };
    driver.run(effects);
    event_loop(&mut term, &mut app, &rx, &mut driver)
}

fn event_loop(
    term: &mut terminal::Session,
    app: &mut App,
    rx: &Receiver<Msg>,
    driver: &mut Driver,
) -> anyhow::Result<()> {
    let mut dirty = true;
    loop {
        if dirty {
            term.draw(|f| view::render(app, f))?;
            if let Some(pos) = view::cursor(app) {
                term.set_cursor(pos)?;
            }
        }
        let Ok(first) = rx.recv() else { return Ok(()) };
        dirty = false;
        // Take everything already queued before drawing again: a burst of key repeats or
        // article batches costs one frame. Effects run before the next frame, so a mark
        // the frame shows has been saved.
        let mut queue: Vec<Msg> = std::iter::once(first).chain(rx.try_iter()).collect();
        while !queue.is_empty() {
            for msg in std::mem::take(&mut queue) {
                let (changed, effects) = app.update(msg);
                dirty |= changed;
                queue.extend(driver.run(effects));
                if app.quit {
                    return Ok(());
                }
            }
        }
    }
}

/// Executes effects: the only place in the TUI that does IO besides the terminal.
struct Driver {
    tx: Sender<Msg>,
    store: Option<Store>,
}

impl Driver {
    /// Runs effects; returns messages to handle before the next frame (a failed save).
    fn run(&mut self, effects: Vec<Effect>) -> Vec<Msg> {
        let mut back = Vec::new();
        for fx in effects {
            match fx {
                Effect::Load(source) => self.load(source),
                Effect::Save(records) => {
                    let r = match &mut self.store {
                        Some(s) => s.append(&records),
                        None => Err("marks are not saved: no data directory".to_string()),
                    };
                    if let Err(why) = r {
                        back.push(Msg::SaveFailed(why));
                    }
                }
            }
        }
        back
    }

    fn load(&self, source: Source) {
        let out = self.tx.clone();
        let spawned = std::thread::Builder::new()
            .name("loader".into())
            .spawn(move || {
                archive::load(&source, &mut |ev| {
                    let _ = out.send(Msg::Load(ev));
                });
            });
        if let Err(e) = spawned {
            let reason = format!("cannot start the loader thread: {e}");
            let p = archive::Problem {
                path: "wxr".into(),
                kind: archive::ProblemKind::Unreadable,
                reason,
            };
            let _ = self.tx.send(Msg::Load(archive::Event::Problem(p)));
            let _ = self
                .tx
                .send(Msg::Load(archive::Event::Done(archive::Stats::default())));
        }
    }
}
