//! CSV cells that spreadsheets open safely: every CSV the CLI or the app writes goes through
//! [`spreadsheet_safe`], and a tags CSV read back through [`spreadsheet_unsafe`].

/// A cell as a spreadsheet may safely open it: text that begins with `=`, `+`, `-`, `@`, a tab or
/// a carriage return is taken for a formula by Excel, LibreOffice and Google Sheets, and report
/// fields (org_name, header_from, sender hints) and tag names come from anyone. Such a cell gets
/// a leading `'`, as OWASP recommends; JSON exports stay raw.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// The inverse of [`spreadsheet_safe`], for a CSV this program wrote and a person imports again.
pub fn spreadsheet_unsafe(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if spreadsheet_safe(rest).len() != rest.len() => rest,
        _ => cell,
    }
}
