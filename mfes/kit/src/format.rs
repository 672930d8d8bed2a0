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

/// A file size as people read it: `512 B`, `1.5 KB`, `2.3 MB`. Integer
/// arithmetic only, so no float formatting code ships in the bundles.
pub fn file_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut divisor: u64 = 1024;
    let mut unit = 0;
    while bytes / divisor >= 1024 && unit < UNITS.len() - 1 {
        divisor *= 1024;
        unit += 1;
    }
    // Tenths of the unit, rounded to the nearest.
    let tenths = (u128::from(bytes) * 10 + u128::from(divisor) / 2) / u128::from(divisor);
    if tenths < 100 && tenths % 10 != 0 {
        format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[unit])
    } else {
        format!("{} {}", (tenths + 5) / 10, UNITS[unit])
    }
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

    #[test]
    fn sizes_read_in_the_largest_fitting_unit() {
        assert_eq!(file_size(512), "512 B");
        assert_eq!(file_size(1536), "1.5 KB");
        assert_eq!(file_size(1024), "1 KB");
        assert_eq!(file_size(25 * 1024 * 1024), "25 MB");
        assert_eq!(file_size(2_411_724), "2.3 MB");
        assert_eq!(file_size(1023 * 1024), "1023 KB");
    }
}
