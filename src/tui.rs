//! The terminal interface. Owns the event loop and the threads that feed it; everything that
//! decides anything is in [`app`] (pure `update(msg) -> effects`) and everything that draws is
//! in [`view`] (read-only `render(&app, frame)`).
//!
//! One `std::sync::mpsc` channel carries every [`Msg`]: keys, mouse and resizes from the
//! input thread, article batches from the loader thread, and quit requests from the signal
//! thread. The loop redraws only after a message changed something.

pub mod app;
pub mod keymap;
pub mod msg;
pub mod terminal;
pub mod theme;
pub mod view;

pub use app::{App, Effect};
pub use msg::Msg;

use crate::archive::{self, Source};
use anyhow::Context;
use std::sync::mpsc::{self, Receiver, Sender};

/// Runs the interactive reader until the user quits (or a signal asks it to).
pub fn run(source: &Source) -> anyhow::Result<()> {
    let mut term = terminal::Session::start().context("cannot set up the terminal")?;
    let (tx, rx) = mpsc::channel();
    terminal::spawn_input(tx.clone());
    terminal::spawn_signals(tx.clone()).context("cannot install signal handlers")?;
    let size = term.size()?;
    let (mut app, effects) = App::new(source, size);
    run_effects(effects, &tx);
    event_loop(&mut term, &mut app, &rx, &tx)
}

fn event_loop(
    term: &mut terminal::Session,
    app: &mut App,
    rx: &Receiver<Msg>,
    tx: &Sender<Msg>,
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
        // article batches costs one frame.
        for msg in std::iter::once(first).chain(rx.try_iter()) {
            let (changed, effects) = app.update(msg);
            dirty |= changed;
            run_effects(effects, tx);
            if app.quit {
                return Ok(());
            }
        }
    }
}

fn run_effects(effects: Vec<Effect>, tx: &Sender<Msg>) {
    for fx in effects {
        match fx {
            Effect::Load(source) => {
                let out = tx.clone();
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
                    let _ = tx.send(Msg::Load(archive::Event::Problem(p)));
                    let _ = tx.send(Msg::Load(archive::Event::Done(archive::Stats::default())));
                }
            }
        }
    }
}
