//! `wxr list`: the non-interactive listing, run as the real binary.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::path::Path;
use std::process::Command;

fn wxr(args: &[&str]) -> (i32, String, String) {
    // The user's own config folder must not change what the tests see.
    let none = Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-config");
    wxr_with_config(args, &none)
}

fn wxr_with_config(args: &[&str], config: &Path) -> (i32, String, String) {
    // Nor the user's cache folder (commands keep library stores there): a fresh one, so
    // every run reads the folder as a first one does.
    let cache = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_wxr"))
        .args(args)
        .env("WXR_CONFIG_DIR", config)
        .env("WXR_CACHE_DIR", cache.path())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn fixtures() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/archive")
        .display()
        .to_string()
}

#[test]
fn list_json_has_every_article_with_its_fields() {
    let (code, out, err) = wxr(&["list", "--json", &fixtures()]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 19);
    let md = arr
        .iter()
        .find(|a| {
            a["source"]
                .as_str()
                .unwrap()
                .ends_with("20240705独立站的第一笔订单.md")
        })
        .unwrap();
    assert_eq!(md["title"], "独立站的第一笔订单");
    assert_eq!(md["account"], "出海手记");
    assert_eq!(md["date"], "2024-07-05");
    assert_eq!(md["format"], "markdown");
    assert!(md["blocks"].as_u64().unwrap() >= 4);
    assert_eq!(md["id"].as_str().unwrap().len(), 16);
    assert_eq!(
        md["url"],
        "https://mp.weixin.qq.com/s?__biz=MzFixture04==&mid=2650000401&idx=1&sn=cc"
    );
    assert_eq!(md["status"]["state"], "ok");
    let sources: Vec<&str> = md["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(sources.len(), 2);
    assert!(sources[1].ends_with("出海手记.csv"), "{sources:?}");
    let big5 = arr
        .iter()
        .find(|a| a["title"] == "臺灣的半導體產業")
        .unwrap();
    assert_eq!(big5["encoding"], "Big5");
    assert_eq!(big5["format"], "txt");
    let gone = arr.iter().find(|a| a["title"] == "违规").unwrap();
    assert_eq!(gone["status"]["reason"], "此内容因违规无法查看");
    // Problems go to stderr with path and reason, not into the listing.
    assert!(err.contains("binary.txt: binary file"), "{err}");
    assert!(err.contains("notes.docx: unknown format (.docx)"), "{err}");
    assert!(
        err.contains("city_notes.jsonl: bad JSON at line 3, column 11"),
        "{err}"
    );
    assert!(
        err.ends_with("wxr: 19 articles from 24 files, 3 duplicate files merged, 3 files of other formats skipped, 4 problems\n"),
        "{err}"
    );
}

#[test]
fn list_lines_are_tab_separated() {
    let (code, out, _) = wxr(&["list", &fixtures()]);
    assert_eq!(code, 0);
    let first: Vec<&str> = out.lines().next().unwrap().split('\t').collect();
    assert_eq!(first.len(), 5);
    assert_eq!(first[1], "今天把公司注销了");
    assert_eq!(first[2], "神光的编程笔记");
    assert_eq!(first[3], "2025-10-16 07:30");
}

#[test]
fn list_without_paths_lists_the_sample() {
    let (code, out, err) = wxr(&["list"]);
    assert_eq!(code, 0);
    assert_eq!(err, "wxr: 10 articles from 10 files\n");
    assert!(out.lines().count() >= 9);
    assert!(out.contains("OpenAI祭出“核选项”,微软陷反垄断危机!六年AI联盟面临解体?"));
}

#[test]
fn nothing_openable_exits_1_with_the_reason() {
    let (code, out, err) = wxr(&["list", "/no/such/folder"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        err.starts_with("wxr: /no/such/folder: no such file or folder\n"),
        "{err}"
    );
    // One good path among bad ones is still success.
    let (code, _, err) = wxr(&["list", "/no/such/folder", &fixtures()]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn tui_refuses_a_path_that_cannot_be_opened_before_touching_the_terminal() {
    let (code, _, err) = wxr(&["/no/such/folder"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("/no/such/folder: no such file or folder"),
        "{err}"
    );
}

#[test]
fn search_json_over_a_folder() {
    let (code, out, err) = wxr(&["search", "软银 -deleted", &fixtures(), "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let arr = v.as_array().unwrap();
    assert!(!arr.is_empty());
    let first = &arr[0];
    assert_eq!(first["title"], "软银的四百亿美元从哪里来");
    assert!(first["hits"].as_u64().unwrap() >= 3);
    let snippet = first["snippet"].as_str().unwrap();
    let [s, e] = [
        first["matched"][0].as_u64().unwrap() as usize,
        first["matched"][1].as_u64().unwrap() as usize,
    ];
    let matched: String = snippet.chars().skip(s).take(e - s).collect();
    assert_eq!(matched, "软银");
    assert!(
        err.contains("article matches") || err.contains("articles match"),
        "{err}"
    );
}

#[test]
fn search_text_marks_the_match_and_folds_width_and_case() {
    let (code, out, _) = wxr(&["search", "ＴＩＫＴＯＫ shop", &fixtures()]);
    assert_eq!(code, 0);
    assert!(out.contains("出海周报第12期"), "{out}");
    assert!(
        out.contains("【Shop】"),
        "the first match, in Shopee: {out}"
    );
}

#[test]
fn search_errors_and_no_match() {
    let (code, _, err) = wxr(&["search", "re:(", &fixtures()]);
    assert_eq!(code, 2);
    assert!(err.starts_with("wxr: re:(:"), "{err}");
    let (code, out, _) = wxr(&["search", "不可能出现的词组合", &fixtures()]);
    assert_eq!(code, 1, "exit 1 when nothing matches, like grep");
    assert!(out.is_empty());
}

#[test]
fn search_titles_by_pinyin() {
    let (code, out, _) = wxr(&["search", "title:ruanyin", &fixtures()]);
    assert_eq!(code, 0);
    assert!(out.contains("软银的四百亿美元从哪里来"), "{out}");
}

#[test]
fn entities_of_the_sample_with_values_and_companies() {
    let (code, out, err) = wxr(&["entities", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let seed = v
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("OpenAI祭出"))
        .unwrap();
    let m = &seed["money"][0];
    assert_eq!(m["text"], "200亿美元");
    assert_eq!(m["currency"], "USD");
    // Exact decimals, as strings (a JSON number would be read as a float).
    assert_eq!(m["low"], "20000000000");
    assert_eq!(m["qualifier"], "exact");
    let names: Vec<&str> = seed["companies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["company"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"微软") && names.contains(&"软银") && names.contains(&"甲骨文"),
        "{names:?}"
    );
    assert!(!names.contains(&"ChatGPT"));
}

#[test]
fn entities_by_company_lists_the_articles_that_mention_it() {
    let (code, out, _) = wxr(&["entities", "--company", "Microsoft"]);
    assert_eq!(code, 0);
    assert!(out.contains("29 mentions\tOpenAI祭出"), "{out}");
    let (code, out, _) = wxr(&["entities", "--company", "没有这家公司"]);
    assert_eq!((code, out.as_str()), (1, ""));
}

#[test]
fn the_user_s_companies_are_found_and_bad_lines_reported_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("companies.tsv");
    std::fs::write(
        &file,
        "# my companies\n星辰大海科技\tStarsea Tech\t星辰大海\n-微软\n坏的一行\t\t\t\tshiny\n",
    )
    .unwrap();
    let arts = dir.path().join("arts");
    std::fs::create_dir(&arts).unwrap();
    std::fs::write(
        arts.join("a.md"),
        "# 星辰大海的新融资\n\n星辰大海科技与微软、谷歌合作，Starsea Tech 拿到了1亿元。\n",
    )
    .unwrap();
    let (code, out, err) =
        wxr_with_config(&["entities", "--json", arts.to_str().unwrap()], dir.path());
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let names: Vec<&str> = v[0]["companies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["company"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["星辰大海科技", "星辰大海科技", "谷歌", "星辰大海科技"],
        "excluded 微软 is gone: {out}"
    );
    let want = format!("{}:4: unknown flag \"shiny\"", file.display());
    assert!(err.contains(&want), "{err}");
    // `company:` searches know the user's companies, and say what was wrong with the file.
    let (code, out, err) = wxr_with_config(
        &["search", "company:星辰大海", arts.to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("星辰大海的新融资"), "{out}");
    assert!(err.contains(&want), "{err}");
}

/// A company the dictionary does not know is one company in `wxr entities` (its full name,
/// short names and trade names grouped under the form written most) and in `company:`
/// searches, which find every article naming it by any of those forms.
#[test]
fn a_company_missing_from_the_dictionary_is_found_by_any_of_its_names() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "# 园区保洁换人\n\n北京明远环境服务有限公司中标后，明远公司又拿下两个园区，明远的员工说明远环境扩张很快。\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.md"),
        "# 另一篇\n\n去年明远公司的老板很少露面。\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("c.md"),
        "# 无关\n\n家政公司和一人公司不是名字。\n",
    )
    .unwrap();
    let d = dir.path().to_str().unwrap();
    let (code, out, err) = wxr(&["entities", "--json", d]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let first = v
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "园区保洁换人")
        .unwrap();
    let names: Vec<&str> = first["companies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["company"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 4, "{out}");
    assert!(
        names.iter().all(|n| *n == names[0]),
        "one company: {names:?}"
    );
    let (code, out, err) = wxr(&["search", "company:明远公司", d]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("4 hits\t园区保洁换人"), "{out}");
    assert!(out.contains("另一篇"), "{out}");
    assert!(!out.contains("无关"), "{out}");
}

/// Commands on a folder keep its library store: the second search answers the same from
/// it, an edited file is seen, `wxr list` answers from the same store, and `--no-store`
/// neither uses nor makes one.
#[test]
fn commands_keep_a_library_store_of_each_folder() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let none = Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-config");
    let run = |args: &[&str], cache_dir: &Path| {
        let out = Command::new(env!("CARGO_BIN_EXE_wxr"))
            .args(args)
            .env("WXR_CONFIG_DIR", &none)
            .env("WXR_CACHE_DIR", cache_dir)
            .output()
            .unwrap();
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    // Written an hour ago: files modified in the last seconds are read, not kept.
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&p)
            .unwrap()
            .set_modified(hour_ago)
            .unwrap();
    };
    write(
        "a.md",
        "# 甲文\n\n原创 作者 账号甲 2024-01-02\n\n讲的是软银，还是软银。\n",
    );
    write(
        "b.md",
        "# 乙文\n\n原创 作者 账号乙 2024-01-03\n\n讲的是华为。\n",
    );
    // Files changed in the last 2 seconds are read, not kept: these are given time to settle.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let d = dir.path().to_str().unwrap();
    let (first, err) = run(&["search", "软银", d], cache.path());
    assert!(first.contains("2 hits\t甲文"), "{first}");
    assert!(err.contains("made the library store"), "{err}");
    let made: Vec<_> = std::fs::read_dir(cache.path().join("library"))
        .unwrap()
        .collect();
    assert_eq!(made.len(), 1);
    let (second, err) = run(&["search", "软银", d], cache.path());
    assert_eq!(second, first);
    assert!(!err.contains("made the library store"), "{err}");
    assert!(
        err.contains("1 article matches (2 of 2 files answered from the library store)"),
        "{err}"
    );
    let (listed, err) = run(&["list", d], cache.path());
    assert_eq!(listed.lines().count(), 2, "{listed}");
    assert!(err.contains("(2 from the library store)"), "{err}");
    // What the store answers is what reading every file gives, to the byte.
    let (json, _) = run(&["list", "--json", d], cache.path());
    let (json_fresh, _) = run(&["list", "--json", "--no-store", d], cache.path());
    assert_eq!(json, json_fresh);
    let (ents, _) = run(&["entities", "--json", d], cache.path());
    let (ents_fresh, _) = run(&["entities", "--json", "--no-store", d], cache.path());
    assert_eq!(ents, ents_fresh);

    write(
        "b.md",
        "# 乙文\n\n原创 作者 账号乙 2024-01-03\n\n讲的是软银。\n",
    );
    let (third, err) = run(&["search", "软银", d], cache.path());
    assert!(third.contains("乙文"), "{third}");
    assert!(err.contains("(1 of 2 files answered"), "{err}");

    let elsewhere = tempfile::tempdir().unwrap();
    let (uncached, _) = run(&["search", "--no-store", "软银", d], elsewhere.path());
    assert_eq!(uncached, third);
    assert!(!elsewhere.path().join("library").exists());
}
