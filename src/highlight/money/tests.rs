use super::*;

fn one(text: &str) -> (String, &'static str, u64, u64, Qualifier) {
    let v = detect_money(text);
    assert_eq!(v.len(), 1, "{text}: {v:?}");
    let m = &v[0];
    (
        text[m.range.clone()].to_string(),
        m.currency,
        m.low,
        m.high,
        m.qualifier,
    )
}

fn none(text: &str) {
    let v = detect_money(text);
    assert!(v.is_empty(), "{text}: {v:?}");
}

#[test]
fn arabic_amounts_with_magnitudes_and_currencies() {
    assert_eq!(
        one("损失200亿美元融资"),
        (
            "200亿美元".into(),
            "USD",
            20_000_000_000,
            20_000_000_000,
            Qualifier::Exact
        )
    );
    assert_eq!(
        one("合计601,293.11元。"),
        (
            "601,293.11元".into(),
            "CNY",
            601_293,
            601_293,
            Qualifier::Exact
        )
    );
    assert_eq!(
        one("融资1.2万元"),
        ("1.2万元".into(), "CNY", 12_000, 12_000, Qualifier::Exact)
    );
    assert_eq!(
        one("3千万亿日元的债务"),
        (
            "3千万亿日元".into(),
            "JPY",
            3_000_000_000_000_000,
            3_000_000_000_000_000,
            Qualifier::Exact
        )
    );
    assert_eq!(
        one("人民币3亿元"),
        (
            "人民币3亿元".into(),
            "CNY",
            300_000_000,
            300_000_000,
            Qualifier::Exact
        )
    );
    assert_eq!(
        one("3亿元人民币"),
        (
            "3亿元人民币".into(),
            "CNY",
            300_000_000,
            300_000_000,
            Qualifier::Exact
        )
    );
}

#[test]
fn english_forms() {
    assert_eq!(
        one("raised $13 billion"),
        (
            "$13 billion".into(),
            "USD",
            13_000_000_000,
            13_000_000_000,
            Qualifier::Exact
        )
    );
    assert_eq!(
        one("paid USD 5m"),
        (
            "USD 5m".into(),
            "USD",
            5_000_000,
            5_000_000,
            Qualifier::Exact
        )
    );
    assert_eq!(
        one("only $75.1k"),
        ("$75.1k".into(), "USD", 75_100, 75_100, Qualifier::Exact)
    );
    assert_eq!(
        one("$1.5 billion deal"),
        (
            "$1.5 billion".into(),
            "USD",
            1_500_000_000,
            1_500_000_000,
            Qualifier::Exact
        )
    );
    assert_eq!(
        one("售价￥199"),
        ("￥199".into(), "CNY", 199, 199, Qualifier::Exact)
    );
}

#[test]
fn chinese_and_financial_numerals() {
    assert_eq!(
        one("共计壹仟玖佰圆整"),
        ("壹仟玖佰圆整".into(), "CNY", 1900, 1900, Qualifier::Exact)
    );
    assert_eq!(
        one("三万港元"),
        ("三万港元".into(), "HKD", 30_000, 30_000, Qualifier::Exact)
    );
    assert_eq!(
        one("一千二百万美元"),
        (
            "一千二百万美元".into(),
            "USD",
            12_000_000,
            12_000_000,
            Qualifier::Exact
        )
    );
}

#[test]
fn approximations_are_ranges() {
    assert_eq!(
        one("价值数十亿美元的协议"),
        (
            "数十亿美元".into(),
            "USD",
            1_000_000_000,
            9_000_000_000,
            Qualifier::Approx
        )
    );
    assert_eq!(
        one("几十万块"),
        (
            "几十万块".into(),
            "CNY",
            100_000,
            900_000,
            Qualifier::Approx
        )
    );
    assert_eq!(
        one("3000多欧元"),
        ("3000多欧元".into(), "EUR", 3000, 3999, Qualifier::Approx)
    );
    assert_eq!(
        one("八九亿元"),
        (
            "八九亿元".into(),
            "CNY",
            800_000_000,
            900_000_000,
            Qualifier::Approx
        )
    );
    let (s, cur, lo, _, q) = one("上百亿元");
    assert_eq!(
        (s.as_str(), cur, lo, q),
        ("上百亿元", "CNY", 10_000_000_000, Qualifier::Approx)
    );
}

#[test]
fn ranges() {
    assert_eq!(
        one("月薪1万-5万元"),
        ("1万-5万元".into(), "CNY", 10_000, 50_000, Qualifier::Range)
    );
    assert_eq!(
        one("两到三万港元"),
        (
            "两到三万港元".into(),
            "HKD",
            20_000,
            30_000,
            Qualifier::Range
        )
    );
}

#[test]
fn qualifier_words_set_the_qualifier_outside_the_span() {
    assert_eq!(
        one("约200亿美元"),
        (
            "200亿美元".into(),
            "USD",
            20_000_000_000,
            20_000_000_000,
            Qualifier::Approx
        )
    );
    assert_eq!(
        one("超过10亿元"),
        (
            "10亿元".into(),
            "CNY",
            1_000_000_000,
            1_000_000_000,
            Qualifier::AtLeast
        )
    );
    assert_eq!(
        one("不到5000元"),
        ("5000元".into(), "CNY", 5000, 5000, Qualifier::AtMost)
    );
    assert_eq!(
        one("100万元以上"),
        (
            "100万元".into(),
            "CNY",
            1_000_000,
            1_000_000,
            Qualifier::AtLeast
        )
    );
    assert_eq!(
        one("近千亿元"),
        (
            "千亿元".into(),
            "CNY",
            100_000_000_000,
            100_000_000_000,
            Qualifier::Approx
        )
    );
}

#[test]
fn traps_are_rejected() {
    none("2019年，微软向OpenAI投资");
    none("增长了10%");
    none("拥有10亿用户");
    none("一位亿万富翁");
    none("出海赚美元");
    none("1月15日元宵节");
    none("一元二次方程");
    none("广州三元里");
    none("两韩元首会晤");
}

#[test]
fn several_in_one_text_and_never_panics_on_odd_input() {
    let v = detect_money("OpenAI以30亿美元收购，第二阶段300亿美元，缩水至200亿美元。");
    let got: Vec<u64> = v.iter().map(|m| m.low).collect();
    assert_eq!(got, vec![3_000_000_000, 30_000_000_000, 20_000_000_000]);
    for s in [
        "$",
        "元",
        "数",
        "上百",
        "1,",
        "1.",
        "万亿美元",
        "两到",
        "-5元",
        "９９９元",
    ] {
        let _ = detect_money(s);
    }
    assert_eq!(one("９９９元").2, 999);
}

proptest::proptest! {
    #[test]
    fn never_panics_and_spans_are_char_boundaries(s in "[0-9０-９,.一二两三十百千万亿数几上多余元美欧日港块钱$￥约超过以上到\\-~a-z 年月日%]{0,30}") {
        for m in detect_money(&s) {
            proptest::prop_assert!(s.is_char_boundary(m.range.start) && s.is_char_boundary(m.range.end));
            proptest::prop_assert!(m.low <= m.high);
            proptest::prop_assert!(!m.range.is_empty());
        }
    }

    #[test]
    fn never_panics_on_any_text(s in proptest::prelude::any::<String>()) {
        let _ = detect_money(&s);
    }
}

/// Issue 11: `零一万物` (01.AI) and `第零一期` made the adjacent-digits range (`八九亿`) divide
/// by zero, and the reader died at start-up on any article naming the company.
#[test]
fn regression_lingyi_wanwu_divided_by_zero() {
    none("零一万物发布了新模型");
    none("〇一万物");
    none("第零一期节目");
    assert_eq!(one("零一万物融资10亿元").2, 1_000_000_000);
    // A digit pair from 1 up is still a range.
    assert_eq!(one("一二万元").3, 20_000);
}

#[test]
fn values_are_exact_not_floats() {
    assert_eq!(
        one("0.29亿元").2,
        29_000_000,
        "a float would floor this to 28,999,999"
    );
    assert_eq!(one("$0.1 billion").2, 100_000_000);
    assert_eq!(one("1.15万美元").2, 11_500);
}

#[test]
fn every_currency_prefix_can_start_an_amount() {
    for (w, _) in PREFIXES {
        assert!(could_start(w.chars().next().unwrap()), "{w}");
    }
}

#[test]
fn the_start_table_agrees_with_the_rule() {
    for cp in 0..0x1_0000u32 {
        if let Some(c) = char::from_u32(cp) {
            assert_eq!(starts_fast(c), could_start(c), "{c:?}");
        }
    }
}
