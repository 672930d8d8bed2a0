//! Parsing of user input into validated values at the edge, so the rest of
//! the program never sees an invalid username, email or password.

/// A validation failure naming the offending field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub field: &'static str,
    pub message: String,
}

impl Invalid {
    fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

/// A username: 2–30 characters of letters, digits, `_`, `-` and `.`, as
/// Open edX allows. Case is kept for display; uniqueness ignores it.
pub fn username(raw: &str) -> Result<String, Invalid> {
    let name = raw.trim();
    let len = name.chars().count();
    if !(2..=30).contains(&len) {
        return Err(Invalid::new("username", "must be 2 to 30 characters long"));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
    {
        return Err(Invalid::new(
            "username",
            "may contain only letters, digits, `_`, `-` and `.`",
        ));
    }
    Ok(name.to_string())
}

/// An email address, lowercased: one `@`, a non-empty local part and a
/// domain with a dot, no spaces, at most 254 characters.
pub fn email(raw: &str) -> Result<String, Invalid> {
    let email = raw.trim().to_lowercase();
    let invalid = || Invalid::new("email", "is not a valid email address");
    if email.len() > 254 || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(invalid());
    }
    let (local, domain) = email.split_once('@').ok_or_else(invalid)?;
    if local.is_empty()
        || domain.contains('@')
        || !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
        || domain.contains("..")
    {
        return Err(invalid());
    }
    Ok(email)
}

/// A password for `username`/`email`: 8–128 characters, not only digits,
/// and not the username or the email.
pub fn password(
    raw: &str,
    field: &'static str,
    username: &str,
    email: &str,
) -> Result<String, Invalid> {
    let len = raw.chars().count();
    if len < 8 {
        return Err(Invalid::new(field, "must be at least 8 characters long"));
    }
    if len > 128 {
        return Err(Invalid::new(field, "must be at most 128 characters long"));
    }
    if raw.chars().all(|c| c.is_ascii_digit()) {
        return Err(Invalid::new(field, "must not be only digits"));
    }
    let lower = raw.to_lowercase();
    if lower == username.to_lowercase() || lower == email.to_lowercase() {
        return Err(Invalid::new(
            field,
            "must differ from your username and email",
        ));
    }
    Ok(raw.to_string())
}

/// A full name: 1–255 characters after trimming, no control characters.
pub fn full_name(raw: &str) -> Result<String, Invalid> {
    let name = raw.trim();
    let len = name.chars().count();
    if len == 0 {
        return Err(Invalid::new("name", "must not be empty"));
    }
    if len > 255 {
        return Err(Invalid::new("name", "must be at most 255 characters long"));
    }
    if name.chars().any(char::is_control) {
        return Err(Invalid::new("name", "must not contain control characters"));
    }
    Ok(name.to_string())
}

/// A short label such as a token name: 1–`max` characters after trimming.
pub fn label(raw: &str, field: &'static str, max: usize) -> Result<String, Invalid> {
    let label = raw.trim();
    let len = label.chars().count();
    if len == 0 || len > max || label.chars().any(char::is_control) {
        return Err(Invalid::new(
            field,
            format!("must be 1 to {max} printable characters"),
        ));
    }
    Ok(label.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_follow_open_edx_rules() {
        assert_eq!(username(" Ada_L.ov-e ").unwrap(), "Ada_L.ov-e");
        assert_eq!(username("a").unwrap_err().field, "username");
        assert!(username("has space").is_err());
        assert!(username("ünï").is_err());
        assert!(username(&"x".repeat(31)).is_err());
    }

    #[test]
    fn emails_are_lowercased_and_checked() {
        assert_eq!(email("Ada@Example.ORG").unwrap(), "ada@example.org");
        for bad in [
            "",
            "ada",
            "ada@",
            "@x.org",
            "ada@localhost",
            "a b@x.org",
            "a@x..org",
            "a@b@c.org",
        ] {
            assert!(email(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn weak_passwords_are_refused() {
        assert!(password("short", "password", "ada", "ada@x.org").is_err());
        assert!(password("1234567890", "password", "ada", "ada@x.org").is_err());
        assert!(password("adalovelace", "password", "AdaLovelace", "ada@x.org").is_err());
        assert!(password("correct horse", "password", "ada", "ada@x.org").is_ok());
    }
}
