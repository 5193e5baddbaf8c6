//! The one table of words the product speaks, in English and Japanese: the engine's sentences
//! and every word of the app's screens (`table.rs`).
//!
//! Each [`Key`] has both languages, checked by a test, and its placeholders `{0}`, `{1}`, ...
//! appear in both; another test fails when no code names a key. The engine says what happened as
//! codes with their figures (a file's `Note`, a `TagCsvError`, a `ShareError`, an alert's `Fired`)
//! and words them from here in either language; the CLI's JSON carries the English with plain
//! numbers ([`Numbers::Plain`]), the app either language with numbers as its cards write them
//! ([`Numbers::Grouped`], "1,234"). Nothing else in the engine holds prose.

mod sender_types;

pub use sender_types::{sender_type_key, sender_type_words};

/// A language the product speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Ja,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ja];

    /// The BCP 47 code: `en`, `ja`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// The language of a code such as `ja-JP` or `en-US`.
    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.to_ascii_lowercase();
        if code.starts_with("ja") {
            Some(Lang::Ja)
        } else if code.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Ja,
            Lang::Ja => Lang::En,
        }
    }
}

macro_rules! keys {
    ($($key:ident => $en:literal, $ja:literal;)+) => {
        /// A text of the table.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Key { $($key,)+ }

        impl Key {
            /// Every key, in table order.
            pub const ALL: &'static [Key] = &[$(Key::$key,)+];

            /// The key's name, as written in the table.
            pub fn name(self) -> &'static str {
                match self { $(Key::$key => stringify!($key),)+ }
            }
        }

        /// The text of `key` in `lang`, placeholders unfilled.
        pub fn tr(lang: Lang, key: Key) -> &'static str {
            match (key, lang) {
                $((Key::$key, Lang::En) => $en, (Key::$key, Lang::Ja) => $ja,)+
            }
        }
    };
}

/// `key` in `lang` with `{0}`, `{1}`, ... replaced by `args` in order of their numbers.
pub fn fill<S: AsRef<str>>(lang: Lang, key: Key, args: &[S]) -> String {
    let template = tr(lang, key);
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').and_then(|close| Some((after[..close].parse::<usize>().ok()?, close))) {
            Some((index, close)) => {
                out.push_str(args.get(index).map_or("", AsRef::as_ref));
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// How numbers are written into a sentence: plain digits for the CLI's JSON (its sentences stay
/// as they were), grouped in threes as the app's cards write them ("1,234").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbers {
    Plain,
    Grouped,
}

impl Numbers {
    /// `n` written this way.
    pub fn n(self, n: impl Into<u64>) -> String {
        match self {
            Numbers::Plain => n.into().to_string(),
            Numbers::Grouped => group_digits(n.into()),
        }
    }

    /// A `usize` count written this way.
    pub fn count(self, n: usize) -> String {
        self.n(n as u64)
    }
}

/// `value` quoted as `lang` quotes what came from outside: `"a\tb"` (Rust's escaping, as the
/// CLI always wrote it) or 「a\tb」; control characters are escaped either way.
pub fn quoted(lang: Lang, value: &str) -> String {
    match lang {
        Lang::En => format!("{value:?}"),
        Lang::Ja => format!("「{}」", value.escape_debug()),
    }
}

/// Both languages of `key`, filled: for the texts the CLI's JSON carries.
pub fn both<S: AsRef<str>>(key: Key, args: &[S]) -> Text {
    Text::new(fill(Lang::En, key, args), fill(Lang::Ja, key, args))
}

mod table;

pub use table::{tr, Key};

/// The title, cause and fix of failure pattern `pattern` (1 to 4).
pub fn pattern_keys(pattern: u8) -> Option<(Key, Key, Key)> {
    Some(match pattern {
        1 => (Key::Pattern1Title, Key::Pattern1Cause, Key::Pattern1Fix),
        2 => (Key::Pattern2Title, Key::Pattern2Cause, Key::Pattern2Fix),
        3 => (Key::Pattern3Title, Key::Pattern3Cause, Key::Pattern3Fix),
        4 => (Key::Pattern4Title, Key::Pattern4Cause, Key::Pattern4Fix),
        _ => return None,
    })
}

#[cfg(test)]
mod tests;

/// A text in both languages the product speaks.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Text {
    pub en: String,
    pub ja: String,
}

impl Text {
    pub fn new(en: String, ja: String) -> Text {
        Text { en, ja }
    }
}

/// `n` with commas between thousands (as both languages of the app write numbers).
pub fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
