use super::*;

fn one(text: &str) -> (String, &'static str, String, String, Qualifier) {
    let v = detect_money(text);
    assert_eq!(v.len(), 1, "{text}: {v:?}");
    let m = &v[0];
    (
        text[m.range.clone()].to_string(),
        m.currency,
        m.low.to_string(),
        m.high.to_string(),
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
            "20000000000".into(),
            "20000000000".into(),
            Qualifier::Exact
        )
    );
    assert_eq!(
        one("合计601,293.11元。"),
        (
            "601,293.11元".into(),
            "CNY",
            "601293.11".into(),
            "601293.11".into(),
            Qualifier::Exact
        )
    );
    assert_eq!(
        one("融资1.2万元"),
        (
            "1.2万元".into(),
            "CNY",
            "12000".into(),
            "12000".into(),
            Qualifier::Exact
        )
    );
    assert_eq!(
        one("3千万亿日元的债务"),
        (
            "3千万亿日元".into(),
            "JPY",
            "3000000000000000".into(),
            "3000000000000000".into(),
            Qualifier::Exact
        )
    );
    assert_eq!(
        one("人民币3亿元"),
        (
            "人民币3亿元".into(),
            "CNY",
            "300000000".into(),
            "300000000".into(),
            Qualifier::Exact
        )
    );
    assert_eq!(
        one("3亿元人民币"),
        (
            "3亿元人民币".into(),
            "CNY",
            "300000000".into(),
            "300000000".into(),
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
            "13000000000".into(),
            "13000000000".into(),
            Qualifier::Exact
        )
    );
    assert_eq!(
        one("paid USD 5m"),
        (
            "USD 5m".into(),
            "USD",
            "5000000".into(),
            "5000000".into(),
            Qualifier::Exact
        )
    );
    assert_eq!(
        one("only $75.1k"),
        (
            "$75.1k".into(),
            "USD",
            "75100".into(),
            "75100".into(),
            Qualifier::Exact
        )
    );
    assert_eq!(
        one("$1.5 billion deal"),
        (
            "$1.5 billion".into(),
            "USD",
            "1500000000".into(),
            "1500000000".into(),
            Qualifier::Exact
        )
    );
    assert_eq!(
        one("售价￥199"),
        (
            "￥199".into(),
            "CNY",
            "199".into(),
            "199".into(),
            Qualifier::Exact
        )
    );
}

#[test]
fn chinese_and_financial_numerals() {
    assert_eq!(
        one("共计壹仟玖佰圆整"),
        (
            "壹仟玖佰圆整".into(),
            "CNY",
            "1900".into(),
            "1900".into(),
            Qualifier::Exact
        )
    );
    assert_eq!(
        one("三万港元"),
        (
            "三万港元".into(),
            "HKD",
            "30000".into(),
            "30000".into(),
            Qualifier::Exact
        )
    );
    assert_eq!(
        one("一千二百万美元"),
        (
            "一千二百万美元".into(),
            "USD",
            "12000000".into(),
            "12000000".into(),
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
            "1000000000".into(),
            "9000000000".into(),
            Qualifier::Approx
        )
    );
    assert_eq!(
        one("几十万块"),
        (
            "几十万块".into(),
            "CNY",
            "100000".into(),
            "900000".into(),
            Qualifier::Approx
        )
    );
    assert_eq!(
        one("3000多欧元"),
        (
            "3000多欧元".into(),
            "EUR",
            "3000".into(),
            "3999".into(),
            Qualifier::Approx
        )
    );
    assert_eq!(
        one("八九亿元"),
        (
            "八九亿元".into(),
            "CNY",
            "800000000".into(),
            "900000000".into(),
            Qualifier::Approx
        )
    );
    let (s, cur, lo, _, q) = one("上百亿元");
    assert_eq!(
        (s.as_str(), cur, lo, q),
        ("上百亿元", "CNY", "10000000000".into(), Qualifier::Approx)
    );
}

#[test]
fn ranges() {
    assert_eq!(
        one("月薪1万-5万元"),
        (
            "1万-5万元".into(),
            "CNY",
            "10000".into(),
            "50000".into(),
            Qualifier::Range
        )
    );
    assert_eq!(
        one("两到三万港元"),
        (
            "两到三万港元".into(),
            "HKD",
            "20000".into(),
            "30000".into(),
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
            "20000000000".into(),
            "20000000000".into(),
            Qualifier::Approx
        )
    );
    assert_eq!(
        one("超过10亿元"),
        (
            "10亿元".into(),
            "CNY",
            "1000000000".into(),
            "1000000000".into(),
            Qualifier::AtLeast
        )
    );
    assert_eq!(
        one("不到5000元"),
        (
            "5000元".into(),
            "CNY",
            "5000".into(),
            "5000".into(),
            Qualifier::AtMost
        )
    );
    assert_eq!(
        one("100万元以上"),
        (
            "100万元".into(),
            "CNY",
            "1000000".into(),
            "1000000".into(),
            Qualifier::AtLeast
        )
    );
    assert_eq!(
        one("近千亿元"),
        (
            "千亿元".into(),
            "CNY",
            "100000000000".into(),
            "100000000000".into(),
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
    let got: Vec<String> = v.iter().map(|m| m.low.to_string()).collect();
    assert_eq!(got, ["3000000000", "30000000000", "20000000000"]);
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
    assert_eq!(one("９９９元").2, "999");
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
    assert_eq!(one("零一万物融资10亿元").2, "1000000000");
    // A digit pair from 1 up is still a range.
    assert_eq!(one("一二万元").3, "20000");
}

#[test]
fn values_are_exact_not_floats() {
    assert_eq!(
        one("0.29亿元").2,
        "29000000",
        "a float would floor this to 28,999,999"
    );
    assert_eq!(one("$0.1 billion").2, "100000000");
    assert_eq!(one("1.15万美元").2, "11500");
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

/// `(span, currency, low, high)` of the one amount in `text`, values as exact decimals.
fn val(text: &str) -> (String, &'static str, String, String) {
    let (s, cur, lo, hi, _) = one(text);
    (s, cur, lo, hi)
}

fn is(text: &str, span: &str, cur: &str, lo: &str, hi: &str) {
    assert_eq!(
        val(text),
        (
            span.to_string(),
            cur_static(cur),
            lo.to_string(),
            hi.to_string()
        ),
        "{text}"
    );
}

fn cur_static(c: &str) -> &'static str {
    SUFFIXES
        .iter()
        .map(|s| s.iso)
        .chain(PREFIXES.iter().map(|p| p.1))
        .find(|iso| *iso == c)
        .unwrap()
}

/// Issue 14: a trailing magnitude and currency belong to both ends of a range.
#[test]
fn ranges_lend_the_trailing_magnitude_to_the_first_number() {
    is(
        "二十至三十万元",
        "二十至三十万元",
        "CNY",
        "200000",
        "300000",
    );
    is(
        "二十至三十万日元",
        "二十至三十万日元",
        "JPY",
        "200000",
        "300000",
    );
    is("三到五千美元", "三到五千美元", "USD", "3000", "5000");
    is(
        "五到八千万元",
        "五到八千万元",
        "CNY",
        "50000000",
        "80000000",
    );
    is("月薪15~20k元", "15~20k元", "CNY", "15000", "20000");
    is(
        "八到九百亿元",
        "八到九百亿元",
        "CNY",
        "80000000000",
        "90000000000",
    );
    is(
        "一百到一百五十万元",
        "一百到一百五十万元",
        "CNY",
        "1000000",
        "1500000",
    );
    is("3-50万元", "3-50万元", "CNY", "30000", "500000");
    is("1000-5万元", "1000-5万元", "CNY", "1000", "50000");
    is("10-20元", "10-20元", "CNY", "10", "20");
    is("三千到五千元", "三千到五千元", "CNY", "3000", "5000");
    is(
        "380亿美元到420亿美元",
        "380亿美元到420亿美元",
        "USD",
        "38000000000",
        "42000000000",
    );
    is("$5-$10", "$5-$10", "USD", "5", "10");
    assert_eq!(one("两到三万港元").4, Qualifier::Range);
}

#[test]
fn approximate_pairs_are_ranges() {
    is("三五百块", "三五百块", "CNY", "300", "500");
    is("四五千元", "四五千元", "CNY", "4000", "5000");
    is("七八十块钱", "七八十块钱", "CNY", "70", "80");
    is("二十几块钱", "二十几块钱", "CNY", "21", "29");
    is("十几万元", "十几万元", "CNY", "110000", "190000");
    is("三千多万元", "三千多万元", "CNY", "30000000", "39990000");
    assert_eq!(one("二十几块钱").4, Qualifier::Approx);
}

#[test]
fn decimals_are_exact() {
    is("售价9.99美元", "9.99美元", "USD", "9.99", "9.99");
    is("合计1234.56元", "1234.56元", "CNY", "1234.56", "1234.56");
    is(
        "$1.5 billion",
        "$1.5 billion",
        "USD",
        "1500000000",
        "1500000000",
    );
    is(
        "1.2345678亿元",
        "1.2345678亿元",
        "CNY",
        "123456780",
        "123456780",
    );
}

#[test]
fn spaces_inside_amounts() {
    is(
        "获得 300 万美元融资",
        "300 万美元",
        "USD",
        "3000000",
        "3000000",
    );
    is("只要 8 元", "8 元", "CNY", "8", "8");
    is(
        "港币 12.5 亿元",
        "港币 12.5 亿元",
        "HKD",
        "1250000000",
        "1250000000",
    );
    is("2 万-3 万元", "2 万-3 万元", "CNY", "20000", "30000");
    is("2 万 - 3 万元", "2 万 - 3 万元", "CNY", "20000", "30000");
    is("USD 5m", "USD 5m", "USD", "5000000", "5000000");
}

#[test]
fn sub_units_add_to_the_value() {
    is("45元5角", "45元5角", "CNY", "45.5", "45.5");
    is("三块五毛", "三块五毛", "CNY", "3.5", "3.5");
    is("只要三块五。", "三块五", "CNY", "3.5", "3.5");
    is("一元八角六分钱", "一元八角六分钱", "CNY", "1.86", "1.86");
    is("才 3 厘钱", "3 厘钱", "CNY", "0.003", "0.003");
    is("5毛钱", "5毛钱", "CNY", "0.5", "0.5");
    is("五分钱", "五分钱", "CNY", "0.05", "0.05");
}

#[test]
fn traditional_and_colloquial_forms() {
    is("伍仟萬圓整", "伍仟萬圓整", "CNY", "50000000", "50000000");
    none("三个亿");
    is("三个亿元", "三个亿元", "CNY", "300000000", "300000000");
    is("一万五千元", "一万五千元", "CNY", "15000", "15000");
    is("月薪一万五", "一万五", "CNY", "15000", "15000");
    is("花了一块钱", "一块钱", "CNY", "1", "1");
    is("一元钱", "一元钱", "CNY", "1", "1");
}

#[test]
fn dash_ranges_and_salaries() {
    is("1万--2万元", "1万--2万元", "CNY", "10000", "20000");
    is("1万——2万元", "1万——2万元", "CNY", "10000", "20000");
    is("月薪15k~20k", "15k~20k", "CNY", "15000", "20000");
    is("年薪50w", "50w", "CNY", "500000", "500000");
    is("薪资：15K-20K", "15K-20K", "CNY", "15000", "20000");
    none("招聘15k~20k人");
}

#[test]
fn more_traps() {
    none("买了3块蛋糕");
    none("我们一块去吧");
    none("3元素");
    none("两三个人");
    none("第零一期");
    none("二〇二四年");
    none("5W充电");
    none("小米SU7定价");
    none("五角大楼");
    none("三毛的书");
}
