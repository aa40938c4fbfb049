//! The sample archive embedded in the binary (`assets/sample/`), opened when wxr starts with
//! no path so a newcomer sees an article at once. The seed article comes first.

/// `(file name, contents)` of every sample file.
pub const FILES: &[(&str, &str)] = &[
    ("000_eca2793260a3bb83.txt", include_str!("../assets/sample/000_eca2793260a3bb83.txt")),
];
