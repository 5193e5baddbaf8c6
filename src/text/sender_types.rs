//! The sender pack's types (parsedmarc's map: "Marketing", "Email Provider", ...) in words: each
//! type the pack holds today has a key; a type a later pack adds is shown as the pack writes it.
//! The analysis and its JSON keep the pack's own string; only what a person reads is worded.

use super::{tr, Key, Lang};

/// The key of a sender type, as the pack spells it.
pub fn sender_type_key(kind: &str) -> Option<Key> {
    Some(match kind {
        "Agriculture" => Key::SenderTypeAgriculture,
        "Automotive" => Key::SenderTypeAutomotive,
        "Beauty" => Key::SenderTypeBeauty,
        "Conglomerate" => Key::SenderTypeConglomerate,
        "Construction" => Key::SenderTypeConstruction,
        "Consulting" => Key::SenderTypeConsulting,
        "Defense" => Key::SenderTypeDefense,
        "Education" => Key::SenderTypeEducation,
        "Email Provider" => Key::SenderTypeEmailProvider,
        "Email Security" => Key::SenderTypeEmailSecurity,
        "Entertainment" => Key::SenderTypeEntertainment,
        "Event Planning" => Key::SenderTypeEventPlanning,
        "Finance" => Key::SenderTypeFinance,
        "Food" => Key::SenderTypeFood,
        "Government" => Key::SenderTypeGovernment,
        "Government Media" => Key::SenderTypeGovernmentMedia,
        "Healthcare" => Key::SenderTypeHealthcare,
        "ISP" => Key::SenderTypeIsp,
        "IaaS" => Key::SenderTypeIaas,
        "Industrial" => Key::SenderTypeIndustrial,
        "Legal" => Key::SenderTypeLegal,
        "Logistics" => Key::SenderTypeLogistics,
        "MSP" => Key::SenderTypeMsp,
        "MSSP" => Key::SenderTypeMssp,
        "Manufacturing" => Key::SenderTypeManufacturing,
        "Marketing" => Key::SenderTypeMarketing,
        "News" => Key::SenderTypeNews,
        "Nonprofit" => Key::SenderTypeNonprofit,
        "PaaS" => Key::SenderTypePaas,
        "Photography" => Key::SenderTypePhotography,
        "Physical Security" => Key::SenderTypePhysicalSecurity,
        "Print" => Key::SenderTypePrint,
        "Publishing" => Key::SenderTypePublishing,
        "Real Estate" => Key::SenderTypeRealEstate,
        "Religion" => Key::SenderTypeReligion,
        "Retail" => Key::SenderTypeRetail,
        "SaaS" => Key::SenderTypeSaas,
        "Science" => Key::SenderTypeScience,
        "Search Engine" => Key::SenderTypeSearchEngine,
        "Social Media" => Key::SenderTypeSocialMedia,
        "Sports" => Key::SenderTypeSports,
        "Staffing" => Key::SenderTypeStaffing,
        "Technology" => Key::SenderTypeTechnology,
        "Travel" => Key::SenderTypeTravel,
        "Utilities" => Key::SenderTypeUtilities,
        "Web Host" => Key::SenderTypeWebHost,
        _ => return None,
    })
}

/// A sender type in `lang`: its key's words, else the type as the pack writes it.
pub fn sender_type_words(lang: Lang, kind: &str) -> &str {
    sender_type_key(kind).map_or(kind, |key| tr(lang, key))
}
