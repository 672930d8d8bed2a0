use leptos::prelude::*;

/// A horizontal progress bar with its number written beside it, so the
/// value reads without the colour.
#[component]
pub fn ProgressBar(
    /// 0–100.
    percent: u32,
    /// What is measured, for screen readers ("Course progress").
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let percent = percent.min(100);
    view! {
        <div class="progress">
            <div
                class="progress-track"
                role="progressbar"
                aria-label=label
                aria-valuemin="0"
                aria-valuemax="100"
                aria-valuenow=percent.to_string()
                aria-valuetext=format!("{percent}% complete")
            >
                <span class="progress-fill" style=format!("width: {percent}%")></span>
            </div>
            <span class="progress-value" aria-hidden="true">
                {format!("{percent}% complete")}
            </span>
        </div>
    }
}
