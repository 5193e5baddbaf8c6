//! What to do about mail that fails DMARC: every such message is in one class, defined here
//! once, so every screen, card, alert, table and export counts "possible spoofing" the same way.
//!
//! In order, the first that holds:
//! 1. **Yours**: the source is in a network the user registered (a tag).
//! 2. **Forwarded**: the receiver said so (`policy_evaluated/reason` forwarded,
//!    trusted_forwarder, mailing_list or local_policy), or the message still carries a DKIM
//!    signature of the From domain's organisation (verified or broken on the way) and comes from a
//!    mailbox provider or a mail-security gateway, which forward and relay mail for their users.
//! 3. **A service you use, not set up**: a named service sent it, proven by a check that passed
//!    for the service's own domain (DKIM or SPF), but not aligned with the From domain: patterns
//!    1-3. Its fix is alignment (a DKIM key or a custom return path at the service).
//! 4. **Unknown**: none of these. This, and only this, is "possible spoofing".

use serde::{Deserialize, Serialize};

use crate::model::OverrideType;
use crate::senders::Evidence;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailClass {
    Yours,
    Forwarded,
    ServiceNotSetUp,
    Unknown,
}

impl MailClass {
    pub const ALL: [MailClass; 4] =
        [MailClass::Yours, MailClass::Forwarded, MailClass::ServiceNotSetUp, MailClass::Unknown];

    pub fn as_str(self) -> &'static str {
        match self {
            MailClass::Yours => "yours",
            MailClass::Forwarded => "forwarded",
            MailClass::ServiceNotSetUp => "service_not_set_up",
            MailClass::Unknown => "unknown",
        }
    }
}

/// parsedmarc's sender types that forward or relay their users' mail.
const FORWARDING_KINDS: [&str; 2] = ["Email Provider", "Email Security"];

/// What the class of one DMARC-failing record is decided on.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClassFacts<'a> {
    /// The source is in a registered network.
    pub tagged: bool,
    /// The receiver's override reason types, one bit each (`OverrideType::bit`).
    pub overrides: u8,
    /// A DKIM result (any) for the From domain's organisation is on the record.
    pub own_signature: bool,
    /// How the source's sender was named, if it was, and its type.
    pub evidence: Option<Evidence>,
    pub sender_kind: Option<&'a str>,
}

/// The class of a DMARC-failing record (see the module's definition).
pub fn class_of(facts: &ClassFacts<'_>) -> MailClass {
    let receiver_says_forwarded = (0..8u8).any(|v| {
        let kind = OverrideType::from_u8(v);
        facts.overrides & kind.bit() != 0 && kind.says_forwarded()
    });
    let relays = facts.sender_kind.is_some_and(|k| FORWARDING_KINDS.contains(&k));
    if facts.tagged {
        MailClass::Yours
    } else if receiver_says_forwarded || (facts.own_signature && relays) {
        MailClass::Forwarded
    } else if facts.evidence.is_some_and(Evidence::is_strong) {
        MailClass::ServiceNotSetUp
    } else {
        MailClass::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(
        tagged: bool,
        overrides: &[OverrideType],
        own_signature: bool,
        evidence: Option<Evidence>,
        kind: Option<&str>,
    ) -> MailClass {
        let overrides = overrides.iter().fold(0, |bits, t| bits | t.bit());
        class_of(&ClassFacts { tagged, overrides, own_signature, evidence, sender_kind: kind })
    }

    #[test]
    fn each_class_by_its_definition_in_order() {
        use Evidence::*;
        use MailClass::*;
        use OverrideType as O;
        // A registered network is yours, whatever else holds.
        assert_eq!(class(true, &[O::Forwarded], true, Some(Dkim), Some("Marketing")), Yours);
        // The receiver's word for forwarding.
        for said in [O::Forwarded, O::TrustedForwarder, O::MailingList, O::LocalPolicy] {
            assert_eq!(class(false, &[said], false, None, None), Forwarded, "{said:?}");
        }
        // Sampled out or "other" says nothing of the path.
        assert_eq!(class(false, &[O::SampledOut, O::Other], false, None, None), Unknown);
        // The user's own signature, relayed by a mailbox provider or a security gateway.
        assert_eq!(class(false, &[], true, Some(Network), Some("Email Provider")), Forwarded);
        assert_eq!(class(false, &[], true, Some(Network), Some("Email Security")), Forwarded);
        // ...but the same signature from an ISP's network is not explained by forwarding.
        assert_eq!(class(false, &[], true, Some(Network), Some("ISP")), Unknown);
        // A service proven by its own passing check, not aligned.
        assert_eq!(class(false, &[], false, Some(Dkim), Some("Marketing")), ServiceNotSetUp);
        assert_eq!(class(false, &[], false, Some(Spf), Some("SaaS")), ServiceNotSetUp);
        // A network's name alone proves nothing: possible spoofing.
        assert_eq!(class(false, &[], false, Some(Network), Some("Marketing")), Unknown);
        assert_eq!(class(false, &[], false, Some(NetworkOwner), None), Unknown);
        assert_eq!(class(false, &[], false, None, None), Unknown);
    }
}
