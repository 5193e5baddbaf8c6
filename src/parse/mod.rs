//! Reads one XML document into a [`Report`] with quick-xml as a streaming pull parser.
//!
//! Elements are matched by local name, so reports without a namespace, with the RFC 9990 default
//! namespace and with any prefix all read the same. One function per element reads to its end
//! tag; unknown elements (extensions) are skipped by depth. Elements may come in any order.
//!
//! Damage that loses nothing is recovered with a [`Warning`]: an unclosed wrapper around
//! `<feedback>`, unescaped `<` `>` inside a text element, a byte invalid in the declared encoding,
//! KDDI's `<data_range>`. A record with a source IP or count that cannot be read is skipped and
//! listed in [`Parsed::skipped`]. A `<feedback>` that never closes is [`ParseError::Truncated`]:
//! a partial report would silently undercount. DOCTYPE declarations are refused before anything
//! could be expanded, and quick-xml never expands custom entities or fetches anything.
//!
//! Structure is checked: inside `<feedback>` every end tag must close the element open at that
//! point ([`ParseError::MismatchedEnd`]), because a stray `</record>` left where a report was cut
//! would otherwise end the report early and drop the records after it without a word. A report
//! must say who sent it and for which domain ([`ParseError::MissingElement`]). Outside
//! `<feedback>` only depth is counted, so a document of millions of open wrappers costs no memory
//! per element. Text is cut at [`MAX_FIELD_BYTES`](crate::limits::MAX_FIELD_BYTES) or
//! [`MAX_FREE_TEXT_BYTES`](crate::limits::MAX_FREE_TEXT_BYTES), counts above
//! [`MAX_RECORD_COUNT`] are refused and dates outside 1970-9999 ignored, each with a warning.
//!
//! Files: `tag` (element names), `elements` (one function per element), `errors`, `charset`;
//! this file is the reading machinery those functions share (children, text and its cuts,
//! skipping, the structure check), kept together because it works one `Parser` state.

mod charset;
mod elements;
mod errors;
mod tag;

pub use errors::{ParseError, SkipReason, SkippedRecord, Warning};
use tag::{tag_name, tag_of, text_limit, Tag};

use std::borrow::Cow;

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::dates::epoch_in_range;
use crate::decode::NotReport;
use crate::limits::{MAX_ELEMENT_DEPTH, MAX_RECORD_COUNT};
use crate::model::*;

/// A parsed report and what had to be repaired or left out to read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub report: Report,
    pub warnings: Vec<Warning>,
    /// The first [`MAX_SKIPPED_DETAILS`] records left out, with why.
    pub skipped: Vec<SkippedRecord>,
    /// How many records were left out in all.
    pub skipped_total: u64,
}

/// Skipped records described one by one; past this only counted, so a hostile file of millions of
/// empty records costs no memory per record.
pub const MAX_SKIPPED_DETAILS: usize = 100;

/// Parses one document. `bytes` may be UTF-8, UTF-16 or a declared single-byte encoding.
pub fn parse(bytes: &[u8]) -> Result<Parsed, ParseError> {
    let mut warnings = Vec::new();
    let text = charset::to_utf8(bytes, &mut warnings);
    let mut parser = Parser::new(&text, warnings);
    let report = parser.document()?;
    Ok(Parsed { report, warnings: parser.warnings, skipped: parser.skipped, skipped_total: parser.skipped_total })
}

/// The first `max` bytes of `s`, or fewer, ending at a character boundary.
fn prefix(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("")
}

/// A child element met while reading a container: opened (content follows) or empty (`<x/>`).
#[derive(Clone, Copy)]
enum Child {
    Open(Tag),
    Empty(Tag),
}

struct Parser<'a> {
    reader: Reader<&'a [u8]>,
    text: &'a str,
    warnings: Vec<Warning>,
    skipped: Vec<SkippedRecord>,
    skipped_total: u64,
    n_records: usize,
    /// The line at a byte offset already counted to, so that warnings met all through a long
    /// document count each newline once rather than rescanning from the start every time.
    line_mark: (usize, usize),
    warned_markup: bool,
    warned_entity: bool,
    /// Elements open inside `<feedback>`: the name as written (a slice of `text`) and the byte
    /// offset just after its start tag, at most [`MAX_ELEMENT_DEPTH`] of them.
    open: Vec<(&'a [u8], u64)>,
    /// Elements open beyond [`MAX_ELEMENT_DEPTH`], counted only.
    deep: usize,
    /// Elements whose text was cut, one bit per [`Tag`], so each is warned of once.
    cut_warned: u64,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str, warnings: Vec<Warning>) -> Self {
        let mut reader = Reader::from_str(text);
        let config = reader.config_mut();
        // End tags are checked here rather than by quick-xml, which would refuse the damage we
        // recover (unescaped markup inside text) and keep a name for every open wrapper.
        config.check_end_names = false;
        config.allow_unmatched_ends = true;
        config.allow_dangling_amp = true;
        config.expand_empty_elements = false;
        Parser {
            reader,
            text,
            warnings,
            skipped: Vec::new(),
            skipped_total: 0,
            n_records: 0,
            line_mark: (0, 1),
            warned_markup: false,
            warned_entity: false,
            open: Vec::new(),
            deep: 0,
            cut_warned: 0,
        }
    }

    fn line_col(&self, pos: u64) -> (usize, usize) {
        let pos = usize::try_from(pos).unwrap_or(usize::MAX).min(self.text.len());
        let before = &self.text.as_bytes()[..pos];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = 1 + String::from_utf8_lossy(&before[line_start..]).chars().count();
        (line, column)
    }

    /// The line of the reader's position. Positions only move forward while parsing, so counting
    /// on from the last mark keeps a document full of warnings linear.
    fn line(&mut self) -> usize {
        let pos = usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX).min(self.text.len());
        let (mut from, mut line) = self.line_mark;
        if pos < from {
            (from, line) = (0, 1);
        }
        line += self.text.as_bytes().get(from..pos).unwrap_or_default().iter().filter(|&&b| b == b'\n').count();
        self.line_mark = (pos, line);
        line
    }

    fn next(&mut self) -> Result<Event<'a>, ParseError> {
        match self.reader.read_event() {
            Ok(Event::DocType(_)) => Err(ParseError::DoctypeRefused { line: self.line() }),
            Ok(event) => Ok(event),
            Err(quick_xml::Error::Syntax(_)) if self.rest_is_markup_to_end() => {
                Err(ParseError::Truncated { line: self.line() })
            }
            Err(e) => {
                let (line, column) = self.line_col(self.reader.error_position());
                Err(ParseError::Malformed { line, column, detail: e.to_string() })
            }
        }
    }

    /// A syntax error whose markup runs to the end of the input means the input was cut off.
    fn rest_is_markup_to_end(&self) -> bool {
        let pos = usize::try_from(self.reader.error_position()).unwrap_or(usize::MAX);
        self.text.get(pos..).is_some_and(|rest| !rest.contains('>'))
    }

    /// `part` as a slice of the document. The reader reads from `text`, so the names in its
    /// events are slices of it; anything else reads as empty (and then fails the end-tag check).
    fn in_text(&self, part: &[u8]) -> &'a [u8] {
        let text = self.text.as_bytes();
        let offset = (part.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
        text.get(offset..offset.wrapping_add(part.len())).unwrap_or_default()
    }

    /// The text of an event as a slice of the document, which is UTF-8 already: checking the two
    /// ends are character boundaries is enough, where `from_utf8` would read every byte again.
    /// The same result as `from_utf8(bytes).unwrap_or("")`: a slice of valid UTF-8 is valid
    /// exactly when it starts and ends on a boundary. Text the reader made itself is empty.
    fn utf8(&self, bytes: Cow<'a, [u8]>) -> &'a str {
        let Cow::Borrowed(part) = bytes else { return "" };
        let text: &'a str = self.text;
        let offset = (part.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
        match offset.checked_add(part.len()).filter(|&end| end <= text.len()) {
            Some(end) => text.get(offset..end).unwrap_or(""),
            None => std::str::from_utf8(part).unwrap_or(""),
        }
    }

    /// Notes an element opened inside `<feedback>`, so its end tag can be checked.
    fn open(&mut self, name: &[u8]) {
        if self.open.len() >= MAX_ELEMENT_DEPTH {
            self.deep += 1;
            return;
        }
        let name = self.in_text(name);
        self.open.push((name, self.reader.buffer_position()));
    }

    /// Checks that an end tag closes the innermost element open.
    fn close(&mut self, end: &[u8]) -> Result<(), ParseError> {
        if self.deep > 0 {
            self.deep -= 1;
            return Ok(());
        }
        match self.open.pop() {
            Some((name, _)) if name == end => Ok(()),
            open => Err(self.mismatch(end, open)),
        }
    }

    fn mismatch(&mut self, end: &[u8], open: Option<(&[u8], u64)>) -> ParseError {
        // The reader stands just past `</name>`: point at its `<`.
        let at = self.reader.buffer_position().saturating_sub(end.len() as u64 + 3);
        let (line, column) = self.line_col(at);
        let found = String::from_utf8_lossy(end).into_owned();
        let open = open.map(|(name, pos)| (String::from_utf8_lossy(name).into_owned(), self.line_col(pos).0));
        ParseError::MismatchedEnd { line, column, found, open }
    }

    fn skip_record(&mut self, record: SkippedRecord) {
        self.skipped_total += 1;
        if self.skipped.len() < MAX_SKIPPED_DETAILS {
            self.skipped.push(record);
        }
    }

    fn truncated(&mut self) -> ParseError {
        ParseError::Truncated { line: self.line() }
    }

    /// Finds `<feedback>` at any depth (a wrapper around it is tolerated) and reads it. Outside
    /// `<feedback>` only depth is counted (and the outermost open wrapper's name kept, a slice of
    /// the input), so millions of open wrappers cost nothing per element.
    fn document(&mut self) -> Result<Report, ParseError> {
        let mut depth = 0usize;
        let mut root: Option<&'a [u8]> = None;
        let mut outermost: &'a [u8] = b"";
        loop {
            match self.next()? {
                Event::Start(e) if tag_of(e.name().as_ref()) == Tag::Feedback => {
                    self.open(e.name().as_ref());
                    let report = self.feedback()?;
                    self.finish(depth, outermost);
                    return Ok(report);
                }
                Event::Start(e) => {
                    let name = self.in_text(e.name().as_ref());
                    root.get_or_insert(name);
                    if depth == 0 {
                        outermost = name;
                    }
                    depth += 1;
                }
                Event::Empty(e) => {
                    root.get_or_insert(self.in_text(e.name().as_ref()));
                }
                Event::End(e) => {
                    if depth == 0 {
                        let end = self.in_text(e.name().as_ref());
                        return Err(self.mismatch(end, None));
                    }
                    depth -= 1;
                }
                Event::Eof => {
                    let what = match root {
                        Some(root) => NotReport::XmlRoot(String::from_utf8_lossy(root).into_owned()),
                        None => NotReport::XmlEmpty,
                    };
                    return Err(ParseError::NotAggregate { what });
                }
                _ => {}
            }
        }
    }

    /// After `</feedback>`: wrappers that never close are repaired with a warning. A second report
    /// after the first is not read, but said; other trailing junk after a complete report does
    /// not spoil it.
    fn finish(&mut self, mut depth: usize, outermost: &[u8]) {
        let wrapped = depth > 0;
        while depth > 0 {
            match self.reader.read_event() {
                Ok(Event::Start(e)) if tag_of(e.name().as_ref()) == Tag::Feedback => {
                    let line = self.line();
                    self.warnings.push(Warning::SecondReport { line });
                    return;
                }
                Ok(Event::Start(_)) => depth += 1,
                Ok(Event::End(_)) => depth -= 1,
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => {}
            }
        }
        if depth > 0 {
            let element = String::from_utf8_lossy(outermost).into_owned();
            self.warnings.push(Warning::UnclosedWrapper { element });
            return;
        }
        if wrapped {
            return;
        }
        // Bounded by the document: a search for another report's start tag, not a parse.
        loop {
            match self.reader.read_event() {
                Ok(Event::Start(e) | Event::Empty(e)) if tag_of(e.name().as_ref()) == Tag::Feedback => {
                    let line = self.line();
                    self.warnings.push(Warning::SecondReport { line });
                    return;
                }
                Ok(Event::Eof) | Err(_) => return,
                Ok(_) => {}
            }
        }
    }

    /// Calls `f` for each child element of the container just opened, until its end tag, which
    /// must close it.
    fn children(&mut self, mut f: impl FnMut(&mut Self, Child) -> Result<(), ParseError>) -> Result<(), ParseError> {
        loop {
            match self.next()? {
                Event::Start(e) => {
                    let tag = tag_of(e.name().as_ref());
                    self.open(e.name().as_ref());
                    f(self, Child::Open(tag))?;
                }
                Event::Empty(e) => f(self, Child::Empty(tag_of(e.name().as_ref())))?,
                Event::End(e) => {
                    let end = self.in_text(e.name().as_ref());
                    return self.close(end);
                }
                Event::Eof => return Err(self.truncated()),
                _ => {}
            }
        }
    }

    /// Skips the element just opened, with everything inside it, checking its end tags.
    fn skip(&mut self) -> Result<(), ParseError> {
        let mut depth = 1usize;
        loop {
            match self.next()? {
                Event::Start(e) => {
                    depth += 1;
                    self.open(e.name().as_ref());
                }
                Event::End(e) => {
                    let end = self.in_text(e.name().as_ref());
                    self.close(end)?;
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                Event::Eof => return Err(self.truncated()),
                _ => {}
            }
        }
    }

    /// The text of the leaf element just opened, trimmed, up to its end tag, cut at its length
    /// limit. Markup inside it that should have been escaped (`<email><a@b></email>`) is kept as
    /// text, with a warning; an end tag of an element open around the leaf means the leaf itself
    /// was never closed, and is an error.
    fn text(&mut self, tag: Tag) -> Result<Cow<'a, str>, ParseError> {
        let limit = text_limit(tag);
        let mut out: Option<String> = None;
        let mut single: Option<&'a str> = None;
        loop {
            let event = self.next()?;
            match event {
                Event::Text(t) => {
                    let s = self.utf8(t.into_inner());
                    if single.is_none() && out.is_none() {
                        single = Some(s);
                    } else {
                        self.push(&mut out, &mut single, s, limit);
                    }
                }
                // The element's own end tag ends it even after unescaped markup that never closed.
                Event::End(e) if tag_of(e.name().as_ref()) == tag => {
                    let end = self.in_text(e.name().as_ref());
                    self.close(end)?;
                    break;
                }
                Event::End(e) => {
                    let end = self.in_text(e.name().as_ref());
                    if self.open.iter().any(|&(name, _)| name == end) {
                        let open = self.open.last().copied();
                        return Err(self.mismatch(end, open));
                    }
                    let raw = format!("</{}>", String::from_utf8_lossy(end));
                    self.push(&mut out, &mut single, &raw, limit);
                }
                Event::Start(e) => {
                    self.unescaped_markup(tag);
                    let raw = self.utf8(Cow::Borrowed(self.in_text(&e)));
                    // `bad<xml.net</header_from>` reads as one start tag `xml.net</header_from`:
                    // a stray `<` swallowed our own end tag.
                    if let Some((before, end)) = raw.rsplit_once("</") {
                        if tag_of(end.trim().as_bytes()) == tag {
                            self.push(&mut out, &mut single, &format!("<{before}"), limit);
                            self.open.pop();
                            break;
                        }
                    }
                    self.push(&mut out, &mut single, &format!("<{raw}>"), limit);
                }
                Event::Empty(e) => {
                    self.unescaped_markup(tag);
                    let raw = format!("<{}/>", String::from_utf8_lossy(&e));
                    self.push(&mut out, &mut single, &raw, limit);
                }
                Event::GeneralRef(r) => {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => {
                            let name = self.utf8(r.into_inner());
                            match quick_xml::escape::resolve_predefined_entity(name) {
                                Some(s) => s.to_string(),
                                None => {
                                    // The first only, as for unescaped markup: one warning per
                                    // `&x;` would let a small document make a huge warning list.
                                    if !self.warned_entity {
                                        self.warned_entity = true;
                                        let line = self.line();
                                        self.warnings.push(Warning::UnknownEntity { name: name.to_string(), line });
                                    }
                                    format!("&{name};")
                                }
                            }
                        }
                    };
                    self.push(&mut out, &mut single, &resolved, limit);
                }
                Event::CData(c) => {
                    let s = self.utf8(c.into_inner());
                    self.push(&mut out, &mut single, s, limit);
                }
                Event::Eof => return Err(self.truncated()),
                _ => {}
            }
        }
        let text = match out {
            Some(s) => Cow::Owned(s),
            None => Cow::Borrowed(single.unwrap_or("")),
        };
        Ok(self.cut(tag, text, limit))
    }

    /// The trimmed text, cut to `limit` bytes at a character boundary, warning once per element.
    fn cut(&mut self, tag: Tag, text: Cow<'a, str>, limit: usize) -> Cow<'a, str> {
        let trimmed = text.trim();
        if trimmed.len() <= limit {
            return match text {
                Cow::Borrowed(s) => Cow::Borrowed(s.trim()),
                Cow::Owned(s) if s.len() == trimmed.len() => Cow::Owned(s),
                Cow::Owned(s) => Cow::Owned(s.trim().to_string()),
            };
        }
        let mut end = limit;
        while !trimmed.is_char_boundary(end) {
            end -= 1;
        }
        let bit = 1u64 << (tag as u32 % 64);
        if self.cut_warned & bit == 0 {
            self.cut_warned |= bit;
            self.warnings.push(Warning::TextCut { element: tag_name(tag), limit });
        }
        match text {
            Cow::Borrowed(s) => Cow::Borrowed(s.trim().get(..end).unwrap_or("")),
            Cow::Owned(s) => Cow::Owned(s.trim().get(..end).unwrap_or("").to_string()),
        }
    }

    /// Warns of the first unescaped markup in the document only: a hostile document can hold
    /// millions, and one warning says what the user needs to know.
    fn unescaped_markup(&mut self, tag: Tag) {
        if self.warned_markup {
            return;
        }
        self.warned_markup = true;
        let line = self.line();
        self.warnings.push(Warning::UnescapedMarkup { element: tag_name(tag), line });
    }

    /// Appends to the text being gathered, stopping once it is past `limit` (plus what trimming
    /// may remove), so a megabyte of `&amp;` costs no more memory than the limit.
    fn push(&self, out: &mut Option<String>, single: &mut Option<&'a str>, s: &str, limit: usize) {
        let room = limit.saturating_mul(2).saturating_add(1024);
        let buf = out.get_or_insert_with(|| String::from(prefix(single.take().unwrap_or(""), room)));
        if buf.len() < room {
            buf.push_str(s);
        }
    }

    /// The text of an optional leaf: `None` when it is empty.
    fn optional(&mut self, tag: Tag) -> Result<Option<String>, ParseError> {
        let text = self.text(tag)?;
        Ok((!text.is_empty()).then(|| text.into_owned()))
    }

    /// Text of a leaf that may also appear as `<x/>`.
    fn leaf(&mut self, child: Child) -> Result<Cow<'a, str>, ParseError> {
        match child {
            Child::Open(tag) => self.text(tag),
            Child::Empty(_) => Ok(Cow::Borrowed("")),
        }
    }
}

#[cfg(test)]
mod tests;
