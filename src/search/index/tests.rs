use super::*;
use crate::model::Block;
use crate::search::parse;

fn art(title: &str, account: &str, date: &str, paras: &[&str]) -> Article {
    let mut a =
        crate::archive::blank_article(std::path::Path::new("x.md"), crate::model::Format::Markdown);
    a.title = title.into();
    a.account = Some(account.into());
    a.date = Some(date.into());
    a.blocks = paras.iter().map(|p| Block::paragraph(*p)).collect();
    a
}

fn index() -> (Index, Vec<Article>) {
    let arts = vec![
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
    ];
    let mut ix = Index::default();
    for (i, a) in arts.iter().enumerate() {
        ix.add(i, a);
    }
    (ix, arts)
}

fn run(ix: &Index, q: &str) -> Vec<usize> {
    let mut v: Vec<usize> = ix
        .search(&parse(q).unwrap(), None, &|| false)
        .unwrap()
        .iter()
        .map(|h| h.article)
        .collect();
    v.sort_unstable();
    v
}

#[test]
fn terms_and_phrases_and_negation() {
    let (ix, _) = index();
    assert_eq!(run(&ix, "投资"), vec![0, 1]);
    assert_eq!(run(&ix, "投资 谷歌"), vec![1]);
    assert_eq!(run(&ix, "投资 -谷歌"), vec![0]);
    assert_eq!(run(&ix, "\"openai 不在\""), vec![1]);
    assert!(run(&ix, "不存在的词").is_empty());
}

#[test]
fn case_and_width_fold_both_ways() {
    let (ix, _) = index();
    assert_eq!(run(&ix, "openai"), vec![0, 1], "ＯｐｅｎＡＩ in the text");
    assert_eq!(
        run(&ix, "ＯＰＥＮＡＩ"),
        vec![0, 1],
        "full width in the query"
    );
}

#[test]
fn fields_dates_and_regex() {
    let (ix, _) = index();
    assert_eq!(run(&ix, "title:软银"), vec![0]);
    assert_eq!(run(&ix, "account:城市"), vec![2]);
    assert_eq!(run(&ix, "after:2024"), vec![0, 1]);
    assert_eq!(run(&ix, "before:2024-07-05"), vec![2]);
    assert_eq!(run(&ix, "re:二十.年"), vec![2]);
    assert_eq!(run(&ix, "-re:投资"), vec![2]);
}

#[test]
fn titles_match_by_pinyin() {
    let (ix, _) = index();
    assert_eq!(run(&ix, "ruanyin"), vec![0]);
    assert_eq!(run(&ix, "ryd"), vec![0], "initials: 软银的");
    assert_eq!(run(&ix, "ry"), vec![0, 1], "软银 and 软与 both");
    assert_eq!(run(&ix, "title:shudian"), vec![2]);
}

#[test]
fn hit_count_and_first_match_in_original_offsets() {
    let (ix, arts) = index();
    let hits = ix.search(&parse("软银").unwrap(), None, &|| false).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].count, 3, "title once, body twice");
    let hits = ix
        .search(&parse("openai").unwrap(), None, &|| false)
        .unwrap();
    let h = hits.iter().find(|h| h.article == 0).unwrap();
    let text = search_text(&arts[0]);
    assert_eq!(&text[h.first.0..h.first.1], "ＯｐｅｎＡＩ");
    let (block, at) = locate(&arts[0], h.first.0);
    assert_eq!(block, Some(0));
    assert_eq!(
        &arts[0].blocks[0].text[at..at + "ＯｐｅｎＡＩ".len()],
        "ＯｐｅｎＡＩ"
    );
}

#[test]
fn refinement_searches_only_the_given_articles() {
    let (ix, _) = index();
    let hits = ix
        .search(&parse("投资").unwrap(), Some(&[1, 2]), &|| false)
        .unwrap();
    assert_eq!(hits.iter().map(|h| h.article).collect::<Vec<_>>(), vec![1]);
}

#[test]
fn a_replaced_article_is_found_once_with_its_new_text() {
    let (mut ix, _) = index();
    ix.add(
        2,
        &art("一家书店", "城市笔记", "2023-01-01", &["改名为咖啡馆。"]),
    );
    assert!(run(&ix, "二十六年").is_empty());
    assert_eq!(run(&ix, "咖啡馆"), vec![2]);
    assert_eq!(run(&ix, "书店"), vec![2]);
}

#[test]
fn cancelled_search_stops() {
    let (ix, _) = index();
    assert!(ix.search(&parse("投资").unwrap(), None, &|| true).is_none());
}

#[test]
fn matches_never_span_two_articles() {
    let mut ix = Index::default();
    ix.add(0, &art("甲", "号", "2024-01-01", &["结尾是软"]));
    ix.add(1, &art("银开头", "号", "2024-01-01", &["x"]));
    assert!(
        run(&ix, "软银").is_empty() || run(&ix, "软银") == vec![1],
        "only the pinyin-free title"
    );
    assert!(!run(&ix, "软\n银").contains(&0));
}
