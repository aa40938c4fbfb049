//! The search line (`/` in the list: the whole archive, on the search worker) and the find
//! line (`/` in the reader: this article, here). Keys go to the line while it is edited.

use super::{App, Effect, Filter, Pane};
use crate::layout::RowSource;
use crate::search::fold::Folded;
use crate::search::{Clause, Hit, Query, parse};
use crate::tui::input::LineInput;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::HashMap;
use std::ops::Range;

/// The list as it was before a search, to come back to.
#[derive(Debug, Clone)]
pub struct Saved {
    order: Vec<usize>,
    selected: usize,
    list_offset: usize,
    filter: Filter,
}

#[derive(Debug, Clone)]
pub struct Search {
    pub input: LineInput,
    pub editing: bool,
    /// What is wrong with the query as typed.
    pub error: Option<String>,
    /// A search is running for the current text.
    pub pending: bool,
    /// Results of the current query by article, for the list's rows.
    pub hits: HashMap<usize, Hit>,
    /// Results whose snippets were asked of the worker (made only for rows on screen).
    asked: std::collections::HashSet<usize>,
    /// The last finished query and the articles it found: a longer query searches only them.
    last: Option<(Query, Vec<usize>)>,
    saved: Saved,
    /// Where ↑/↓ is in the history, counted from the newest.
    history_at: Option<usize>,
}

/// Matches of the find line in the reader's article.
#[derive(Debug, Clone, Default)]
pub struct Find {
    pub input: LineInput,
    pub editing: bool,
    /// Each match: the text it is in (title or block) and its byte range there.
    pub matches: Vec<(RowSource, Range<usize>)>,
    pub current: usize,
}

/// Matches of a find in one article, at most.
pub const MAX_FOUND: usize = 10_000;

impl App {
    /// `/` in the list: opens (or reopens) the search line.
    pub(super) fn start_search(&mut self) -> bool {
        if let Some(s) = &mut self.search {
            s.editing = true;
            return true;
        }
        let saved = Saved {
            order: self.order.clone(),
            selected: self.selected,
            list_offset: self.list_offset,
            filter: self.filter.clone(),
        };
        self.search = Some(Search {
            input: LineInput::default(),
            editing: true,
            error: None,
            pending: false,
            hits: HashMap::new(),
            asked: std::collections::HashSet::new(),
            last: None,
            saved,
            history_at: None,
        });
        true
    }

    /// Leaves the search: the list and selection as they were.
    pub(super) fn end_search(&mut self) {
        if let Some(s) = self.search.take() {
            self.filter = s.saved.filter;
            self.order = s.saved.order;
            self.selected = s.saved.selected.min(self.order.len().saturating_sub(1));
            self.list_offset = s.saved.list_offset;
            self.find = None;
            self.search_gen += 1;
            self.sync();
        }
    }

    /// `/` in the reader.
    pub(super) fn start_find(&mut self) -> bool {
        if self.reader.is_none() {
            return false;
        }
        let f = self.find.get_or_insert_with(Find::default);
        f.editing = true;
        true
    }

    /// A key while a line is edited. `None`: not for the line.
    pub(super) fn edit_key(&mut self, k: KeyEvent) -> Option<bool> {
        let in_find = self.find.as_ref().is_some_and(|f| f.editing);
        let in_search = self.search.as_ref().is_some_and(|s| s.editing);
        if !in_find && !in_search {
            return None;
        }
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        let input = if in_find {
            &mut self.find.as_mut()?.input
        } else {
            &mut self.search.as_mut()?.input
        };
        let before = input.text.clone();
        let moved = match (k.code, ctrl) {
            (KeyCode::Char('w'), true) => input.delete_word(),
            (KeyCode::Char('u'), true) => input.delete_to_start(),
            (KeyCode::Char('a'), true) | (KeyCode::Home, _) => input.home(),
            (KeyCode::Char('e'), true) | (KeyCode::End, _) => input.end(),
            (KeyCode::Char('c'), true) => {
                self.quit = true;
                return Some(true);
            }
            (KeyCode::Char('n'), true) if in_search => return Some(self.move_selection(1)),
            (KeyCode::Char('p'), true) if in_search => return Some(self.move_selection(-1)),
            // Alt+key is a terminal's way to say Esc then key quickly: not text.
            (KeyCode::Char(_), false) if k.modifiers.contains(KeyModifiers::ALT) => false,
            (KeyCode::Char(c), false) => input.insert_char(c),
            (KeyCode::Backspace, _) => input.backspace(),
            (KeyCode::Delete, _) => input.delete(),
            (KeyCode::Left, _) => input.left(),
            (KeyCode::Right, _) => input.right(),
            (KeyCode::Up, _) if in_search => return Some(self.history_step(1)),
            (KeyCode::Down, _) if in_search => return Some(self.history_step(-1)),
            (KeyCode::Enter, _) => {
                return Some(if in_find {
                    self.find_done()
                } else {
                    self.search_enter()
                });
            }
            (KeyCode::Esc, _) => {
                if in_find {
                    self.find = None;
                } else {
                    self.end_search();
                }
                return Some(true);
            }
            _ => false,
        };
        let changed = input.text != before;
        if changed {
            if in_find {
                self.refind();
            } else {
                self.requery();
            }
        }
        Some(moved || changed)
    }

    /// Bracketed paste: into the line being edited, whole.
    pub(super) fn paste(&mut self, s: &str) -> bool {
        if let Some(f) = self.find.as_mut().filter(|f| f.editing) {
            f.input.insert(s);
            self.refind();
            true
        } else if let Some(q) = self.search.as_mut().filter(|q| q.editing) {
            q.input.insert(s);
            self.requery();
            true
        } else {
            false
        }
    }

    fn history_step(&mut self, dir: isize) -> bool {
        let n = self.history.len();
        let Some(s) = &mut self.search else {
            return false;
        };
        let at = match (s.history_at, dir) {
            (None, 1) if n > 0 => Some(0),
            (Some(i), 1) if i + 1 < n => Some(i + 1),
            (Some(0), -1) => None,
            (Some(i), -1) => Some(i - 1),
            _ => return false,
        };
        s.history_at = at;
        s.input = LineInput::new(at.map_or("", |i| self.history[n - 1 - i].as_str()));
        self.requery();
        true
    }

    /// The text changed: parse it and start a search (or show the whole list again).
    fn requery(&mut self) {
        let Some(s) = &mut self.search else { return };
        match parse(&s.input.text) {
            Err(e) => {
                s.error = Some(e.to_string());
            }
            Ok(q) if q.is_empty() => {
                s.error = None;
                s.pending = false;
                s.hits.clear();
                s.last = None;
                self.search_gen += 1;
                self.order = s.saved.order.clone();
                self.selected = 0;
                self.list_offset = 0;
                self.sync();
            }
            Ok(q) => {
                s.error = None;
                s.pending = true;
                self.search_gen += 1;
                let within = s
                    .last
                    .as_ref()
                    .filter(|(prev, _)| q.refines(prev))
                    .map(|(_, a)| a.clone());
                self.pending_effects.push(Effect::Search {
                    generation: self.search_gen,
                    query: q,
                    within,
                });
            }
        }
    }

    /// Results for search `generation`; stale ones (the text changed since) are dropped.
    /// The worker met a bug in search `generation`: the search line shows it; the next
    /// keystroke searches again.
    pub(super) fn search_failed(&mut self, generation: u64, why: String) -> bool {
        if generation != self.search_gen {
            return false;
        }
        let Some(s) = &mut self.search else {
            return false;
        };
        s.pending = false;
        s.error = Some(why);
        true
    }

    /// A worker thread met a bug: said on the status bar (and on stderr at exit); what waited
    /// for it stops waiting — loading ends with what arrived, a pending search fails (the
    /// search worker itself goes on with the next query).
    pub(super) fn worker_failed(&mut self, worker: &'static str, why: String) -> bool {
        let text = format!("internal error in the {worker} thread: {why}");
        self.failures.push(text.clone());
        self.store_warning = Some(text);
        match worker {
            "loader" => {
                self.loading = false;
                self.reading = None;
                self.checking = false;
                self.place_unplaced();
            }
            "search" => {
                if let Some(s) = &mut self.search
                    && s.pending
                {
                    s.pending = false;
                    s.error = Some(why);
                }
            }
            _ => {}
        }
        true
    }

    /// Snippets for results on screen arrived.
    pub(super) fn snippets_done(
        &mut self,
        generation: u64,
        snippets: Vec<(usize, (String, Range<usize>))>,
    ) -> bool {
        if generation != self.search_gen {
            return false;
        }
        let Some(s) = &mut self.search else {
            return false;
        };
        for (slot, snip) in snippets {
            if let Some(h) = s.hits.get_mut(&slot) {
                h.snippet = Some(snip);
            }
        }
        true
    }

    /// Asks for the snippets of the results on screen that have none yet.
    pub(super) fn ask_snippets(&mut self) {
        let Some(list) = self.areas().list else {
            return;
        };
        let rows = (list.height as usize / self.item_rows()).max(1);
        let cols = (list.width as usize).saturating_sub(4).max(10);
        let Some(s) = &mut self.search else { return };
        if s.hits.is_empty() {
            return;
        }
        let Ok(query) = parse(&s.input.text) else {
            return;
        };
        let slots: Vec<usize> = self
            .order
            .iter()
            .skip(self.list_offset)
            .take(rows)
            .copied()
            .filter(|i| s.hits.get(i).is_some_and(|h| h.snippet.is_none()) && s.asked.insert(*i))
            .collect();
        if !slots.is_empty() {
            self.pending_effects.push(Effect::Snippets {
                generation: self.search_gen,
                query,
                slots,
                cols,
            });
        }
    }

    pub(super) fn search_done(&mut self, generation: u64, hits: Vec<Hit>) -> bool {
        if generation != self.search_gen {
            return false;
        }
        let Some(s) = &mut self.search else {
            return false;
        };
        let Ok(q) = parse(&s.input.text) else {
            return false;
        };
        s.pending = false;
        s.last = Some((q.clone(), hits.iter().map(|h| h.article).collect()));
        let want_read = q.clauses.iter().find_map(|c| match c {
            Clause::Read(r) => Some(*r),
            _ => None,
        });
        let arts = &self.library.articles;
        let mut hits: Vec<Hit> = hits
            .into_iter()
            .filter(|h| want_read.is_none_or(|r| self.marks.is_read(arts[h.article].id) == r))
            .collect();
        hits.sort_by(|x, y| crate::search::by_relevance(&arts[x.article], x, &arts[y.article], y));
        self.order = hits.iter().map(|h| h.article).collect();
        s.hits = hits.into_iter().map(|h| (h.article, h)).collect();
        s.asked.clear();
        self.selected = 0;
        self.list_offset = 0;
        self.sync();
        true
    }

    /// Enter in the search line: open the selected result at its first match, with the
    /// query's terms highlighted.
    fn search_enter(&mut self) -> bool {
        let Some(s) = &mut self.search else {
            return false;
        };
        let text = s.input.text.trim().to_string();
        if !text.is_empty() && self.history.last() != Some(&text) {
            self.history.push(text.clone());
            self.pending_effects.push(Effect::History(text.clone()));
        }
        s.editing = false;
        s.history_at = None;
        let hits = s.hits.clone();
        let Some(idx) = self.selected_article() else {
            return true;
        };
        let first = hits.get(&idx).map(|h| h.first);
        self.focus = Pane::Reader;
        self.sync();
        self.opened();
        self.find = Some(Find {
            input: LineInput::new(&text),
            editing: false,
            ..Find::default()
        });
        self.refind();
        if let Some((at, _)) = first {
            let Some(r) = &self.reader else { return true };
            let (block, off) = r.body.locate(at);
            let src = block.map_or(RowSource::Title, RowSource::Block);
            self.scroll_to(src, off);
            if let Some(f) = &mut self.find {
                f.current = f
                    .matches
                    .iter()
                    .position(|(s, r)| *s == src && r.start >= off)
                    .unwrap_or(0);
            }
        }
        true
    }

    /// Recomputes the find line's matches in the reader's article (all positive terms).
    /// Finds the article's matches of the find line (at most [`MAX_FOUND`]: `n` and `N` walk
    /// them; an article of millions of matches would otherwise freeze the reader).
    pub(super) fn refind(&mut self) {
        let Some(r) = &self.reader else { return };
        let Some(f) = &mut self.find else { return };
        let a = &r.body;
        f.matches.clear();
        f.current = 0;
        let Ok(q) = parse(&f.input.text) else { return };
        let terms: Vec<&str> = q.positive_terms().filter(|t| !t.is_empty()).collect();
        if terms.is_empty() {
            return;
        }
        let texts = std::iter::once((RowSource::Title, a.title.as_str())).chain(
            a.blocks
                .iter()
                .enumerate()
                .map(|(i, b)| (RowSource::Block(i), b.text.as_str())),
        );
        for (src, text) in texts {
            // Search the text, not the screen rows: a match split by a line break is found.
            let folded = Folded::new(text);
            let mut found: Vec<Range<usize>> = Vec::new();
            let room = MAX_FOUND - f.matches.len();
            for t in &terms {
                for (at, _) in folded.text.match_indices(t).take(room) {
                    found.push(folded.original(at)..folded.original(at + t.len()));
                }
            }
            found.sort_by_key(|r| r.start);
            found.truncate(room);
            f.matches.extend(found.into_iter().map(|r| (src, r)));
            if f.matches.len() == MAX_FOUND {
                break;
            }
        }
    }

    fn find_done(&mut self) -> bool {
        if let Some(f) = &mut self.find {
            f.editing = false;
        }
        self.jump_match(0)
    }

    /// The reader article's companies with how often each is named, most first.
    pub fn article_companies(&self) -> Vec<(String, usize)> {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for e in &self.entities {
            if let crate::highlight::EntityKind::Company(c) = &e.kind {
                let name = if let Some(i) = c {
                    self.dict.companies[*i].canonical.clone()
                } else if let Some(g) = &e.group {
                    g.clone()
                } else {
                    {
                        let Some(r) = &self.reader else { continue };
                        let a = &r.body;
                        let text = if let RowSource::Block(b) = e.source {
                            a.blocks[b].text.as_str()
                        } else {
                            a.title.as_str()
                        };
                        text.get(e.range.clone()).unwrap_or("").to_string()
                    }
                };
                *counts.entry(name).or_default() += 1;
            }
        }
        let mut v: Vec<(String, usize)> = counts.into_iter().collect();
        v.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
        v
    }

    /// Keys in the entities overlay: j/k choose a company, Enter lists every article that
    /// mentions it (a `company:` search), anything else closes.
    pub(super) fn act_entities(&mut self, a: crate::tui::keymap::Action, selected: usize) -> bool {
        use crate::tui::keymap::Action;
        let companies = self.article_companies();
        let last = companies.len().saturating_sub(1);
        let to = match a {
            Action::Down => (selected + 1).min(last),
            Action::Up => selected.saturating_sub(1),
            Action::Top => 0,
            Action::Bottom => last,
            Action::Open => {
                self.overlay = None;
                let Some((name, _)) = companies.get(selected) else {
                    return true;
                };
                let query = if name.contains(' ') {
                    format!("company:\"{name}\"")
                } else {
                    format!("company:{name}")
                };
                self.focus = Pane::List;
                self.end_search();
                self.start_search();
                if let Some(s) = &mut self.search {
                    s.input = LineInput::new(&query);
                    s.editing = false;
                }
                self.requery();
                self.sync();
                return true;
            }
            _ => {
                self.overlay = None;
                return true;
            }
        };
        self.overlay = Some(super::Overlay::Entities { selected: to });
        to != selected
    }

    /// `n` / `N`: the next or previous match, scrolled into view.
    pub(super) fn jump_match(&mut self, step: isize) -> bool {
        let Some(f) = &mut self.find else {
            return false;
        };
        if f.matches.is_empty() {
            return false;
        }
        let n = f.matches.len();
        // Wraps around at either end.
        f.current = match step {
            s if s >= 0 => (f.current + s.unsigned_abs()) % n,
            s => (f.current + n - s.unsigned_abs() % n) % n,
        };
        let (src, range) = f.matches[f.current].clone();
        self.scroll_to(src, range.start);
        true
    }
}
