//! E-mail (`.eml`) and mbox input, parsed by `mail-parser`: MIME multipart, base64 and
//! quoted-printable, RFC 2231 file names and forwarded `message/rfc822` parts.
//!
//! Reports arrive as attachments typed `application/zip`, `application/gzip`, mislabelled as
//! `application/octet-stream` or `text/plain`, or as the whole single-part body. So every binary
//! part is sniffed by content, and text parts are taken when they hold XML. Parts that are not
//! reports (logos, a human-readable summary) are passed over quietly; only when a message yields
//! nothing does it become an error, which then says what the message is instead.

use std::borrow::Cow;

use mail_parser::mailbox::mbox::MessageIterator;
use mail_parser::{Message, MessageParser, MimeHeaders, PartType};

use super::{join_entry, sniff, Context, DecodeError, NotReport, Part, Seen};

pub(crate) fn unmail(cx: &mut Context<'_, '_>, data: &[u8], entry: &str, depth: u32) {
    match MessageParser::default().parse(data) {
        // Refused whole, like a zip with too many entries: loading the first ones only would
        // leave the rest out without a report saying which.
        Some(message) if message.parts.len() > cx.limits.max_entries => {
            drop_flat(message);
            (cx.sink)(Err(DecodeError::TooManyEntries { entry: entry.to_string(), limit: cx.limits.max_entries }));
        }
        Some(message) => {
            message_parts(cx, &message, entry, depth);
            drop_flat(message);
        }
        None => (cx.sink)(Err(DecodeError::NotAReport { entry: entry.to_string(), what: NotReport::BadMail })),
    }
}

pub(crate) fn unmbox(cx: &mut Context<'_, '_>, data: &[u8], entry: &str, depth: u32) {
    // Counted first and refused whole over the limit, like a zip archive (splitting an mbox into
    // messages only finds the lines that start them; parsing comes later).
    if MessageIterator::new(data).take(cx.limits.max_entries + 1).count() > cx.limits.max_entries {
        (cx.sink)(Err(DecodeError::TooManyEntries { entry: entry.to_string(), limit: cx.limits.max_entries }));
        return;
    }
    let mut count = 0usize;
    for message in MessageIterator::new(data) {
        let Ok(message) = message else { break };
        count += 1;
        let name = join_entry(entry, &format!("message {count}"));
        unmail(cx, message.contents(), &name, depth + 1);
    }
}

/// What a message holds, gathered while its parts are decoded, to explain a message with no report.
#[derive(Default)]
struct Findings {
    documents: usize,
    errors: usize,
    /// What the first part that was not a report turned out to be.
    not_a_report: Option<NotReport>,
    feedback_type: Option<String>,
    tlsrpt: bool,
}

fn message_parts(cx: &mut Context<'_, '_>, message: &Message<'_>, entry: &str, depth: u32) {
    let mut findings = Findings::default();
    {
        let parent = &mut *cx.sink;
        let mut sink = |part: Part<'_>| match part {
            Ok(doc) => {
                findings.documents += 1;
                parent(Ok(doc));
            }
            Err(DecodeError::NotAReport { what, .. }) => {
                findings.not_a_report.get_or_insert(what);
            }
            Err(DecodeError::Empty { .. }) => {}
            Err(e) => {
                findings.errors += 1;
                parent(Err(e));
            }
        };
        let mut inner = Context { limits: cx.limits, budget: &mut *cx.budget, sink: &mut sink };
        walk(&mut inner, message, entry, depth, &mut findings.feedback_type, &mut findings.tlsrpt);
    }
    if findings.documents == 0 && findings.errors == 0 {
        let what = if let Some(kind) = findings.feedback_type {
            if kind.eq_ignore_ascii_case("auth-failure") {
                NotReport::ForensicReport
            } else {
                NotReport::AbuseReport(kind)
            }
        } else if findings.tlsrpt {
            NotReport::TlsReportMail
        } else if let Some(what) = findings.not_a_report.filter(|w| *w != NotReport::Seen(Seen::Text)) {
            NotReport::MailAttachment(Box::new(what))
        } else {
            NotReport::MailWithoutReport
        };
        (cx.sink)(Err(DecodeError::NotAReport { entry: entry.to_string(), what }));
    }
}

fn walk(
    cx: &mut Context<'_, '_>,
    message: &Message<'_>,
    entry: &str,
    depth: u32,
    feedback_type: &mut Option<String>,
    tlsrpt: &mut bool,
) {
    for (index, part) in message.parts.iter().enumerate() {
        let (ctype, subtype) = part
            .content_type()
            .map(|ct| (ct.ctype().to_ascii_lowercase(), ct.subtype().unwrap_or("").to_ascii_lowercase()))
            .unwrap_or_default();
        if subtype.starts_with("tlsrpt") {
            *tlsrpt = true;
            continue;
        }
        let name = part.attachment_name().map(str::to_string).unwrap_or_else(|| {
            if ctype.is_empty() {
                format!("part {}", index + 1)
            } else {
                format!("part {} ({ctype}/{subtype})", index + 1)
            }
        });
        let path = join_entry(entry, &name);
        match &part.body {
            PartType::Multipart(_) => {}
            // Forwarded inside forwarded: bounded like nested archives, so a hostile message
            // nested thousands deep cannot exhaust the stack.
            PartType::Message(_) if depth + 1 > cx.limits.max_depth => {
                (cx.sink)(Err(DecodeError::TooDeep { entry: path, depth: cx.limits.max_depth }));
            }
            PartType::Message(nested) => walk(cx, nested, &path, depth + 1, feedback_type, tlsrpt),
            PartType::Binary(bytes) | PartType::InlineBinary(bytes) => {
                if ctype == "message" && subtype == "feedback-report" {
                    feedback_type.get_or_insert_with(|| field(bytes, "Feedback-Type").unwrap_or_default());
                    continue;
                }
                cx.layer(Cow::Borrowed(bytes.as_ref()), path, depth + 1);
            }
            PartType::Html(_) => {}
            PartType::Text(text) => {
                if ctype == "message" && subtype == "feedback-report" {
                    feedback_type.get_or_insert_with(|| field(text.as_bytes(), "Feedback-Type").unwrap_or_default());
                    continue;
                }
                // A report pasted into a text part, or an attachment mislabelled text/plain.
                let bytes = text.as_bytes();
                let xml_inside = sniff::sniff(bytes) == sniff::Kind::Xml && sniff::contains(bytes, b"feedback");
                if subtype.contains("xml") || attached(part) || xml_inside {
                    cx.layer(Cow::Borrowed(bytes), path, depth + 1);
                }
            }
        }
    }
}

/// Drops a parsed message without recursion. mail-parser nests forwarded messages as owned
/// values, so the default drop recurses once per level, and a hostile message nested tens of
/// thousands deep (a few hundred kilobytes) would overflow the stack and abort the whole process.
fn drop_flat(message: Message<'_>) {
    let mut pending = vec![message];
    while let Some(mut message) = pending.pop() {
        for part in &mut message.parts {
            if let PartType::Message(_) = part.body {
                if let PartType::Message(nested) = std::mem::replace(&mut part.body, PartType::Text(Cow::Borrowed("")))
                {
                    pending.push(nested);
                }
            }
        }
    }
}

fn attached(part: &mail_parser::MessagePart<'_>) -> bool {
    part.content_disposition().is_some_and(|d| d.ctype().eq_ignore_ascii_case("attachment"))
}

/// The value of a `Name: value` line in a message/feedback-report part.
fn field(bytes: &[u8], name: &str) -> Option<String> {
    let text = String::from_utf8_lossy(bytes);
    text.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim().eq_ignore_ascii_case(name).then(|| value.trim().to_string())
    })
}
