//! Dates, percentages and scores as learners read them.

use chrono::{DateTime, Utc};
use leptos::prelude::window;
use wasm_bindgen::JsValue;

/// A timestamp in the browser's time zone and language ("Mar 1, 2026,
/// 3:05 PM"), through the browser's `Intl` so that no date library ships
/// in the bundle.
pub fn local_datetime(at: &DateTime<Utc>) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
    let options = js_sys::Object::new();
    for (key, value) in [("dateStyle", "medium"), ("timeStyle", "short")] {
        // Setting a property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    let locale = window()
        .navigator()
        .language()
        .unwrap_or_else(|| "en".to_string());
    date.to_locale_string(&locale, &options).into()
}

/// A timestamp's date alone, in the browser's time zone and language.
pub fn local_date(at: &DateTime<Utc>) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let locale = window()
        .navigator()
        .language()
        .unwrap_or_else(|| "en".to_string());
    date.to_locale_date_string(&locale, &options).into()
}

/// Whether a moment has passed, by the browser's clock.
pub fn is_past(at: &DateTime<Utc>) -> bool {
    (at.timestamp_millis() as f64) < js_sys::Date::now()
}

/// A share 0–1 as a whole percentage, rounded down so that "100%" means
/// all of it.
pub fn percent(share: f64) -> u32 {
    if share.is_finite() {
        (share.clamp(0.0, 1.0) * 100.0 + 1e-9).floor() as u32
    } else {
        0
    }
}

/// A score as few digits as it needs: `1`, `0.5`, `2.25`.
pub fn points(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    if rounded.fract() == 0.0 {
        Num(rounded).to_string()
    } else {
        let text = fixed(rounded, 2);
        text.trim_end_matches('0').to_string()
    }
}

/// A number written as its shortest decimal (`44`, `196.5`), like Rust's
/// `Display` for `f64`. In the browser this is JavaScript's
/// `Number.prototype.toString`, which gives the same digits and keeps
/// Rust's float-formatting code out of the wasm bundle.
#[derive(Clone, Copy, Debug)]
pub struct Num(pub f64);

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        #[cfg(target_arch = "wasm32")]
        {
            let text: String = js_sys::Number::from(self.0)
                .to_string_with_radix(10)
                .map(String::from)
                .unwrap_or_default();
            f.write_str(&text)
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            std::fmt::Display::fmt(&self.0, f)
        }
    }
}

/// A number with exactly `digits` decimals (`0.50`): JavaScript's
/// `Number.prototype.toFixed` in the browser, as [`Num`] does.
fn fixed(value: f64, digits: u8) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Number::from(value)
            .to_fixed(digits)
            .map(String::from)
            .unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        format!("{value:.*}", usize::from(digits))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_down_and_stay_in_range() {
        assert_eq!(percent(0.0), 0);
        assert_eq!(percent(0.999), 99);
        assert_eq!(percent(1.0), 100);
        assert_eq!(percent(0.29), 29);
        assert_eq!(percent(1.5), 100);
        assert_eq!(percent(f64::NAN), 0);
    }

    #[test]
    fn points_drop_needless_decimals() {
        assert_eq!(points(1.0), "1");
        assert_eq!(points(0.5), "0.5");
        assert_eq!(points(2.25), "2.25");
        assert_eq!(points(1.0 / 3.0), "0.33");
    }
}
