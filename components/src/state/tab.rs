//! The tabs of the app: which screen is in view. The URL's `view` names it.

use crate::i18n::Key;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Overview,
    Patterns,
    Tags,
    Spoofing,
    Policy,
    Senders,
    Files,
}

impl Tab {
    /// Every tab, in the order of the tab bar.
    pub const ALL: [Tab; 7] =
        [Tab::Overview, Tab::Patterns, Tab::Tags, Tab::Spoofing, Tab::Policy, Tab::Senders, Tab::Files];

    /// Its name in the URL, in ids and in `data-testid`s.
    pub fn name(self) -> &'static str {
        match self {
            Tab::Overview => "overview",
            Tab::Patterns => "patterns",
            Tab::Tags => "tags",
            Tab::Spoofing => "spoofing",
            Tab::Policy => "policy",
            Tab::Senders => "senders",
            Tab::Files => "files",
        }
    }

    pub fn key(self) -> Key {
        match self {
            Tab::Overview => Key::TabOverview,
            Tab::Patterns => Key::TabPatterns,
            Tab::Tags => Key::TabTags,
            Tab::Spoofing => Key::TabSpoofing,
            Tab::Policy => Key::TabPolicy,
            Tab::Senders => Key::TabSenders,
            Tab::Files => Key::TabFiles,
        }
    }

    /// Whether a page opened from a share link has it: the analyses, read-only.
    pub fn shared(self) -> bool {
        matches!(self, Tab::Overview | Tab::Patterns | Tab::Tags | Tab::Spoofing | Tab::Policy)
    }

    /// The tab a URL names, among those the page has; the overview otherwise.
    pub fn from_name(name: &str, read_only: bool) -> Tab {
        Tab::ALL.into_iter().find(|t| t.name() == name && (!read_only || t.shared())).unwrap_or(Tab::Overview)
    }

    /// The tabs a page shows.
    pub fn shown(read_only: bool) -> impl Iterator<Item = Tab> {
        Tab::ALL.into_iter().filter(move |t| !read_only || t.shared())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_shared_pages_keep_to_the_analyses() {
        for tab in Tab::ALL {
            assert_eq!(Tab::from_name(tab.name(), false), tab);
        }
        assert_eq!(Tab::from_name("files", true), Tab::Overview);
        assert_eq!(Tab::from_name("spoofing", true), Tab::Spoofing);
        assert_eq!(Tab::from_name("nonsense", false), Tab::Overview);
        assert_eq!(Tab::shown(true).count(), 5);
        assert_eq!(Tab::shown(false).count(), 7);
    }
}
