//! The user's configuration: `config.toml` in `$WXR_CONFIG_DIR`, else the platform's config
//! folder (via `directories`). Defaults live in code; the file overrides key by key; an
//! unknown key or a bad value is reported with the file and line, and the defaults stay.

use serde::Deserialize;
use std::path::PathBuf;

/// When opening an article marks it read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MarkPolicy {
    /// When it is opened (Enter, or Tab into the reader): what newsboat and mail readers do,
    /// and predictable. Merely moving the selection past it (the preview) does not mark it.
    #[default]
    Open,
    /// When the reader reaches its end.
    End,
    /// Only by `m` / `M`.
    Never,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub mark_read: MarkPolicy,
}

pub fn config_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("WXR_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    directories::ProjectDirs::from("", "", "wxr").map(|p| p.config_dir().to_path_buf())
}

/// What is wrong in a config file: the line, and what.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct ConfigError {
    pub line: Option<usize>,
    pub message: String,
}

impl Config {
    /// The configuration, and a warning when the file exists but could not be used.
    pub fn load() -> (Config, Option<String>) {
        let Some(path) = config_dir().map(|d| d.join("config.toml")) else {
            return (Config::default(), None);
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Config::default(), None),
            Err(e) => return (Config::default(), Some(format!("{}: {e}", path.display()))),
        };
        match Config::parse(&text) {
            Ok(c) => (c, None),
            Err(e) => (
                Config::default(),
                Some(format!("{}: {e}; using the defaults", path.display())),
            ),
        }
    }

    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError {
            line: e
                .span()
                .map(|s| text[..s.start.min(text.len())].lines().count().max(1)),
            message: e.message().to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_reports_bad_lines() {
        assert_eq!(Config::parse("").unwrap(), Config::default());
        assert_eq!(
            Config::parse("mark_read = \"end\"\n").unwrap().mark_read,
            MarkPolicy::End
        );
        let e = Config::parse("# c\nmark_read = \"sometimes\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("line 2:"), "{e}");
        assert!(
            Config::parse("colour = 1")
                .unwrap_err()
                .to_string()
                .contains("unknown field")
        );
    }

    #[test]
    fn shipped_example_config_parses() {
        let text = include_str!("../assets/config.example.toml");
        assert_eq!(Config::parse(text).unwrap(), Config::default());
    }
}
