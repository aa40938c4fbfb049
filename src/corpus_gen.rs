//! A generated archive for benchmarks and scale tests: Chinese prose built from a fixed
//! vocabulary, with English words, numbers, money amounts and company names, the same for
//! the same seed. Not used by the reader itself.

use crate::model::{Article, Block, Format};

const WORDS: &[&str] = &[
    "我们",
    "今天",
    "市场",
    "公司",
    "发展",
    "技术",
    "用户",
    "产品",
    "增长",
    "投资",
    "数据",
    "平台",
    "行业",
    "研究",
    "问题",
    "时候",
    "已经",
    "因为",
    "所以",
    "但是",
    "如果",
    "可以",
    "没有",
    "一个",
    "这个",
    "他们",
    "认为",
    "表示",
    "继续",
    "计划",
    "宣布",
    "合作",
    "竞争",
    "价格",
    "成本",
    "利润",
    "收入",
    "资本",
    "风险",
    "政策",
    "监管",
    "全球",
    "中国",
    "美国",
    "日本",
    "欧洲",
    "城市",
    "工厂",
    "工程师",
    "创业",
    "团队",
    "模型",
    "算力",
    "芯片",
    "电池",
    "汽车",
    "手机",
    "电商",
    "物流",
    "广告",
    "内容",
    "流量",
    "搜索",
    "社区",
    "读者",
    "作者",
    "文章",
    "故事",
    "经验",
    "方法",
    "变化",
    "未来",
    "的",
    "了",
    "在",
    "是",
    "和",
    "也",
    "都",
    "就",
    "还",
    "又",
    "把",
    "被",
    "让",
    "对",
    "从",
    "向",
];
const LATIN: &[&str] = &[
    "AI", "OpenAI", "GPU", "SEO", "Shopify", "TikTok", "iPhone", "SaaS", "API", "Google",
];
const COMPANIES: &[&str] = &[
    "微软",
    "软银",
    "腾讯",
    "阿里巴巴",
    "英伟达",
    "台积电",
    "小米",
    "比亚迪",
];
const PUNCT: &[&str] = &["，", "，", "，", "。", "、", "；", "：", "？", "！"];

/// A small deterministic generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[self.below(v.len())]
    }
}

/// One paragraph of about `chars` characters.
fn paragraph(r: &mut Rng, chars: usize) -> String {
    let mut s = String::from("　　");
    let mut n = 0;
    while n < chars {
        // Latin words and amounts are common, a given company rare (in ~10% of articles).
        let w = match r.below(2000) {
            0 => r.pick(COMPANIES).to_string(),
            1..=40 => r.pick(LATIN).to_string(),
            41..=80 => format!("{}亿美元", 1 + r.below(500)),
            81..=100 => format!("{}%", r.below(100)),
            _ => r.pick(WORDS).to_string(),
        };
        n += w.chars().count();
        s.push_str(&w);
        if r.below(7) == 0 {
            s.push_str(r.pick(PUNCT));
            n += 1;
        }
    }
    s.push('。');
    s
}

/// Article `i` of the generated archive: about `bytes` of text.
pub fn article(seed: u64, i: usize, bytes: usize) -> Article {
    let mut r = Rng::new(seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let title = format!(
        "{}{}{}：第{i}篇",
        r.pick(COMPANIES),
        r.pick(WORDS),
        r.pick(WORDS)
    );
    let mut blocks = Vec::new();
    let mut size = 0;
    while size < bytes {
        let len = 60 + r.below(200);
        let p = paragraph(&mut r, len);
        size += p.len();
        blocks.push(Block::paragraph(p));
    }
    let mut a = Article {
        title,
        account: Some(format!("账号{}", i % 500)),
        date: Some(format!(
            "20{:02}-{:02}-{:02}",
            15 + i % 10,
            1 + i % 12,
            1 + i % 28
        )),
        source: format!("gen/{i}.md").into(),
        format: Format::Markdown,
        blocks,
        ..Article::default()
    };
    a.assign_id();
    a
}

/// The article as a Markdown file, for folder benchmarks.
pub fn markdown(a: &Article) -> String {
    let mut s = format!(
        "# {}\n\n原创 作者 {} {} 北京\n\n",
        a.title,
        a.account.as_deref().unwrap_or(""),
        a.date.as_deref().unwrap_or("")
    );
    for b in &a.blocks {
        s.push_str(&b.text);
        s.push_str("\n\n");
    }
    s
}
