//! `/course/:course_key/unit/:block_key`: one unit and its components, to
//! edit, reorder and publish.

use leptos::prelude::*;
use lyceum_kit::{
    api,
    components::{Alert, Spinner},
    params::{use_course_key, use_param},
    set_page_title,
};

use crate::components::{
    course_nav::{CourseNav, CourseTab},
    unit::{AddComponent, ComponentList, LeaveGuard, UnitEditor, UnitHeader},
};

/// The unit page: a new editor for each unit the route points at.
#[component]
pub fn UnitPage() -> impl IntoView {
    let course_key = use_course_key();
    let unit_key = use_param("block_key");
    move || {
        view! { <UnitPageFor course_key=course_key.get() unit_key=unit_key.get() /> }
    }
}

/// The editor of one unit.
#[component]
fn UnitPageFor(course_key: String, unit_key: String) -> impl IntoView {
    set_page_title("Unit");
    let resource = {
        let unit_key = unit_key.clone();
        LocalResource::new(move || {
            let unit_key = unit_key.clone();
            async move { api::get_block(&unit_key).await }
        })
    };
    let unit = UnitEditor::provide(course_key.clone(), unit_key, resource);
    let loaded = unit.load_state();

    view! {
        <section class="page unit-page">
            <CourseNav course_key=course_key current=CourseTab::Outline />
            {move || match loaded.get() {
                None => view! { <Spinner label="Loading the unit…" /> }.into_any(),
                Some(Err(error)) => {
                    view! {
                        <h1>"Unit"</h1>
                        <Alert>
                            <p>{error.detail().to_string()}</p>
                        </Alert>
                    }
                        .into_any()
                }
                Some(Ok(())) => view! { <UnitContent /> }.into_any(),
            }}
            <p class="visually-hidden" role="status" aria-live="polite" data-testid="announcement">
                {move || unit.announcement()}
            </p>
        </section>
    }
}

/// The loaded unit: header, components and the controls that add one.
#[component]
fn UnitContent() -> impl IntoView {
    view! {
        <LeaveGuard />
        <UnitHeader />
        <section class="unit-components" aria-labelledby="components-heading">
            <h2 id="components-heading">"Components"</h2>
            <ComponentList />
        </section>
        <AddComponent />
    }
}
