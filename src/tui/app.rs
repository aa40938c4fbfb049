//! The app's state and its one entry point, [`App::update`]: a message in, effects out. No IO
//! happens here; effects are plain data that the driver in `tui.rs` executes, so every state
//! change is testable without a terminal or threads.

use super::Msg;
use super::keymap::{Action, Keymap, Mode};
pub use super::screen::Pane;
use super::screen::{self, Areas};
use crate::archive::{Library, Problem, Source, Stats};
use crate::config::Lang;
use crate::config::MarkPolicy;
use crate::layout::Doc;
use crate::model::{Article, ArticleId};
use crate::search::Query;
use crate::store::{Record, State};
use ratatui::crossterm::event::{MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

/// Work for the driver.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Load articles on a worker thread; progress comes back as [`Msg::Load`].
    Load(Source),
    /// Append to the store, durably, before the next frame is drawn (so a mark on screen
    /// is on disk). A failure comes back as [`Msg::SaveFailed`].
    Save(Vec<Record>),
    /// Give the search worker these articles (new, or changed by a merge) to index.
    Index(Vec<(usize, std::sync::Arc<Article>)>),
    /// Tell the search worker these slots hold no article any more.
    Unindex(Vec<usize>),
    /// Loading is done: the search worker reads the texts once ([`crate::search::Corpus::warm`]).
    Warm,
    /// Loading is done: watch the folders for files added, changed or removed.
    Watch(Source),
    /// Run a search on the worker; results come back as [`Msg::SearchDone`] with the same
    /// generation. A newer search cancels older ones. `within`: only these articles.
    Search {
        generation: u64,
        query: Query,
        within: Option<Vec<usize>>,
    },
    /// Make the snippets of these results (those on screen), `cols` wide; they come back as
    /// [`Msg::Snippets`].
    Snippets {
        generation: u64,
        query: Query,
        slots: Vec<usize>,
        cols: usize,
    },
    /// Read the blocks of the article at `slot` (listed from the library store without
    /// them); they come back as [`Msg::Body`].
    LoadBody { slot: usize, article: Box<Article> },
    /// Remember a search line in the history file.
    History(String),
    /// Open this address with `$BROWSER`, else the system's opener (wxr itself makes no
    /// connection).
    Open(String),
    /// Put this address on the terminal's clipboard (OSC 52).
    Copy(String),
}

/// A layer over the panes that takes the keys while it is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// The keys; `scroll` is the first line shown.
    Help { scroll: usize },
    /// The reader article's address, links and images; `selected` is the one `o` opens.
    Links { selected: usize },
    /// The files that were skipped or only partly read; `scroll` is the first one shown.
    Problems { scroll: usize },
    /// Accounts with their unread counts; Enter shows one account's articles.
    Accounts { selected: usize },
    /// The reader article's amounts (by value) and companies (by count); `selected`: the
    /// company Enter would search the archive for.
    Entities { selected: usize },
}

/// Which articles the list shows. Filters combine.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub unread: bool,
    pub bookmarks: bool,
    pub account: Option<String>,
}

/// The article in the reading pane, laid out for the current width.
#[derive(Debug, Clone)]
pub struct Reader {
    /// Index into [`App::articles`].
    pub article: usize,
    /// The article with its blocks (the list holds only metadata of stored articles).
    pub body: std::sync::Arc<Article>,
    /// Its blocks are being read ([`Effect::LoadBody`]).
    pub loading: bool,
    pub doc: Doc,
    /// First document row on screen.
    pub scroll: usize,
    /// Where it opened: a position is saved only when the reader moved from there.
    pub opened_at: usize,
}

// Independent flags of the screen (loading, help open, quit asked, untouched): an enum would
// have to encode their combinations.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug)]
pub struct App {
    /// Articles in arrival order, duplicates merged; never reordered, so an index stays valid.
    pub library: Library,
    /// Every article, newest first: indices into `articles`.
    pub all: Vec<usize>,
    /// What the list compares of each placed article, by slot.
    list_keys: Vec<nav::ListKey>,
    /// The list as shown: `all` through the filter.
    pub order: Vec<usize>,
    pub filter: Filter,
    /// Read marks, positions and bookmarks, as last saved (see [`Effect::Save`]).
    pub marks: State,
    pub policy: MarkPolicy,
    /// Marking actions that `u` can take back, newest last: the records that undo each.
    pub undo: Vec<Vec<Record>>,
    /// Records produced by the message being handled, returned as one `Save` effect.
    pending: Vec<Record>,
    /// Articles loaded but not yet placed in `all` (see `add_articles`).
    unplaced: Vec<usize>,
    /// The selected article's file changed: select it again when it comes back (the same id,
    /// or the same file: a new title makes a new id).
    reselect: Option<(ArticleId, std::path::PathBuf)>,
    /// What was opened, and whether its folders are watched.
    source: Source,
    watching: bool,
    /// Why marks are not being saved, shown until it is fixed.
    pub store_warning: Option<String>,
    /// Bugs met by worker threads, for stderr once the terminal is restored.
    pub failures: Vec<String>,
    /// What went wrong with the article in the reader (a bug met laying it out or finding
    /// its entities), shown while it is open.
    pub article_error: Option<String>,
    /// The archive search line and its results, while a search is on.
    pub search: Option<search::Search>,
    /// The find line of the reader and its matches.
    pub find: Option<search::Find>,
    /// Earlier searches, oldest first.
    pub history: Vec<String>,
    /// Generation of the latest search; results of older ones are dropped.
    pub search_gen: u64,
    /// Effects other than saves produced while handling a message.
    pending_effects: Vec<Effect>,
    /// Money and company highlights in the reader (`h` toggles).
    pub highlights: bool,
    /// The reader article's entities, in reading order, and the one `]`/`[` is on.
    pub entities: Vec<crate::highlight::Entity>,
    pub entity_at: Option<usize>,
    pub dict: std::sync::Arc<crate::highlight::company::Dictionary>,
    /// Position of the selection in `order`.
    pub selected: usize,
    /// First list entry on screen.
    pub list_offset: usize,
    pub focus: Pane,
    pub reader: Option<Reader>,
    pub size: (u16, u16),
    pub loading: bool,
    /// A folder read for the first time: files read, of files found so far.
    pub reading: Option<(usize, usize)>,
    /// The list is complete from the library store; its files are being checked for
    /// changes.
    pub checking: bool,
    pub stats: Stats,
    pub problems: Vec<Problem>,
    /// What there is to tell of the library store (made, damaged, not writable).
    pub notes: Vec<String>,
    pub overlay: Option<Overlay>,
    pub quit: bool,
    /// What was opened, for the status bar: "sample archive" or the path(s).
    pub source_label: String,
    pub theme: super::theme::Theme,
    /// Until the user moves, the selection stays at the top of the list as batches arrive, or
    /// on this article once it arrives (the sample archive opens on the seed article).
    pub untouched: bool,
    pub prefer: Option<std::path::PathBuf>,
    /// Keys to actions (the defaults and the user's `[keys]`).
    pub keymap: Keymap,
    /// The interface's language.
    pub lang: Lang,
    /// The reading column's widest, and blank rows between paragraphs (`[reader]`).
    pub text_cols: u16,
    pub spacing: u8,
    /// A number typed before a key (`3o` opens link 3).
    pub count: Option<usize>,
    /// `r` asked for the folders to be read again; the end of the load says so.
    pub reloading: bool,
    /// How the list is sorted.
    pub sort: nav::Sort,
    /// A word for the status bar about the last key (copied, sorted, no link 9), until the
    /// next key.
    pub flash: Option<String>,
}

/// Rows the list pane gives each article: title, then account and date; in search results
/// also a snippet.
pub const ITEM_ROWS: usize = 2;

impl App {
    /// A new app for `source` at terminal `size`, and the effect that starts loading.
    pub fn new(source: &Source, size: (u16, u16)) -> (App, Vec<Effect>) {
        let source_label = match source {
            Source::Sample => "sample archive".to_string(),
            Source::Paths(p) if p.len() == 1 => crate::sanitize::path(&p[0]),
            Source::Paths(p) => format!("{} paths", p.len()),
        };
        let app = App {
            library: Library::default(),
            all: Vec::new(),
            list_keys: Vec::new(),
            order: Vec::new(),
            filter: Filter::default(),
            marks: State::default(),
            policy: MarkPolicy::default(),
            undo: Vec::new(),
            pending: Vec::new(),
            unplaced: Vec::new(),
            reselect: None,
            source: source.clone(),
            watching: false,
            store_warning: None,
            failures: Vec::new(),
            article_error: None,
            search: None,
            find: None,
            history: Vec::new(),
            search_gen: 0,
            pending_effects: Vec::new(),
            highlights: true,
            entities: Vec::new(),
            entity_at: None,
            // Until the real one arrives (it takes a while to build): no companies.
            dict: crate::highlight::company::Dictionary::empty_shared(),
            selected: 0,
            list_offset: 0,
            focus: Pane::List,
            reader: None,
            size,
            loading: true,
            reading: None,
            checking: false,
            stats: Stats::default(),
            problems: Vec::new(),
            notes: Vec::new(),
            overlay: None,
            quit: false,
            source_label,
            theme: super::theme::Theme::from_env(),
            untouched: true,
            keymap: Keymap::default(),
            lang: Lang::En,
            text_cols: screen::MAX_TEXT_COLS,
            spacing: 1,
            count: None,
            reloading: false,
            sort: nav::Sort::default(),
            flash: None,
            prefer: matches!(source, Source::Sample).then(|| crate::sample::FIRST.into()),
        };
        (app, vec![Effect::Load(source.clone())])
    }

    /// Takes the user's configuration: marking, keys, language, reading column, theme.
    pub fn configure(&mut self, c: &crate::config::Config) {
        self.policy = c.mark_read;
        self.keymap = c.keys.keymap();
        self.lang = c.ui.language.resolve(|k| std::env::var(k).ok());
        self.text_cols = c.reader.width;
        self.spacing = c.reader.paragraph_spacing;
        self.theme = super::theme::Theme::from_config(&c.theme, self.theme.color);
        self.sync();
    }

    /// Rows per list entry: a search result has a snippet row more.
    pub fn item_rows(&self) -> usize {
        if self.search.as_ref().is_some_and(|s| !s.hits.is_empty()) {
            ITEM_ROWS + 1
        } else {
            ITEM_ROWS
        }
    }

    pub fn areas(&self) -> Areas {
        screen::areas_with(
            Rect::new(0, 0, self.size.0, self.size.1),
            self.focus,
            self.text_cols,
        )
    }

    /// Articles by index (see [`App::order`]).
    pub fn articles(&self) -> &[std::sync::Arc<Article>] {
        &self.library.articles
    }

    /// The selected article's index into `articles`.
    pub fn selected_article(&self) -> Option<usize> {
        self.order.get(self.selected).copied()
    }

    /// Applies one message. Returns whether anything visible changed, and effects to run.
    pub fn update(&mut self, msg: Msg) -> (bool, Vec<Effect>) {
        let changed = match msg {
            Msg::Key(k) => match self.edit_key(k) {
                Some(changed) => changed,
                None => self.key(&k),
            },
            Msg::Paste(s) => self.paste(&s),
            Msg::SearchDone { generation, hits } => self.search_done(generation, hits),
            Msg::Snippets {
                generation,
                snippets,
            } => self.snippets_done(generation, snippets),
            Msg::Body(slot, body) => self.body_arrived(slot, *body),
            Msg::SearchFailed { generation, why } => self.search_failed(generation, why),
            Msg::WorkerFailed { worker, why } => self.worker_failed(worker, why),
            Msg::Mouse(m) => self.mouse(m),
            Msg::Resize(w, h) => {
                self.size = (w, h);
                self.sync();
                true
            }
            Msg::Load(ev) => {
                self.load_event(ev);
                true
            }
            Msg::Quit => {
                self.leave_article();
                self.quit = true;
                true
            }
            Msg::Note(why) => {
                self.flash = Some(why);
                true
            }
            Msg::SaveFailed(why) => {
                self.store_warning = Some(why);
                true
            }
            Msg::Dictionary(dict, problems) => {
                self.set_dictionary(dict);
                if self.store_warning.is_none() {
                    self.store_warning = problems.into_iter().next();
                }
                true
            }
        };
        let mut effects = std::mem::take(&mut self.pending_effects);
        if !self.pending.is_empty() {
            effects.push(Effect::Save(std::mem::take(&mut self.pending)));
        }
        (changed, effects)
    }

    /// The id of the selected article, for tests and the status bar.
    pub fn selected_id(&self) -> Option<ArticleId> {
        self.selected_article().map(|i| self.library.articles[i].id)
    }

    /// Which keymap applies: the reader's when it has the keys.
    pub fn mode(&self) -> Mode {
        match self.focus {
            Pane::List => Mode::List,
            Pane::Reader => Mode::Reader,
        }
    }

    fn act(&mut self, a: Action, count: Option<usize>) -> bool {
        self.untouched = false;
        if a == Action::QuitAll {
            self.leave_article();
            self.quit = true;
            return true;
        }
        match self.overlay {
            Some(Overlay::Help { scroll }) => return self.act_help(a, scroll),
            Some(Overlay::Links { selected }) => return self.act_links(a, selected, count),
            Some(Overlay::Problems { scroll }) => return self.act_problems(a, scroll),
            Some(Overlay::Accounts { selected }) => return self.act_accounts(a, selected),
            Some(Overlay::Entities { selected }) => return self.act_entities(a, selected),
            None => {}
        }
        match a {
            // `q` goes back one level; from the list (nothing to go back from) it quits.
            Action::Quit => {
                if self.focus == Pane::Reader
                    || self.search.is_some()
                    || self.filter != Filter::default()
                {
                    return self.act(Action::Back, None);
                }
                self.leave_article();
                self.quit = true;
            }
            Action::QuitAll => {}
            Action::NextArticle => return self.other_article(1),
            Action::PrevArticle => return self.other_article(-1),
            Action::NextUnread => return self.next_unread(),
            Action::HalfPageDown => return self.step(self.half_page()),
            Action::HalfPageUp => return self.step(-self.half_page()),
            Action::Sort => return self.sort_next(false),
            Action::ReverseSort => return self.sort_next(true),
            Action::Reload => return self.reload(),
            Action::OpenLink | Action::CopyLink => return self.link_action(a, count),
            Action::Links => return self.show_links(),
            Action::ToggleRead => return self.toggle_read(),
            Action::MarkAllRead => return self.mark_all_read(),
            Action::Undo => return self.undo_last(),
            Action::ToggleBookmark => return self.toggle_bookmark(),
            Action::UnreadView => {
                self.set_filter(Filter {
                    unread: !self.filter.unread,
                    ..self.filter.clone()
                });
            }
            Action::BookmarksView => {
                let f = Filter {
                    bookmarks: !self.filter.bookmarks,
                    ..self.filter.clone()
                };
                self.set_filter(f);
            }
            Action::Accounts => self.overlay = Some(Overlay::Accounts { selected: 0 }),
            Action::Search => {
                return if self.focus == Pane::List {
                    self.start_search()
                } else {
                    self.start_find()
                };
            }
            Action::ToggleHighlights => {
                self.highlights = !self.highlights;
                self.flash = Some(
                    if self.highlights {
                        self.lang.pick("highlights on", "高亮：开")
                    } else {
                        self.lang.pick("highlights off", "高亮：关")
                    }
                    .into(),
                );
            }
            Action::NextEntity => return self.jump_entity(1),
            Action::PrevEntity => return self.jump_entity(-1),
            Action::Entities => {
                if !self.ensure_reader() {
                    return false;
                }
                self.overlay = Some(Overlay::Entities { selected: 0 });
            }
            Action::NextMatch => return self.jump_match(1),
            Action::PrevMatch => return self.jump_match(-1),
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::Problems => self.overlay = Some(Overlay::Problems { scroll: 0 }),
            Action::SwitchPane => {
                if self.focus == Pane::List && self.order.is_empty() {
                    return false;
                }
                self.focus = match self.focus {
                    Pane::List => Pane::Reader,
                    Pane::Reader => Pane::List,
                };
                self.sync();
                if self.focus == Pane::Reader {
                    self.opened();
                }
            }
            Action::Open => {
                if self.focus == Pane::List && !self.order.is_empty() {
                    self.focus = Pane::Reader;
                    self.sync();
                    self.opened();
                } else {
                    return false;
                }
            }
            Action::Back => {
                if self.focus == Pane::List && self.search.is_some() {
                    self.end_search();
                    return true;
                }
                if self.focus == Pane::List {
                    // Esc in the list takes filters off, the account first.
                    if self.filter == Filter::default() {
                        return false;
                    }
                    let f = if self.filter.account.is_some() {
                        Filter {
                            account: None,
                            ..self.filter.clone()
                        }
                    } else {
                        Filter::default()
                    };
                    self.set_filter(f);
                    return true;
                }
                self.leave_article();
                self.focus = Pane::List;
                self.sync();
            }
            Action::Down => return self.step(1),
            Action::Up => return self.step(-1),
            Action::PageDown => return self.page_or_next(),
            Action::PageUp => return self.step(-self.page()),
            Action::Top => return self.step(isize::MIN / 2),
            Action::Bottom => return self.step(isize::MAX / 2),
        }
        true
    }

    /// Keys while the problems list is open: move through it; `!`, Esc or `q` close it.
    fn act_problems(&mut self, a: Action, scroll: usize) -> bool {
        let page = self.size.1.saturating_sub(6) as usize / 2;
        let last = self.problems.len().saturating_sub(1);
        let to = match a {
            Action::Problems | Action::Back | Action::Quit | Action::Help => {
                self.overlay = None;
                return true;
            }
            Action::Down => scroll + 1,
            Action::Up => scroll.saturating_sub(1),
            Action::PageDown => scroll + page.max(1),
            Action::PageUp => scroll.saturating_sub(page.max(1)),
            Action::Top => 0,
            Action::Bottom => last,
            _ => return false,
        }
        .min(last);
        self.overlay = Some(Overlay::Problems { scroll: to });
        to != scroll
    }

    /// How far a page moves in the focused pane: a screen of list entries or reader rows,
    /// less one row of overlap in the reader so the eye keeps its place.
    pub(super) fn page(&self) -> isize {
        let a = self.areas();
        let rows = match self.focus {
            Pane::List => a.list.map_or(0, |r| r.height) / self.item_rows() as u16,
            Pane::Reader => a.reader_text.map_or(0, |r| r.height).saturating_sub(1),
        };
        isize::try_from(rows.max(1)).unwrap_or(1)
    }

    /// Moves the focused pane by `delta` (entries in the list, rows in the reader).
    pub(super) fn step(&mut self, delta: isize) -> bool {
        match self.focus {
            Pane::List => self.move_selection(delta),
            Pane::Reader => self.scroll_reader(delta),
        }
    }

    pub(super) fn move_selection(&mut self, delta: isize) -> bool {
        if self.order.is_empty() {
            return false;
        }
        let last = self.order.len() - 1;
        let to = self.selected.saturating_add_signed(delta).min(last);
        if to == self.selected {
            return false;
        }
        self.selected = to;
        self.sync();
        true
    }

    fn scroll_reader(&mut self, delta: isize) -> bool {
        let height = self.areas().reader_text.map_or(0, |r| r.height as usize);
        let Some(r) = &mut self.reader else {
            return false;
        };
        let max = r.doc.rows.len().saturating_sub(height);
        let to = r.scroll.saturating_add_signed(delta).min(max);
        let moved = to != r.scroll;
        r.scroll = to;
        if moved && to == max && self.policy == MarkPolicy::End {
            self.mark_read_on_policy();
        }
        moved
    }

    fn mouse(&mut self, m: MouseEvent) -> bool {
        let delta = match m.kind {
            MouseEventKind::ScrollDown => 1,
            MouseEventKind::ScrollUp => -1,
            _ => return false,
        };
        self.untouched = false;
        let a = self.areas();
        let at = ratatui::layout::Position::new(m.column, m.row);
        if a.list.is_some_and(|r| r.contains(at)) {
            self.move_selection(delta)
        } else if a.reader.is_some_and(|r| r.contains(at)) {
            self.scroll_reader(delta * 3)
        } else {
            false
        }
    }
}

mod load;
mod marks;
pub mod nav;
mod reading;
pub mod search;
#[cfg(test)]
mod tests;
