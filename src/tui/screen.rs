//! Where each part of the screen goes, for the app (page sizes, mouse hits) and the view
//! (drawing) alike. It knows neither: both depend on it, not on each other.

use ratatui::layout::Rect;

/// Which pane has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    List,
    Reader,
}

/// Below this size wxr shows only a "terminal too small" note.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 5;
/// From this width the list and the reader stand side by side.
pub const SIDE_BY_SIDE: u16 = 100;
/// The reading column's widest: about 38 Chinese characters, a comfortable line.
pub const MAX_TEXT_COLS: u16 = 76;

/// Where each part of the screen goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub list: Option<Rect>,
    /// The whole reading pane (for mouse hits).
    pub reader: Option<Rect>,
    /// The reading column inside it: capped width, centred.
    pub reader_text: Option<Rect>,
    /// The column between the panes when side by side.
    pub divider: Option<Rect>,
    pub status: Rect,
    pub too_small: bool,
}

pub fn areas(screen: Rect, focus: Pane) -> Areas {
    areas_with(screen, focus, MAX_TEXT_COLS)
}

/// [`areas`] with the reading column at most `text_cols` wide (`[reader] width`).
pub fn areas_with(screen: Rect, focus: Pane, text_cols: u16) -> Areas {
    if screen.width < MIN_WIDTH || screen.height < MIN_HEIGHT {
        return Areas {
            list: None,
            reader: None,
            reader_text: None,
            divider: None,
            status: screen,
            too_small: true,
        };
    }
    let main = Rect {
        height: screen.height - 1,
        ..screen
    };
    let status = Rect {
        y: screen.y + screen.height - 1,
        height: 1,
        ..screen
    };
    let (list, divider, reader) = if screen.width >= SIDE_BY_SIDE {
        let lw = (screen.width * 2 / 5).clamp(32, 56);
        let list = Rect { width: lw, ..main };
        let divider = Rect {
            x: main.x + lw,
            width: 1,
            ..main
        };
        let reader = Rect {
            x: main.x + lw + 1,
            width: main.width - lw - 1,
            ..main
        };
        (Some(list), Some(divider), Some(reader))
    } else if focus == Pane::List {
        (Some(main), None, None)
    } else {
        (None, None, Some(main))
    };
    let reader_text = reader.map(|r| {
        let inner = r.width.saturating_sub(2);
        let w = inner.min(text_cols);
        Rect {
            x: r.x + 1 + (inner - w) / 2,
            width: w,
            ..r
        }
    });
    Areas {
        list,
        reader,
        reader_text,
        divider,
        status,
        too_small: false,
    }
}

/// A `w` × `h` box centred in `screen` (clipped to it), for overlays.
pub fn centered(screen: Rect, w: u16, h: u16) -> Rect {
    let (w, h) = (w.min(screen.width), h.min(screen.height));
    Rect {
        x: screen.x + (screen.width - w) / 2,
        y: screen.y + (screen.height - h) / 2,
        width: w,
        height: h,
    }
}
