//! The real terminal: raw mode, alternate screen, mouse and bracketed paste on; restored on
//! quit, on a panic and on SIGTERM/SIGHUP/SIGINT. Plus the input and signal threads.

use super::Msg;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::{
    cursor, event, execute,
    terminal::{self, EnterAlternateScreen, LeaveAlternateScreen},
};
use std::io::{self, Stdout};
use std::sync::Once;
use std::sync::mpsc::Sender;

/// The terminal while wxr owns it. Dropping it restores the terminal.
pub struct Session {
    term: Terminal<CrosstermBackend<Stdout>>,
}

/// Puts the terminal back as wxr found it. Safe to call more than once.
pub fn restore() {
    let _ = terminal::disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        event::DisableMouseCapture,
        event::DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
}

fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // A bug contained to one article (`crate::guard::isolate`) is shown on screen:
            // the session goes on, so the terminal stays as it is.
            if crate::guard::contain(info) {
                return;
            }
            // Restore first, so the panic message lands on a normal screen.
            restore();
            previous(info);
        }));
    });
}

impl Session {
    /// Takes the terminal; with `mouse`, its wheel events too (the terminal's own text
    /// selection then needs Shift).
    pub fn start(mouse: bool) -> io::Result<Session> {
        install_panic_hook();
        terminal::enable_raw_mode()?;
        let setup = execute!(
            io::stdout(),
            EnterAlternateScreen,
            event::EnableBracketedPaste
        )
        .and_then(|()| {
            if mouse {
                execute!(io::stdout(), event::EnableMouseCapture)
            } else {
                Ok(())
            }
        });
        if let Err(e) = setup {
            restore();
            return Err(e);
        }
        match Terminal::new(CrosstermBackend::new(io::stdout())) {
            Ok(term) => Ok(Session { term }),
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }

    pub fn size(&self) -> io::Result<(u16, u16)> {
        let s = self.term.size()?;
        Ok((s.width, s.height))
    }

    pub fn draw(&mut self, f: impl FnOnce(&mut ratatui::Frame<'_>)) -> io::Result<()> {
        self.term.draw(f).map(drop)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        restore();
    }
}

/// Reads terminal events on a thread of their own and sends them as messages.
pub fn spawn_input(tx: Sender<Msg>) {
    // Start the event reader here, before the first frame: it is what catches SIGWINCH, and a
    // resize before it starts would be lost (the screen left drawn for the old size).
    let _ = event::poll(std::time::Duration::ZERO);
    let _ = std::thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            loop {
                let msg = match event::read() {
                    Ok(event::Event::Key(k)) => Msg::Key(k),
                    Ok(event::Event::Mouse(m)) => Msg::Mouse(m),
                    Ok(event::Event::Resize(w, h)) => Msg::Resize(w, h),
                    Ok(event::Event::Paste(s)) => Msg::Paste(s),
                    Ok(_) => continue,
                    // The terminal is gone (hangup): nothing more will come; ask to quit.
                    Err(_) => Msg::Quit,
                };
                let quit = matches!(msg, Msg::Quit);
                if tx.send(msg).is_err() || quit {
                    return;
                }
            }
        });
}

/// Turns SIGTERM, SIGHUP and SIGINT into a quit message, so the terminal is restored.
pub fn spawn_signals(tx: Sender<Msg>) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if signals.forever().next().is_some() {
                let _ = tx.send(Msg::Quit);
            }
        })?;
    Ok(())
}
