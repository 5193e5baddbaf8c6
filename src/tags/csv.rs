//! The tags CSV: `cidr,tag,comment,domain`, read line by line with each bad line said, and
//! written back safe to open in a spreadsheet.

use std::fmt;

use serde::Serialize;

use crate::limits::{MAX_FIELD_BYTES, MAX_FREE_TEXT_BYTES, MAX_TAG_RULES};
use crate::spreadsheet::{spreadsheet_safe, spreadsheet_unsafe};
use crate::text::{fill, quoted, tr, Key, Lang, Numbers};

use super::{parse_net, TagRule};

/// A line of a tags CSV that could not be read; the other lines still load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TagCsvError {
    pub line: u64,
    /// What is wrong, in English, for the CLI's JSON.
    pub reason: String,
    /// What is wrong as a code with its figures, for the words of each language.
    #[serde(skip)]
    pub problem: TagCsvProblem,
}

/// What is wrong with a line of a tags CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagCsvProblem {
    /// The CSV reader's own words (English) on why the header cannot be read.
    Header(String),
    HeaderColumns,
    /// The CSV reader's own words (English) on why the line cannot be read.
    Unreadable(String),
    TooManyRules,
    OpenQuote,
    /// What the `cidr` column holds, cut short.
    NotANetwork(String),
    EmptyTag,
    TooLong {
        field: Key,
        limit: usize,
    },
}

impl TagCsvProblem {
    /// What is wrong, in `lang`. The CSV reader's detail is English, so only the English
    /// sentence carries it.
    pub fn words(&self, lang: Lang, numbers: Numbers) -> String {
        let with_detail = |key: Key, detail: &str| match lang {
            Lang::En => format!("{}: {detail}", tr(lang, key)),
            Lang::Ja => tr(lang, key).to_string(),
        };
        match self {
            TagCsvProblem::Header(detail) => with_detail(Key::TagCsvHeader, detail),
            TagCsvProblem::HeaderColumns => tr(lang, Key::TagCsvColumns).to_string(),
            TagCsvProblem::Unreadable(detail) => with_detail(Key::TagCsvUnreadable, detail),
            TagCsvProblem::TooManyRules => fill(lang, Key::TagCsvTooManyRules, &[numbers.count(MAX_TAG_RULES)]),
            TagCsvProblem::OpenQuote => tr(lang, Key::TagCsvOpenQuote).to_string(),
            TagCsvProblem::NotANetwork(cidr) => fill(lang, Key::TagCsvNotANetwork, &[quoted(lang, cidr)]),
            TagCsvProblem::EmptyTag => tr(lang, Key::TagCsvEmptyTag).to_string(),
            TagCsvProblem::TooLong { field, limit } => {
                fill(lang, Key::TagCsvTooLong, &[tr(lang, *field).to_string(), numbers.count(*limit)])
            }
        }
    }
}

impl TagCsvError {
    fn new(line: u64, problem: TagCsvProblem) -> TagCsvError {
        TagCsvError { line, reason: problem.words(Lang::En, Numbers::Plain), problem }
    }

    /// `line N: what is wrong`, in `lang`.
    pub fn words(&self, lang: Lang, numbers: Numbers) -> String {
        fill(lang, Key::TagCsvLine, &[numbers.n(self.line), self.problem.words(lang, numbers)])
    }
}

impl fmt::Display for TagCsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words(Lang::En, Numbers::Plain))
    }
}

/// Reads a tags file: CSV with the header `cidr,tag,comment,domain`, UTF-8 with or without BOM,
/// quoted fields allowed. Columns are found by header name, so their order may differ.
pub fn parse_tags_csv(text: &str) -> (Vec<TagRule>, Vec<TagCsvError>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = ::csv::ReaderBuilder::new().flexible(true).trim(::csv::Trim::All).from_reader(text.as_bytes());
    let mut errors = Vec::new();
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_ascii_lowercase()).collect(),
        Err(e) => {
            errors.push(TagCsvError::new(1, TagCsvProblem::Header(e.to_string())));
            return (Vec::new(), errors);
        }
    };
    let column = |name: &str| headers.iter().position(|h| h == name);
    let (Some(cidr_col), Some(tag_col)) = (column("cidr"), column("tag")) else {
        errors.push(TagCsvError::new(1, TagCsvProblem::HeaderColumns));
        return (Vec::new(), errors);
    };
    let comment_col = column("comment");
    let domain_col = column("domain");
    let mut rules = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(TagCsvError::new(line, TagCsvProblem::Unreadable(e.to_string())));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if rules.len() >= MAX_TAG_RULES {
            errors.push(TagCsvError::new(line, TagCsvProblem::TooManyRules));
            break;
        }
        let get =
            |col: Option<usize>| spreadsheet_unsafe(col.and_then(|c| record.get(c)).unwrap_or("").trim()).to_string();
        let cidr = get(Some(cidr_col));
        let tag = get(Some(tag_col));
        let (comment, domain) = (get(comment_col), get(domain_col));
        if record.iter().any(|f| f.contains('\n')) && record.iter().map(str::len).sum::<usize>() > MAX_FREE_TEXT_BYTES {
            errors.push(TagCsvError::new(line, TagCsvProblem::OpenQuote));
            continue;
        }
        let Some(net) = parse_net(&cidr) else {
            errors.push(TagCsvError::new(line, TagCsvProblem::NotANetwork(clip(&cidr).to_string())));
            continue;
        };
        if tag.is_empty() {
            errors.push(TagCsvError::new(line, TagCsvProblem::EmptyTag));
            continue;
        }
        let too_long = [
            (Key::CsvFieldTag, &tag, MAX_FIELD_BYTES),
            (Key::CsvFieldDomain, &domain, MAX_FIELD_BYTES),
            (Key::CsvFieldComment, &comment, MAX_FREE_TEXT_BYTES),
        ]
        .into_iter()
        .find(|(_, value, limit)| value.len() > *limit);
        if let Some((field, _, limit)) = too_long {
            errors.push(TagCsvError::new(line, TagCsvProblem::TooLong { field, limit }));
            continue;
        }
        rules.push(TagRule { net, tag, comment, domain });
    }
    (rules, errors)
}

/// At most the first 60 characters of what a person wrote, for an error message.
pub(super) fn clip(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// Writes rules as a tags CSV (the format [`parse_tags_csv`] reads), safe to open in a
/// spreadsheet (see [`spreadsheet_safe`]).
pub fn write_tags_csv(rules: &[TagRule]) -> String {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(["cidr", "tag", "comment", "domain"]);
    for rule in rules {
        let cells = [&rule.tag, &rule.comment, &rule.domain].map(|c| spreadsheet_safe(c));
        let _ = writer.write_record([rule.net.to_string().as_str(), &cells[0], &cells[1], &cells[2]]);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}
