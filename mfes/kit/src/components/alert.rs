use leptos::{error::Errors, prelude::*};

/// What an [`Alert`] tells: errors interrupt assistive technology, the rest
/// is announced politely.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AlertKind {
    /// Something failed (`role="alert"`).
    #[default]
    Error,
    /// Information (`role="status"`).
    Info,
    /// Something worked (`role="status"`).
    Success,
}

/// A message box announced to screen readers when it appears.
#[component]
pub fn Alert(
    /// Error (the default), info or success.
    #[prop(optional)]
    kind: AlertKind,
    children: Children,
) -> impl IntoView {
    let (role, class) = match kind {
        AlertKind::Error => ("alert", "alert alert-error"),
        AlertKind::Info => ("status", "alert alert-info"),
        AlertKind::Success => ("status", "alert alert-success"),
    };
    view! {
        <div class=class role=role>
            {children()}
        </div>
    }
}

/// The fallback of an `<ErrorBoundary>`: every error it caught, in an alert.
pub fn error_fallback(errors: ArcRwSignal<Errors>) -> impl IntoView {
    view! {
        <Alert>
            {move || {
                errors
                    .get()
                    .into_iter()
                    .map(|(_, error)| view! { <p>{error.to_string()}</p> })
                    .collect_view()
            }}
        </Alert>
    }
}
