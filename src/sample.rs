//! The sample archive embedded in the binary (`assets/sample/`), opened when wxr starts with
//! no path so a newcomer sees an article at once. The seed article comes first; the others
//! were written for wxr and cover every layout the parsers read.

/// `(file name, contents)` of every sample file.
pub const FILES: &[(&str, &str)] = &[
    (
        "000_eca2793260a3bb83.txt",
        include_str!("../assets/sample/000_eca2793260a3bb83.txt"),
    ),
    (
        "001_软银加码AI基础设施.md",
        include_str!("../assets/sample/001_软银加码AI基础设施.md"),
    ),
    (
        "002_一家奶茶店的账本.txt",
        include_str!("../assets/sample/002_一家奶茶店的账本.txt"),
    ),
    (
        "003_从NVIDIA财报看算力之争.md",
        include_str!("../assets/sample/003_从NVIDIA财报看算力之争.md"),
    ),
    (
        "005_三分钟看懂降准.txt",
        include_str!("../assets/sample/005_三分钟看懂降准.txt"),
    ),
    (
        "006_苹果与小米的汽车梦.md",
        include_str!("../assets/sample/006_苹果与小米的汽车梦.md"),
    ),
    (
        "007_Claude与GPT的价格战.md",
        include_str!("../assets/sample/007_Claude与GPT的价格战.md"),
    ),
    (
        "008_老城区的最后一家书店.txt",
        include_str!("../assets/sample/008_老城区的最后一家书店.txt"),
    ),
    (
        "009_如何读一份年报.md",
        include_str!("../assets/sample/009_如何读一份年报.md"),
    ),
    (
        "20250420我在深圳做跨境电商的第三年.md",
        include_str!("../assets/sample/20250420我在深圳做跨境电商的第三年.md"),
    ),
];

/// The article a newcomer should see first: the seed.
pub const FIRST: &str = "sample:/000_eca2793260a3bb83.txt";

#[cfg(test)]
mod tests {
    #[test]
    fn every_file_in_assets_sample_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let embedded: Vec<&str> = super::FILES.iter().map(|(n, _)| *n).collect();
        assert_eq!(on_disk, embedded);
    }

    #[test]
    fn sample_loads_without_problems() {
        let (articles, problems, _) = crate::archive::load_all(&crate::archive::Source::Sample);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(articles.len(), super::FILES.len());
        assert!(
            articles
                .iter()
                .all(|a| !a.title.is_empty() && !a.blocks.is_empty())
        );
    }
}
