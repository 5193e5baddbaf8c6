//! Loads input files into the [`Store`] and says, for each file, what became of it.
//!
//! Every input file gets one [`FileResult`]: `ok` with the reports it yielded, `duplicate` when
//! every report in it was loaded before, or `error` with one sentence naming the file (and the
//! archive entry) and what is wrong. A file that fails never touches the store, so it cannot
//! spoil what is already loaded.
//!
//! One file: every outcome of a file (ok, duplicate, replaced, error) and the notes each carries
//! are made here, so the CLI's JSON and the app cannot word a file's result differently.

use serde::Serialize;

use crate::decode::{self, DecodeError};
use crate::limits::Limits;
use crate::parse::{self, ParseError};
use crate::store::{Added, Store};
use crate::text::{fill, quoted, Key, Lang, Numbers};

pub use crate::file_error::ErrorKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    Ok,
    Duplicate,
    Error,
}

impl FileStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FileStatus::Ok => "ok",
            FileStatus::Duplicate => "duplicate",
            FileStatus::Error => "error",
        }
    }
}

/// What one input file yielded. Serialised as the `files` entries of the CLI's JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileResult {
    pub file: String,
    pub status: FileStatus,
    pub reports: Vec<ReportSummary>,
    pub skipped_records: u64,
    /// For `error`: one sentence naming the file and what is wrong.
    pub error: Option<String>,
    /// For `error`: a stable category (`empty`, `not a report`, `malformed xml`, `truncated`,
    /// `bad gzip`, `bad zip`, `too large`, `entity declarations refused`, ...).
    pub error_kind: Option<ErrorKind>,
    /// Repairs made and parts left out (skipped records, a bad entry beside good ones).
    pub warnings: Vec<String>,
    /// Reports of earlier files this file's better copies replaced: see [`note_replaced`].
    #[serde(skip)]
    pub replaced: Vec<Replaced>,
    /// `error` as a code with its figures, for the words of each language ([`Note::words`]).
    #[serde(skip)]
    pub error_note: Option<Note>,
    /// `warnings` as codes with their figures, one for one.
    #[serde(skip)]
    pub notes: Vec<Note>,
}

impl FileResult {
    /// A file that did not load, for `why` (its sentence names the file).
    pub fn failed(file: &str, kind: ErrorKind, why: Note) -> FileResult {
        FileResult {
            file: file.to_string(),
            status: FileStatus::Error,
            reports: Vec::new(),
            skipped_records: 0,
            error: Some(why.words(Lang::En, Numbers::Plain)),
            error_kind: Some(kind),
            warnings: Vec::new(),
            replaced: Vec::new(),
            error_note: Some(why),
            notes: Vec::new(),
        }
    }

    /// Adds a warning: its code, and its English sentence for the CLI's JSON.
    fn warn(&mut self, note: Note) {
        self.warnings.push(note.words(Lang::En, Numbers::Plain));
        self.notes.push(note);
    }
}

/// One sentence about a file, as a code with its figures: [`Note::words`] says it in a language,
/// and the English with plain numbers is what the CLI's JSON carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    /// A layer or document of the file that could not be read, at `place` (`file › entry`).
    Load {
        place: String,
        error: LoadError,
    },
    Repaired {
        place: String,
        warning: parse::Warning,
    },
    Skipped {
        place: String,
        record: parse::SkippedRecord,
    },
    /// A duplicate with fewer records than the copy loaded before from `from`.
    ShorterCopy {
        place: String,
        report_id: String,
        records: usize,
        kept: usize,
        from: String,
    },
    /// A better copy than the one loaded before from `previous_file`.
    ReplacesCopy {
        place: String,
        report_id: String,
        previous_file: String,
        previous_records: u32,
        records: usize,
    },
    /// A report of this file whose copy lost to the one in `newer`.
    ReplacedBy {
        place: String,
        report_id: String,
        newer: String,
    },
    /// Warnings past [`MAX_WARNINGS`], not kept.
    More(usize),
    /// In the app: reading the file stopped the parsing worker.
    SetAside {
        file: String,
    },
    /// In the app: the browser would not read the file.
    BrowserUnreadable {
        file: String,
    },
    /// In the app: the file's result could not be passed from the worker to the page; `detail`
    /// is the browser's own words.
    NotSent {
        file: String,
        detail: String,
    },
    /// In the CLI: the file could not be read; `detail` is the system's own words.
    Unreadable {
        file: String,
        detail: String,
    },
}

impl Note {
    /// The sentence in `lang`, numbers written as `numbers` says.
    pub fn words(&self, lang: Lang, numbers: Numbers) -> String {
        let n = |v: usize| numbers.count(v);
        let at = |place: &str, what: String| fill(lang, Key::NoteAt, &[place.to_string(), what]);
        let id = |report_id: &str| quoted(lang, report_id);
        match self {
            Note::Load { place, error } => at(place, error.words(lang, numbers)),
            Note::Repaired { place, warning } => at(place, warning.words(lang, numbers)),
            Note::Skipped { place, record } => at(place, fill(lang, Key::NoteSkipped, &[record.words(lang, numbers)])),
            Note::ShorterCopy { place, report_id, records, kept, from } => {
                at(place, fill(lang, Key::NoteShorterCopy, &[id(report_id), n(*records), n(*kept), from.clone()]))
            }
            Note::ReplacesCopy { place, report_id, previous_file, previous_records, records } => at(
                place,
                fill(
                    lang,
                    Key::NoteReplacesCopy,
                    &[id(report_id), previous_file.clone(), numbers.n(*previous_records), n(*records)],
                ),
            ),
            Note::ReplacedBy { place, report_id, newer } => {
                at(place, fill(lang, Key::NoteReplacedBy, &[id(report_id), newer.clone()]))
            }
            Note::More(more) => fill(lang, Key::NoteMore, &[n(*more)]),
            Note::SetAside { file } => fill(lang, Key::NoteSetAside, &[file]),
            Note::BrowserUnreadable { file } => fill(lang, Key::NoteBrowserUnreadable, &[file]),
            // The browser's detail is English, so only the English sentence carries it.
            Note::NotSent { file, detail } => match lang {
                Lang::En => format!("{} ({detail})", fill(lang, Key::NoteNotSent, &[file])),
                Lang::Ja => fill(lang, Key::NoteNotSent, &[file]),
            },
            Note::Unreadable { file, detail } => fill(lang, Key::NoteUnreadable, &[file, detail]),
        }
    }
}

/// A report loaded earlier from `file` whose copy lost to a better one in a later file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replaced {
    pub file: String,
    pub org_name: String,
    pub report_id: String,
    pub policy_domain: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportSummary {
    pub org_name: String,
    pub report_id: String,
    pub policy_domain: String,
    pub begin: Option<i64>,
    pub end: Option<i64>,
    pub records: u64,
    pub messages: u64,
    pub dmarc_fail_messages: u64,
    pub duplicate: bool,
    /// Where the report sits inside the file (`"a.zip › b.xml"`); empty for a plain file.
    pub entry: String,
}

/// Why part of a file could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    Decode(DecodeError),
    Parse { entry: String, error: ParseError },
}

impl LoadError {
    pub fn category(&self) -> ErrorKind {
        match self {
            LoadError::Decode(e) => e.category(),
            LoadError::Parse { error, .. } => error.category(),
        }
    }

    /// The sentence shown to the user: `file › entry: what is wrong`.
    pub fn describe(&self, file: &str) -> String {
        self.note(file).words(Lang::En, Numbers::Plain)
    }

    /// This error of `file` as a [`Note`].
    pub fn note(&self, file: &str) -> Note {
        let entry = match self {
            LoadError::Decode(e) => e.entry(),
            LoadError::Parse { entry, .. } => entry.as_str(),
        };
        Note::Load { place: decode::join_entry(file, entry), error: self.clone() }
    }

    /// What is wrong, without the place, in `lang`.
    pub fn words(&self, lang: Lang, numbers: Numbers) -> String {
        match self {
            LoadError::Decode(e) => e.words(lang, numbers),
            LoadError::Parse { error, .. } => error.words(lang, numbers),
        }
    }
}

/// Warnings kept per file: a hostile file of a million empty records must not make a million
/// sentences.
pub const MAX_WARNINGS: usize = 100;

fn cap_warnings(result: &mut FileResult) {
    if result.warnings.len() > MAX_WARNINGS {
        let more = result.warnings.len() - MAX_WARNINGS;
        result.warnings.truncate(MAX_WARNINGS);
        result.notes.truncate(MAX_WARNINGS);
        result.warn(Note::More(more));
    }
}

/// Marks, in the results of files loaded before, the reports that `newer` replaced with a better
/// copy: each becomes a duplicate with a warning naming the newer file, and a file all of whose
/// reports are then duplicates becomes `duplicate`. Returns the indexes of the results changed
/// (the app shows them again). An earlier file is named as `file › entry` when it was an
/// archive: the store keeps where each copy came from.
pub fn note_replaced(earlier: &mut [FileResult], newer: &FileResult) -> Vec<usize> {
    let mut changed = Vec::new();
    for replaced in &newer.replaced {
        for (index, result) in earlier.iter_mut().enumerate() {
            for report in &mut result.reports {
                let place = decode::join_entry(&result.file, &report.entry);
                if report.duplicate
                    || place != replaced.file
                    || report.org_name != replaced.org_name
                    || report.report_id != replaced.report_id
                    || !report.policy_domain.eq_ignore_ascii_case(&replaced.policy_domain)
                {
                    continue;
                }
                report.duplicate = true;
                let note = Note::ReplacedBy { place, report_id: report.report_id.clone(), newer: newer.file.clone() };
                result.warnings.push(note.words(Lang::En, Numbers::Plain));
                result.notes.push(note);
                if !changed.contains(&index) {
                    changed.push(index);
                }
            }
            if !result.reports.is_empty() && result.reports.iter().all(|r| r.duplicate) {
                result.status = FileStatus::Duplicate;
            }
        }
    }
    changed
}

/// Loads one input file: decodes, parses and stores every report in it. The same as
/// [`store_file`] of [`parse_file`].
pub fn load_file(store: &mut Store, file: &str, bytes: &[u8], limits: &Limits) -> FileResult {
    store_file(store, file, parse_file(bytes, limits))
}

/// One input file decoded and parsed, not yet stored: every document's report (with its entry
/// in the file) and every part that could not be read, in the order the file holds them.
///
/// Making one reads nothing but the file's bytes, so files can be parsed on several threads at
/// once; storing them one by one in input order ([`store_file`]) then gives the same results,
/// byte for byte, as [`load_file`] on each in turn.
#[derive(Debug)]
pub struct ParsedFile {
    parsed: Vec<(String, parse::Parsed)>,
    errors: Vec<LoadError>,
    budget_ran_out: bool,
}

impl ParsedFile {
    /// Whether the file unpacked to more than the limit it was parsed under: only then could a
    /// larger `max_decompressed_bytes` give a different result.
    pub fn budget_ran_out(&self) -> bool {
        self.budget_ran_out
    }
}

/// Decodes and parses one input file without touching any store.
pub fn parse_file(bytes: &[u8], limits: &Limits) -> ParsedFile {
    let mut parsed = Vec::new();
    let mut errors: Vec<LoadError> = Vec::new();
    let decompressed = decode::decode(bytes, limits, &mut |part| match part {
        Ok(doc) => match parse::parse(&doc.bytes) {
            Ok(p) => parsed.push((doc.entry, p)),
            Err(error) => errors.push(LoadError::Parse { entry: doc.entry, error }),
        },
        Err(e) => errors.push(LoadError::Decode(e)),
    });
    let budget_ran_out = decompressed > limits.max_decompressed_bytes;
    ParsedFile { parsed, errors, budget_ran_out }
}

/// Stores a file that [`parse_file`] read, named `file`, and says what became of it.
pub fn store_file(store: &mut Store, file: &str, parsed_file: ParsedFile) -> FileResult {
    let ParsedFile { parsed, errors, .. } = parsed_file;
    let mut result = FileResult {
        file: file.to_string(),
        status: FileStatus::Ok,
        reports: Vec::new(),
        skipped_records: 0,
        error: None,
        error_kind: None,
        warnings: Vec::new(),
        replaced: Vec::new(),
        error_note: None,
        notes: Vec::new(),
    };
    if parsed.is_empty() {
        let first = errors.first().cloned().unwrap_or(LoadError::Decode(DecodeError::Empty { entry: String::new() }));
        let mut failed = FileResult::failed(file, first.category(), first.note(file));
        for error in errors.iter().skip(1) {
            failed.warn(error.note(file));
        }
        cap_warnings(&mut failed);
        return failed;
    }
    for (entry, p) in &parsed {
        let place = decode::join_entry(file, entry);
        for warning in &p.warnings {
            result.warn(Note::Repaired { place: place.clone(), warning: warning.clone() });
        }
        for record in p.skipped.iter().take(MAX_WARNINGS) {
            result.warn(Note::Skipped { place: place.clone(), record: record.clone() });
        }
        result.skipped_records += p.skipped_total;
        let added = store.add_from(&p.report, &place);
        let metadata = &p.report.metadata;
        let n_records = p.report.records.len();
        let (index, duplicate) = match added {
            Added::New(i) => (i, false),
            Added::Duplicate(i) => {
                let kept_copy = store.reports.get(i as usize);
                let kept = kept_copy.map_or(0, |r| r.records.len());
                if kept > n_records {
                    let from = kept_copy.map_or("", |r| store.strings.get(r.file)).to_string();
                    result.warn(Note::ShorterCopy {
                        place: place.clone(),
                        report_id: metadata.report_id.clone(),
                        records: n_records,
                        kept,
                        from,
                    });
                }
                (i, true)
            }
            Added::Replaced { index, previous_file, previous_records } => {
                result.warn(Note::ReplacesCopy {
                    place: place.clone(),
                    report_id: metadata.report_id.clone(),
                    previous_file: previous_file.clone(),
                    previous_records,
                    records: n_records,
                });
                result.replaced.push(Replaced {
                    file: previous_file,
                    org_name: metadata.org_name.clone(),
                    report_id: metadata.report_id.clone(),
                    policy_domain: p.report.policy_published.domain.clone(),
                });
                (index, false)
            }
        };
        let (messages, dmarc_fail_messages) = if duplicate {
            let messages = p.report.records.iter().map(|r| r.row.count).fold(0u64, u64::saturating_add);
            let fail = p
                .report
                .records
                .iter()
                .filter(|r| !r.row.policy_evaluated.dmarc_pass())
                .map(|r| r.row.count)
                .fold(0u64, u64::saturating_add);
            (messages, fail)
        } else {
            let stored = &store.reports[index as usize];
            (stored.messages, stored.dmarc_fail_messages)
        };
        result.reports.push(ReportSummary {
            org_name: metadata.org_name.clone(),
            report_id: metadata.report_id.clone(),
            policy_domain: p.report.policy_published.domain.clone(),
            begin: metadata.date_range.map(|d| d.begin),
            end: metadata.date_range.map(|d| d.end),
            records: p.report.records.len() as u64,
            messages,
            dmarc_fail_messages,
            duplicate,
            entry: entry.clone(),
        });
    }
    for error in &errors {
        result.warn(error.note(file));
    }
    cap_warnings(&mut result);
    if result.reports.iter().all(|r| r.duplicate) {
        result.status = FileStatus::Duplicate;
    }
    result
}
