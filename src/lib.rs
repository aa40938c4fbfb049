//! `wxr` — a terminal reader for archives of WeChat articles.
//!
//! Layers, from the bottom up. The core never imports ratatui or crossterm: it works in byte
//! ranges and display columns and is tested directly.
//!
//! - [`model`]: articles, blocks and their stable ids.
//! - [`text`]: the bottom layer: the sanitizer ([`sanitize`]: untrusted text made safe for a
//!   terminal, once, at ingest), display widths, truncation, line-breaking rules.
//! - [`archive`]: finding files, detecting their format, parsing them into articles.
//! - [`layout`]: our own Chinese-aware line wrapper and the reading-pane document layout.
//! - [`sample`]: the sample archive embedded in the binary.
//! - [`search`]: the query language and the archive-wide index.
//! - [`store`]: read marks, reading positions and bookmarks, durable on disk.
//! - [`guard`]: a bug in work for one article becomes an error for that article.
//! - [`companies`]: the company dictionary of this process (built-in plus the user's file),
//!   read by the reader and the commands and handed to the detector.
//! - [`cli`]: the non-interactive commands (`wxr list`), printing what the core returns.
//! - [`tui`]: the terminal interface: a pure `update` plus a read-only `render`, with IO on
//!   worker threads.

pub mod archive;
pub mod cli;
pub mod companies;
pub mod config;
#[doc(hidden)]
pub mod corpus_gen;
pub mod guard;
pub mod highlight;
pub mod keys;
pub mod lang;
pub mod layout;
pub mod model;
pub mod sample;
pub use text::sanitize;
pub mod search;
pub mod store;
pub mod text;
pub mod tui;

#[cfg(test)]
mod testgen;
