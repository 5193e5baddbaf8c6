//! Calendar dates from epoch seconds, in UTC, without a date crate: reports carry epoch seconds
//! and every view groups or prints them as UTC days.

/// Days since 1970-01-01 to (year, month, day), by Howard Hinnant's `civil_from_days`.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// (year, month, day) to days since 1970-01-01; the inverse of [`civil_from_days`].
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let month = i64::from(month);
    let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The first second any report or filter may name: 1970-01-01T00:00:00Z.
pub const MIN_EPOCH: i64 = 0;
/// The last second any report or filter may name: 9999-12-31T23:59:59Z. Anything outside
/// `MIN_EPOCH..=MAX_EPOCH` is damage or an attack, never a real report period.
pub const MAX_EPOCH: i64 = 253_402_300_799;
/// Days since 1970-01-01 of 9999-12-31, the last day a filter may name.
pub const MAX_DAY: i64 = MAX_EPOCH / 86_400;

/// Whether an epoch second lies between 1970-01-01 and 9999-12-31.
pub fn epoch_in_range(epoch_seconds: i64) -> bool {
    (MIN_EPOCH..=MAX_EPOCH).contains(&epoch_seconds)
}

/// `YYYY-MM-DD` of a day counted from 1970-01-01. Days outside the supported range are clamped
/// to it, so no caller can overflow the multiplication by 86,400.
pub fn day_date(day: i64) -> String {
    utc_date(day.clamp(0, MAX_DAY) * 86_400)
}

/// The UTC day of an epoch second.
pub fn utc_day(epoch_seconds: i64) -> i64 {
    epoch_seconds.div_euclid(86_400)
}

/// `YYYY-MM-DD` of an epoch second, UTC.
pub fn utc_date(epoch_seconds: i64) -> String {
    let (y, m, d) = civil_from_days(utc_day(epoch_seconds));
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DD HH:MM:SS` of an epoch second, UTC, clamped to 1970-01-01..9999-12-31.
pub fn utc_date_time(epoch_seconds: i64) -> String {
    let seconds = epoch_seconds.clamp(MIN_EPOCH, MAX_EPOCH);
    let of_day = seconds.rem_euclid(86_400);
    format!("{} {:02}:{:02}:{:02}", utc_date(seconds), of_day / 3600, of_day / 60 % 60, of_day % 60)
}

/// Parses `YYYY-MM-DD` to days since 1970-01-01; only dates from 1970-01-01 to 9999-12-31.
pub fn parse_date(text: &str) -> Option<i64> {
    let mut parts = text.trim().splitn(3, '-');
    let year_text = parts.next()?;
    if year_text.len() != 4 || !year_text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i64 = year_text.parse().ok()?;
    if year < 1970 {
        return None;
    }
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&month) || day == 0 || day > 31 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    // Reject 2023-02-30 and the like: the round trip must give the same date.
    (civil_from_days(days) == (year, month, day)).then_some(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(1_538_690_400), "2018-10-04");
        assert_eq!(utc_date(1_709_251_199), "2024-02-29");
        assert_eq!(utc_date(-1), "1969-12-31");
        assert_eq!(parse_date("2024-02-29"), Some(utc_day(1_709_164_800)));
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("2023-13-01"), None);
        assert_eq!(parse_date("nonsense"), None);
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("9999-12-31"), Some(MAX_DAY));
        assert_eq!(utc_date(MAX_EPOCH), "9999-12-31");
        // Out of range: refused, not echoed as some other date.
        for text in ["1969-12-31", "10000-01-01", "25252734927766554-01-01", "-001-06-07", "+2024-01-01"] {
            assert_eq!(parse_date(text), None, "{text}");
        }
        assert_eq!(day_date(i64::MAX), "9999-12-31");
        assert_eq!(day_date(i64::MIN), "1970-01-01");
        assert!(epoch_in_range(0) && epoch_in_range(MAX_EPOCH));
        assert!(!epoch_in_range(-1) && !epoch_in_range(MAX_EPOCH + 1));
    }

    #[test]
    fn round_trip_over_centuries() {
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
