//! Cause and fix of each failure pattern, in English and Japanese, from the text table
//! (`crate::text`), so the CLI and the app show the same words.

use serde::{Deserialize, Serialize};

use crate::text::{both, pattern_keys};

pub use crate::text::Text;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatternAdvice {
    pub pattern: u8,
    pub title: Text,
    pub cause: Text,
    pub fix: Text,
}

/// The advice for patterns 1 to 4, from the text table.
pub fn pattern_advice() -> Vec<PatternAdvice> {
    (1..=4u8)
        .filter_map(|pattern| {
            let (title, cause, fix) = pattern_keys(pattern)?;
            let none: &[&str] = &[];
            Some(PatternAdvice { pattern, title: both(title, none), cause: both(cause, none), fix: both(fix, none) })
        })
        .collect()
}
