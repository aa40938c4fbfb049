//! Moving as readers of newsboat and mutt expect: article to article from the reader, the
//! next unread one (also `Space` at an article's end), half pages, sorting, reloading; and
//! the article's links: the links view, opening (`o`, `3o`) and copying (`y`) an address.

use super::{App, Effect, Overlay, Pane};
use crate::archive::Source;
use crate::keys::Action;
use crate::lang::Lang;
use crate::model::Article;
use crate::tui::keymap;

/// What the list compares of an article before reaching into it: its date's key
/// ([`crate::model::date_key`]) and its title's first bytes ([`crate::model::title_key`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ListKey {
    pub date: u64,
    pub title: u64,
}

impl ListKey {
    pub fn of(a: &Article) -> ListKey {
        ListKey {
            date: crate::model::date_key(a.date.as_deref()),
            title: crate::model::title_key(&a.title),
        }
    }
}

/// What the list is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    #[default]
    Date,
    Title,
    Account,
}

/// The list's order: by what, and whether reversed (date: oldest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sort {
    pub by: SortBy,
    pub reverse: bool,
}

impl Sort {
    /// [`Sort::cmp`] of two articles whose [`ListKey`]s are `ka` and `kb`: by the keys alone
    /// when they tell the articles apart, without reaching into them.
    pub fn cmp_keyed(
        self,
        ka: ListKey,
        a: &Article,
        kb: ListKey,
        b: &Article,
    ) -> std::cmp::Ordering {
        use crate::model::DATE_KEY_OTHER;
        if self.by == SortBy::Date
            && ka != kb
            && ka.date != DATE_KEY_OTHER
            && kb.date != DATE_KEY_OTHER
        {
            // Newest first, undated (0) last, then by title, as `list_order`.
            let o = kb.date.cmp(&ka.date).then(ka.title.cmp(&kb.title));
            return if self.reverse { o.reverse() } else { o };
        }
        self.cmp(a, b)
    }

    /// `a` before `b` in the list: newest first by default; ties by title, then file.
    pub fn cmp(self, a: &Article, b: &Article) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        let key = crate::text::collation_key;
        let primary = match self.by {
            SortBy::Date => crate::model::list_order(a, b),
            SortBy::Title => key(&a.title).cmp(&key(&b.title)),
            // Articles without an account go last.
            SortBy::Account => match (&a.account, &b.account) {
                (Some(x), Some(y)) => key(x).cmp(&key(y)),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            }
            .then_with(|| crate::model::list_order(a, b)),
        };
        let primary = if self.reverse {
            primary.reverse()
        } else {
            primary
        };
        primary.then_with(|| a.source.cmp(&b.source))
    }
}

/// One link of the links view: its label and address (number 0 is the article's own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRow {
    pub number: usize,
    pub image: bool,
    pub text: String,
    pub url: String,
}

impl App {
    /// The reader article's links as the links view lists them: its own address first (as
    /// number 0), then every link and image by number.
    pub fn link_rows(&self) -> Vec<LinkRow> {
        let Some(r) = self.current_reader() else {
            return Vec::new();
        };
        let own = r.body.url.iter().map(|u| LinkRow {
            number: 0,
            image: false,
            text: self.lang.pick("this article", "本文").to_string(),
            url: u.clone(),
        });
        own.chain(r.doc.targets.iter().enumerate().map(|(n, t)| LinkRow {
            number: n + 1,
            image: t.image,
            text: t.text.clone(),
            url: t.local.clone().unwrap_or_else(|| t.url.clone()),
        }))
        .collect()
    }

    /// The reader, when it shows the selected article (in one-pane mode the list keeps the
    /// last article read in it, which is not the one `o` should open).
    fn current_reader(&self) -> Option<&super::Reader> {
        self.reader
            .as_ref()
            .filter(|r| Some(r.article) == self.selected_article())
    }

    /// Makes the reader show the selected article, opening it when the list alone is on
    /// screen; false when there is none.
    pub(super) fn ensure_reader(&mut self) -> bool {
        if self.order.is_empty() {
            return false;
        }
        if self.current_reader().is_none() {
            self.focus = Pane::Reader;
            self.sync();
            self.opened();
        }
        self.current_reader().is_some()
    }

    /// `L`: the links view of the selected article (opened in the reader first when the
    /// list alone is on screen).
    pub(super) fn show_links(&mut self) -> bool {
        if !self.ensure_reader() {
            return false;
        }
        self.overlay = Some(Overlay::Links { selected: 0 });
        true
    }

    /// The address `o` / `y` act on: link `count` when a number was typed, else (in the
    /// links view) the selected one, else the article's own.
    fn target_url(&self, count: Option<usize>) -> Option<String> {
        let rows = self.link_rows();
        if let Some(n) = count {
            return rows.iter().find(|r| r.number == n).map(|r| r.url.clone());
        }
        if let Some(Overlay::Links { selected }) = self.overlay {
            return rows.get(selected).map(|r| r.url.clone());
        }
        rows.iter().find(|r| r.number == 0).map(|r| r.url.clone())
    }

    /// `o` / `y`: opens or copies an address, saying what happened on the status bar.
    pub(super) fn link_action(&mut self, a: Action, count: Option<usize>) -> bool {
        let lang = self.lang;
        if self.order.is_empty() {
            self.flash = Some(lang.pick("no article selected", "没有选中的文章").into());
            return true;
        }
        // From the list alone: the selected article's own address; its links are numbered
        // once it is open.
        if self.current_reader().is_none() && count.is_some_and(|n| n > 0) {
            self.flash = Some(
                lang.pick(
                    "open the article (Enter) to pick its links by number",
                    "先打开文章（Enter）再按编号选链接",
                )
                .into(),
            );
            return true;
        }
        if self.current_reader().is_none() {
            let url = self
                .selected_article()
                .and_then(|i| self.library.articles[i].url.clone());
            return self.act_on_url(a, url.filter(|_| count.is_none_or(|n| n == 0)), count);
        }
        let url = self.target_url(count);
        self.act_on_url(a, url, count)
    }

    /// Opens or copies `url` (none: says why), with a word on the status bar.
    fn act_on_url(&mut self, a: Action, url: Option<String>, count: Option<usize>) -> bool {
        let lang = self.lang;
        let Some(url) = url else {
            self.flash = Some(match count {
                Some(n) => format!(
                    "{} {n}",
                    lang.pick("no link numbered", "没有编号为此的链接：")
                ),
                None => lang
                    .pick("this article has no address", "本文没有链接地址")
                    .into(),
            });
            return true;
        };
        let url = crate::sanitize::line(&url);
        if a == Action::OpenLink {
            self.pending_effects.push(Effect::Open(url.clone()));
            self.flash = Some(format!("{} {url}", lang.pick("opening", "正在打开")));
        } else {
            self.pending_effects.push(Effect::Copy(url.clone()));
            self.flash = Some(format!("{} {url}", lang.pick("copied", "已复制")));
        }
        true
    }

    /// Keys while the links view is open.
    pub(super) fn act_links(&mut self, a: Action, selected: usize, count: Option<usize>) -> bool {
        let last = self.link_rows().len().saturating_sub(1);
        let to = match a {
            Action::Links | Action::Back | Action::Quit | Action::Help => {
                self.overlay = None;
                return true;
            }
            Action::OpenLink | Action::CopyLink => return self.link_action(a, count),
            Action::Open => return self.link_action(Action::OpenLink, count),
            Action::Down => selected + 1,
            Action::Up => selected.saturating_sub(1),
            Action::PageDown | Action::HalfPageDown => selected + 10,
            Action::PageUp | Action::HalfPageUp => selected.saturating_sub(10),
            Action::Top => 0,
            Action::Bottom => last,
            _ => return false,
        }
        .min(last);
        self.overlay = Some(Overlay::Links { selected: to });
        to != selected
    }

    /// Opens the article `delta` places away in the list (the reader stays the reader).
    pub(super) fn other_article(&mut self, delta: isize) -> bool {
        let moved = self.move_selection(delta);
        if !moved {
            self.flash = Some(
                if delta > 0 {
                    self.lang.pick("this is the last article", "已是最后一篇")
                } else {
                    self.lang.pick("this is the first article", "已是第一篇")
                }
                .into(),
            );
            return true;
        }
        if self.focus == Pane::Reader {
            self.opened();
        }
        true
    }

    /// The next unread article after the selected one (wrapping to the top), opened in the
    /// reader when the reader has the keys.
    pub(super) fn next_unread(&mut self) -> bool {
        let n = self.order.len();
        let found = (1..n)
            .map(|k| (self.selected + k) % n)
            .find(|&at| !self.marks.is_read(self.library.articles[self.order[at]].id));
        let Some(at) = found else {
            self.flash = Some(
                self.lang
                    .pick("no other unread article", "没有其他未读文章")
                    .into(),
            );
            return true;
        };
        self.selected = at;
        self.sync();
        if self.focus == Pane::Reader {
            self.opened();
        }
        true
    }

    /// `Space`: a page down; at the end of an article in the reader, the next unread one.
    pub(super) fn page_or_next(&mut self) -> bool {
        if self.focus == Pane::Reader && self.at_end() {
            return self.next_unread();
        }
        self.step(self.page())
    }

    /// Whether the reader shows its article's last row.
    fn at_end(&self) -> bool {
        let height = self.areas().reader_text.map_or(0, |r| r.height as usize);
        self.reader
            .as_ref()
            .is_some_and(|r| r.scroll + height >= r.doc.rows.len())
    }

    /// Half a page of the focused pane.
    pub(super) fn half_page(&self) -> isize {
        (self.page() / 2).max(1)
    }

    /// `s`: date, title, account in turn; `S`: the other way round.
    pub(super) fn sort_next(&mut self, reverse: bool) -> bool {
        let mut s = self.sort;
        if reverse {
            s.reverse = !s.reverse;
        } else {
            s.by = match s.by {
                SortBy::Date => SortBy::Title,
                SortBy::Title => SortBy::Account,
                SortBy::Account => SortBy::Date,
            };
        }
        self.sort = s;
        let keep = self.selected_article();
        let arts = &self.library.articles;
        if s.by == SortBy::Date {
            let keys = &self.list_keys;
            self.all
                .sort_by(|&a, &b| s.cmp_keyed(keys[a], &arts[a], keys[b], &arts[b]));
        } else {
            // Pinyin keys made once per article, not once per comparison.
            let key = |i: usize| {
                let a = &arts[i];
                let field = match s.by {
                    SortBy::Title => Some(a.title.as_str()),
                    _ => a.account.as_deref(),
                };
                let k = field.map(crate::text::collation_key);
                (k.is_none(), k, a.date.clone(), a.source.clone())
            };
            self.all.sort_by_cached_key(|&i| key(i));
            if s.reverse {
                self.all.reverse();
            }
        }
        if self.search.is_none() {
            self.order = self.filtered();
            self.selected = keep
                .and_then(|k| self.order.iter().position(|&x| x == k))
                .unwrap_or(0);
        }
        self.sync();
        self.flash = Some(self.sort_label());
        true
    }

    /// How the list is sorted, in words.
    pub fn sort_label(&self) -> String {
        let l = self.lang;
        let by = match self.sort.by {
            SortBy::Date => l.pick("by date", "按日期"),
            SortBy::Title => l.pick("by title", "按标题"),
            SortBy::Account => l.pick("by account", "按公众号"),
        };
        let dir = match (self.sort.by, self.sort.reverse) {
            (SortBy::Date, false) => l.pick("newest first", "新的在前"),
            (SortBy::Date, true) => l.pick("oldest first", "旧的在前"),
            (_, false) => l.pick("A to Z", "正序"),
            (_, true) => l.pick("Z to A", "倒序"),
        };
        format!("{by}{}{dir}", l.pick(", ", "，"))
    }

    /// `r`: reads the opened folders again (the library store makes it quick); the
    /// selection comes back to its article.
    pub(super) fn reload(&mut self) -> bool {
        let Source::Paths(paths) = self.source.clone() else {
            self.flash = Some(
                self.lang
                    .pick("the sample archive does not change", "示例文章库不会变化")
                    .into(),
            );
            return true;
        };
        if self.loading {
            self.flash = Some(self.lang.pick("still loading", "仍在载入").into());
            return true;
        }
        // The problems of these folders go with their files (the config's stay).
        self.remove_files(&paths);
        self.loading = true;
        self.reloading = true;
        self.pending_effects.push(Effect::Load(self.source.clone()));
        self.flash = Some(self.lang.pick("reloading…", "正在重新载入…").into());
        true
    }

    /// Keys while the help is open: it scrolls; `?`, Esc and `q` close it (other keys do
    /// nothing, as its last line says).
    pub(super) fn act_help(&mut self, a: Action, scroll: usize) -> bool {
        let page = self.size.1.saturating_sub(4) as usize;
        let to = match a {
            Action::Help | Action::Back | Action::Quit => {
                self.overlay = None;
                return true;
            }
            Action::Down => scroll + 1,
            Action::Up => scroll.saturating_sub(1),
            Action::PageDown => scroll + page.max(1),
            Action::PageUp => scroll.saturating_sub(page.max(1)),
            Action::HalfPageDown => scroll + (page / 2).max(1),
            Action::HalfPageUp => scroll.saturating_sub((page / 2).max(1)),
            Action::Top => 0,
            Action::Bottom => usize::MAX / 2,
            _ => return false,
        };
        // The view clamps it to the help's length at the terminal's size.
        let to = to.min(crate::tui::helptext::max_scroll(
            &self.keymap,
            self.mode(),
            self.lang,
            self.size,
        ));
        self.overlay = Some(Overlay::Help { scroll: to });
        to != scroll
    }

    /// Mistakes in the config file: each in the problems list (`!`) as a part of the file
    /// not used, and a word on the status bar at start.
    pub fn config_problems(&mut self, problems: &[(std::path::PathBuf, String)]) {
        let l = self.lang;
        for (path, why) in problems {
            let reason = format!("{why}{}", l.pick("; this line is left out", "；此行未采用"));
            self.problems.push(crate::archive::Problem {
                path: path.clone(),
                kind: crate::archive::ProblemKind::Partial,
                reason,
            });
        }
        if let Some((path, _)) = problems.first() {
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            let help = self.keymap.hint(self.mode(), Action::Problems);
            let n = problems.len();
            self.flash = Some(match l {
                crate::lang::Lang::En => format!(
                    "{name}: {} left out ({help} lists them)",
                    crate::lang::count(l, n, "mistake", "mistakes", "")
                ),
                crate::lang::Lang::Zh => format!("{name}：{n} 处错误未采用（{help} 查看）"),
            });
        }
    }

    /// A key outside the search lines: a digit adds to the count, anything else is looked
    /// up in the keymap of the focused pane.
    pub(super) fn key(&mut self, k: &ratatui::crossterm::event::KeyEvent) -> bool {
        let had_flash = self.flash.take().is_some();
        let key = keymap::key(k);
        if let Some(crate::keys::Key::Char(c @ '0'..='9')) = key
            && self
                .keymap
                .action(self.mode(), crate::keys::Key::Char(c))
                .is_none()
        {
            let d = c as usize - '0' as usize;
            self.count = Some(self.count.unwrap_or(0).saturating_mul(10).saturating_add(d));
            return true;
        }
        let count = self.count.take();
        let action = key.and_then(|k| self.keymap.action(self.mode(), k));
        if let (None, Some(k)) = (action, key) {
            // A key wxr does not use says so, rather than nothing happening.
            let help = self.keymap.hint(self.mode(), Action::Help);
            self.flash = Some(match self.lang {
                Lang::En => format!("`{k}`: no such key ({help}: keys)"),
                Lang::Zh => format!("没有 `{k}` 键（{help} 看按键）"),
            });
            return true;
        }
        // A number before a move repeats it (`5j`); before `o`/`y` it picks a link.
        let repeat = match action {
            Some(
                Action::Down
                | Action::Up
                | Action::PageDown
                | Action::PageUp
                | Action::HalfPageDown
                | Action::HalfPageUp
                | Action::NextArticle
                | Action::PrevArticle
                | Action::NextEntity
                | Action::PrevEntity
                | Action::NextMatch
                | Action::PrevMatch,
            ) => count.unwrap_or(1).clamp(1, 10_000),
            _ => 1,
        };
        if repeat > 1 {
            let mut any = false;
            for _ in 0..repeat {
                any |= action.is_some_and(|a| self.act(a, None));
            }
            return any || had_flash;
        }
        let acted = action.is_some_and(|a| self.act(a, count));
        acted || had_flash || count.is_some()
    }
}
