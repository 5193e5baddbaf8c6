//! One function per element of a report, each reading to its end tag: `<feedback>`, its
//! metadata and published policy, and each `<record>` with its row, identifiers and
//! authentication results. The reading machinery they share (children, text, skipping, the
//! structure check) is the parser's, in `mod.rs`.

use std::net::IpAddr;

use super::*;

/// Room for the records after the first: as many as the rest of the document would hold if each
/// were as long as the first (a big report's records grow its vector a dozen times otherwise,
/// copying it each time). Bounded by half the rest's size in bytes, so a hostile document whose
/// first record is short and the rest junk reserves no more than real ones need (a record's
/// XML is about three times its parsed size).
fn records_ahead(first_record_bytes: u64, rest_bytes: u64) -> usize {
    let by_first = rest_bytes / first_record_bytes.max(64);
    let by_bytes = rest_bytes / 2 / std::mem::size_of::<Record>() as u64;
    usize::try_from(by_first.min(by_bytes)).unwrap_or(0)
}

impl<'a> Parser<'a> {
    pub(super) fn feedback(&mut self) -> Result<Report, ParseError> {
        let mut report = Report {
            version: None,
            metadata: ReportMetadata::default(),
            policy_published: PolicyPublished::default(),
            records: Vec::new(),
        };
        let mut seen_metadata = false;
        let mut seen_policy = false;
        self.children(|p, child| {
            match child {
                Child::Open(Tag::Version) => report.version = Some(p.text(Tag::Version)?.into_owned()),
                Child::Open(Tag::ReportMetadata) => {
                    seen_metadata = true;
                    p.metadata(&mut report.metadata)?;
                }
                Child::Open(Tag::PolicyPublished) => {
                    seen_policy = true;
                    p.policy(&mut report.policy_published)?;
                }
                Child::Open(Tag::Record) => {
                    let start = p.reader.buffer_position();
                    if let Some(record) = p.record()? {
                        if report.records.is_empty() {
                            let end = p.reader.buffer_position();
                            let rest = (p.text.len() as u64).saturating_sub(end);
                            report.records.reserve(records_ahead(end.saturating_sub(start), rest));
                        }
                        report.records.push(record);
                    }
                }
                Child::Open(_) => p.skip()?,
                Child::Empty(_) => {}
            }
            Ok(())
        })?;
        let missing = if !seen_metadata {
            Some("feedback/report_metadata")
        } else if report.metadata.org_name.is_empty() && report.metadata.email.is_empty() {
            // Some real reporters leave <org_name> empty but give their address: that still
            // says who sent the report.
            Some("feedback/report_metadata/org_name")
        } else if report.metadata.report_id.is_empty() {
            Some("feedback/report_metadata/report_id")
        } else if !seen_policy {
            Some("feedback/policy_published")
        } else if report.policy_published.domain.is_empty() {
            Some("feedback/policy_published/domain")
        } else {
            None
        };
        if let Some(path) = missing {
            return Err(ParseError::MissingElement { path });
        }
        if report.records.len() < self.n_records {
            self.warnings.push(Warning::RecordsNotLoaded { seen: self.n_records, loaded: report.records.len() });
        }
        Ok(report)
    }

    fn metadata(&mut self, m: &mut ReportMetadata) -> Result<(), ParseError> {
        self.children(|p, child| {
            match child {
                Child::Open(Tag::OrgName) | Child::Empty(Tag::OrgName) => m.org_name = p.leaf(child)?.into_owned(),
                Child::Open(Tag::Email) | Child::Empty(Tag::Email) => m.email = p.leaf(child)?.into_owned(),
                Child::Open(Tag::ExtraContactInfo) => {
                    m.extra_contact_info = Some(p.text(Tag::ExtraContactInfo)?.into_owned())
                }
                Child::Open(Tag::ReportId) | Child::Empty(Tag::ReportId) => m.report_id = p.leaf(child)?.into_owned(),
                Child::Open(Tag::DateRange) => m.date_range = p.date_range()?,
                Child::Open(Tag::DataRange) => {
                    p.warnings.push(Warning::MisspelledDateRange);
                    m.date_range = p.date_range()?;
                }
                Child::Open(Tag::Error) => m.errors.push(p.text(Tag::Error)?.into_owned()),
                Child::Open(Tag::Generator) => m.generator = Some(p.text(Tag::Generator)?.into_owned()),
                Child::Open(_) => p.skip()?,
                Child::Empty(_) => {}
            }
            Ok(())
        })
    }

    fn date_range(&mut self) -> Result<Option<DateRange>, ParseError> {
        let mut begin = None;
        let mut end = None;
        self.children(|p, child| {
            match child {
                Child::Open(Tag::Begin) => begin = p.number("begin", Tag::Begin)?,
                Child::Open(Tag::End) => end = p.number("end", Tag::End)?,
                Child::Open(_) => p.skip()?,
                Child::Empty(_) => {}
            }
            Ok(())
        })?;
        for (element, value) in [("begin", begin), ("end", end)] {
            if let Some(value) = value.filter(|&v| !epoch_in_range(v)) {
                self.warnings.push(Warning::DateOutOfRange { element, value });
                return Ok(None);
            }
        }
        Ok(match (begin, end) {
            (Some(begin), Some(end)) => Some(DateRange { begin, end }),
            _ => None,
        })
    }

    fn number<T: std::str::FromStr>(&mut self, element: &'static str, tag: Tag) -> Result<Option<T>, ParseError> {
        let value = self.text(tag)?;
        match value.parse() {
            Ok(v) => Ok(Some(v)),
            Err(_) => {
                self.warnings.push(Warning::BadNumber { element, value: value.into_owned() });
                Ok(None)
            }
        }
    }

    fn policy(&mut self, policy: &mut PolicyPublished) -> Result<(), ParseError> {
        self.children(|p, child| {
            match child {
                Child::Open(Tag::Domain) => policy.domain = p.text(Tag::Domain)?.into_owned(),
                Child::Open(Tag::Adkim) => policy.adkim = Some(p.vocab(Tag::Adkim)?),
                Child::Open(Tag::Aspf) => policy.aspf = Some(p.vocab(Tag::Aspf)?),
                Child::Open(Tag::P) => policy.p = p.vocab(Tag::P)?,
                Child::Open(Tag::Sp) => policy.sp = Some(p.vocab(Tag::Sp)?),
                Child::Open(Tag::Np) => policy.np = Some(p.vocab(Tag::Np)?),
                Child::Open(Tag::Pct) => policy.pct = p.number("pct", Tag::Pct)?,
                Child::Open(Tag::Fo) => policy.fo = Some(p.text(Tag::Fo)?.into_owned()),
                Child::Open(Tag::Testing) => {
                    let v = p.text(Tag::Testing)?;
                    policy.testing = Some(v.eq_ignore_ascii_case("y") || v.eq_ignore_ascii_case("yes"));
                }
                Child::Open(Tag::DiscoveryMethod) => {
                    policy.discovery_method = Some(p.text(Tag::DiscoveryMethod)?.to_ascii_lowercase())
                }
                Child::Open(_) => p.skip()?,
                Child::Empty(_) => {}
            }
            Ok(())
        })
    }

    fn vocab<T: std::str::FromStr<Err = std::convert::Infallible>>(&mut self, tag: Tag) -> Result<T, ParseError> {
        let text = self.text(tag)?;
        let Ok(value) = text.parse::<T>();
        Ok(value)
    }

    fn record(&mut self) -> Result<Option<Record>, ParseError> {
        self.n_records += 1;
        let number = self.n_records;
        let mut source_ip: Option<Result<IpAddr, String>> = None;
        let mut count: Option<Result<u64, String>> = None;
        let mut policy_evaluated = PolicyEvaluated::default();
        let mut identifiers = Identifiers::default();
        let mut auth_results = AuthResults::default();
        self.children(|p, child| {
            match child {
                Child::Open(Tag::Row) => p.row(&mut source_ip, &mut count, &mut policy_evaluated)?,
                Child::Open(Tag::Identifiers) => p.identifiers(&mut identifiers)?,
                Child::Open(Tag::AuthResults) => p.auth_results(&mut auth_results)?,
                Child::Open(_) => p.skip()?,
                Child::Empty(_) => {}
            }
            Ok(())
        })?;
        let source_ip = match source_ip.unwrap_or(Err(String::new())) {
            Ok(ip) => ip,
            Err(raw) => {
                self.skip_record(SkippedRecord { record: number, reason: SkipReason::BadSourceIp(raw) });
                return Ok(None);
            }
        };
        let count = match count.unwrap_or(Err(String::new())) {
            Ok(count) if count > MAX_RECORD_COUNT => {
                self.skip_record(SkippedRecord { record: number, reason: SkipReason::CountTooLarge(count) });
                return Ok(None);
            }
            Ok(count) => count,
            Err(raw) => {
                self.skip_record(SkippedRecord { record: number, reason: SkipReason::BadCount(raw) });
                return Ok(None);
            }
        };
        Ok(Some(Record { row: Row { source_ip, count, policy_evaluated }, identifiers, auth_results }))
    }

    fn row(
        &mut self,
        source_ip: &mut Option<Result<IpAddr, String>>,
        count: &mut Option<Result<u64, String>>,
        pe: &mut PolicyEvaluated,
    ) -> Result<(), ParseError> {
        self.children(|p, child| {
            match child {
                Child::Open(Tag::SourceIp) | Child::Empty(Tag::SourceIp) => {
                    let raw = p.leaf(child)?;
                    *source_ip = Some(parse_ip(&raw).ok_or_else(|| raw.into_owned()));
                }
                Child::Open(Tag::Count) | Child::Empty(Tag::Count) => {
                    let raw = p.leaf(child)?;
                    *count = Some(raw.parse::<u64>().map_err(|_| raw.into_owned()));
                }
                Child::Open(Tag::PolicyEvaluated) => p.policy_evaluated(pe)?,
                Child::Open(_) => p.skip()?,
                Child::Empty(_) => {}
            }
            Ok(())
        })
    }

    fn policy_evaluated(&mut self, pe: &mut PolicyEvaluated) -> Result<(), ParseError> {
        self.children(|p, child| {
            match child {
                Child::Open(Tag::Disposition) => {
                    let text = p.text(Tag::Disposition)?;
                    let Ok(disposition) = text.parse::<Disposition>();
                    pe.disposition = disposition;
                    if disposition == Disposition::Unknown && !text.is_empty() {
                        pe.other_disposition = Some(text.to_ascii_lowercase());
                    }
                }
                Child::Open(Tag::Dkim) => pe.dkim = p.vocab(Tag::Dkim)?,
                Child::Open(Tag::Spf) => pe.spf = p.vocab(Tag::Spf)?,
                Child::Open(Tag::Reason) => {
                    let mut kind = None;
                    let mut comment = None;
                    p.children(|p, child| {
                        match child {
                            Child::Open(Tag::Type) => {
                                let text = p.text(Tag::Type)?;
                                if !text.trim().is_empty() {
                                    let Ok(parsed) = text.parse::<OverrideType>();
                                    kind = Some(parsed);
                                }
                            }
                            Child::Open(Tag::Comment) => comment = p.optional(Tag::Comment)?,
                            Child::Open(_) => p.skip()?,
                            Child::Empty(_) => {}
                        }
                        Ok(())
                    })?;
                    if kind.is_some() || comment.is_some() {
                        pe.reasons.push(PolicyOverrideReason { kind: kind.unwrap_or_default(), comment });
                    }
                }
                Child::Open(_) => p.skip()?,
                Child::Empty(_) => {}
            }
            Ok(())
        })
    }

    fn identifiers(&mut self, ids: &mut Identifiers) -> Result<(), ParseError> {
        self.children(|p, child| {
            match child {
                Child::Open(Tag::HeaderFrom) => ids.header_from = p.text(Tag::HeaderFrom)?.into_owned(),
                Child::Open(Tag::EnvelopeFrom) => ids.envelope_from = p.optional(Tag::EnvelopeFrom)?,
                Child::Open(Tag::EnvelopeTo) => ids.envelope_to = p.optional(Tag::EnvelopeTo)?,
                Child::Open(_) => p.skip()?,
                Child::Empty(_) => {}
            }
            Ok(())
        })
    }

    fn auth_results(&mut self, auth: &mut AuthResults) -> Result<(), ParseError> {
        self.children(|p, child| {
            match child {
                Child::Open(Tag::Dkim) => {
                    let mut r = DkimAuthResult {
                        domain: String::new(),
                        selector: None,
                        result: AuthResult::Unknown,
                        human_result: None,
                    };
                    p.children(|p, child| {
                        match child {
                            Child::Open(Tag::Domain) => r.domain = p.text(Tag::Domain)?.into_owned(),
                            Child::Open(Tag::Selector) => r.selector = p.optional(Tag::Selector)?,
                            Child::Open(Tag::Result) => r.result = p.vocab(Tag::Result)?,
                            Child::Open(Tag::HumanResult) => r.human_result = p.optional(Tag::HumanResult)?,
                            Child::Open(_) => p.skip()?,
                            Child::Empty(_) => {}
                        }
                        Ok(())
                    })?;
                    auth.dkim.push(r);
                }
                Child::Open(Tag::Spf) => {
                    let mut r = SpfAuthResult {
                        domain: String::new(),
                        scope: None,
                        result: AuthResult::Unknown,
                        human_result: None,
                    };
                    p.children(|p, child| {
                        match child {
                            Child::Open(Tag::Domain) => r.domain = p.text(Tag::Domain)?.into_owned(),
                            Child::Open(Tag::Scope) => r.scope = Some(p.vocab(Tag::Scope)?),
                            Child::Open(Tag::Result) => r.result = p.vocab(Tag::Result)?,
                            Child::Open(Tag::HumanResult) => r.human_result = p.optional(Tag::HumanResult)?,
                            Child::Open(_) => p.skip()?,
                            Child::Empty(_) => {}
                        }
                        Ok(())
                    })?;
                    auth.spf.push(r);
                }
                Child::Open(_) => p.skip()?,
                Child::Empty(_) => {}
            }
            Ok(())
        })
    }
}

/// An IPv4 or IPv6 address as reporters write it; surrounding brackets are tolerated.
fn parse_ip(raw: &str) -> Option<IpAddr> {
    let raw = raw.trim();
    let raw = raw.strip_prefix('[').and_then(|r| r.strip_suffix(']')).unwrap_or(raw);
    raw.parse().ok()
}
