//! The help's content, generated from the active keymap so it never disagrees with the keys,
//! in the interface's language: one column of keys and what they do, descriptions wrapped by
//! the reader's own line breaker under a hanging indent. The app scrolls it (within
//! [`max_scroll`]); the view draws it.

use crate::keys::{Keymap, Mode};
use crate::lang::Lang;
use crate::layout::{truncate, width, wrap_text};
use crate::tui::screen::centered;
use ratatui::layout::Rect;

/// The help's widest inner width.
const MAX_INNER: usize = 72;
/// The key column's width, when the box is wide enough for one.
const KEY_COL: usize = 14;

/// The help's lines at inner width `w`: (text, dim).
pub fn lines(keymap: &Keymap, mode: Mode, l: Lang, w: usize) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let key_col = if w >= 36 { KEY_COL } else { 0 };
    for (keys, action) in keymap.help(mode) {
        let desc = action.describe(l);
        let keys = format!(" {keys}");
        let indent = key_col.max(3);
        let (first, rest_from) = if key_col > 0 && width(&keys) < key_col {
            (
                format!("{keys}{}", " ".repeat(key_col - width(&keys))),
                true,
            )
        } else {
            out.push((truncate(&keys, w).into_owned(), false));
            (" ".repeat(indent), false)
        };
        let room = w.saturating_sub(indent).max(8);
        for (n, row) in wrap_text(desc, room).iter().enumerate() {
            let text = row.visible(desc);
            let lead = if n == 0 && rest_from {
                first.clone()
            } else {
                " ".repeat(indent)
            };
            out.push((format!("{lead}{text}"), false));
        }
    }
    out.push((String::new(), false));
    let notes = [
        l.pick(
            "In the search line: ↑/↓ history, Ctrl-N/P results, Enter open, Esc leave.",
            "搜索栏中：↑/↓ 历史，Ctrl-N/P 切换结果，Enter 打开，Esc 离开。",
        ),
        l.pick(
            "Query: title: account: author: company: is:unread is:read before: after: re: \"a phrase\" -exclude; pinyin finds titles (ruanyin, ry).",
            "查询：title: account: author: company: is:unread is:read before: after: re: \"短语\" -排除；拼音可搜标题（ruanyin、ry）。",
        ),
        l.pick(
            "A number before o or y picks a link: 3o opens link [3]. L lists them all.",
            "在 o 或 y 前输入数字选择链接：3o 打开链接 [3]。L 列出全部链接。",
        ),
        l.pick(
            "The mouse wheel scrolls the pane under the pointer; hold Shift to select text (or set mouse = false in the config).",
            "鼠标滚轮滚动指针下的窗格；按住 Shift 选择文字（或在配置中设 mouse = false）。",
        ),
        l.pick(
            "Keys, colours and the reading width: wxr config --default",
            "按键、颜色和阅读宽度：wxr config --default",
        ),
    ];
    for n in notes {
        for row in wrap_text(n, w.saturating_sub(1).max(8)) {
            out.push((format!(" {}", row.visible(n)), true));
        }
    }
    out
}

/// Where the help goes on `screen`, and how many of its lines fit.
pub fn geometry(screen: Rect) -> (Rect, usize) {
    let w = (MAX_INNER + 2).min(screen.width as usize) as u16;
    let area = centered(screen, w, screen.height);
    // Borders and the last line (how to scroll and close).
    let rows = area.height.saturating_sub(3) as usize;
    (area, rows)
}

/// The furthest the help scrolls at the app's terminal size.
pub fn max_scroll(keymap: &Keymap, mode: Mode, l: Lang, size: (u16, u16)) -> usize {
    let screen = Rect::new(0, 0, size.0, size.1);
    let (area, rows) = geometry(screen);
    lines(keymap, mode, l, area.width.saturating_sub(2) as usize)
        .len()
        .saturating_sub(rows)
}
