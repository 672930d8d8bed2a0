//! One data load on a page: a spinner while it first loads (the old content
//! stays on screen while it reloads), failures in an alert.
//!
//! Every page's `Transition` + `ErrorBoundary` goes through this one
//! function with its content type erased, so that the framework's generic
//! loading code is compiled once for the app instead of once per page:
//! that keeps the wasm bundle small.

use std::sync::Arc;

use leptos::prelude::*;
use lyceum_kit::{
    components::{error_fallback, Spinner},
    ApiError,
};

/// What a load shows: nothing yet, the view, or the error for the boundary.
type Content = Arc<dyn Fn() -> Option<Result<AnyView, ApiError>> + Send + Sync>;

/// Shows `content` inside a `Transition` and an `ErrorBoundary`; while
/// nothing has loaded, a spinner announcing `spinner` (none when `None`).
pub fn loading(
    spinner: Option<&'static str>,
    content: impl Fn() -> Option<Result<AnyView, ApiError>> + Send + Sync + 'static,
) -> AnyView {
    erased(spinner, Arc::new(content))
}

fn erased(spinner: Option<&'static str>, content: Content) -> AnyView {
    view! {
        <Transition fallback=move || spinner.map(|label| view! { <Spinner label=label /> })>
            <ErrorBoundary fallback=error_fallback>{move || content()}</ErrorBoundary>
        </Transition>
    }
    .into_any()
}
