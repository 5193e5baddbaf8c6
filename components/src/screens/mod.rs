//! The screens, one file each (the known-sender rules and alert thresholds share a tab).

pub mod alert_rules;
pub mod by_sender;
pub mod files;
pub mod history;
pub mod known_senders;
pub mod likely_yours;
pub mod over_time;
pub mod overview;
pub mod patterns;
pub mod policy;
pub mod receivers;
pub mod registered;
pub mod source_records;
pub mod spoofing;
pub mod tags;
