//! Formatting shared by the pages.

use chrono::{DateTime, Datelike, Timelike, Utc};

/// A timestamp as people read it, in UTC: `2025-03-01 14:05 UTC`. Written by
/// hand rather than with `chrono::format` to keep the strftime machinery out
/// of the wasm bundles.
pub fn datetime(at: &DateTime<Utc>) -> String {
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn timestamps_read_as_date_and_minute_in_utc() {
        let at = Utc.with_ymd_and_hms(2025, 3, 1, 14, 5, 59).unwrap();
        assert_eq!(datetime(&at), "2025-03-01 14:05 UTC");
    }
}
