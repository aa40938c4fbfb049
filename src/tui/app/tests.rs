//! State tests: build an app, feed it messages, check fields and effects. No terminal.

use super::marks::AccountCount;
use super::*;
use crate::archive::Event;
use crate::model::Block;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEventKind};

fn article(n: usize, date: Option<&str>, paras: usize) -> Article {
    let mut a = crate::archive::blank_article(
        std::path::Path::new(&format!("/x/{n}.md")),
        crate::model::Format::Markdown,
    );
    a.title = format!("第{n}篇文章");
    a.account = Some("号".into());
    a.date = date.map(str::to_string);
    a.blocks = (0..paras)
        .map(|i| Block::paragraph(format!("第{i}段。").repeat(30)))
        .collect();
    crate::archive::finish(a).unwrap()
}

fn key(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn app(size: (u16, u16)) -> App {
    let (mut app, fx) = App::new(&Source::Paths(vec!["/x".into()]), size);
    assert_eq!(fx, vec![Effect::Load(Source::Paths(vec!["/x".into()]))]);
    app.update(Msg::Load(Event::Articles(vec![
        article(1, Some("2024-01-01"), 40),
        article(2, Some("2025-01-01"), 3),
    ])));
    app.update(Msg::Load(Event::Articles(vec![
        article(3, None, 2),
        article(4, Some("2024-06-01"), 1),
    ])));
    app.update(Msg::Load(Event::Done(Stats::default())));
    app
}

fn titles(app: &App) -> Vec<&str> {
    app.order
        .iter()
        .map(|&i| app.articles()[i].title.as_str())
        .collect()
}

#[test]
fn batches_merge_newest_first_undated_last() {
    let app = app((120, 30));
    assert_eq!(
        titles(&app),
        vec!["第2篇文章", "第4篇文章", "第1篇文章", "第3篇文章"]
    );
    assert!(!app.loading);
}

#[test]
fn selection_stays_on_its_article_when_a_batch_arrives() {
    let mut app = app((120, 30));
    app.update(key(KeyCode::Char('j')));
    let id = app.selected_id();
    app.update(Msg::Load(Event::Articles(vec![article(
        5,
        Some("2026-01-01"),
        1,
    )])));
    assert_eq!(app.selected_id(), id);
    assert_eq!(app.selected, 2);
}

#[test]
fn untouched_selection_stays_at_the_top_while_loading() {
    let mut app = app((120, 30));
    app.update(Msg::Load(Event::Articles(vec![article(
        5,
        Some("2026-01-01"),
        1,
    )])));
    assert_eq!(app.selected, 0);
    assert_eq!(
        app.articles()[app.selected_article().unwrap()].title,
        "第5篇文章"
    );
    assert_eq!(
        app.reader.as_ref().unwrap().article,
        app.selected_article().unwrap()
    );
}

#[test]
fn keys_move_open_scroll_and_quit() {
    let mut app = app((120, 30));
    assert!(!app.update(key(KeyCode::Char('k'))).0, "already at the top");
    app.update(key(KeyCode::Char('G')));
    assert_eq!(app.selected, 3);
    app.update(key(KeyCode::Char('g')));
    app.update(key(KeyCode::Down));
    app.update(key(KeyCode::Down));
    assert_eq!(app.selected, 2);
    // The long article is in the reader already (side by side); Enter focuses it.
    app.update(key(KeyCode::Enter));
    assert_eq!(app.focus, Pane::Reader);
    assert_eq!(app.reader.as_ref().unwrap().scroll, 0);
    app.update(key(KeyCode::PageDown));
    let page = app.areas().reader_text.unwrap().height as usize - 1;
    assert_eq!(app.reader.as_ref().unwrap().scroll, page);
    app.update(key(KeyCode::Char('j')));
    assert_eq!(app.reader.as_ref().unwrap().scroll, page + 1);
    app.update(key(KeyCode::Char('G')));
    assert_eq!(app.progress(), Some(100));
    app.update(key(KeyCode::Tab));
    assert_eq!(app.focus, Pane::List);
    assert!(!app.quit);
    app.update(key(KeyCode::Char('q')));
    assert!(app.quit);
}

#[test]
fn narrow_terminal_shows_one_pane_and_esc_returns_to_the_list() {
    let mut app = app((60, 20));
    let a = app.areas();
    assert!(a.list.is_some() && a.reader.is_none());
    app.update(key(KeyCode::Enter));
    let a = app.areas();
    assert!(a.list.is_none() && a.reader.is_some());
    assert_eq!(
        app.reader.as_ref().unwrap().article,
        app.selected_article().unwrap()
    );
    app.update(key(KeyCode::Esc));
    assert_eq!(app.focus, Pane::List);
}

#[test]
fn resize_reflows_and_keeps_the_place() {
    let mut app = app((120, 30));
    app.update(key(KeyCode::Char('G')));
    app.update(key(KeyCode::Char('k'))); // the 40-paragraph article
    app.update(key(KeyCode::Enter));
    for _ in 0..5 {
        app.update(key(KeyCode::PageDown));
    }
    let before = app.progress().unwrap();
    app.update(Msg::Resize(160, 40));
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.doc.width, super::screen::MAX_TEXT_COLS as usize);
    app.update(Msg::Resize(104, 30));
    let after = app.progress().unwrap();
    assert!(before.abs_diff(after) <= 10, "{before}% -> {after}%");
}

#[test]
fn help_overlay_swallows_keys_and_q_closes_it() {
    let mut app = app((120, 30));
    app.update(key(KeyCode::Char('?')));
    assert_eq!(app.overlay, Some(Overlay::Help { scroll: 0 }));
    app.update(key(KeyCode::Char('j')));
    assert_eq!(app.selected, 0, "keys do not act behind the help");
    app.update(key(KeyCode::Char('q')));
    assert!(app.overlay.is_none() && !app.quit);
}

#[test]
fn problems_view_opens_scrolls_and_closes() {
    let mut app = app((100, 30));
    for n in 0..5 {
        let p = Problem {
            path: format!("/x/{n}.html").into(),
            kind: crate::archive::ProblemKind::Unreadable,
            reason: "binary file".into(),
        };
        app.update(Msg::Load(Event::Problem(p)));
    }
    app.update(key(KeyCode::Char('!')));
    assert_eq!(app.overlay, Some(Overlay::Problems { scroll: 0 }));
    app.update(key(KeyCode::Char('j')));
    app.update(key(KeyCode::Char('G')));
    assert_eq!(app.overlay, Some(Overlay::Problems { scroll: 4 }));
    assert_eq!(app.selected, 0, "the list did not move");
    app.update(key(KeyCode::Esc));
    assert!(app.overlay.is_none());
}

#[test]
fn mouse_wheel_scrolls_the_pane_under_the_pointer() {
    let mut app = app((120, 30));
    app.update(key(KeyCode::Char('G')));
    app.update(key(KeyCode::Char('k')));
    let wheel = |column, kind| {
        Msg::Mouse(MouseEvent {
            kind,
            column,
            row: 5,
            modifiers: KeyModifiers::NONE,
        })
    };
    app.update(wheel(100, MouseEventKind::ScrollDown));
    assert_eq!(app.reader.as_ref().unwrap().scroll, 3);
    assert_eq!(app.selected, 2, "the list did not move");
    app.update(wheel(5, MouseEventKind::ScrollUp));
    assert_eq!(app.selected, 1);
}

#[test]
fn quit_message_from_a_signal_quits() {
    let mut app = app((120, 30));
    app.update(Msg::Quit);
    assert!(app.quit);
}

#[test]
fn too_small_terminal_has_no_panes_and_keys_do_not_panic() {
    let mut app = app((19, 4));
    assert!(app.areas().too_small);
    for c in [
        KeyCode::Enter,
        KeyCode::PageDown,
        KeyCode::Char('G'),
        KeyCode::Tab,
        KeyCode::Up,
    ] {
        app.update(key(c));
    }
    app.update(Msg::Resize(20, 5));
    assert!(!app.areas().too_small);
}

#[test]
fn sample_archive_opens_on_the_seed_article() {
    let (mut app, _) = App::new(&Source::Sample, (120, 30));
    let (articles, _, _) = crate::archive::load_all(&Source::Sample);
    for chunk in articles.chunks(3) {
        app.update(Msg::Load(Event::Articles(chunk.to_vec())));
    }
    app.update(Msg::Load(Event::Done(Stats::default())));
    let sel = app.selected_article().unwrap();
    assert_eq!(
        app.articles()[sel].source.to_str(),
        Some(crate::sample::FIRST)
    );
    assert_eq!(app.reader.as_ref().unwrap().article, sel);
}

#[test]
fn companies_light_up_when_the_dictionary_arrives_and_its_problems_show() {
    let (mut app, _) = App::new(&Source::Sample, (120, 30));
    let (articles, _, _) = crate::archive::load_all(&Source::Sample);
    app.update(Msg::Load(Event::Articles(articles)));
    app.update(Msg::Load(Event::Done(Stats::default())));
    let companies = |app: &App| {
        app.entities
            .iter()
            .filter(|e| matches!(e.kind, crate::highlight::EntityKind::Company(Some(_))))
            .count()
    };
    let money = app.entities.len();
    assert!(money > 0, "amounts need no dictionary");
    assert_eq!(companies(&app), 0, "no dictionary yet: no companies");
    app.update(Msg::Dictionary(
        crate::highlight::company::Dictionary::builtin_shared(),
        vec!["companies.tsv:3: unknown flag \"x\"".into()],
    ));
    assert!(
        companies(&app) > 10,
        "the open article's companies, found at once"
    );
    assert_eq!(
        app.store_warning.as_deref(),
        Some("companies.tsv:3: unknown flag \"x\"")
    );
}

fn saved(effects: &[Effect]) -> Vec<Record> {
    effects
        .iter()
        .flat_map(|e| match e {
            Effect::Save(r) => r.clone(),
            _ => Vec::new(),
        })
        .collect()
}

#[test]
fn m_toggles_and_every_change_is_saved_in_the_same_update() {
    let mut app = app((120, 30));
    let id = app.selected_id().unwrap();
    let (_, fx) = app.update(key(KeyCode::Char('m')));
    assert_eq!(saved(&fx), vec![Record::Read { id }]);
    assert!(app.marks.is_read(id));
    let (_, fx) = app.update(key(KeyCode::Char('m')));
    assert_eq!(saved(&fx), vec![Record::Unread { id }]);
    assert!(!app.marks.is_read(id));
}

#[test]
fn opening_marks_read_by_policy_and_the_preview_does_not() {
    let mut app = app((120, 30));
    app.update(key(KeyCode::Char('j')));
    app.update(key(KeyCode::Char('j')));
    assert!(
        app.marks.read.is_empty(),
        "moving the selection previews, it does not mark"
    );
    let id = app.selected_id().unwrap();
    let (_, fx) = app.update(key(KeyCode::Enter));
    assert_eq!(saved(&fx), vec![Record::Read { id }]);

    let mut never = self::app((120, 30));
    never.policy = MarkPolicy::Never;
    never.update(key(KeyCode::Enter));
    assert!(never.marks.read.is_empty());

    let mut end = self::app((120, 30));
    end.policy = MarkPolicy::End;
    end.update(key(KeyCode::Char('G')));
    end.update(key(KeyCode::Char('k'))); // the long article
    end.update(key(KeyCode::Enter));
    assert!(end.marks.read.is_empty(), "not yet at the end");
    let (_, fx) = end.update(key(KeyCode::Char('G')));
    assert_eq!(
        saved(&fx),
        vec![Record::Read {
            id: end.selected_id().unwrap()
        }]
    );
}

#[test]
fn mark_all_then_undo_several_levels() {
    let mut app = app((120, 30));
    app.update(key(KeyCode::Char('m')));
    let (_, fx) = app.update(key(KeyCode::Char('M')));
    assert_eq!(saved(&fx).len(), 3, "the three still unread");
    assert_eq!(app.unread_in_view(), 0);
    app.update(key(KeyCode::Char('u')));
    assert_eq!(app.unread_in_view(), 3);
    let (_, fx) = app.update(key(KeyCode::Char('u')));
    assert_eq!(app.unread_in_view(), 4);
    assert_eq!(
        saved(&fx),
        vec![Record::Unread {
            id: app.selected_id().unwrap()
        }]
    );
    let (_, fx) = app.update(key(KeyCode::Char('u')));
    assert!(saved(&fx).is_empty(), "nothing left to undo");
    assert_eq!(app.flash.as_deref(), Some("nothing to undo"));
}

#[test]
fn unread_view_bookmarks_and_accounts_filter_the_list() {
    let mut app = app((120, 30));
    app.update(key(KeyCode::Char('m')));
    app.update(key(KeyCode::Char('U')));
    assert_eq!(app.order.len(), 3);
    assert_eq!(
        app.filter,
        Filter {
            unread: true,
            ..Filter::default()
        }
    );
    app.update(key(KeyCode::Char('U')));
    assert_eq!(app.order.len(), 4);
    app.update(key(KeyCode::Char('j')));
    app.update(key(KeyCode::Char('b')));
    app.update(key(KeyCode::Char('B')));
    assert_eq!(app.order.len(), 1);
    app.update(key(KeyCode::Esc));
    assert_eq!(app.order.len(), 4, "Esc in the list takes the filter off");
    app.update(key(KeyCode::Char('a')));
    assert_eq!(
        app.accounts(),
        vec![AccountCount {
            name: "号".into(),
            unread: 3,
            total: 4
        }]
    );
    app.update(key(KeyCode::Enter));
    assert_eq!(app.filter.account.as_deref(), Some("号"));
    assert!(app.overlay.is_none());
}

#[test]
fn reading_position_is_saved_on_leaving_and_restored_on_return() {
    let mut app = app((120, 30));
    app.update(key(KeyCode::Char('G')));
    app.update(key(KeyCode::Char('k'))); // the long article
    let long = app.selected_id().unwrap();
    app.update(key(KeyCode::Enter));
    for _ in 0..3 {
        app.update(key(KeyCode::PageDown));
    }
    let scroll = app.reader.as_ref().unwrap().scroll;
    app.update(key(KeyCode::Tab));
    let (_, fx) = app.update(key(KeyCode::Char('k')));
    let recs = saved(&fx);
    assert!(
        matches!(recs[..], [Record::Pos { id, p }] if id == long && p > 0 && p < 1000),
        "{recs:?}"
    );
    app.update(key(KeyCode::Char('j')));
    assert_eq!(
        app.reader.as_ref().unwrap().scroll,
        scroll,
        "back where it was left"
    );
    let (_, fx) = app.update(key(KeyCode::Char('k')));
    assert!(saved(&fx).is_empty(), "not moved: nothing to save");
}

#[test]
fn a_failed_save_is_shown() {
    let mut app = app((120, 30));
    app.update(Msg::SaveFailed("data folder is read-only".into()));
    assert_eq!(
        app.store_warning.as_deref(),
        Some("data folder is read-only")
    );
}

fn typed(app: &mut App, s: &str) -> Vec<Effect> {
    let mut fx = Vec::new();
    for c in s.chars() {
        fx.extend(app.update(key(KeyCode::Char(c))).1);
    }
    fx
}

/// Runs the app's search effects on a corpus of its own articles, as the worker would:
/// searches, then the snippets of the results on screen.
fn answer(app: &mut App, effects: Vec<Effect>) {
    let mut corpus = crate::search::Corpus::default();
    for (i, a) in app.articles().iter().enumerate() {
        corpus.set(i, a);
    }
    let dict = crate::highlight::company::Dictionary::empty_shared();
    let mut queue = effects;
    while !queue.is_empty() {
        let mut next = Vec::new();
        for fx in queue {
            match fx {
                Effect::Search {
                    generation,
                    query,
                    within,
                } => {
                    let hits = corpus
                        .search(&query, within.as_deref(), &dict, None, &|| false)
                        .unwrap();
                    next.extend(app.update(Msg::SearchDone { generation, hits }).1);
                }
                Effect::Snippets {
                    generation,
                    query,
                    slots,
                    cols,
                } => {
                    let snippets = corpus.snippets(&query, &slots, cols);
                    next.extend(
                        app.update(Msg::Snippets {
                            generation,
                            snippets,
                        })
                        .1,
                    );
                }
                _ => {}
            }
        }
        queue = next;
    }
}

#[test]
fn search_line_results_stale_answers_and_esc_restores() {
    let mut app = app((120, 30));
    app.update(key(KeyCode::Char('j')));
    let before = (app.order.clone(), app.selected);
    app.update(key(KeyCode::Char('/')));
    let fx = typed(&mut app, "第1篇");
    let searches: Vec<u64> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::Search { generation, .. } => Some(*generation),
            _ => None,
        })
        .collect();
    assert_eq!(searches.len(), 3, "one search per keystroke");
    // The first keystroke's answer arrives late: dropped.
    answer(&mut app, fx);
    assert_eq!(app.order.len(), 1);
    assert_eq!(app.articles()[app.order[0]].title, "第1篇文章");
    let stale = app.update(Msg::SearchDone {
        generation: searches[0],
        hits: Vec::new(),
    });
    assert!(!stale.0);
    assert_eq!(app.order.len(), 1, "a stale answer changes nothing");
    app.update(key(KeyCode::Esc));
    assert!(app.search.is_none());
    assert_eq!((app.order.clone(), app.selected), before);
}

#[test]
fn a_longer_query_searches_only_the_previous_results() {
    let mut app = app((120, 30));
    app.update(key(KeyCode::Char('/')));
    let fx = typed(&mut app, "第");
    answer(&mut app, fx);
    assert_eq!(app.order.len(), 4);
    let fx = typed(&mut app, "1");
    let within = fx.iter().find_map(|e| match e {
        Effect::Search { within, .. } => Some(within.clone()),
        _ => None,
    });
    let mut w = within.unwrap().unwrap();
    w.sort_unstable();
    assert_eq!(w, vec![0, 1, 2, 3]);
}

#[test]
fn enter_opens_the_result_at_its_first_hit_with_matches_lit() {
    let mut app = app((120, 30));
    app.update(key(KeyCode::Char('/')));
    let fx = typed(&mut app, "第39段");
    answer(&mut app, fx);
    let (_, fx) = app.update(key(KeyCode::Enter));
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::History(h) if h == "第39段"))
    );
    assert_eq!(app.focus, Pane::Reader);
    let r = app.reader.as_ref().unwrap();
    assert!(
        r.scroll > 50,
        "scrolled down to paragraph 39 (row {})",
        r.scroll
    );
    let f = app.find.as_ref().unwrap();
    assert!(!f.matches.is_empty());
    // Back in the list the results stay; Esc there restores the whole list.
    app.update(key(KeyCode::Esc));
    assert_eq!(app.order.len(), 1);
    app.update(key(KeyCode::Esc));
    assert_eq!(app.order.len(), 4);
}

#[test]
fn find_in_the_article_counts_and_wraps() {
    let mut app = app((120, 30));
    app.update(key(KeyCode::Char('G')));
    app.update(key(KeyCode::Char('k')));
    app.update(key(KeyCode::Enter));
    app.update(key(KeyCode::Char('/')));
    typed(&mut app, "第3段");
    app.update(key(KeyCode::Enter));
    let n = app.find.as_ref().unwrap().matches.len();
    assert_eq!(
        n, 30,
        "第3段 thirty times; 第30段 and the like do not contain it"
    );
    app.update(key(KeyCode::Char('N')));
    assert_eq!(
        app.find.as_ref().unwrap().current,
        n - 1,
        "N from the first wraps to the last"
    );
    app.update(key(KeyCode::Char('n')));
    assert_eq!(app.find.as_ref().unwrap().current, 0);
}

#[test]
fn search_history_up_and_down() {
    let mut app = app((120, 30));
    app.history = vec!["旧的".into(), "新的".into()];
    app.update(key(KeyCode::Char('/')));
    app.update(key(KeyCode::Up));
    assert_eq!(app.search.as_ref().unwrap().input.text, "新的");
    app.update(key(KeyCode::Up));
    assert_eq!(app.search.as_ref().unwrap().input.text, "旧的");
    app.update(key(KeyCode::Down));
    app.update(key(KeyCode::Down));
    assert_eq!(app.search.as_ref().unwrap().input.text, "");
}

#[test]
fn paste_goes_into_the_search_line_whole() {
    let mut app = app((120, 30));
    app.update(key(KeyCode::Char('/')));
    app.update(Msg::Paste("第1篇\n文章".into()));
    assert_eq!(app.search.as_ref().unwrap().input.text, "第1篇 文章");
}

/// Issue 11: a bug met while laying out one article (a panic) shows as an error for that
/// article, on the status bar and in the reader; the list, marks and the other articles go on.
#[test]
fn a_layout_bug_stays_with_its_article() {
    crate::guard::install_hook();
    let mut app = app((120, 30));
    let first = app.selected_id();
    {
        let _armed = crate::guard::arm("layout");
        app.update(key(KeyCode::Char('j')));
    }
    let why = app.article_error.clone().expect("an error for the article");
    assert!(
        why.contains("cannot be laid out") && why.contains("failpoint layout"),
        "{why}"
    );
    let r = app.reader.as_ref().unwrap();
    assert!(
        r.doc
            .rows
            .iter()
            .all(|row| row.source == crate::layout::RowSource::Info),
        "only rows saying why"
    );
    assert!(r.doc.info.contains("failpoint layout"));
    // The session goes on: it can be marked, and the next article opens as ever.
    app.update(key(KeyCode::Char('m')));
    assert!(app.marks.is_read(app.selected_id().unwrap()));
    app.update(key(KeyCode::Char('j')));
    assert_eq!(app.article_error, None);
    assert!(app.reader.as_ref().unwrap().doc.rows.len() > 3);
    app.update(key(KeyCode::Char('g')));
    assert_eq!(app.selected_id(), first);
    let screen = draw(&app);
    assert!(!screen.contains("cannot be laid out"), "{screen}");
}

#[test]
fn an_entity_bug_leaves_the_article_readable_without_highlights() {
    crate::guard::install_hook();
    let mut app = app((120, 30));
    {
        let _armed = crate::guard::arm("entities");
        app.update(key(KeyCode::Char('j')));
    }
    let why = app.article_error.clone().expect("an error for the article");
    assert!(why.starts_with("no highlights in this article"), "{why}");
    assert!(app.entities.is_empty());
    assert!(app.reader.as_ref().unwrap().doc.rows.len() > 3);
    let screen = draw(&app);
    assert!(screen.contains("no highlights"), "{screen}");
}

#[test]
fn a_drawing_bug_shows_in_the_reader_pane_and_the_list_is_drawn() {
    crate::guard::install_hook();
    let app = app((120, 30));
    let screen = {
        let _armed = crate::guard::arm("render");
        draw(&app)
    };
    assert!(screen.contains("this article cannot be drawn"), "{screen}");
    assert!(screen.contains("第2篇文章"), "the list is drawn: {screen}");
}

#[test]
fn a_search_bug_is_reported_on_the_search_line() {
    let mut app = app((120, 30));
    app.update(key(KeyCode::Char('/')));
    app.update(key(KeyCode::Char('段')));
    let generation = app.search_gen;
    app.update(Msg::SearchFailed {
        generation,
        why: "internal error (x)".into(),
    });
    let s = app.search.as_ref().unwrap();
    assert!(!s.pending);
    assert_eq!(s.error.as_deref(), Some("internal error (x)"));
}

fn draw(app: &App) -> String {
    let mut term =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(app.size.0, app.size.1)).unwrap();
    term.draw(|f| crate::tui::view::render(app, f)).unwrap();
    let buf = term.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut x = 0;
        while x < buf.area.width {
            let sym = buf[(x, y)].symbol();
            out.push_str(sym);
            x += crate::layout::width(sym).max(1) as u16;
        }
        out.push('\n');
    }
    out
}

/// Two copies of one article in one batch (an HTML and a Markdown export read together)
/// are one entry in the list; a file that goes takes its copy out, and the last copy's
/// going takes the entry out, the selection staying on its article where it can.
#[test]
fn copies_in_one_batch_are_one_entry_and_removed_files_leave() {
    let (mut app, _) = App::new(&Source::Paths(vec!["/x".into()]), (120, 30));
    let a = article(1, Some("2024-01-01"), 2);
    let mut copy = a.clone();
    copy.source = "/x/1.html".into();
    let b = article(2, Some("2023-01-01"), 1);
    app.update(Msg::Load(Event::Articles(vec![a, copy, b])));
    app.update(Msg::Load(Event::Done(Stats::default())));
    assert_eq!(titles(&app), vec!["第1篇文章", "第2篇文章"]);
    app.update(key(KeyCode::Char('j')));
    app.update(Msg::Load(Event::Removed(vec!["/x/1.md".into()])));
    assert_eq!(
        titles(&app),
        vec!["第1篇文章", "第2篇文章"],
        "the HTML copy stays"
    );
    app.update(Msg::Load(Event::Removed(vec!["/x/1.html".into()])));
    assert_eq!(titles(&app), vec!["第2篇文章"]);
    assert_eq!(
        app.articles()[app.selected_article().unwrap()].title,
        "第2篇文章"
    );
}

/// A folder that went takes every file under it, in one pass however many paths come (a
/// watcher's batch of thousands once took a pass over the library per path, twice).
#[test]
fn a_folder_that_went_takes_its_files_and_only_them() {
    let (mut app, _) = App::new(&Source::Paths(vec!["/x".into()]), (120, 30));
    let mut arts = Vec::new();
    for n in 0..3000 {
        let mut a = article(n, Some("2024-01-01"), 1);
        a.source = format!("/x/{}/{n}.md", if n < 2000 { "sub" } else { "sub0" }).into();
        arts.push(a);
    }
    app.update(Msg::Load(Event::Articles(arts)));
    app.update(Msg::Load(Event::Done(Stats::default())));
    assert_eq!(app.order.len(), 3000);
    // Unknown paths (new files) and a file of the other folder, with the folder.
    let mut paths: Vec<std::path::PathBuf> =
        (0..2000).map(|n| format!("/x/new/{n}.md").into()).collect();
    paths.push("/x/sub".into());
    paths.push("/x/sub0/2999.md".into());
    let t = std::time::Instant::now();
    app.update(Msg::Load(Event::Removed(paths)));
    assert!(
        t.elapsed() < std::time::Duration::from_secs(2),
        "{:?}",
        t.elapsed()
    );
    assert_eq!(app.order.len(), 999, "/x/sub0 is not under /x/sub");
}

#[test]
fn a_worker_bug_is_shown_and_stops_what_waited_for_it() {
    let mut app = app((120, 30));
    app.update(key(KeyCode::Char('/')));
    app.update(key(KeyCode::Char('段')));
    assert!(app.search.as_ref().unwrap().pending);
    app.update(Msg::WorkerFailed {
        worker: "search",
        why: "internal error (index)".into(),
    });
    let s = app.search.as_ref().unwrap();
    assert!(!s.pending, "no 'searching…' forever");
    assert_eq!(s.error.as_deref(), Some("internal error (index)"));
    app.loading = true;
    app.update(Msg::WorkerFailed {
        worker: "loader",
        why: "internal error (walk)".into(),
    });
    assert!(!app.loading, "no 'loading…' forever");
    assert_eq!(app.failures.len(), 2, "kept for stderr at exit");
    app.update(key(KeyCode::Esc));
    app.update(key(KeyCode::Esc));
    let screen = draw(&app);
    assert!(
        screen.contains("internal error in the loader thread"),
        "{screen}"
    );
}

proptest::proptest! {
    /// The list's keyed comparison orders as the full one does, both ways round: dates of
    /// every shape (none, a day, a time, odd ones), titles sharing their first bytes, ties.
    #[test]
    fn keyed_list_order_is_the_full_order(
        a in (0usize..12, 0usize..6, 0usize..4),
        b in (0usize..12, 0usize..6, 0usize..4),
        reverse: bool,
    ) {
        use super::nav::{ListKey, Sort, SortBy};
        const DATES: [Option<&str>; 12] = [
            None,
            Some("2024-03-05"),
            Some("2024-03-05 00:00"),
            Some("2024-03-05 23:59"),
            Some("2024-03-06"),
            Some("2023-12-31 08:00"),
            Some("2024-3-5"),
            Some("昨天"),
            Some("2024-03-05 08:00:01"),
            Some("0000-00-00"),
            Some("2024-03-05 24:00"),
            Some("9999-99-99"),
        ];
        const TITLES: [&str; 6] = ["软银投资", "软银投资了", "软银", "abcdefgh1", "abcdefgh2", ""];
        let make = |(d, t, s): (usize, usize, usize)| {
            let mut x = crate::archive::blank_article(
                std::path::Path::new(&format!("/x/{s}.md")),
                crate::model::Format::Markdown,
            );
            x.title = TITLES[t].to_string();
            x.date = DATES[d].map(str::to_string);
            x
        };
        let (x, y) = (make(a), make(b));
        let sort = Sort { by: SortBy::Date, reverse };
        proptest::prop_assert_eq!(
            sort.cmp_keyed(ListKey::of(&x), &x, ListKey::of(&y), &y),
            sort.cmp(&x, &y)
        );
    }
}
