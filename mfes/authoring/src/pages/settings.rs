//! The course's settings pages: schedule & details, grading and advanced
//! settings. Each loads its settings, shows them in a form and saves them
//! based on the version it loaded.

use leptos::prelude::*;
use lyceum_kit::{
    api,
    components::{error_fallback, Spinner},
    params::use_course_key,
    set_page_title,
};

use crate::components::{
    course_nav::{CourseNav, CourseTab},
    settings::{advanced::AdvancedForm, details::DetailsForm, grading::GradingForm},
};

/// `/course/:course_key/settings/details`: schedule & details.
#[component]
pub fn DetailsPage() -> impl IntoView {
    let course_key = use_course_key();
    move || view! { <DetailsSettings course_key=course_key.get() /> }
}

#[component]
fn DetailsSettings(course_key: String) -> impl IntoView {
    set_page_title("Schedule & details");
    let key = StoredValue::new(course_key.clone());
    let details =
        LocalResource::new(move || async move { api::get_course_details(&key.get_value()).await });
    let reload = Callback::new(move |()| details.refetch());
    view! {
        <section class="page settings-page">
            <CourseNav course_key=course_key current=CourseTab::Details />
            <h1>"Schedule & details"</h1>
            <Transition fallback=|| view! { <Spinner label="Loading the schedule and details…" /> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || {
                        details
                            .get()
                            .map(|view| {
                                view.map(|view| {
                                    view! { <DetailsForm course_key=key.get_value() view=view on_reload=reload /> }
                                })
                            })
                    }}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

/// `/course/:course_key/settings/grading`: assignment types and grade
/// cutoffs.
#[component]
pub fn GradingPage() -> impl IntoView {
    let course_key = use_course_key();
    move || view! { <GradingSettings course_key=course_key.get() /> }
}

#[component]
fn GradingSettings(course_key: String) -> impl IntoView {
    set_page_title("Grading");
    let key = StoredValue::new(course_key.clone());
    let policy =
        LocalResource::new(move || async move { api::get_grading_policy(&key.get_value()).await });
    let reload = Callback::new(move |()| policy.refetch());
    view! {
        <section class="page settings-page">
            <CourseNav course_key=course_key current=CourseTab::Grading />
            <h1>"Grading"</h1>
            <Transition fallback=|| view! { <Spinner label="Loading the grading policy…" /> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || {
                        policy
                            .get()
                            .map(|view| {
                                view.map(|view| {
                                    view! { <GradingForm course_key=key.get_value() view=view on_reload=reload /> }
                                })
                            })
                    }}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

/// `/course/:course_key/settings/advanced`: course-wide defaults and
/// switches.
#[component]
pub fn AdvancedPage() -> impl IntoView {
    let course_key = use_course_key();
    move || view! { <AdvancedSettings course_key=course_key.get() /> }
}

#[component]
fn AdvancedSettings(course_key: String) -> impl IntoView {
    set_page_title("Advanced settings");
    let key = StoredValue::new(course_key.clone());
    let settings =
        LocalResource::new(
            move || async move { api::get_advanced_settings(&key.get_value()).await },
        );
    let reload = Callback::new(move |()| settings.refetch());
    view! {
        <section class="page settings-page">
            <CourseNav course_key=course_key current=CourseTab::Advanced />
            <h1>"Advanced settings"</h1>
            <Transition fallback=|| view! { <Spinner label="Loading the advanced settings…" /> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || {
                        settings
                            .get()
                            .map(|view| {
                                view.map(|view| {
                                    view! { <AdvancedForm course_key=key.get_value() view=view on_reload=reload /> }
                                })
                            })
                    }}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}
