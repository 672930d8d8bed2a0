//! Dates as people enter them: in the browser's own time zone, while the
//! API speaks UTC. The browser's `Date` does the time-zone arithmetic, so no
//! time-zone database ships in the bundle.

use leptos::wasm_bindgen::JsValue;
use leptos::web_sys::js_sys::Date;

/// The parts of a `datetime-local` value (`YYYY-MM-DDTHH:MM[:SS]`): year,
/// month (1–12), day, hour and minute.
pub fn split_local_input(value: &str) -> Option<(u32, u32, u32, u32, u32)> {
    let (date, time) = value.trim().split_once('T')?;
    let mut date = date.split('-').map(str::parse::<u32>);
    let mut time = time.split(':').map(str::parse::<u32>);
    let year = date.next()?.ok()?;
    let month = date.next()?.ok()?;
    let day = date.next()?.ok()?;
    let hour = time.next()?.ok()?;
    let minute = time.next()?.ok()?;
    let valid = (1..=12).contains(&month) && (1..=31).contains(&day) && hour < 24 && minute < 60;
    (valid && date.next().is_none()).then_some((year, month, day, hour, minute))
}

/// A `datetime-local` value from its parts.
pub fn format_local_input(year: u32, month: u32, day: u32, hour: u32, minute: u32) -> String {
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}")
}

/// An instant (milliseconds since the epoch) as a `datetime-local` value in
/// the browser's time zone.
pub fn to_local_input(millis: i64) -> String {
    let date = Date::new(&JsValue::from_f64(millis as f64));
    format_local_input(
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes(),
    )
}

/// A `datetime-local` value, read in the browser's time zone, as an RFC 3339
/// UTC timestamp (`2030-01-15T08:30:00.000Z`); `None` when it is not a
/// complete date and time.
pub fn from_local_input(value: &str) -> Option<String> {
    let (year, month, day, hour, minute) = split_local_input(value)?;
    let date = Date::new_with_year_month_day_hr_min(
        year,
        month as i32 - 1,
        day as i32,
        hour as i32,
        minute as i32,
    );
    if date.get_time().is_nan() {
        return None;
    }
    date.to_iso_string().as_string()
}

/// An instant as people read it, in their time zone: `2030-01-15 09:30`.
pub fn local_display(millis: i64) -> String {
    to_local_input(millis).replacen('T', " ", 1)
}

/// The browser's offset from UTC now, as `UTC+02:00`.
pub fn time_zone_label() -> String {
    // getTimezoneOffset() is UTC minus local, in minutes.
    let offset = -(Date::new_0().get_timezone_offset() as i64);
    utc_offset_label(offset)
}

/// An offset from UTC in minutes as `UTC+02:00` / `UTC-05:30`.
pub fn utc_offset_label(minutes: i64) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let minutes = minutes.abs();
    format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_inputs_split_into_date_and_time_parts() {
        assert_eq!(
            split_local_input("2030-01-15T09:30"),
            Some((2030, 1, 15, 9, 30))
        );
        assert_eq!(
            split_local_input("2030-01-15T09:30:15"),
            Some((2030, 1, 15, 9, 30))
        );
        assert_eq!(split_local_input(""), None);
        assert_eq!(split_local_input("2030-01-15"), None);
        assert_eq!(split_local_input("2030-13-15T09:30"), None);
    }

    #[test]
    fn local_inputs_are_written_with_leading_zeros() {
        assert_eq!(format_local_input(2030, 1, 5, 9, 3), "2030-01-05T09:03");
    }

    #[test]
    fn offsets_read_as_utc_plus_or_minus() {
        assert_eq!(utc_offset_label(120), "UTC+02:00");
        assert_eq!(utc_offset_label(-330), "UTC-05:30");
        assert_eq!(utc_offset_label(0), "UTC+00:00");
    }
}
