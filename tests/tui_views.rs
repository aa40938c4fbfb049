//! The help and the links view at 41, 80 and 120 columns in English and Chinese (ratatui
//! `TestBackend` + insta), and the keys of issue 15 driven through `App::update`: remapped
//! keys, `q` going back one level, article to article, `Space` at an article's end, a
//! number before `o` / `y`, sorting.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::Path;
use wxr::archive::{Event, Source, load_all};
use wxr::config::{Config, Lang};
use wxr::tui::app::Overlay;
use wxr::tui::{App, Effect, Msg, view};

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

fn app_for(dir: &str, size: (u16, u16), config: &str, lang: Lang) -> App {
    let source = Source::Paths(vec![Path::new(dir).to_path_buf()]);
    let (mut app, _) = App::new(&source, size);
    app.configure(&Config::parse(config).unwrap());
    app.lang = lang;
    app.theme = wxr::tui::theme::Theme::new(wxr::config::Base::Dark, false);
    let (articles, problems, stats) = load_all(&source);
    app.update(Msg::Load(Event::Articles(articles)));
    for p in problems {
        app.update(Msg::Load(Event::Problem(p)));
    }
    app.update(Msg::Load(Event::Done(stats)));
    app
}

fn draw(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    t.draw(|f| view::render(app, f)).unwrap();
    screen(t.backend().buffer())
}

fn press(app: &mut App, s: &str) -> Vec<Effect> {
    let mut out = Vec::new();
    for c in s.chars() {
        let k = match c {
            '\r' => KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
            '\x1b' => KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
            c => KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
        };
        out.extend(app.update(Msg::Key(k)).1);
    }
    out
}

const LINKS: &str = "tests/fixtures/links";
const ARCHIVE: &str = "tests/fixtures/archive";

#[test]
fn help_at_41_80_120_in_english_and_chinese() {
    for (lang, name) in [(Lang::En, "en"), (Lang::Zh, "zh")] {
        for (w, h) in [(41, 24), (80, 24), (120, 30)] {
            let mut app = app_for(LINKS, (w, h), "", lang);
            press(&mut app, "?");
            let s = draw(&app);
            // Nothing is cut mid-word: every row of the box ends inside it.
            assert!(
                s.contains(if lang == Lang::En { "close" } else { "关闭" }),
                "{s}"
            );
            insta::assert_snapshot!(format!("help_{name}_{w}x{h}"), s);
        }
    }
}

#[test]
fn help_scrolls_to_its_end_and_closes_only_as_it_says() {
    let mut app = app_for(LINKS, (41, 24), "", Lang::En);
    press(&mut app, "?");
    press(&mut app, "G");
    let s = draw(&app);
    assert!(
        s.contains("wxr config --default"),
        "the last note shows: {s}"
    );
    // A key the help does not use leaves it open.
    press(&mut app, "m");
    assert!(matches!(app.overlay, Some(Overlay::Help { .. })));
    press(&mut app, "q");
    assert_eq!(app.overlay, None);
    assert!(!app.quit, "q closes the help, it does not quit");
}

#[test]
fn links_view_at_41_80_120_in_english_and_chinese() {
    for (lang, name) in [(Lang::En, "en"), (Lang::Zh, "zh")] {
        for (w, h) in [(41, 24), (80, 24), (120, 30)] {
            let mut app = app_for(LINKS, (w, h), "", lang);
            press(&mut app, "\rL");
            let s = draw(&app);
            // Whole addresses: the two images differ deep inside theirs.
            let joined: String = s.lines().map(|l| l.trim_matches(['│', ' '])).collect();
            assert!(
                joined.contains("AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"),
                "{s}"
            );
            assert!(
                joined.contains("ZyXwVuTsRqPoNmLkJiHgFeDcBa9876543210"),
                "{s}"
            );
            insta::assert_snapshot!(format!("links_{name}_{w}x{h}"), s);
        }
    }
}

#[test]
fn links_are_numbered_in_the_text_and_a_number_picks_one() {
    let mut app = app_for(LINKS, (80, 24), "", Lang::En);
    press(&mut app, "\r");
    let s = draw(&app);
    assert!(
        s.contains("公告[1]") && s.contains("OpenAI的博客[2]"),
        "{s}"
    );
    assert!(
        s.contains("[image 3] 融资结构图") && s.contains("[image 4]"),
        "{s}"
    );
    assert!(
        s.contains("https://mp.weixin.qq.com/s/FixtureLinks01"),
        "the article's address: {s}"
    );
    // `o` alone: the article's own address; `2o`: link 2; `y`: copied, said on the status bar.
    assert_eq!(
        press(&mut app, "o"),
        vec![Effect::Open(
            "https://mp.weixin.qq.com/s/FixtureLinks01".into()
        )]
    );
    assert_eq!(
        press(&mut app, "2o"),
        vec![Effect::Open(
            "https://openai.com/index/march-funding-updates/".into()
        )]
    );
    assert_eq!(
        press(&mut app, "5y"),
        vec![Effect::Copy(
            "https://mp.weixin.qq.com/s/FixturePrev".into()
        )]
    );
    assert!(draw(&app).contains("copied https://mp.weixin.qq.com/s/FixturePrev"));
    assert_eq!(press(&mut app, "9o"), vec![]);
    assert!(draw(&app).contains("no link numbered 9"));
    // In the links view: move, then o opens the selected one.
    press(&mut app, "Ljj");
    assert_eq!(
        press(&mut app, "o"),
        vec![Effect::Open(
            "https://openai.com/index/march-funding-updates/".into()
        )]
    );
}

#[test]
fn a_remapped_key_does_its_new_action_and_the_help_says_so() {
    let config = "[keys.reader]\nnext_article = \"j\"\n[keys.all]\nquit_all = \"x\"\n";
    let mut app = app_for(ARCHIVE, (100, 30), config, Lang::En);
    press(&mut app, "\r");
    let first = app.selected;
    press(&mut app, "j");
    assert_eq!(
        app.selected,
        first + 1,
        "j in the reader opens the next article"
    );
    press(&mut app, "\x1bj");
    assert_eq!(app.selected, first + 2, "j in the list still moves down");
    press(&mut app, "?G");
    let s = draw(&app);
    assert!(s.contains(" x ") && s.contains("quit from anywhere"), "{s}");
    assert!(!s.contains(" Q "), "{s}");
    press(&mut app, "\x1bQ");
    assert!(!app.quit, "Q is no longer bound");
    press(&mut app, "x");
    assert!(app.quit);
}

#[test]
fn q_goes_back_one_level_and_quits_only_from_the_list() {
    let mut app = app_for(ARCHIVE, (80, 24), "", Lang::En);
    press(&mut app, "\r");
    assert_eq!(app.focus, wxr::tui::app::Pane::Reader);
    press(&mut app, "L");
    press(&mut app, "q");
    assert_eq!(app.overlay, None);
    press(&mut app, "q");
    assert_eq!(app.focus, wxr::tui::app::Pane::List);
    assert!(!app.quit);
    press(&mut app, "q");
    assert!(app.quit);
}

#[test]
fn article_to_article_and_space_at_the_end_opens_the_next_unread() {
    let mut app = app_for(ARCHIVE, (100, 30), "", Lang::En);
    press(&mut app, "\r");
    let first = app.selected_id();
    press(&mut app, "J");
    assert_ne!(app.selected_id(), first);
    assert!(
        app.marks.is_read(app.selected_id().unwrap()),
        "opening it marked it read"
    );
    press(&mut app, "K");
    assert_eq!(app.selected_id(), first);
    // Page to the end, then once more: the next unread article.
    for _ in 0..40 {
        press(&mut app, "G");
    }
    let at = app.selected;
    press(&mut app, " ");
    assert_ne!(app.selected, at);
    assert!(app.marks.is_read(app.selected_id().unwrap()));
}

#[test]
fn sort_cycles_and_reverses_with_a_word_on_the_status_bar() {
    let mut app = app_for(ARCHIVE, (100, 30), "", Lang::En);
    let titles = |app: &App| -> Vec<String> {
        app.order
            .iter()
            .map(|&i| app.articles()[i].title.clone())
            .collect()
    };
    press(&mut app, "s");
    let by_title = titles(&app);
    let mut sorted = by_title.clone();
    sorted.sort_by_key(|t| wxr::text::collation_key(t));
    assert_eq!(by_title, sorted);
    // By pinyin: 出 (chu) before 海 (hai) before 一 (yi).
    let at = |p: &str| by_title.iter().position(|t| t.starts_with(p)).unwrap();
    assert!(
        at("出海周报") < at("海外仓的账本") && at("海外仓的账本") < at("一家书店"),
        "{by_title:?}"
    );
    assert!(draw(&app).contains("by title, A to Z"));
    press(&mut app, "S");
    let mut rev = sorted.clone();
    rev.reverse();
    assert_eq!(titles(&app), rev);
    press(&mut app, "ss");
    assert!(draw(&app).contains("by date, oldest first"));
}

#[test]
fn chinese_status_bar_and_counts() {
    let mut app = app_for(ARCHIVE, (100, 30), "", Lang::Zh);
    let s = draw(&app);
    assert!(
        s.contains("篇未读") && s.contains("个问题") && s.contains("帮助"),
        "{s}"
    );
    let mut en = app_for(ARCHIVE, (100, 30), "", Lang::En);
    let s = draw(&en);
    assert!(s.contains("4 problems") && s.contains("unread"), "{s}");
    press(&mut en, "h");
    assert!(draw(&en).contains("highlights off"));
    press(&mut app, "h");
    assert!(draw(&app).contains("高亮：关"));
}

#[test]
fn quiet_keys_say_something() {
    let mut app = app_for(ARCHIVE, (100, 30), "", Lang::En);
    press(&mut app, ":");
    assert!(
        draw(&app).contains("`:`: no such key (?: keys)"),
        "{}",
        draw(&app)
    );
    // r reads the folders again.
    let fx = press(&mut app, "r");
    assert!(fx.iter().any(|e| matches!(e, Effect::Load(_))), "{fx:?}");
    assert!(draw(&app).contains("reloading"));
    let (articles, _, stats) = load_all(&Source::Paths(vec![ARCHIVE.into()]));
    app.update(Msg::Load(Event::Articles(articles)));
    app.update(Msg::Load(Event::Done(stats)));
    assert_eq!(app.order.len(), 19, "the same articles, not doubled");
    // ] says which amount or company of how many it is on.
    let mut links = app_for(LINKS, (100, 30), "", Lang::En);
    press(&mut links, "\r]");
    assert_eq!(links.entity_at, Some(0));
    let n = links.entities.len();
    assert!(
        n >= 3 && draw(&links).contains(&format!("· 1/{n} ")),
        "{}",
        draw(&links)
    );
}

#[test]
fn in_one_pane_the_list_s_o_opens_the_selected_article_not_the_last_read() {
    let mut app = app_for(ARCHIVE, (80, 24), "", Lang::En);
    press(&mut app, "\rq");
    let read = app.selected_id();
    press(&mut app, "j");
    assert_ne!(app.selected_id(), read);
    let sel = app.selected_article().unwrap();
    let want = app.articles()[sel].url.clone();
    let fx = press(&mut app, "o");
    match want {
        Some(u) => assert_eq!(fx, vec![Effect::Open(u)]),
        None => assert_eq!(fx, vec![]),
    }
    assert_eq!(press(&mut app, "2o"), vec![]);
    assert!(draw(&app).contains("open the article (Enter) to pick its links by number"));
    // L opens the selected article and its links.
    press(&mut app, "L");
    assert!(matches!(app.overlay, Some(Overlay::Links { .. })));
    assert_eq!(app.reader.as_ref().map(|r| r.article), Some(sel));
}
