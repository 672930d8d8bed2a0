use leptos::prelude::*;

/// A loading indicator that screen readers announce as "Loading…".
#[component]
pub fn Spinner(
    /// What is loading, for screen readers; "Loading…" by default.
    #[prop(into, optional)]
    label: Option<String>,
) -> impl IntoView {
    let label = label.unwrap_or_else(|| "Loading…".to_string());
    view! {
        <div class="spinner" role="status">
            <span class="spinner-ring" aria-hidden="true"></span>
            <span class="visually-hidden">{label}</span>
        </div>
    }
}
