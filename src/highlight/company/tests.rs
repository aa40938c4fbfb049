use super::*;

fn names(text: &str) -> Vec<String> {
    let d = Dictionary::builtin();
    d.detect(text)
        .iter()
        .map(|m| d.companies[m.company].canonical.clone())
        .collect()
}

#[test]
fn the_seed_s_companies() {
    assert_eq!(names("OpenAI与微软联盟"), vec!["OpenAI", "微软"]);
    assert_eq!(
        names("根据与软银达成的协议，与软银和甲骨文合作筹建星际之门"),
        vec!["软银", "软银", "甲骨文"]
    );
    assert_eq!(names("与云服务提供商CoreWeave签署"), vec!["CoreWeave"]);
    assert_eq!(names("由DeepMind联合创始人"), vec!["DeepMind"]);
}

#[test]
fn longest_match_and_word_boundaries() {
    assert_eq!(names("腾讯控股发布财报"), vec!["腾讯"]);
    assert!(
        names("ARMY and ibmx").is_empty(),
        "{:?}",
        names("ARMY and ibmx")
    );
    assert_eq!(names("MICROSOFT and Google"), vec!["微软", "谷歌"]);
    // All lowercase is a word, a path or code: `meta` tags, `amd64`, `apple` pie.
    assert!(names("the meta tag, microsoft.com and amd").is_empty());
    assert_eq!(names("Meta and AMD"), vec!["Meta", "超威半导体"]);
}

#[test]
fn a_mixed_case_name_in_capitals_needs_evidence() {
    // A nickname (a real archive calls a person AUDI), or a shout.
    assert!(names("AUDI说这个站一个月就回本了").is_empty());
    assert_eq!(names("AUDI公司发布新车"), vec!["奥迪"]);
    assert_eq!(names("Audi发布新车"), vec!["奥迪"]);
    // Written in capitals in the dictionary: as sure as ever.
    assert_eq!(names("IBM发布新芯片"), vec!["IBM"]);
    // Next to a sure company, it is one too.
    assert_eq!(names("MICROSOFT and Google"), vec!["微软", "谷歌"]);
}

#[test]
fn ambiguous_names_need_evidence() {
    assert!(names("我买了一斤苹果").is_empty());
    assert_eq!(names("苹果公司发布新品"), vec!["苹果"]);
    assert_eq!(names("苹果股价大涨"), vec!["苹果"]);
    assert!(names("小米粥很好喝").is_empty());
    assert_eq!(names("小米SU7发布"), vec!["小米"]);
    assert!(names("登上长城").is_empty());
}

#[test]
fn products_and_public_bodies_are_not_companies() {
    assert!(names("ChatGPT和Azure").is_empty());
    assert!(names("美国联邦贸易委员会").is_empty());
    assert!(names("打开微信").is_empty());
    assert_eq!(names("微软的Azure云平台"), vec!["微软"]);
}

#[test]
fn suffix_rule_finds_unknown_companies() {
    let found = |t: &'static str| -> Vec<&'static str> {
        by_suffix(t).into_iter().map(|r| &t[r]).collect()
    };
    assert_eq!(
        found("深圳市腾云科技股份有限公司宣布，由新希望集团投资。"),
        vec!["深圳市腾云科技股份有限公司", "新希望集团"]
    );
    assert_eq!(found("母公司金诚集团"), vec!["金诚集团"]);
    assert_eq!(
        found("包给北京市五连环投资有限公司"),
        vec!["北京市五连环投资有限公司"]
    );
    assert_eq!(
        found("地出租方北京金都园林有限责任公司"),
        vec!["北京金都园林有限责任公司"]
    );
    assert_eq!(
        found("浙江巨化集团和欧亚集团"),
        vec!["浙江巨化集团", "欧亚集团"]
    );
    for t in [
        "号称某某集团",
        "所谓实业集团",
        "动了很多利益集团",
        "某个亲戚私人控股",
        "个人有限责任公司",
        "人蛇集团",
        "深圳市某某科技股份有限公司",
    ] {
        assert!(found(t).is_empty(), "{t}: {:?}", found(t));
    }
}

#[test]
fn question_marked_names_need_evidence_the_company_s_other_names_do_not() {
    assert!(names("理想很丰满，现实很骨感").is_empty());
    assert_eq!(names("理想汽车交付了新车"), vec!["理想汽车"]);
    assert_eq!(names("理想的股价大涨"), vec!["理想汽车"]);
    assert!(names("这个字节数不对").is_empty());
    assert_eq!(names("字节跳动和腾讯"), vec!["字节跳动", "腾讯"]);
    assert!(names("Hit the Target.").is_empty());
    assert_eq!(names("塔吉特"), vec!["塔吉特"]);
    assert!(names("完美的设计").is_empty(), "{:?}", names("完美的设计"));
    assert!(names("有道理的说法").is_empty());
    assert!(names("物美价廉的商品").is_empty());
    assert!(names("美国伊利诺伊州").is_empty());
    // The longest name straddles words; a shorter one from the same start does not.
    assert_eq!(names("京东方面表示"), vec!["京东"]);
    assert_eq!(names("京东方的面板"), vec!["京东方"]);
    assert!(names("这其中投放软文").is_empty());
}

#[test]
fn the_dictionary_is_large_and_clean() {
    let d = Dictionary::builtin();
    let companies = d.companies.iter().filter(|c| !c.not_a_company).count();
    assert!(companies >= 1500, "{companies} companies");
    // No name is claimed by two companies (the second would silently lose it).
    let mut owners: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
    for line in BUILTIN
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let e = parse_line(line).unwrap();
        let mut mine = std::collections::HashSet::new();
        for (n, _) in &e.names {
            let k = n.to_lowercase();
            if n.chars().count() < 2 || !mine.insert(k.clone()) {
                continue;
            }
            if let Some(other) = owners.insert(k, line.split('\t').next().unwrap()) {
                panic!("{n:?} belongs to {other:?} and to {line:?}");
            }
        }
    }
    for (query, want) in [
        ("Microsoft", "微软"),
        ("软银集团", "软银"),
        ("英伟达", "英伟达"),
        ("宁德时代", "宁德时代"),
        ("Toyota", "丰田"),
        ("三菱日联", "三菱日联"),
        ("中国移动", "中国移动"),
        ("Anthropic", "Anthropic"),
        ("摩根大通", "摩根大通"),
        ("沙特阿美", "沙特阿美"),
    ] {
        assert_eq!(names(query), vec![want], "{query}");
    }
}

#[test]
fn user_additions_come_first_and_exclusions_remove_names() {
    let user = "# mine\n小红花科技\tLittle Flower\t小红花\n-腾讯\n坏行\tX\t\t\tweird\n甲\n-\n空格公司    Spaces Inc\nSolo Name\n";
    let (d, problems) = Dictionary::with_additions(user);
    let found = |t: &str| -> Vec<String> {
        d.detect(t)
            .iter()
            .map(|m| d.companies[m.company].canonical.clone())
            .collect()
    };
    assert_eq!(
        found("小红花与Little Flower"),
        vec!["小红花科技", "小红花科技"]
    );
    assert!(found("腾讯发布财报").is_empty(), "excluded");
    assert_eq!(
        found("阿里巴巴发布财报"),
        vec!["阿里巴巴"],
        "built-ins kept"
    );
    assert_eq!(problems.len(), 4, "{problems:?}");
    assert!(problems[3].starts_with("line 7: columns must be separated by tabs"));
    assert_eq!(
        found("we met Solo Name today"),
        vec!["Solo Name"],
        "one column is fine"
    );
    assert!(
        problems[0].starts_with("line 4: unknown flag"),
        "{problems:?}"
    );
    assert!(
        problems[1].starts_with("line 5: the name \"甲\""),
        "{problems:?}"
    );
    assert!(problems[2].starts_with("line 6:"), "{problems:?}");
}

#[test]
fn bad_dictionary_lines_are_reported() {
    assert!(
        Dictionary::parse("\t\tx")
            .unwrap_err()
            .to_string()
            .starts_with("line 1")
    );
    assert!(
        Dictionary::parse("甲\tA\t\t\tweird")
            .unwrap_err()
            .to_string()
            .contains("unknown flag")
    );
}
