//! Following a link: the address goes to `$BROWSER` or the system's opener, or onto the
//! terminal's clipboard (OSC 52). wxr itself never connects anywhere.
//!
//! `$BROWSER` is read as the convention has it: commands separated by `:`, the first used;
//! `%s` in it stands for the address, else the address is its last argument. It is run
//! without a shell, so an address cannot run anything. A terminal browser (`w3m`) would
//! share the screen with wxr: set `BROWSER` to a graphical one or to a script.

use std::io::Write;
use std::process::{Command, Stdio};

/// The command that opens `url`: program and arguments.
pub fn command(url: &str, browser: Option<&str>) -> Vec<String> {
    // A path that starts with `-` must not read as an option.
    let url = if url.starts_with('-') {
        format!("./{url}")
    } else {
        url.to_string()
    };
    if let Some(b) = browser.and_then(|b| b.split(':').find(|c| !c.trim().is_empty())) {
        let mut words: Vec<String> = b.split_whitespace().map(str::to_string).collect();
        if words.iter().any(|w| w.contains("%s")) {
            for w in &mut words {
                *w = w.replace("%s", &url);
            }
        } else {
            words.push(url);
        }
        return words;
    }
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    vec![opener.to_string(), url]
}

/// Starts the opener for `url`, detached (its output would garble the screen); it is
/// reaped by a thread of its own. An error says what could not be started.
pub fn open(url: &str) -> Result<(), String> {
    let browser = std::env::var("BROWSER")
        .ok()
        .filter(|b| !b.trim().is_empty());
    let argv = command(url, browser.as_deref());
    let mut child = Command::new(&argv[0])
        .args(&argv[1..])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", argv[0]))?;
    let _ = std::thread::Builder::new()
        .name("opener".into())
        .spawn(move || child.wait());
    Ok(())
}

/// The OSC 52 sequence that puts `text` on the clipboard.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", base64(text.as_bytes()))
}

/// Writes the OSC 52 sequence for `text` to the terminal.
pub fn copy(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout();
    out.write_all(osc52(text).as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| format!("cannot copy: {e}"))
}

fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for c in data.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_variable_as_the_convention_has_it() {
        let u = "https://mp.weixin.qq.com/s?a=1&b=2";
        assert_eq!(command(u, Some("firefox")), vec!["firefox", u]);
        assert_eq!(
            command(u, Some("firefox --new-tab %s:chromium")),
            vec!["firefox", "--new-tab", u]
        );
        assert_eq!(command(u, Some(":lynx")), vec!["lynx", u]);
        assert_eq!(command("-rf", Some("x")), vec!["x", "./-rf"]);
        assert_eq!(command(u, None)[1], u);
    }

    #[test]
    fn osc52_is_base64() {
        assert_eq!(base64(b"hello"), "aGVsbG8=");
        assert_eq!(base64(b"hi"), "aGk=");
        assert_eq!(base64(b"abc"), "YWJj");
        assert_eq!(osc52("微"), "\x1b]52;c;5b6u\x07");
    }
}
