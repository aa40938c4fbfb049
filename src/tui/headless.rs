//! The reader without a terminal, for measuring its load path (`benches/load.rs`,
//! `examples/load_path.rs`): the pipeline runs on a loader thread as in the reader and sends
//! its events over a channel; this thread does what the reader's loop does with them —
//! batches joined ([`super::coalesce`]), [`App::update`], the articles handed to the search
//! corpus (the search worker's job in the reader), a frame drawn (ratatui's `TestBackend`)
//! as often as the reader draws while loading ([`super::LOAD_FRAME`]) — until the list is
//! complete.

use super::{App, Effect, Msg};
use crate::archive::{Event, Options, Source};
use crate::search::Corpus;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A folder opened without a terminal.
pub struct Opened {
    pub app: App,
    pub corpus: Corpus,
    /// From the start until the first frame showing an article, and until the list was
    /// complete.
    pub first_article: Option<Duration>,
    pub complete: Duration,
    pub frames: usize,
    /// The loader, still saving the folder's store when the list is complete (as in the
    /// reader, which goes on meanwhile): [`Opened::saved`] waits for it.
    loader: Option<std::thread::JoinHandle<()>>,
}

impl Opened {
    /// Waits until the loader has saved the folder's store and ended.
    ///
    /// # Panics
    /// If the loader panicked.
    pub fn saved(&mut self) {
        if let Some(l) = self.loader.take() {
            l.join().expect("loader");
        }
    }
}

/// Opens `source` as the reader does, on a screen of `size`, until loading ends (the list is
/// complete; the store may still be being saved: [`Opened::saved`]).
///
/// # Panics
/// If the loader thread cannot be started or a frame cannot be drawn on the test backend.
pub fn open(source: &Source, opts: &Options, size: (u16, u16)) -> Opened {
    let t = Instant::now();
    let (tx, rx) = mpsc::channel();
    let (src, o) = (source.clone(), opts.clone());
    let loader = std::thread::spawn(move || {
        crate::archive::load_with(&src, &o, &mut |ev| {
            let _ = tx.send(Msg::Load(ev));
        });
    });
    let (mut app, _) = App::new(source, size);
    let mut corpus = Corpus::default();
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(size.0, size.1))
        .expect("terminal");
    let (mut done, mut frames, mut first_article, mut drawn) = (false, 0, None, None);
    while !done {
        let Ok(first) = rx.recv() else { break };
        for m in super::coalesce(std::iter::once(first).chain(rx.try_iter())) {
            done |= matches!(m, Msg::Load(Event::Done(_)));
            let (_, effects) = app.update(m);
            for e in effects {
                if let Effect::Index(arts) = e {
                    for (i, a) in &*arts {
                        corpus.set_shared(*i, a);
                    }
                }
            }
        }
        if done || drawn.is_none_or(|d: Instant| d.elapsed() >= super::LOAD_FRAME) {
            term.draw(|f| super::view::render(&app, f)).expect("frame");
            drawn = Some(Instant::now());
            frames += 1;
            if first_article.is_none() && !app.order.is_empty() {
                first_article = Some(t.elapsed());
            }
        }
    }
    Opened {
        app,
        corpus,
        first_article,
        complete: t.elapsed(),
        frames,
        loader: Some(loader),
    }
}
