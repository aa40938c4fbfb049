use super::*;
use crate::model::Block;
use crate::search::parse;
use std::path::Path;

fn art(title: &str, account: &str, date: &str, paras: &[&str]) -> Article {
    let mut a = crate::archive::blank_article(Path::new("x.md"), crate::model::Format::Markdown);
    a.title = title.into();
    a.account = Some(account.into());
    a.date = Some(date.into());
    a.blocks = paras.iter().map(|p| Block::paragraph(*p)).collect();
    a
}

fn arts() -> Vec<Article> {
    vec![
        art(
            "软银的四百亿美元",
            "科技边角料",
            "2025-03-31",
            &["软银集团宣布向ＯｐｅｎＡＩ投资。", "软银还会再投。"],
        ),
        art(
            "微软与谷歌",
            "硅谷观察室",
            "2024-07-05",
            &["微软和谷歌都在投资AI。", "OpenAI 不在其中"],
        ),
        art(
            "一家书店",
            "城市笔记",
            "2023-01-01",
            &["书店开了二十六年。"],
        ),
    ]
}

/// The same articles twice: in memory, and listed from a library store (texts read from
/// it). Every test runs on both and they must agree.
fn corpora(arts: &[Article]) -> (Corpus, Corpus, tempfile::TempDir) {
    let mut mem = Corpus::default();
    for (i, a) in arts.iter().enumerate() {
        mem.set(i, a);
    }
    let tmp = tempfile::tempdir().unwrap();
    let real = Path::new("/corpus");
    let target = store::store_path(tmp.path(), real).unwrap();
    let mut w = store::StoreWriter::create(&target, real).unwrap();
    for (i, a) in arts.iter().enumerate() {
        w.add_parsed(
            format!("{i}.md").as_bytes(),
            store::FileKey::default(),
            &mut [a.clone()],
            &[],
        )
        .unwrap();
    }
    w.finish().unwrap();
    let s = store::open(&target, real).unwrap().unwrap();
    let mut disk = Corpus::default();
    for (i, f) in s.files.iter().enumerate() {
        let store::Outcome::Articles { articles, .. } = &f.outcome else {
            panic!()
        };
        let listed = articles[0].to_article("x.md".into(), s.number);
        assert!(listed.blocks.is_empty());
        disk.set(i, &listed);
    }
    (mem, disk, tmp)
}

fn hits(c: &Corpus, q: &str, within: Option<&[usize]>) -> Vec<Hit> {
    let dict = Dictionary::builtin_shared();
    let mut h = c
        .search(&parse(q).unwrap(), within, &dict, Some(40), &|| false)
        .unwrap();
    h.sort_by_key(|h| h.article);
    h
}

fn run(arts: &[Article], q: &str) -> Vec<usize> {
    let (mem, disk, _tmp) = corpora(arts);
    let a = hits(&mem, q, None);
    assert_eq!(
        a,
        hits(&disk, q, None),
        "memory and store disagree on {q:?}"
    );
    a.iter().map(|h| h.article).collect()
}

#[test]
fn terms_and_phrases_and_negation() {
    let a = arts();
    assert_eq!(run(&a, "投资"), vec![0, 1]);
    assert_eq!(run(&a, "投资 谷歌"), vec![1]);
    assert_eq!(run(&a, "投资 -谷歌"), vec![0]);
    assert_eq!(run(&a, "\"openai 不在\""), vec![1]);
    assert!(run(&a, "不存在的词").is_empty());
}

#[test]
fn case_and_width_fold_both_ways() {
    let a = arts();
    assert_eq!(run(&a, "openai"), vec![0, 1], "ＯｐｅｎＡＩ in the text");
    assert_eq!(
        run(&a, "ＯＰＥＮＡＩ"),
        vec![0, 1],
        "full width in the query"
    );
}

#[test]
fn fields_dates_and_regex() {
    let a = arts();
    assert_eq!(run(&a, "title:软银"), vec![0]);
    assert_eq!(run(&a, "account:城市"), vec![2]);
    assert_eq!(run(&a, "after:2024"), vec![0, 1]);
    assert_eq!(run(&a, "before:2024-07-05"), vec![2]);
    assert_eq!(run(&a, "re:二十.年"), vec![2]);
    assert_eq!(run(&a, "-re:投资"), vec![2]);
}

#[test]
fn titles_match_by_pinyin() {
    let a = arts();
    assert_eq!(run(&a, "ruanyin"), vec![0]);
    assert_eq!(run(&a, "ryd"), vec![0], "initials: 软银的");
    assert_eq!(run(&a, "ry"), vec![0, 1], "软银 and 软与 both");
    assert_eq!(run(&a, "title:shudian"), vec![2]);
}

#[test]
fn hit_count_first_match_and_snippet_in_the_text_as_written() {
    let a = arts();
    let (mem, disk, _tmp) = corpora(&a);
    for c in [&mem, &disk] {
        let h = hits(c, "软银", None);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].count, 3, "title once, body twice");
        let h = hits(c, "openai", None);
        let h = h.iter().find(|h| h.article == 0).unwrap();
        let text = a[0].search_text();
        assert_eq!(&text[h.first.0..h.first.1], "ＯｐｅｎＡＩ");
        let (block, at) = a[0].locate(h.first.0);
        assert_eq!(block, Some(0));
        assert_eq!(
            &a[0].blocks[0].text[at..at + "ＯｐｅｎＡＩ".len()],
            "ＯｐｅｎＡＩ"
        );
        let (line, r) = h.snippet.clone().unwrap();
        assert_eq!(&line[r], "ＯｐｅｎＡＩ");
    }
}

#[test]
fn refinement_searches_only_the_given_articles() {
    let (mem, disk, _tmp) = corpora(&arts());
    for c in [&mem, &disk] {
        let h = hits(c, "投资", Some(&[1, 2]));
        assert_eq!(h.iter().map(|h| h.article).collect::<Vec<_>>(), vec![1]);
    }
}

#[test]
fn a_replaced_article_is_found_once_with_its_new_text() {
    let (mut mem, _, _tmp) = corpora(&arts());
    mem.set(
        2,
        &art("一家书店", "城市笔记", "2023-01-01", &["改名为咖啡馆。"]),
    );
    let q = |c: &Corpus, s: &str| {
        hits(c, s, None)
            .iter()
            .map(|h| h.article)
            .collect::<Vec<_>>()
    };
    assert!(q(&mem, "二十六年").is_empty());
    assert_eq!(q(&mem, "咖啡馆"), vec![2]);
    assert_eq!(q(&mem, "书店"), vec![2]);
    mem.remove(2);
    assert!(q(&mem, "书店").is_empty());
}

#[test]
fn cancelled_search_stops() {
    let (mem, disk, _tmp) = corpora(&arts());
    let dict = Dictionary::builtin_shared();
    for c in [&mem, &disk] {
        assert!(
            c.search(&parse("投资").unwrap(), None, &dict, None, &|| true)
                .is_none()
        );
    }
}

#[test]
fn matches_never_span_two_articles() {
    let a = vec![
        art("甲", "号", "2024-01-01", &["结尾是软"]),
        art("银开头", "号", "2024-01-01", &["x"]),
    ];
    assert!(run(&a, "软银").is_empty());
}

#[test]
fn company_queries_count_mentions_and_combine_with_terms() {
    let (sample, _, _) = crate::archive::load_all(&crate::archive::Source::Sample);
    let (mem, disk, _tmp) = corpora(&sample);
    for c in [&mem, &disk] {
        let run = |q: &str| {
            let mut h = hits(c, q, None);
            h.sort_by_key(|h| std::cmp::Reverse(h.count));
            h.into_iter()
                .map(|h| {
                    (
                        sample[h.article].title.chars().take(6).collect::<String>(),
                        h.count,
                    )
                })
                .collect::<Vec<_>>()
        };
        let ms = run("company:Microsoft");
        assert_eq!(ms[0], ("OpenAI".to_string(), 29), "{ms:?}");
        assert!(ms.len() >= 3);
        assert_eq!(run("company:微软 反垄断").len(), 1);
        assert!(
            run("company:微软 -company:软银")
                .iter()
                .all(|(t, _)| !t.starts_with("OpenAI"))
        );
        assert!(run("company:没有这家").is_empty());
    }
}

/// Issue 16: a byte changed inside a store's text (lengths kept) never makes a hit: the
/// text that matched fails its checksum.
#[test]
fn a_scribbled_store_text_gives_no_hit() {
    let a = arts();
    let tmp = tempfile::tempdir().unwrap();
    let real = Path::new("/corpus");
    let target = store::store_path(tmp.path(), real).unwrap();
    let mut w = store::StoreWriter::create(&target, real).unwrap();
    w.add_parsed(
        b"0.md",
        store::FileKey::default(),
        &mut a[2..3].to_vec(),
        &[],
    )
    .unwrap();
    w.finish().unwrap();
    let mut bytes = std::fs::read(&target).unwrap();
    let at = bytes
        .windows("书店开了".len())
        .position(|w| w == "书店开了".as_bytes())
        .unwrap();
    bytes[at..at + "书店开了".len()].copy_from_slice("假的开了".as_bytes());
    std::fs::write(&target, &bytes).unwrap();
    let s = store::open(&target, real).unwrap().unwrap();
    let store::Outcome::Articles { articles, .. } = &s.files[0].outcome else {
        panic!()
    };
    let mut c = Corpus::default();
    c.set(0, &articles[0].to_article("x.md".into(), s.number));
    assert!(hits(&c, "假的", None).is_empty());
    assert!(
        hits(&c, "书店", None).len() <= 1,
        "the title is in the checked table"
    );
}
