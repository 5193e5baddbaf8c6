//! The element names the parser acts on, matched by local name (any namespace prefix), and the
//! length each element's text may have.

use crate::limits::{MAX_FIELD_BYTES, MAX_FREE_TEXT_BYTES};

/// Every element name the parser acts on, by local name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tag {
    Feedback,
    Version,
    ReportMetadata,
    OrgName,
    Email,
    ExtraContactInfo,
    ReportId,
    DateRange,
    DataRange,
    Begin,
    End,
    Error,
    Generator,
    PolicyPublished,
    Domain,
    Adkim,
    Aspf,
    P,
    Sp,
    Np,
    Pct,
    Fo,
    Testing,
    DiscoveryMethod,
    Record,
    Row,
    SourceIp,
    Count,
    PolicyEvaluated,
    Disposition,
    Dkim,
    Spf,
    Reason,
    Type,
    Comment,
    Identifiers,
    HeaderFrom,
    EnvelopeFrom,
    EnvelopeTo,
    AuthResults,
    Selector,
    Result,
    HumanResult,
    Scope,
    Other,
}

pub(super) fn local_name(name: &[u8]) -> &[u8] {
    match name.iter().position(|&b| b == b':') {
        Some(colon) => &name[colon + 1..],
        None => name,
    }
}

pub(super) fn tag_of(name: &[u8]) -> Tag {
    match local_name(name) {
        b"feedback" => Tag::Feedback,
        b"version" => Tag::Version,
        b"report_metadata" => Tag::ReportMetadata,
        b"org_name" => Tag::OrgName,
        b"email" => Tag::Email,
        b"extra_contact_info" => Tag::ExtraContactInfo,
        b"report_id" => Tag::ReportId,
        b"date_range" => Tag::DateRange,
        b"data_range" => Tag::DataRange,
        b"begin" => Tag::Begin,
        b"end" => Tag::End,
        b"error" => Tag::Error,
        b"generator" => Tag::Generator,
        b"policy_published" => Tag::PolicyPublished,
        b"domain" => Tag::Domain,
        b"adkim" => Tag::Adkim,
        b"aspf" => Tag::Aspf,
        b"p" => Tag::P,
        b"sp" => Tag::Sp,
        b"np" => Tag::Np,
        b"pct" => Tag::Pct,
        b"fo" => Tag::Fo,
        b"testing" => Tag::Testing,
        b"discovery_method" => Tag::DiscoveryMethod,
        b"record" => Tag::Record,
        b"row" => Tag::Row,
        b"source_ip" => Tag::SourceIp,
        b"count" => Tag::Count,
        b"policy_evaluated" => Tag::PolicyEvaluated,
        b"disposition" => Tag::Disposition,
        b"dkim" => Tag::Dkim,
        b"spf" => Tag::Spf,
        b"reason" => Tag::Reason,
        b"type" => Tag::Type,
        b"comment" => Tag::Comment,
        b"identifiers" => Tag::Identifiers,
        b"header_from" => Tag::HeaderFrom,
        b"envelope_from" => Tag::EnvelopeFrom,
        b"envelope_to" => Tag::EnvelopeTo,
        b"auth_results" => Tag::AuthResults,
        b"selector" => Tag::Selector,
        b"result" => Tag::Result,
        b"human_result" => Tag::HumanResult,
        b"scope" => Tag::Scope,
        _ => Tag::Other,
    }
}

/// The element's name as reports spell it: `HeaderFrom` is `header_from`.
pub(super) fn tag_name(tag: Tag) -> String {
    let mut element = String::new();
    for (i, c) in format!("{tag:?}").chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            element.push('_');
        }
        element.push(c.to_ascii_lowercase());
    }
    element
}

/// How much text an element keeps: see [`MAX_FIELD_BYTES`] and [`MAX_FREE_TEXT_BYTES`].
pub(super) fn text_limit(tag: Tag) -> usize {
    match tag {
        Tag::ExtraContactInfo | Tag::Error | Tag::Generator | Tag::HumanResult | Tag::Comment | Tag::Fo => {
            MAX_FREE_TEXT_BYTES
        }
        _ => MAX_FIELD_BYTES,
    }
}
