//! The node's clock and time formatting (RFC 3339 in every JSON output).

use std::time::{SystemTime, UNIX_EPOCH};

use lango_protocol::UnixMillis;

/// Wall-clock now, in protocol units.
pub fn now() -> UnixMillis {
    // A clock before 1970 is a broken machine; treat it as the epoch rather than panic.
    let ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0);
    UnixMillis(ms)
}

/// RFC 3339 UTC with millisecond precision, e.g. `2026-11-24T19:35:11.123Z`.
pub fn rfc3339(t: UnixMillis) -> String {
    let nanos = i128::from(t.0) * 1_000_000;
    match time::OffsetDateTime::from_unix_timestamp_nanos(nanos) {
        Ok(dt) => {
            let fmt = time::macros::format_description!(
                "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
            );
            dt.format(&fmt).unwrap_or_else(|_| t.0.to_string())
        }
        Err(_) => t.0.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_rfc3339_utc() {
        assert_eq!(rfc3339(UnixMillis(0)), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            rfc3339(UnixMillis(1_800_000_000_123)),
            "2027-01-15T08:00:00.123Z"
        );
    }
}
