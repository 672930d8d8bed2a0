//! Route parameters, decoded, for every app's routes that name a course or
//! a block (`/course/:course_key/...`).

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The `:course_key` of the current route, decoded.
pub fn use_course_key() -> Memo<String> {
    use_param("course_key")
}

/// One route parameter, decoded (empty when absent).
pub fn use_param(name: &'static str) -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| {
        params
            .read()
            .get(name)
            .map(|value| percent_decode(&value))
            .unwrap_or_default()
    })
}

/// Decodes `%XX` escapes: the router leaves reserved characters (`%3A`,
/// `%2B`, `%40`) encoded, our links encode keys as single segments, and a
/// person may paste an encoded key. A `+` stays a plus, as in paths.
fn percent_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if byte == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(decoded) = hex.and_then(|hex| u8::from_str_radix(hex, 16).ok()) {
                out.push(decoded);
                i += 3;
                continue;
            }
        }
        out.push(byte);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::percent_decode;

    #[test]
    fn encoded_and_plain_keys_read_the_same() {
        assert_eq!(
            percent_decode("course-v1%3AOrg%2BCS1%2BR"),
            "course-v1:Org+CS1+R"
        );
        assert_eq!(
            percent_decode("block-v1%3AOrg%2BCS1%2BR%2Btype%40vertical%2Bblock%40u1"),
            "block-v1:Org+CS1+R+type@vertical+block@u1"
        );
        assert_eq!(percent_decode("course-v1:Org+CS1+R"), "course-v1:Org+CS1+R");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("a%41"), "aA");
    }
}
