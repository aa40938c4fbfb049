//! The status bar: position in the list, reading progress, load state, key hints.

use crate::keys::Action;
use crate::lang::count;
use crate::layout::{truncate, width};
use crate::tui::app::{App, Pane};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::fmt::Write;

/// The line being edited, if any: prompt, input, and a note (result count, error).
fn editing(app: &App) -> Option<(&'static str, &crate::tui::input::LineInput, String)> {
    let l = app.lang;
    if let Some(fd) = app.find.as_ref().filter(|f| f.editing) {
        let note = match fd.matches.len() {
            0 if fd.input.text.is_empty() => String::new(),
            0 => l.pick("no match", "无匹配").to_string(),
            n => count(l, n, "match", "matches", "处匹配"),
        };
        return Some((l.pick("find: ", "查找："), &fd.input, note));
    }
    let s = app.search.as_ref().filter(|s| s.editing)?;
    let note = if let Some(e) = &s.error {
        e.clone()
    } else if s.pending {
        l.pick("searching…", "搜索中…").to_string()
    } else if s.input.text.trim().is_empty() {
        "title: account: author: is:unread before: after: re: \"phrase\" -not".to_string()
    } else {
        count(l, app.order.len(), "article", "articles", "篇")
    };
    Some(("/", &s.input, note))
}

/// Where the terminal cursor goes: at the caret of the line being edited (an input
/// method's popup appears there).
pub fn cursor(app: &App, area: Rect) -> Option<(u16, u16)> {
    let (prompt, input, _) = editing(app)?;
    let x = (width(prompt) + input.caret_col()).min(area.width.saturating_sub(1) as usize);
    Some((area.x + x as u16, area.y))
}

/// The key hints on the right, from the keymap in use.
fn hints(app: &App) -> String {
    let l = app.lang;
    let m = app.mode();
    let k = |a| app.keymap.hint(m, a);
    match app.focus {
        Pane::List => format!(
            "{}/{} {}  {} {}  {} {}  {} {}  {} {} ",
            k(Action::Down),
            k(Action::Up),
            l.pick("move", "移动"),
            k(Action::Open),
            l.pick("open", "打开"),
            k(Action::ToggleRead),
            l.pick("read", "已读"),
            k(Action::Help),
            l.pick("help", "帮助"),
            k(Action::Quit),
            l.pick("quit", "退出"),
        ),
        Pane::Reader => format!(
            "{} {}  {}/{} {}  {} {}  {} {}  {} {} ",
            k(Action::PageDown),
            l.pick("page", "翻页"),
            k(Action::NextArticle),
            k(Action::PrevArticle),
            l.pick("article", "篇"),
            k(Action::Links),
            l.pick("links", "链接"),
            k(Action::Help),
            l.pick("help", "帮助"),
            k(Action::Quit),
            l.pick("back", "返回"),
        ),
    }
}

pub fn render(app: &App, f: &mut Frame<'_>, area: Rect) {
    let w = area.width as usize;
    if let Some((prompt, input, note)) = editing(app) {
        let head = format!("{prompt}{}", input.text);
        let note = truncate(&format!("  {note}"), w.saturating_sub(width(&head))).into_owned();
        let line = Line::from(vec![Span::raw(head), Span::styled(note, app.theme.dim())]);
        f.render_widget(Paragraph::new(line), area);
        return;
    }
    let lang = app.lang;
    let mut left = String::from(" ");
    if let Some(n) = app.count {
        let _ = write!(left, "{n}… · ");
    }
    if app.order.is_empty() {
        left.push_str("0/0");
    } else {
        let _ = write!(left, "{}/{}", app.selected + 1, app.order.len());
    }
    if let Some(s) = &app.search {
        let _ = write!(left, " · /{}", s.input.text);
    }
    if let Some(fd) = app.find.as_ref().filter(|fd| !fd.matches.is_empty()) {
        let _ = write!(left, " · {}/{}", fd.current + 1, fd.matches.len());
    }
    // What the last key did comes first: a narrow bar cuts what follows.
    let before_flash = left.len();
    if let Some(flash) = &app.flash {
        let _ = write!(left, " · {flash}");
    }
    let unread = app.unread_in_view();
    let _ = write!(
        left,
        " · {}",
        count(lang, unread, "unread", "unread", "篇未读")
    );
    if let Some(p) = app.progress().filter(|_| app.areas().reader_text.is_some()) {
        let _ = write!(left, " · {p}%");
    }
    let filt = &app.filter;
    let mut view = Vec::new();
    if filt.unread {
        view.push(lang.pick("unread only", "只看未读"));
    }
    if filt.bookmarks {
        view.push(lang.pick("bookmarks", "书签"));
    }
    if let Some(acc) = &filt.account {
        view.push(if acc.is_empty() {
            lang.pick("no account", "无公众号")
        } else {
            acc
        });
    }
    if !view.is_empty() {
        let _ = write!(left, " · [{}]", view.join("·"));
    }
    if app.loading {
        match app.reading {
            Some((read, found)) => {
                let _ = match lang {
                    crate::config::Lang::En => write!(left, " · reading {read} of {found} files…"),
                    crate::config::Lang::Zh => write!(left, " · 正在读取 {read}/{found} 个文件…"),
                };
            }
            None if app.checking => {
                left.push_str(lang.pick(" · checking files…", " · 正在检查文件…"));
            }
            None => left.push_str(lang.pick(" · loading…", " · 载入中…")),
        }
    }
    if !app.problems.is_empty() {
        let n = app.problems.len();
        let p = count(lang, n, "problem", "problems", "个问题");
        let _ = write!(
            left,
            " · {p} ({})",
            app.keymap.hint(app.mode(), Action::Problems)
        );
    }
    // Too narrow for all of it: the position and the word for the last key only.
    if let Some(flash) = &app.flash
        && width(&left) > w
    {
        left.truncate(before_flash);
        let _ = write!(left, " · {flash}");
    }
    let hints = hints(app);
    let hints = hints.as_str();
    if let Some(why) = app.store_warning.as_ref().or(app.article_error.as_ref()) {
        // Marks are not being saved, or the open article met a bug: that outranks the key
        // hints.
        let left = truncate(&left, w / 2).into_owned();
        let warn = format!(" ⚠ {why} ");
        let warn = truncate(&warn, w.saturating_sub(width(&left))).into_owned();
        let gap = w.saturating_sub(width(&left) + width(&warn));
        let line = Line::from(vec![
            Span::styled(left, app.theme.status()),
            Span::styled(" ".repeat(gap), app.theme.status()),
            Span::styled(
                warn,
                app.theme
                    .warn()
                    .add_modifier(ratatui::style::Modifier::REVERSED),
            ),
        ]);
        f.render_widget(Paragraph::new(line).style(app.theme.status()), area);
        return;
    }
    let left = truncate(&left, w).into_owned();
    let room = w.saturating_sub(width(&left) + 2);
    let short = format!(
        "{} {} ",
        app.keymap.hint(app.mode(), Action::Help),
        lang.pick("help", "帮助")
    );
    let right = if width(hints) <= room {
        hints
    } else {
        short.as_str()
    };
    let right = if width(right) <= room { right } else { "" };
    let gap = w.saturating_sub(width(&left) + width(right));
    let line = Line::from(vec![
        Span::raw(left),
        Span::raw(" ".repeat(gap)),
        Span::raw(right),
    ])
    .style(app.theme.status());
    f.render_widget(Paragraph::new(line).style(app.theme.status()), area);
}
