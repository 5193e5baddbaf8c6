//! gzip (RFC 1952) and zlib (RFC 1950) streams, inflated by flate2 over miniz_oxide.
//!
//! Real reports bring several gzip members in one file, gzip inside gzip, and stray bytes after the
//! last member (a CRLF added by a mail relay). Each member's CRC-32 and length are checked by
//! flate2; bytes after the last member that do not start another member are ignored.

use std::io::Read;

use flate2::bufread::{GzDecoder, ZlibDecoder};

use super::{read_capped, InflateError};
use crate::limits::Budget;

/// Inflates every gzip member of `data`, concatenated. Members are counted against
/// `max_members`: each costs a fresh inflate state, so a file of a million empty members (20 bytes
/// each) would keep the decoder busy for minutes without ever touching the byte budget.
pub(crate) fn gunzip(mut data: &[u8], budget: &mut Budget, max_members: usize) -> Result<Vec<u8>, InflateError> {
    let mut out = Vec::new();
    let mut members = 0usize;
    loop {
        members += 1;
        if members > max_members {
            return Err(InflateError::TooManyMembers(max_members));
        }
        let mut decoder = GzDecoder::new(data);
        read_capped(&mut decoder, &mut out, budget).map_err(classify)?;
        data = decoder.into_inner();
        if !data.starts_with(&[0x1f, 0x8b]) {
            return Ok(out);
        }
    }
}

/// Inflates one zlib stream (a container some tools write instead of gzip).
pub(crate) fn inflate_zlib(data: &[u8], budget: &mut Budget) -> Result<Vec<u8>, InflateError> {
    let mut out = Vec::new();
    let mut decoder = ZlibDecoder::new(data);
    read_capped(&mut decoder as &mut dyn Read, &mut out, budget).map_err(classify)?;
    Ok(out)
}

/// flate2 reports a stream that stops early as "corrupt deflate stream" or as an unexpected end;
/// both mean truncated data to the user.
fn classify(e: InflateError) -> InflateError {
    match e {
        InflateError::Corrupt(detail) if detail.contains("unexpected end") => InflateError::Truncated,
        other => other,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::Write;

    use flate2::write::GzEncoder;
    use flate2::Compression;

    use super::*;

    pub(crate) fn gz(data: &[u8]) -> Vec<u8> {
        let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    fn budget() -> Budget {
        Budget { limit: 1 << 20, used: 0 }
    }

    #[test]
    fn several_members_and_trailing_bytes() {
        let mut data = gz(b"<feedback>");
        data.extend(gz(b"</feedback>"));
        data.extend(b"\r\n");
        assert_eq!(gunzip(&data, &mut budget(), 100).unwrap(), b"<feedback></feedback>");
        assert!(matches!(gunzip(&data, &mut budget(), 1), Err(InflateError::TooManyMembers(1))));
    }

    #[test]
    fn damaged_and_truncated_members_are_errors() {
        let data = gz(&[b'x'; 5000]);
        let truncated = &data[..data.len() / 2];
        assert!(matches!(gunzip(truncated, &mut budget(), 100), Err(InflateError::Truncated)));

        let mut bad_crc = data.clone();
        let n = bad_crc.len();
        bad_crc[n - 8] ^= 0xff;
        assert!(matches!(gunzip(&bad_crc, &mut budget(), 100), Err(InflateError::Corrupt(_))));
    }

    #[test]
    fn bomb_stops_at_the_budget() {
        let data = gz(&vec![0u8; 4 << 20]);
        let mut small = Budget { limit: 1 << 20, used: 0 };
        assert!(matches!(gunzip(&data, &mut small, 100), Err(InflateError::TooLarge(_))));
    }
}
