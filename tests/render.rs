//! Render snapshots (ratatui `TestBackend` + insta) with Chinese content at 100×30, 60×20 and
//! 20×5, and checks that what lands on screen is exactly what the wrapper computed.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::Path;
use wxr::archive::{Event, Source, load_all};
use wxr::layout::{RowStyle, no_start};
use wxr::tui::theme::Theme;
use wxr::tui::{App, Msg, view};

/// The screen as text: one line per row, the cell after a wide character skipped.
fn screen(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        let mut line = String::new();
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
            line.push_str(sym);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn app_with(source: &Source, size: (u16, u16)) -> App {
    let (mut app, _) = App::new(source, size);
    app.theme = Theme::new(wxr::config::Base::Dark, false);
    // What the reader's background thread delivers shortly after start.
    app.update(Msg::Dictionary(
        wxr::highlight::company::Dictionary::builtin_shared(),
        Vec::new(),
    ));
    let (articles, problems, stats) = load_all(source);
    app.update(Msg::Load(Event::Articles(articles)));
    for p in problems {
        app.update(Msg::Load(Event::Problem(p)));
    }
    app.update(Msg::Load(Event::Done(stats)));
    app
}

/// Relative, so that paths on screen are the same in every checkout (tests run in the
/// package root).
fn fixtures() -> Source {
    Source::Paths(vec![Path::new("tests/fixtures/archive").to_path_buf()])
}

/// Answers the app's search effects as the search worker would (index, company index).
fn answer(app: &mut App, effects: Vec<wxr::tui::Effect>) {
    let dict = wxr::highlight::company::Dictionary::builtin();
    let mut corpus = wxr::search::Corpus::default();
    for (i, a) in app.articles().iter().enumerate() {
        corpus.set(i, a);
    }
    // As the worker does: searches, then the snippets of the results on screen.
    let mut queue = effects;
    while !queue.is_empty() {
        let mut next = Vec::new();
        for fx in queue {
            match fx {
                wxr::tui::Effect::Search {
                    generation,
                    query,
                    within,
                } => {
                    let hits = corpus
                        .search(&query, within.as_deref(), &dict, None, &|| false)
                        .unwrap();
                    next.extend(app.update(Msg::SearchDone { generation, hits }).1);
                }
                wxr::tui::Effect::Snippets {
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

fn draw(app: &App) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    t.draw(|f| view::render(app, f)).unwrap();
    t.backend().buffer().clone()
}

fn key(app: &mut App, c: KeyCode) {
    app.update(Msg::Key(KeyEvent::new(c, KeyModifiers::NONE)));
}

#[test]
fn sample_100x30_side_by_side_on_the_seed() {
    let app = app_with(&Source::Sample, (100, 30));
    insta::assert_snapshot!(screen(&draw(&app)));
}

#[test]
fn fixtures_100x30_reader_focused_after_page_down() {
    let mut app = app_with(&fixtures(), (100, 30));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::PageDown);
    insta::assert_snapshot!(screen(&draw(&app)));
}

#[test]
fn sample_60x20_list_then_reader() {
    let mut app = app_with(&Source::Sample, (60, 20));
    let list = screen(&draw(&app));
    key(&mut app, KeyCode::Enter);
    let reader = screen(&draw(&app));
    insta::assert_snapshot!(format!("{list}----\n{reader}"));
}

#[test]
fn sample_20x5_smallest_usable() {
    let mut app = app_with(&Source::Sample, (20, 5));
    let list = screen(&draw(&app));
    key(&mut app, KeyCode::Enter);
    let reader = screen(&draw(&app));
    insta::assert_snapshot!(format!("{list}----\n{reader}"));
}

#[test]
fn below_20x5_says_too_small() {
    let app = app_with(&Source::Sample, (19, 5));
    assert_eq!(
        screen(&draw(&app)).lines().next(),
        Some("terminal too small")
    );
    let app = app_with(&Source::Sample, (40, 4));
    assert!(screen(&draw(&app)).starts_with("terminal too small"));
}

#[test]
fn problems_view_100x30() {
    let mut app = app_with(&fixtures(), (100, 30));
    key(&mut app, KeyCode::Char('!'));
    insta::assert_snapshot!(screen(&draw(&app)));
}

#[test]
fn not_downloaded_and_deleted_articles_say_so() {
    let mut app = app_with(&fixtures(), (100, 30));
    // The JSON entry without content, fifth in the list.
    for _ in 0..4 {
        key(&mut app, KeyCode::Char('j'));
    }
    insta::assert_snapshot!(screen(&draw(&app)));
}

#[test]
fn search_results_100x30() {
    let mut app = app_with(&fixtures(), (100, 30));
    key(&mut app, KeyCode::Char('/'));
    let mut effects = Vec::new();
    for c in "电商".chars() {
        effects.extend(
            app.update(Msg::Key(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::NONE,
            )))
            .1,
        );
    }
    answer(&mut app, effects);
    let editing = screen(&draw(&app));
    key(&mut app, KeyCode::Enter);
    let opened = screen(&draw(&app));
    insta::assert_snapshot!(format!("{editing}----\n{opened}"));
}

#[test]
fn help_overlay_60x20() {
    let mut app = app_with(&Source::Sample, (60, 20));
    key(&mut app, KeyCode::Char('?'));
    insta::assert_snapshot!(screen(&draw(&app)));
}

#[test]
fn styles_distinguish_selection_and_title_without_colour() {
    let app = app_with(&Source::Sample, (100, 30));
    let buf = draw(&app);
    let a = app.areas();
    let list = a.list.unwrap();
    let sel_row = list.y + (app.selected - app.list_offset) as u16 * 2;
    assert!(
        buf[(list.x + 2, sel_row)]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED)
    );
    let t = a.reader_text.unwrap();
    assert!(
        buf[(t.x, t.y)]
            .modifier
            .contains(ratatui::style::Modifier::BOLD),
        "title is bold"
    );
}

/// Every size from 20×5 up renders without a panic, in both panes, with the help open.
#[test]
fn any_size_renders() {
    for w in (20..=140).step_by(7) {
        for h in [5, 6, 9, 17, 30, 50] {
            let mut app = app_with(&Source::Sample, (w, h));
            draw(&app);
            key(&mut app, KeyCode::Enter);
            key(&mut app, KeyCode::PageDown);
            draw(&app);
            key(&mut app, KeyCode::Char('?'));
            draw(&app);
        }
    }
    for (w, h) in [(0, 0), (1, 1), (19, 30), (200, 4), (3, 100)] {
        draw(&app_with(&Source::Sample, (w, h)));
    }
}

/// The seed article, read top to bottom at every reader width: the rows on screen are the
/// wrapper's lines exactly, and no row starts with `，` or `。` (or anything else forbidden).
#[test]
fn seed_on_screen_matches_the_wrapper_at_every_width() {
    for w in 20..=130u16 {
        let h = 12u16;
        let mut app = app_with(&Source::Sample, (w, h));
        key(&mut app, KeyCode::Enter);
        let text_area = app.areas().reader_text.unwrap();
        loop {
            let buf = draw(&app);
            let shown = screen(&buf);
            let r = app.reader.as_ref().unwrap();
            let article = &app.articles()[r.article];
            let rows: Vec<&str> = shown.lines().collect();
            for (i, row) in r
                .doc
                .rows
                .iter()
                .skip(r.scroll)
                .take(text_area.height as usize)
                .enumerate()
            {
                let expect = format!("{}{}", row.prefix, r.doc.row_text(article, row));
                let line = rows[text_area.y as usize + i];
                // The column is the reader's text area; cut the screen line to it.
                let got: String = cut_columns(line, text_area.x as usize, text_area.width as usize);
                assert_eq!(got.trim_end(), expect.trim_end(), "width {w}, row {i}");
                let first = r.doc.row_text(article, row).chars().next();
                let continuation = r.doc.rows[..r.scroll + i]
                    .last()
                    .is_some_and(|p| p.source == row.source);
                // Prose rows only: URLs and file names are long Latin words, cut where they
                // must be (forced).
                let prose = matches!(
                    row.style,
                    RowStyle::Body
                        | RowStyle::Title
                        | RowStyle::Heading
                        | RowStyle::Quote
                        | RowStyle::ListItem
                );
                if continuation && prose {
                    assert!(
                        !first.is_some_and(no_start),
                        "width {w}: row starts with {first:?}"
                    );
                }
            }
            let before = app.reader.as_ref().unwrap().scroll;
            key(&mut app, KeyCode::PageDown);
            if app.reader.as_ref().unwrap().scroll == before {
                break;
            }
        }
    }
}

fn cut_columns(line: &str, from: usize, width: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    let mut col = 0;
    let mut out = String::new();
    for g in line.graphemes(true) {
        let gw = unicode_width::UnicodeWidthStr::width(g);
        if col >= from && col + gw <= from + width {
            out.push_str(g);
        }
        col += gw;
    }
    out
}

/// Money is bold, companies underlined: apart without colour; `h` turns both off.
#[test]
fn money_and_companies_stand_out_without_colour() {
    let mut app = app_with(&Source::Sample, (100, 30));
    let find = |buf: &Buffer, s: &str| -> Option<(u16, u16)> {
        let text = screen(buf);
        for (y, line) in text.lines().enumerate() {
            if let Some(i) = line.find(s) {
                let col = unicode_width::UnicodeWidthStr::width(&line[..i]) as u16;
                return Some((col, y as u16));
            }
        }
        None
    };
    let buf = draw(&app);
    let (x, y) = find(&buf, "200亿美元").unwrap();
    assert!(
        buf[(x, y)]
            .modifier
            .contains(ratatui::style::Modifier::BOLD)
    );
    assert!(
        !buf[(x, y)]
            .modifier
            .contains(ratatui::style::Modifier::UNDERLINED)
    );
    let (x, y) = find(&buf, "微软联盟").unwrap();
    assert!(
        buf[(x, y)]
            .modifier
            .contains(ratatui::style::Modifier::UNDERLINED)
    );
    key(&mut app, KeyCode::Char('h'));
    let buf = draw(&app);
    let (x, y) = find(&buf, "200亿美元").unwrap();
    assert!(
        !buf[(x, y)]
            .modifier
            .contains(ratatui::style::Modifier::BOLD)
    );
}

#[test]
fn entities_panel_lists_amounts_by_value() {
    let mut app = app_with(&Source::Sample, (100, 30));
    key(&mut app, KeyCode::Char('e'));
    let s = screen(&draw(&app));
    assert!(s.contains("400亿美元 = 40,000,000,000 USD"), "{s}");
    assert!(
        s.contains("数十亿美元 = 约 1,000,000,000–9,000,000,000 USD"),
        "{s}"
    );
    let amounts = s.find("400亿美元").unwrap();
    assert!(amounts < s.find("10亿美元 =").unwrap(), "largest first");
    assert!(s.contains("微软 ×"), "{s}");
    insta::assert_snapshot!(s);
}

/// `e`, choose a company, Enter: the list shows every article naming it, with counts; Esc
/// brings the list back.
#[test]
fn a_company_leads_across_the_archive() {
    let mut app = app_with(&Source::Sample, (100, 30));
    key(&mut app, KeyCode::Char('e'));
    key(&mut app, KeyCode::Char('j')); // OpenAI ×34 is first; 微软 ×29 second
    let (_, effects) = app.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    let asked = effects.iter().find_map(|fx| match fx {
        wxr::tui::Effect::Search { query, .. } => Some(format!("{query:?}")),
        _ => None,
    });
    answer(&mut app, effects);
    assert!(asked.unwrap().contains("微软"));
    let s = screen(&draw(&app));
    assert!(s.contains("/company:微软"), "{s}");
    assert!(s.contains("29 hits"), "{s}");
    assert_eq!(app.order.len(), 3);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.order.len(), 10);
}

/// An overlay over the list at every width: no wide character is left straddling its left
/// border (the terminal would draw the character over the border).
#[test]
fn overlays_keep_their_left_border_over_wide_characters() {
    for w in 60..=110u16 {
        let mut app = app_with(&Source::Sample, (w, 30));
        key(&mut app, KeyCode::Enter);
        key(&mut app, KeyCode::Char('e'));
        let buf = draw(&app);
        // The panel's top-left corner, then the border cells below it.
        let (bx, by) = (0..buf.area.height)
            .flat_map(|y| (0..buf.area.width).map(move |x| (x, y)))
            .find(|&(x, y)| buf[(x, y)].symbol() == "┌")
            .expect("the entities panel is drawn");
        for y in by..buf.area.height {
            if buf[(bx, y)].symbol() != "│" {
                continue;
            }
            let Some(x) = bx.checked_sub(1) else { break };
            let left = buf[(x, y)].symbol();
            assert!(
                unicode_width::UnicodeWidthStr::width(left) <= 1,
                "width {w}, row {y}: {left:?} left of the border"
            );
        }
    }
}
