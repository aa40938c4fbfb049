//! Read marks, bookmarks, reading positions, undo and the list's filters: the part of
//! [`App::update`] that produces store records. Records go to `pending` and leave `update`
//! as one [`super::Effect::Save`].

use super::{App, Filter, Overlay, Pane};
use crate::config::MarkPolicy;
use crate::model::ArticleId;
use crate::store::{POS_END, Record};
use crate::tui::keymap::Action;
use std::collections::BTreeMap;

/// One account's counts, for the accounts overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountCount {
    pub name: String,
    pub unread: usize,
    pub total: usize,
}

impl App {
    fn record(&mut self, r: Record) {
        self.marks.apply(&r);
        self.pending.push(r);
    }

    fn selected_id_or_none(&self) -> Option<ArticleId> {
        let idx = match self.focus {
            Pane::Reader => self.reader.as_ref().map(|r| r.article),
            Pane::List => self.selected_article(),
        }?;
        Some(self.library.articles[idx].id)
    }

    /// `m`: read ⇄ unread for the selected article.
    pub(super) fn toggle_read(&mut self) -> bool {
        let Some(id) = self.selected_id_or_none() else {
            return false;
        };
        let l = self.lang;
        let (r, back, word) = if self.marks.is_read(id) {
            (
                Record::Unread { id },
                Record::Read { id },
                l.pick("marked unread", "标为未读"),
            )
        } else {
            (
                Record::Read { id },
                Record::Unread { id },
                l.pick("marked read", "标为已读"),
            )
        };
        self.record(r);
        self.undo.push(vec![back]);
        self.flash = Some(word.into());
        true
    }

    /// `M`: every article in the current view read.
    pub(super) fn mark_all_read(&mut self) -> bool {
        let ids: Vec<ArticleId> = self
            .order
            .iter()
            .map(|&i| self.library.articles[i].id)
            .filter(|id| !self.marks.is_read(*id))
            .collect();
        let l = self.lang;
        if ids.is_empty() {
            self.flash = Some(
                l.pick("every article here is read", "这里的文章都已读")
                    .into(),
            );
            return true;
        }
        self.flash = Some(match l {
            crate::lang::Lang::En => {
                crate::lang::count(l, ids.len(), "article", "articles", "篇") + " marked read"
            }
            crate::lang::Lang::Zh => format!("{} 篇标为已读", ids.len()),
        });
        for &id in &ids {
            self.record(Record::Read { id });
        }
        self.undo
            .push(ids.into_iter().map(|id| Record::Unread { id }).collect());
        true
    }

    /// `u`: takes back the last marking action (several levels deep).
    pub(super) fn undo_last(&mut self) -> bool {
        let Some(records) = self.undo.pop() else {
            self.flash = Some(self.lang.pick("nothing to undo", "没有可撤销的标记").into());
            return true;
        };
        self.flash = Some(self.lang.pick("undone", "已撤销").into());
        for r in records {
            self.record(r);
        }
        true
    }

    /// `b`: bookmark ⇄ not.
    pub(super) fn toggle_bookmark(&mut self) -> bool {
        let Some(id) = self.selected_id_or_none() else {
            return false;
        };
        let l = self.lang;
        let (r, word) = if self.marks.bookmarks.contains(&id) {
            (
                Record::Unbookmark { id },
                l.pick("bookmark removed", "已去掉书签"),
            )
        } else {
            (Record::Bookmark { id }, l.pick("bookmarked", "已加书签"))
        };
        self.record(r);
        self.flash = Some(word.into());
        true
    }

    /// The article in the reader was opened (Enter, Tab into the reader).
    pub(super) fn opened(&mut self) {
        if self.policy == MarkPolicy::Open {
            self.mark_read_on_policy();
        }
    }

    /// Marks the reader's article read if it is not, as an undoable action.
    pub(super) fn mark_read_on_policy(&mut self) {
        let Some(idx) = self.reader.as_ref().map(|r| r.article) else {
            return;
        };
        let id = self.library.articles[idx].id;
        if !self.marks.is_read(id) {
            self.record(Record::Read { id });
            self.undo.push(vec![Record::Unread { id }]);
        }
    }

    /// Remembers where the reader is in its article before it shows another one (or quits):
    /// thousandths of the article's rows, rounded up so that reopening (rounding down) comes
    /// back to the same row; `POS_END` at its end.
    pub(super) fn leave_article(&mut self) {
        let height = self.areas().reader_text.map_or(0, |r| r.height as usize);
        let Some(r) = &self.reader else { return };
        if r.scroll == r.opened_at {
            return;
        }
        let rows = r.doc.rows.len().max(1);
        let max = rows.saturating_sub(height);
        let p = if r.scroll >= max {
            POS_END
        } else {
            u16::try_from((r.scroll * usize::from(POS_END)).div_ceil(rows))
                .unwrap_or(POS_END - 1)
                .min(POS_END - 1)
        };
        let id = self.library.articles[r.article].id;
        let scroll = r.scroll;
        if let Some(r) = &mut self.reader {
            // Saved: leaving again from here saves nothing new.
            r.opened_at = scroll;
        }
        if self.marks.positions.get(&id).copied().unwrap_or(0) != p {
            self.record(Record::Pos { id, p });
        }
    }

    /// Whether article `i` passes the filter.
    fn shown(&self, i: usize) -> bool {
        let a = &self.library.articles[i];
        let f = &self.filter;
        (!f.unread || !self.marks.is_read(a.id))
            && (!f.bookmarks || self.marks.bookmarks.contains(&a.id))
            && f.account
                .as_deref()
                .is_none_or(|acc| a.account.as_deref().unwrap_or("") == acc)
    }

    pub(super) fn filtered(&self) -> Vec<usize> {
        if self.filter == Filter::default() {
            return self.all.clone();
        }
        self.all
            .iter()
            .copied()
            .filter(|&i| self.shown(i))
            .collect()
    }

    /// Shows the list through `f`, keeping the selection on its article when it stays.
    pub(super) fn set_filter(&mut self, f: Filter) {
        let keep = self.selected_article();
        self.filter = f;
        self.order = self.filtered();
        self.selected = keep
            .and_then(|k| self.order.iter().position(|&x| x == k))
            .unwrap_or(0)
            .min(self.order.len().saturating_sub(1));
        self.list_offset = 0;
        if self.order.is_empty() {
            self.focus = Pane::List;
        }
        self.sync();
    }

    /// Unread articles in the list as shown.
    pub fn unread_in_view(&self) -> usize {
        self.order
            .iter()
            .filter(|&&i| !self.marks.is_read(self.library.articles[i].id))
            .count()
    }

    /// Every account with its counts, most unread first, then by name; the articles without
    /// one last, under an empty name (authors are not accounts).
    pub fn accounts(&self) -> Vec<AccountCount> {
        let mut m: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for &i in &self.all {
            let a = &self.library.articles[i];
            let e = m.entry(a.account.as_deref().unwrap_or("")).or_default();
            e.1 += 1;
            if !self.marks.is_read(a.id) {
                e.0 += 1;
            }
        }
        let mut v: Vec<AccountCount> = m
            .into_iter()
            .map(|(name, (unread, total))| AccountCount {
                name: name.to_string(),
                unread,
                total,
            })
            .collect();
        v.sort_by(|a, b| {
            a.name
                .is_empty()
                .cmp(&b.name.is_empty())
                .then_with(|| b.unread.cmp(&a.unread))
                .then_with(|| a.name.cmp(&b.name))
        });
        v
    }

    /// Keys while the accounts overlay is open.
    pub(super) fn act_accounts(&mut self, a: Action, selected: usize) -> bool {
        let accounts = self.accounts();
        let last = accounts.len().saturating_sub(1);
        let page = (self.size.1.saturating_sub(4) as usize).max(1);
        let to = match a {
            Action::Accounts | Action::Back | Action::Quit | Action::Help => {
                self.overlay = None;
                return true;
            }
            Action::Open => {
                self.overlay = None;
                if let Some(acc) = accounts.get(selected) {
                    let f = Filter {
                        account: Some(acc.name.clone()),
                        ..self.filter.clone()
                    };
                    self.set_filter(f);
                }
                return true;
            }
            Action::Down => selected + 1,
            Action::Up => selected.saturating_sub(1),
            Action::PageDown => selected + page,
            Action::PageUp => selected.saturating_sub(page),
            Action::Top => 0,
            Action::Bottom => last,
            _ => return false,
        }
        .min(last);
        self.overlay = Some(Overlay::Accounts { selected: to });
        to != selected
    }
}
