//! How good a DMARC pass rate is, in one place: the overview's cards take their colour from it.
//! A domain whose mail passes 65 % of the time is in trouble, and a green card said otherwise.

use serde::{Deserialize, Serialize};

/// A pass rate at or above this, in percent, is good: what policy readiness asks of known
/// senders by default (`AlertRules::readiness_tagged_pass_percent`).
pub const RATING_GOOD_PERCENT: f64 = 98.0;
/// At or above this and below [`RATING_GOOD_PERCENT`]: worth a look. Below it: bad.
pub const RATING_WARN_PERCENT: f64 = 90.0;

/// The verdict on a pass rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    Good,
    Warn,
    Bad,
}

impl Rating {
    /// The word the page's classes use: `good`, `warn`, `bad`.
    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Good => "good",
            Rating::Warn => "warn",
            Rating::Bad => "bad",
        }
    }
}

/// The rating of `passing` messages out of `messages`; `None` without mail (nothing to rate).
pub fn rating(passing: u64, messages: u64) -> Option<Rating> {
    if messages == 0 {
        return None;
    }
    // passing × 100 ≥ percent × messages: no division, so no 97.99 % is rounded up to good.
    let at_least = |percent: f64| passing as f64 * 100.0 >= percent * messages as f64;
    Some(if at_least(RATING_GOOD_PERCENT) {
        Rating::Good
    } else if at_least(RATING_WARN_PERCENT) {
        Rating::Warn
    } else {
        Rating::Bad
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_split_good_warn_and_bad() {
        let check = |passing: u64, messages: u64, expected: Option<Rating>| {
            assert_eq!(rating(passing, messages), expected, "{passing} of {messages}");
        };
        check(0, 0, None);
        check(100, 100, Some(Rating::Good));
        check(98, 100, Some(Rating::Good));
        check(9_799, 10_000, Some(Rating::Warn));
        check(90, 100, Some(Rating::Warn));
        check(89, 100, Some(Rating::Bad));
        check(65, 100, Some(Rating::Bad));
        check(0, 5, Some(Rating::Bad));
        check(u64::MAX, u64::MAX, Some(Rating::Good));
    }
}
