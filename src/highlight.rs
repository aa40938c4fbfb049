//! Entities in article text: money amounts (and, later, company names), as byte ranges with
//! normalized values. Must not import ratatui or crossterm.

pub mod company;
pub mod money;

pub use money::{Money, Qualifier, detect_money};
