//! The reading pane's state: the selected article laid out at the pane's width (its blocks
//! read from the library store when it came from one), where it was left, its amounts and
//! companies; scrolling it.

use super::{App, Effect, Reader};
use crate::layout::{Doc, RowSource};
use crate::model::Article;
use crate::store::POS_END;

impl App {
    /// Brings derived state in line after a change: the list scrolled so the selection is
    /// visible, and the reader showing the selected article laid out at the current width.
    pub(super) fn sync(&mut self) {
        let a = self.areas();
        if let Some(list) = a.list {
            let visible = (list.height as usize / self.item_rows()).max(1);
            if self.selected < self.list_offset {
                self.list_offset = self.selected;
            } else if self.selected >= self.list_offset + visible {
                self.list_offset = self.selected + 1 - visible;
            }
            let max_offset = self.order.len().saturating_sub(visible);
            self.list_offset = self.list_offset.min(max_offset);
            self.ask_snippets();
        }
        let Some(idx) = self.selected_article() else {
            self.reader = None;
            return;
        };
        let Some(text) = a.reader_text else { return };
        let width = text.width as usize;
        let height = text.height as usize;
        let same = self.reader.as_ref().is_some_and(|r| r.article == idx);
        // A width of 0 marks an article that changed on disk: its body is read again.
        let stale = self.reader.as_ref().is_some_and(|r| r.doc.width == 0);
        if same && !stale && self.reader.as_ref().is_some_and(|r| r.doc.width == width) {
            return;
        }
        if !same {
            self.leave_article();
        }
        let (body, loading) = match &self.reader {
            Some(r) if same && !stale => (std::sync::Arc::clone(&r.body), r.loading),
            _ => self.body_of(idx),
        };
        let doc = self.lay_out(&body, width);
        // On a reflow keep the reading place in proportion; another article opens where it
        // was left.
        let scroll = match &self.reader {
            Some(r) if same && !r.doc.rows.is_empty() => {
                r.scroll * doc.rows.len() / r.doc.rows.len()
            }
            _ => {
                let id = self.library.articles[idx].id;
                let p = self.marks.positions.get(&id).copied().unwrap_or(0);
                usize::from(p.min(POS_END - 1)) * doc.rows.len() / usize::from(POS_END)
            }
        };
        let scroll = scroll.min(doc.rows.len().saturating_sub(height));
        let opened_at = if same { usize::MAX } else { scroll };
        self.reader = Some(Reader {
            article: idx,
            body,
            loading,
            doc,
            scroll,
            opened_at,
        });
        // Browsing results keeps the search terms lit in each article.
        if !same {
            self.refind();
            self.detect_entities();
        }
    }

    /// The article at `idx` with its blocks as the reader shows them ([`shown`]), and whether
    /// they are being read: an article listed from the library store has none in memory, and
    /// asks for them.
    fn body_of(&mut self, idx: usize) -> (std::sync::Arc<Article>, bool) {
        let a = &self.library.articles[idx];
        let loading = a.blocks.is_empty() && a.stored.is_some();
        if loading {
            self.pending_effects.push(Effect::LoadBody {
                slot: idx,
                article: Box::new((**a).clone()),
            });
        }
        (shown(std::sync::Arc::clone(a)), loading)
    }

    /// `a` laid out at `width`. A bug in laying out one article must not end the session:
    /// it shows as an error for that article (issue 11), and the list and the other articles
    /// go on working.
    fn lay_out(&mut self, a: &Article, width: usize) -> Doc {
        let (spacing, lang) = (self.spacing, self.lang);
        match crate::guard::isolate(|| Doc::with(a, width, spacing, lang)) {
            Ok(doc) => {
                self.article_error = None;
                doc
            }
            Err(f) => {
                let why = format!("this article cannot be laid out: {f}");
                let doc = Doc::failed(width, &why);
                self.article_error = Some(why);
                doc
            }
        }
    }

    /// The blocks of the article at `slot`, read from its store: the reader shows them,
    /// where the article was left.
    pub(super) fn body_arrived(
        &mut self,
        slot: usize,
        body: Result<Article, crate::archive::store::StoreError>,
    ) -> bool {
        let height = self.areas().reader_text.map_or(0, |r| r.height as usize);
        let Some(r) = self
            .reader
            .as_ref()
            .filter(|r| r.article == slot && r.loading)
        else {
            return false;
        };
        let width = r.doc.width;
        let body = match body {
            Ok(a) => a,
            Err(why) => {
                self.article_error = Some(format!("this article cannot be read: {why}"));
                return true;
            }
        };
        let body = shown(std::sync::Arc::new(body));
        let doc = self.lay_out(&body, width);
        let id = body.id;
        let p = self.marks.positions.get(&id).copied().unwrap_or(0);
        let scroll = usize::from(p.min(POS_END - 1)) * doc.rows.len() / usize::from(POS_END);
        let scroll = scroll.min(doc.rows.len().saturating_sub(height));
        if let Some(r) = &mut self.reader {
            r.body = body;
            r.loading = false;
            r.doc = doc;
            r.scroll = scroll;
            r.opened_at = scroll;
        }
        self.refind();
        self.detect_entities();
        true
    }

    /// Finds the reader article's amounts and companies. A bug in a detector leaves the
    /// article without highlights and says so on the status bar; the reader goes on.
    pub(super) fn detect_entities(&mut self) {
        self.entity_at = None;
        let Some(r) = &self.reader else {
            self.entities.clear();
            return;
        };
        let a = std::sync::Arc::clone(&r.body);
        match crate::guard::isolate(|| crate::highlight::entities(&a, &self.dict)) {
            Ok(es) => self.entities = es,
            Err(f) => {
                self.entities.clear();
                if self.article_error.is_none() {
                    self.article_error = Some(format!("no highlights in this article: {f}"));
                }
            }
        }
    }

    /// Uses `dict` (the built-in companies plus the user's) from now on, for the open
    /// article too.
    pub fn set_dictionary(&mut self, dict: std::sync::Arc<crate::highlight::company::Dictionary>) {
        self.dict = dict;
        self.detect_entities();
    }

    /// Where the reader is in its article, in percent: the share of its rows above the
    /// screen, as the list shows a saved place (100 at the end).
    pub fn progress(&self) -> Option<usize> {
        let r = self.reader.as_ref()?;
        let height = self.areas().reader_text.map_or(0, |r| r.height as usize);
        let total = r.doc.rows.len();
        if total == 0 || r.scroll + height >= total {
            return Some(100);
        }
        // As the list shows a saved place: thousandths rounded up, then whole percent.
        Some((r.scroll * 1000).div_ceil(total) / 10)
    }

    /// `]` / `[`: the next or previous money amount or company, scrolled into view.
    pub(super) fn jump_entity(&mut self, step: isize) -> bool {
        let n = self.entities.len();
        if self.reader.is_none() {
            return false;
        }
        if n == 0 {
            self.flash = Some(
                self.lang
                    .pick(
                        "no amounts or companies in this article",
                        "本文没有金额或公司",
                    )
                    .into(),
            );
            return true;
        }
        // Off the screen (the reader scrolled away from it), the one `]` is on no longer
        // counts: the next from the screen's top is.
        let height = self.areas().reader_text.map_or(0, |r| r.height as usize);
        let scroll = self.reader.as_ref().map_or(0, |r| r.scroll);
        let on_screen = |i: usize| {
            self.row_of(self.entities[i].source, self.entities[i].range.start)
                .is_some_and(|row| scroll <= row && row < scroll + height)
        };
        let current = self.entity_at.filter(|&i| on_screen(i));
        let first_below = || {
            (0..n).find(|&i| {
                self.row_of(self.entities[i].source, self.entities[i].range.start)
                    .is_some_and(|row| row >= scroll)
            })
        };
        let at = match (current, step >= 0) {
            (None, true) => first_below().unwrap_or(0),
            (None, false) => first_below().map_or(n - 1, |i| (i + n - 1) % n),
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        self.entity_at = Some(at);
        self.highlights = true;
        self.flash = Some(format!("{}/{n}", at + 1));
        let (src, start) = (self.entities[at].source, self.entities[at].range.start);
        self.scroll_to(src, start);
        true
    }

    /// The reader's row that holds `offset` of `src`.
    fn row_of(&self, src: RowSource, offset: usize) -> Option<usize> {
        let r = self.reader.as_ref()?;
        let row = r.doc.rows.iter().position(|row| {
            row.source == src
                && row.range.start <= offset
                && offset < row.range.end.max(row.range.start + 1)
        });
        row.or_else(|| {
            r.doc
                .rows
                .iter()
                .rposition(|row| row.source == src && row.range.start <= offset)
        })
    }

    /// Scrolls the reader so the row holding `offset` of `src` is in view, a few rows down.
    pub(super) fn scroll_to(&mut self, src: RowSource, offset: usize) {
        let height = self.areas().reader_text.map_or(0, |r| r.height as usize);
        let Some(row) = self.row_of(src, offset) else {
            return;
        };
        let Some(r) = &mut self.reader else { return };
        let visible = r.scroll <= row && row < r.scroll + height;
        if !visible {
            let max = r.doc.rows.len().saturating_sub(height);
            r.scroll = row.saturating_sub(height / 3).min(max);
        }
    }
}

/// The most text of one article the reader lays out (4 MiB: a long book; real articles are a
/// few dozen KB). A bigger one (a 60 MB file of one letter) shows its beginning and a last
/// paragraph saying so; the whole text stays in its file and in search.
pub const MAX_SHOWN: usize = 4 << 20;

/// `a` as the reader shows it: whole, or its first [`MAX_SHOWN`] bytes of text and a note.
fn shown(a: std::sync::Arc<crate::model::Article>) -> std::sync::Arc<crate::model::Article> {
    let total: usize = a.blocks.iter().map(|b| b.text.len()).sum();
    if total <= MAX_SHOWN {
        return a;
    }
    let mut cut = (*a).clone();
    let mut room = MAX_SHOWN;
    let mut keep = 0;
    for b in &mut cut.blocks {
        keep += 1;
        if b.text.len() >= room {
            let mut at = room;
            while !b.text.is_char_boundary(at) {
                at -= 1;
            }
            b.text.truncate(at);
            b.text.push('…');
            break;
        }
        room -= b.text.len();
    }
    cut.blocks.truncate(keep);
    cut.blocks.push(crate::model::Block::paragraph(format!(
        "[wxr shows the first {} MB of this article's {} MB of text; the rest is in its file: {}]",
        MAX_SHOWN >> 20,
        total.div_ceil(1 << 20),
        crate::sanitize::path(&a.source)
    )));
    std::sync::Arc::new(cut)
}
