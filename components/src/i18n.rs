//! The app's words: the engine's one table (`dmarc_lens::text`, where every key of the app lives
//! beside the engine's own), the language in force, and numbers, percents and dates as the cards
//! write them.
//!
//! Views never hold text literals: they call [`tr`] or [`fill`] with a [`Key`]. The table's tests
//! (in the engine) fail when a key lacks a language, fills other placeholders in the other, or is
//! named by no code of `src/` or `components/src`.

use dmarc_lens::ledger::ErrorKind;
use leptos::prelude::*;

/// The languages, the keys and their words are the engine's one table (`dmarc_lens::text`).
pub use dmarc_lens::text::{fill, tr, Key, Lang};

/// The language in force, shared through context.
#[derive(Clone, Copy)]
pub struct LangCtx(pub RwSignal<Lang>);

/// The plain-words explanation of a share link failure (`ShareError` kinds and the worker's own).
pub fn share_error_key(kind: &str) -> Key {
    match kind {
        "wrong_passphrase" => Key::ShareErrWrongPassphrase,
        "unknown_version" => Key::ShareErrNewer,
        "too_big" => Key::ShareErrTooBig,
        "does_not_fit" => Key::ShareErrDoesNotFit,
        "crypto" => Key::ShareErrCrypto,
        _ => Key::ShareErrDamaged,
    }
}

/// The plain-words explanation of an engine error category; the engine's own sentence, with the
/// file, entry and position, is shown beside it.
pub fn error_key(kind: Option<ErrorKind>) -> Key {
    let Some(kind) = kind else { return Key::ErrOther };
    match kind {
        ErrorKind::Empty => Key::ErrEmpty,
        ErrorKind::NotAReport => Key::ErrNotAReport,
        ErrorKind::MalformedXml => Key::ErrMalformed,
        ErrorKind::Truncated => Key::ErrTruncated,
        ErrorKind::BadGzip | ErrorKind::BadZip | ErrorKind::BadZlib => Key::ErrBadArchive,
        ErrorKind::TooLarge => Key::ErrTooLarge,
        ErrorKind::TooDeep => Key::ErrTooDeep,
        ErrorKind::TooManyEntries => Key::ErrTooManyEntries,
        ErrorKind::EntitiesRefused => Key::ErrEntities,
        ErrorKind::IncompleteReport => Key::ErrIncomplete,
        ErrorKind::ParserStopped => Key::ErrParserStopped,
        ErrorKind::Unreadable | ErrorKind::NotSent => Key::ErrOther,
    }
}

/// Formats an integer with thousands separators (both languages use commas).
pub fn number(n: u64) -> String {
    dmarc_lens::text::group_digits(n)
}

/// `n` in the words for it (`{0}` in the text), singular or plural (Japanese has one form, with
/// its counter: "30日分", "2件の重複").
pub fn count(lang: Lang, n: u64, one: Key, many: Key) -> String {
    fill(lang, if n == 1 { one } else { many }, &[number(n)])
}

/// A value with its label, in the order each language puts them: "98.2% pass rate" /
/// "合格率 98.2%".
pub fn labelled(lang: Lang, value: &str, label: Key) -> String {
    fill(lang, Key::Labelled, &[value, tr(lang, label)])
}

/// How many things of a kind: "3 not loaded" / "読み込み失敗 3件".
pub fn kind_count(lang: Lang, n: u64, kind: Key) -> String {
    fill(lang, Key::KindCount, &[number(n).as_str(), tr(lang, kind)])
}

/// "Showing the first 500 of 2,346", in the order each language says it.
pub fn showing(lang: Lang, shown: u64, total: u64) -> String {
    fill(lang, Key::ShowingFirst, &[number(shown), number(total)])
}

/// "Showing 1–100 of 2,347 (matching)": the rows on a page of a long table, counted from 1, and
/// how many rows paging reaches.
pub fn rows_range(lang: Lang, offset: usize, shown: usize, matching: usize, searched: bool) -> String {
    let (first, last, all) = (number(offset as u64 + 1), number((offset + shown) as u64), number(matching as u64));
    fill(lang, if searched { Key::RowsRangeMatching } else { Key::RowsRange }, &[first, last, all])
}

/// A sentence about one file, its name where the language puts it (`{0}` in the text).
pub fn about_file(lang: Lang, key: Key, file: &str) -> String {
    fill(lang, key, &[file])
}

/// `part / whole` as a percentage with one decimal, or a dash when `whole` is zero.
pub fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "—".to_string()
    } else {
        format!("{:.1}%", part as f64 * 100.0 / whole as f64)
    }
}

/// A UTC date of an epoch second, written the way the language writes dates.
pub fn date(lang: Lang, epoch: Option<i64>) -> String {
    match epoch {
        None => "—".to_string(),
        Some(e) => {
            let iso = dmarc_lens::dates::utc_date(e);
            match lang {
                Lang::En => iso,
                Lang::Ja => iso.replace('-', "/"),
            }
        }
    }
}

/// Picks the language's half of an engine text.
pub fn text(lang: Lang, t: &dmarc_lens::analyze::Text) -> String {
    match lang {
        Lang::En => t.en.clone(),
        Lang::Ja => t.ja.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(count(Lang::En, 1, Key::RecordWord, Key::RecordsWord), "1 record");
        assert_eq!(count(Lang::En, 2_000, Key::RecordWord, Key::RecordsWord), "2,000 records");
        assert_eq!(count(Lang::Ja, 1, Key::MessageWord, Key::MessagesWord), "1通");
        assert_eq!(count(Lang::Ja, 30, Key::DayCovered, Key::DaysCovered), "30日分のレポート");
        assert_eq!(count(Lang::Ja, 2, Key::DuplicateReportOne, Key::DuplicateReports), "2件の重複を除外");
    }

    #[test]
    fn labels_go_where_each_language_puts_them() {
        assert_eq!(labelled(Lang::En, "98.2%", Key::TaggedPassRate), "98.2% pass rate of known senders");
        assert_eq!(labelled(Lang::Ja, "98.2%", Key::TaggedPassRate), "登録済み送信元の合格率 98.2%");
        assert_eq!(kind_count(Lang::En, 3, Key::StatusError), "3 not loaded");
        assert_eq!(kind_count(Lang::Ja, 1_200, Key::StatusError), "読み込み失敗 1,200件");
    }

    #[test]
    fn expanders_say_what_they_expand() {
        assert_eq!(count(Lang::En, 22, Key::ShowMoreAlert, Key::ShowMoreAlerts), "Show 22 more alerts");
        assert_eq!(count(Lang::En, 1, Key::ShowMoreAlert, Key::ShowMoreAlerts), "Show 1 more alert");
        assert_eq!(count(Lang::En, 1_500, Key::ShowMoreDomain, Key::ShowMoreDomains), "Show 1,500 more domains");
        assert_eq!(count(Lang::Ja, 22, Key::ShowMoreAlert, Key::ShowMoreAlerts), "残り22件のアラートを表示");
    }

    #[test]
    fn showing_reads_in_each_language() {
        assert_eq!(showing(Lang::En, 500, 2_346), "Showing the first 500 of 2,346.");
        assert_eq!(showing(Lang::Ja, 500, 2_346), "全2,346件のうち上位500件を表示しています。");
    }

    #[test]
    fn ranges_count_from_one_in_each_language() {
        assert_eq!(rows_range(Lang::En, 0, 100, 2_347, false), "Showing 1–100 of 2,347");
        assert_eq!(rows_range(Lang::En, 2_300, 47, 2_347, true), "Showing 2,301–2,347 of 2,347 matching");
        assert_eq!(rows_range(Lang::Ja, 100, 100, 2_347, false), "全2,347件中 101–200件を表示");
        assert_eq!(rows_range(Lang::Ja, 0, 3, 3, true), "一致する3件中 1–3件を表示");
    }

    #[test]
    fn file_sentences_name_the_file_in_each_language() {
        assert!(about_file(Lang::En, Key::ParserStopped, "a.xml").starts_with("a.xml: loading this file stopped"));
        assert!(about_file(Lang::Ja, Key::ParserStopped, "a.xml").starts_with("「a.xml」の読み込み中に"));
    }

    #[test]
    fn numbers_get_separators() {
        assert_eq!(number(0), "0");
        assert_eq!(number(999), "999");
        assert_eq!(number(1000), "1,000");
        assert_eq!(number(1234567), "1,234,567");
    }
}
