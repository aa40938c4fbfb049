//! Loading into the app: batches of articles placed in the ordered list (without moving the
//! selection), files that changed or went taken out, and the load's progress.

use super::nav::ListKey;
use super::{App, Effect};
use crate::archive::{Added, Event, Source};
use crate::model::Article;

impl App {
    pub(super) fn load_event(&mut self, ev: Event) {
        match ev {
            Event::Articles(batch) => self.add_articles(batch),
            Event::Problem(p) => self.problems.push(p),
            Event::Removed(paths) => self.remove_files(&paths),
            Event::Progress { read, found } => self.reading = Some((read, found)),
            Event::Listed => {
                self.checking = true;
                self.place_unplaced();
            }
            Event::Note(n) => self.notes.push(crate::sanitize::line(&n)),
            Event::Done(stats) => {
                if std::mem::take(&mut self.reloading) {
                    let n = crate::lang::count(
                        self.lang,
                        self.all.len() + self.unplaced.len(),
                        "article",
                        "articles",
                        "篇",
                    );
                    self.flash = Some(format!(
                        "{} {n}",
                        self.lang.pick("read again:", "已重新读取：")
                    ));
                }
                self.stats = stats;
                self.loading = false;
                self.reading = None;
                self.checking = false;
                self.place_unplaced();
                self.pending_effects.push(Effect::Warm);
                if !self.watching && matches!(self.source, Source::Paths(_)) {
                    self.watching = true;
                    self.pending_effects
                        .push(Effect::Watch(self.source.clone()));
                }
            }
        }
    }

    /// Files that changed or went: their articles leave the list (a changed file's come
    /// back with the next batch), the selection stays on its article when it is still
    /// there.
    pub(super) fn remove_files(&mut self, paths: &[std::path::PathBuf]) {
        let keep = self.selected_article();
        // A folder that went takes the files under it.
        let files = self.library.files_under(paths);
        let mut changed = Vec::new();
        for p in &files {
            changed.extend(self.library.remove_file(p));
        }
        self.problems
            .retain(|pr| !paths.iter().any(|p| pr.path.starts_with(p)));
        if changed.is_empty() {
            return;
        }
        changed.sort_unstable();
        changed.dedup();
        let (gone, merged): (Vec<usize>, Vec<usize>) =
            changed.into_iter().partition(|&i| !self.library.live(i));
        if !gone.is_empty() {
            self.all.retain(|i| gone.binary_search(i).is_err());
            self.pending_effects.push(Effect::Unindex(gone.clone()));
        }
        if !merged.is_empty() {
            // Merged again from their other copies: placed again like new ones.
            self.all.retain(|i| merged.binary_search(i).is_err());
            let arts = &self.library.articles;
            let to_index = merged.iter().map(|&i| (i, arts[i].clone())).collect();
            self.pending_effects.push(Effect::Index(to_index));
            self.place(merged);
        }
        if let Some(r) = &mut self.reader
            && (gone.contains(&r.article) || !self.library.live(r.article))
        {
            r.doc.width = 0;
        }
        // The article selected went: when a file changed, it comes back in the next batch,
        // under a new slot; the selection goes back to it then.
        if let Some(k) = keep
            && !self.library.live(k)
        {
            let a = &self.library.articles[k];
            self.reselect = Some((a.id, a.source.clone()));
        }
        if self.search.is_none() {
            self.order = self.filtered();
        } else {
            self.order.retain(|i| self.library.live(*i));
        }
        if let Some(k) = keep {
            self.selected = self
                .order
                .iter()
                .position(|&x| x == k)
                .unwrap_or(self.selected.min(self.order.len().saturating_sub(1)));
        }
        self.sync();
    }

    /// Merges a batch into the ordered list, keeping the selection on the same article.
    fn add_articles(&mut self, batch: Vec<Article>) {
        let mut new = Vec::new();
        let mut changed = Vec::new();
        for a in batch {
            match self.library.add(a) {
                Added::New(i) => new.push(i),
                Added::Merged(i) => changed.push(i),
            }
        }
        // A merged article may have gained a date: take it out and place it again.
        changed.sort_unstable();
        changed.dedup();
        let arts = &self.library.articles;
        let to_index = new
            .iter()
            .filter(|i| changed.binary_search(i).is_err())
            .chain(&changed)
            .map(|&i| (i, arts[i].clone()))
            .collect();
        self.pending_effects.push(Effect::Index(to_index));
        if !changed.is_empty() {
            self.all.retain(|i| changed.binary_search(i).is_err());
            self.unplaced.retain(|i| changed.binary_search(i).is_err());
            self.unplaced.extend(changed.iter().copied());
            if let Some(r) = &mut self.reader
                && changed.contains(&r.article)
            {
                // Force a fresh layout of the changed article.
                r.doc.width = 0;
            }
        }
        // An article merged in the same batch it arrived in is among `changed` already.
        self.unplaced.extend(
            new.into_iter()
                .filter(|i| changed.binary_search(i).is_err()),
        );
        // Placing costs a pass over the list: while a big folder loads, articles wait until
        // a quarter more of them have come (a few dozen passes in all, not one a batch).
        if !self.loading
            || self.all.is_empty()
            || self.unplaced.len() >= (self.all.len() / 4).max(64)
        {
            self.place_unplaced();
        }
    }

    /// Places the articles that came since the last time, keeping the selection.
    pub(super) fn place_unplaced(&mut self) {
        if self.unplaced.is_empty() {
            return;
        }
        let keep = self.selected_article();
        let new = std::mem::take(&mut self.unplaced);
        self.place(new);
        // During a search the list shows its results; the new articles join the index.
        if self.search.is_none() {
            self.order = self.filtered();
        }
        if let Some((id, file)) = &self.reselect
            && let Some(at) = self.order.iter().position(|&x| {
                let a = &self.library.articles[x];
                a.id == *id || a.source == *file
            })
        {
            self.selected = at;
            self.reselect = None;
        } else if self.untouched {
            let preferred = self.prefer.as_ref().and_then(|p| {
                self.order
                    .iter()
                    .position(|&x| self.library.articles[x].source == *p)
            });
            self.selected = preferred.unwrap_or(0);
        } else if let Some(k) = keep {
            self.selected = self.order.iter().position(|&x| x == k).unwrap_or(0);
        }
        self.sync();
    }

    /// Puts articles (new, or changed) into the ordered list.
    fn place(&mut self, mut new: Vec<usize>) {
        let arts = &self.library.articles;
        // Every article placed has its key (and one that changed is placed again).
        if self.list_keys.len() < arts.len() {
            self.list_keys.resize(arts.len(), ListKey::default());
        }
        for &i in &new {
            self.list_keys[i] = ListKey::of(&arts[i]);
        }
        let (sort, keys) = (self.sort, &self.list_keys);
        let cmp = |&a: &usize, &b: &usize| sort.cmp_keyed(keys[a], &arts[a], keys[b], &arts[b]);
        new.sort_by(cmp);
        let old = std::mem::take(&mut self.all);
        self.all = merge_sorted(&old, &new, cmp);
    }
}

/// Sorted `new` merged into sorted `old` (ties: the old first).
fn merge_sorted<T: Copy>(
    old: &[T],
    new: &[T],
    cmp: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> Vec<T> {
    let mut merged = Vec::with_capacity(old.len() + new.len());
    let (mut i, mut j) = (0, 0);
    if new.len() * 16 < old.len() {
        // A few articles into a long list (a file changed on disk): each one's place found
        // by bisection, the old ones between copied in runs.
        for n in new {
            let at = i + old[i..].partition_point(|o| !cmp(n, o).is_lt());
            merged.extend_from_slice(&old[i..at]);
            merged.push(*n);
            i = at;
        }
        j = new.len();
    }
    // A batch of a first reading: merged in one pass (each comparison reaches two articles
    // in memory; fewer of them than bisection makes for a big batch).
    while i < old.len() && j < new.len() {
        if cmp(&new[j], &old[i]).is_lt() {
            merged.push(new[j]);
            j += 1;
        } else {
            merged.push(old[i]);
            i += 1;
        }
    }
    merged.extend_from_slice(&old[i..]);
    merged.extend_from_slice(&new[j..]);
    merged
}

#[cfg(test)]
mod merge_tests {
    use super::merge_sorted;

    #[test]
    fn merging_equals_sorting_for_small_and_big_batches() {
        // Pairs (key, tag): equal keys keep the old first.
        let mut seed = 7u64;
        let mut next = || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % 50
        };
        for (n_old, n_new) in [(0, 5), (5, 0), (100, 3), (100, 60), (1000, 1), (40, 40)] {
            let mut old: Vec<(u64, u8)> = (0..n_old).map(|_| (next(), 0)).collect();
            let mut new: Vec<(u64, u8)> = (0..n_new).map(|_| (next(), 1)).collect();
            old.sort_unstable();
            new.sort_unstable();
            let got = merge_sorted(&old, &new, |a, b| a.0.cmp(&b.0));
            let mut want: Vec<(u64, u8)> = old.iter().chain(&new).copied().collect();
            want.sort_by_key(|x| (x.0, x.1));
            assert_eq!(got, want, "{n_old} old, {n_new} new");
        }
    }
}
