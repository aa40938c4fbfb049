//! Writes a generated archive of Markdown files, for trying wxr at scale and for comparing
//! `wxr search` with `rg` on the same folder:
//!
//! ```sh
//! cargo run --release --example gen_corpus -- /tmp/wxr-corpus 20000
//! ```

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "wxr-corpus".into()));
    let n: usize = args.next().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    for i in 0..n {
        let a = wxr::corpus_gen::article(7, i, 5_000);
        // A hundred articles a folder, as exporters make one folder per account.
        let sub = dir.join(format!("账号{:03}", i / 100));
        std::fs::create_dir_all(&sub)?;
        std::fs::write(
            sub.join(format!("{i:06}.md")),
            wxr::corpus_gen::markdown(&a),
        )?;
    }
    eprintln!("wrote {n} articles to {}", dir.display());
    Ok(())
}
