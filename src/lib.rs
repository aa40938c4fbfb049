//! `wxr` — a terminal reader for archives of WeChat articles.
//!
//! Layers, from the bottom up. The core never imports ratatui or crossterm: it works in byte
//! ranges and display columns and is tested directly.
//!
//! - [`model`]: articles, blocks and their stable ids.
//! - [`sanitize`]: untrusted text made safe for a terminal, once, at ingest.
//! - [`archive`]: finding files, detecting their format, parsing them into articles.
//! - [`layout`]: our own Chinese-aware line wrapper and the reading-pane document layout.
//! - [`sample`]: the sample archive embedded in the binary.
//! - [`search`]: the query language and the archive-wide index.
//! - [`store`]: read marks, reading positions and bookmarks, durable on disk.
//! - [`guard`]: a bug in work for one article becomes an error for that article.
//! - [`cli`]: the non-interactive commands (`wxr list`), printing what the core returns.
//! - [`tui`]: the terminal interface: a pure `update` plus a read-only `render`, with IO on
//!   worker threads.

pub mod archive;
pub mod cli;
pub mod config;
#[doc(hidden)]
pub mod corpus_gen;
pub mod guard;
pub mod highlight;
pub mod layout;
pub mod model;
pub mod sample;
pub mod sanitize;
pub mod search;
pub mod store;
pub mod tui;

#[cfg(test)]
mod testgen;
