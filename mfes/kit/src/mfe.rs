//! Which micro-frontend is running, and how to move between pages and apps.
//!
//! The four apps are mounted side by side under one origin. A path inside the
//! running app is a client-side navigation; any other path is a full page
//! load of the app that owns it.

use leptos::prelude::*;
use leptos_router::{hooks::use_navigate, NavigateOptions};

/// One of the four micro-frontends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mfe {
    /// Courses, courseware, progress: the learner's app.
    Learning,
    /// Course authoring for course teams.
    Authoring,
    /// Course discussions.
    Discussions,
    /// The account: profile, password, API tokens.
    Profile,
}

impl Mfe {
    /// Every app, in the order the header lists them.
    pub const ALL: [Mfe; 4] = [
        Mfe::Learning,
        Mfe::Authoring,
        Mfe::Discussions,
        Mfe::Profile,
    ];

    /// The name people see.
    pub fn title(self) -> &'static str {
        match self {
            Mfe::Learning => "Learning",
            Mfe::Authoring => "Authoring",
            Mfe::Discussions => "Discussions",
            Mfe::Profile => "Profile",
        }
    }

    /// Where the server mounts the app, without a trailing slash: the
    /// router's base.
    pub fn base(self) -> &'static str {
        match self {
            Mfe::Learning => "/learning",
            Mfe::Authoring => "/authoring",
            Mfe::Discussions => "/discussions",
            Mfe::Profile => "/profile",
        }
    }

    /// The app's home page.
    pub fn home(self) -> String {
        format!("{}/", self.base())
    }

    /// The absolute path of a page of this app (`page` starts with `/`).
    pub fn path(self, page: &str) -> String {
        format!("{}{page}", self.base())
    }

    /// Whether an absolute path belongs to this app.
    pub fn owns(self, path: &str) -> bool {
        let base = self.base();
        path == base
            || path
                .strip_prefix(base)
                .is_some_and(|rest| rest.starts_with(['/', '?', '#']))
    }
}

/// Makes the running app known to the kit's header and pages; call once in
/// each app's `App`.
pub fn provide_mfe(mfe: Mfe) {
    provide_context(mfe);
}

/// The running app, as given to [`provide_mfe`].
pub fn use_mfe() -> Mfe {
    use_context::<Mfe>().expect("provide_mfe() must be called in the app's root component")
}

/// Returns a function that goes to an absolute path: inside the running app
/// through the router, elsewhere with a full page load. Call it inside a
/// `<Router>`.
pub fn use_go() -> impl Fn(&str) + Clone + 'static {
    let mfe = use_mfe();
    let navigate = use_navigate();
    move |path: &str| {
        if mfe.owns(path) {
            navigate(
                path,
                NavigateOptions {
                    resolve: false,
                    replace: true,
                    ..Default::default()
                },
            );
        } else if let Err(e) = window().location().assign(path) {
            log::error!("could not go to {path}: {e:?}");
        }
    }
}

/// The page to return to after signing in: the `next` parameter when it is a
/// path on this origin, otherwise the app's home. Refusing other origins
/// keeps the sign-in page from being an open redirect.
pub fn safe_next(next: Option<&str>, mfe: Mfe) -> String {
    match next {
        Some(next)
            if next.starts_with('/')
                && !next.starts_with("//")
                && !next.contains('\\')
                && !next.chars().any(char::is_control) =>
        {
            next.to_string()
        }
        _ => mfe.home(),
    }
}

/// The path, query and fragment of the current page.
pub fn current_path() -> String {
    let location = window().location();
    let pathname = location.pathname().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    format!("{pathname}{search}{hash}")
}

/// Percent-encodes a query parameter value (RFC 3986 unreserved characters and
/// `/` stay as they are, for readable `next=/learning/` links).
pub fn encode_query_value(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~/".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_app_owns_only_paths_under_its_base() {
        assert!(Mfe::Learning.owns("/learning"));
        assert!(Mfe::Learning.owns("/learning/"));
        assert!(Mfe::Learning.owns("/learning/signin?next=/x"));
        assert!(!Mfe::Learning.owns("/learningfoo"));
        assert!(!Mfe::Learning.owns("/profile/"));
    }

    #[test]
    fn next_must_be_a_path_on_this_origin() {
        assert_eq!(safe_next(Some("/profile/"), Mfe::Learning), "/profile/");
        assert_eq!(
            safe_next(Some("//evil.example/"), Mfe::Learning),
            "/learning/"
        );
        assert_eq!(
            safe_next(Some("https://evil.example/"), Mfe::Learning),
            "/learning/"
        );
        assert_eq!(
            safe_next(Some("/\\evil.example"), Mfe::Learning),
            "/learning/"
        );
        assert_eq!(safe_next(None, Mfe::Profile), "/profile/");
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(encode_query_value("/learning/"), "/learning/");
        assert_eq!(encode_query_value("/a?b=c&d"), "/a%3Fb%3Dc%26d");
        assert_eq!(encode_query_value("é"), "%C3%A9");
    }
}
