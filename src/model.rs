//! The DMARC aggregate report as RFC 7489 Appendix C and RFC 9990 define it, after parsing.
//!
//! Names follow the RFCs (`Report`, `ReportMetadata`, `PolicyPublished`, `Record`, `Row`). Closed
//! vocabularies are enums with a catch-all, parsed in one `FromStr` each, case-insensitively and with
//! surrounding whitespace ignored, because real reporters write `Pass`, `PASS` and ` pass `.

use std::net::IpAddr;
use std::str::FromStr;

/// One aggregate report: one `<feedback>` element.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// `<version>`: absent in most RFC 7489 reports, "1.0" or "2.0" in newer ones.
    pub version: Option<String>,
    pub metadata: ReportMetadata,
    pub policy_published: PolicyPublished,
    pub records: Vec<Record>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportMetadata {
    pub org_name: String,
    pub email: String,
    pub extra_contact_info: Option<String>,
    pub report_id: String,
    /// `None` when the report carries no readable date range (KDDI's `<data_range>` typo aside,
    /// which the parser accepts with a warning).
    pub date_range: Option<DateRange>,
    pub errors: Vec<String>,
    pub generator: Option<String>,
}

/// Epoch seconds, UTC. Signed because nothing in the RFC forbids odd values and we keep what was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    pub begin: i64,
    pub end: i64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PolicyPublished {
    pub domain: String,
    pub adkim: Option<Alignment>,
    pub aspf: Option<Alignment>,
    pub p: Disposition,
    pub sp: Option<Disposition>,
    pub np: Option<Disposition>,
    pub pct: Option<u8>,
    pub fo: Option<String>,
    pub testing: Option<bool>,
    pub discovery_method: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub row: Row,
    pub identifiers: Identifiers,
    pub auth_results: AuthResults,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub source_ip: IpAddr,
    pub count: u64,
    pub policy_evaluated: PolicyEvaluated,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PolicyEvaluated {
    pub disposition: Disposition,
    /// The disposition as written (trimmed, lower-case) when it is none of the RFC's three, so
    /// the analysis can count every value seen.
    pub other_disposition: Option<String>,
    /// DMARC-aligned DKIM verdict. Missing counts as not pass.
    pub dkim: DmarcResult,
    /// DMARC-aligned SPF verdict. Missing counts as not pass.
    pub spf: DmarcResult,
    pub reasons: Vec<PolicyOverrideReason>,
}

impl PolicyEvaluated {
    /// DMARC passes when either aligned verdict passes (RFC 7489 section 3).
    pub fn dmarc_pass(&self) -> bool {
        self.dkim == DmarcResult::Pass || self.spf == DmarcResult::Pass
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PolicyOverrideReason {
    pub kind: OverrideType,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Identifiers {
    pub header_from: String,
    pub envelope_from: Option<String>,
    pub envelope_to: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuthResults {
    pub dkim: Vec<DkimAuthResult>,
    pub spf: Vec<SpfAuthResult>,
}

impl AuthResults {
    /// Some DKIM signature verified, aligned or not.
    pub fn dkim_authenticated(&self) -> bool {
        self.dkim.iter().any(|r| r.result == AuthResult::Pass)
    }
    /// Some SPF check passed, aligned or not.
    pub fn spf_authenticated(&self) -> bool {
        self.spf.iter().any(|r| r.result == AuthResult::Pass)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DkimAuthResult {
    pub domain: String,
    pub selector: Option<String>,
    pub result: AuthResult,
    pub human_result: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SpfAuthResult {
    pub domain: String,
    pub scope: Option<SpfScope>,
    pub result: AuthResult,
    pub human_result: Option<String>,
}

/// Parses a closed vocabulary case-insensitively; anything else becomes the catch-all, which is
/// also the default.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? } else $other:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub enum $name { $($variant,)+ #[default] $other }

        impl FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let s = s.trim();
                $(if s.eq_ignore_ascii_case($text) { return Ok($name::$variant); })+
                Ok($name::$other)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        /// Any text reads as its word, anything else as the catch-all: a vocabulary read back
        /// from a share link is as lenient as one read from a report.
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                let Ok(value) = text.parse();
                Ok(value)
            }
        }

        impl $name {
            /// The RFC's lower-case spelling; the catch-all reads `unknown`.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)+ $name::$other => "unknown" }
            }
            /// Compact form for the store.
            pub fn to_u8(self) -> u8 { self as u8 }
            pub fn from_u8(v: u8) -> Self {
                const ALL: &[$name] = &[$($name::$variant,)+ $name::$other];
                ALL.get(v as usize).copied().unwrap_or($name::$other)
            }
        }
    };
}

vocabulary! {
    /// `policy_evaluated/disposition` and the published `p`, `sp`, `np`.
    Disposition { None = "none", Quarantine = "quarantine", Reject = "reject" } else Unknown
}

vocabulary! {
    /// `policy_evaluated/dkim` and `policy_evaluated/spf`: the aligned verdicts.
    DmarcResult { Pass = "pass", Fail = "fail" } else Unknown
}

vocabulary! {
    /// `auth_results/*/result`, DKIM's and SPF's vocabularies together.
    AuthResult {
        None = "none", Pass = "pass", Fail = "fail", SoftFail = "softfail", Neutral = "neutral",
        Policy = "policy", TempError = "temperror", PermError = "permerror",
    } else Unknown
}

vocabulary! {
    /// `policy_evaluated/reason/type`: why a receiver did other than the policy asked.
    OverrideType {
        Forwarded = "forwarded", SampledOut = "sampled_out", TrustedForwarder = "trusted_forwarder",
        MailingList = "mailing_list", LocalPolicy = "local_policy", Other = "other",
    } else Unknown
}

impl OverrideType {
    /// This type's bit in a set of types (`StoredRecord::overrides`).
    pub fn bit(self) -> u8 {
        1 << self.to_u8()
    }

    /// A receiver saying the mail came through a forwarder or a list, so a failing check may
    /// be the path's doing rather than a spoofer's.
    pub fn says_forwarded(self) -> bool {
        matches!(
            self,
            OverrideType::Forwarded
                | OverrideType::TrustedForwarder
                | OverrideType::MailingList
                | OverrideType::LocalPolicy
        )
    }
}

vocabulary! {
    Alignment { Relaxed = "r", Strict = "s" } else Unknown
}

vocabulary! {
    SpfScope { Helo = "helo", MailFrom = "mfrom" } else Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_types_have_a_bit_each_and_forwarding_is_told_apart() {
        let all = ["forwarded", "sampled_out", "trusted_forwarder", "mailing_list", "local_policy", "other", "arc"];
        let bits: Vec<u8> = all.iter().map(|t| t.parse::<OverrideType>().unwrap().bit()).collect();
        assert_eq!(bits, [1, 2, 4, 8, 16, 32, 64]);
        let forwarded: Vec<bool> = all.iter().map(|t| t.parse::<OverrideType>().unwrap().says_forwarded()).collect();
        assert_eq!(forwarded, [true, false, true, true, true, false, false]);
        assert_eq!(" Mailing_List ".parse::<OverrideType>().unwrap(), OverrideType::MailingList);
    }

    #[test]
    fn vocabularies_ignore_case_and_space() {
        assert_eq!("Pass".parse::<DmarcResult>().unwrap(), DmarcResult::Pass);
        assert_eq!(" REJECT\n".parse::<Disposition>().unwrap(), Disposition::Reject);
        assert_eq!("hardfail".parse::<AuthResult>().unwrap(), AuthResult::Unknown);
        assert_eq!("".parse::<Disposition>().unwrap(), Disposition::Unknown);
        for v in 0..10u8 {
            let d = AuthResult::from_u8(v);
            if d != AuthResult::Unknown {
                assert_eq!(AuthResult::from_u8(d.to_u8()), d);
            }
        }
    }
}
