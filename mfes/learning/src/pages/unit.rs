use leptos::{html, prelude::*, task::spawn_local};
use lyceum_kit::{api, params::use_param, set_page_title};
use shared_types::{BlockCompletion, CompletionBatch, UnitComponent, UnitView};

use crate::{
    components::{
        loading::loading,
        sequence_nav::{SequenceButtons, SequenceNav},
        unit::UnitComponentView,
    },
    links,
    outline::{is_complete, neighbourhood},
    pages::course::{course_load_error, use_course},
};

/// `/course/:course_key/unit/:unit_key`: the courseware. The subsection's
/// units and Previous/Next come from the course tree; the unit's
/// components load on their own.
#[component]
pub fn UnitPage() -> impl IntoView {
    let course = use_course();
    let unit_key = use_param("unit_key");
    // Focus moves to the unit's heading when the learner goes to another
    // unit, as a page load would; not on the first unit shown.
    let first = StoredValue::new(true);

    let navigation = move |bottom: bool| {
        loading(
            (!bottom).then_some("Loading the subsection…"),
            move || {
                let unit = unit_key.get();
                let course_key = course.course_key.get();
                course.blocks.get().map(|result| match result {
                Ok(blocks) => Ok(neighbourhood(&blocks.root, &unit)
                    .map(|around| {
                        if bottom {
                            view! {
                                <SequenceButtons
                                    course_key=course_key.clone()
                                    around=around
                                    label="Units, after the content"
                                />
                            }
                            .into_any()
                        } else {
                            view! {
                                <SequenceNav course_key=course_key.clone() around=around.clone() />
                                <SequenceButtons course_key=course_key.clone() around=around label="Units" />
                            }
                            .into_any()
                        }
                    })
                    .into_any()),
                // The unit itself says why the course cannot be shown.
                Err(_) if bottom => Ok(().into_any()),
                Err(error) => course_load_error(&course_key, error).map(|_| ().into_any()),
            })
            },
        )
    };

    view! {
        <div class="courseware">
            {navigation(false)}
            {move || {
                let unit = unit_key.get();
                let course_key = course.course_key.get();
                let focus = !first.get_value();
                first.set_value(false);
                view! { <UnitLoader course_key=course_key unit_key=unit focus=focus /> }
            }}
            {navigation(true)}
        </div>
    }
}

/// Loads one unit and shows it.
#[component]
fn UnitLoader(course_key: String, unit_key: String, focus: bool) -> impl IntoView {
    let unit = {
        let (course_key, unit_key) = (course_key.clone(), unit_key.clone());
        LocalResource::new(move || {
            let (course_key, unit_key) = (course_key.clone(), unit_key.clone());
            async move { api::get_unit(&course_key, &unit_key).await }
        })
    };
    loading(Some("Loading the unit…"), move || {
        let course_key = course_key.clone();
        unit.get().map(|result| match result {
            Ok(unit) => {
                Ok(view! { <Unit course_key=course_key unit=unit focus=focus /> }.into_any())
            }
            Err(error) if error.status == 404 => Ok(view! {
                <div class="empty-state">
                    <h1>"Unit not found"</h1>
                    <p>"This unit is not part of the course, or it is not released yet."</p>
                    <p>
                        <a href=links::course_home(&course_key)>"Go to the course outline"</a>
                    </p>
                </div>
            }
            .into_any()),
            Err(error) => course_load_error(&course_key, error),
        })
    })
}

/// A unit's components, one after another; the HTML ones count as done
/// once shown, reported in one batch.
#[component]
fn Unit(course_key: String, unit: UnitView, focus: bool) -> impl IntoView {
    set_page_title(&unit.display_name);
    let course = use_course();
    let heading = NodeRef::<html::H1>::new();
    if focus {
        Effect::new(move |_| {
            if let Some(heading) = heading.get() {
                let _ = heading.focus();
            }
        });
    }

    let seen: Vec<BlockCompletion> = unit
        .components
        .iter()
        .filter_map(|component| match component {
            UnitComponent::Html(html) if !is_complete(html.completion) => Some(BlockCompletion {
                id: html.id.clone(),
                completion: 1.0,
            }),
            _ => None,
        })
        .collect();
    if !seen.is_empty() {
        let course_key = course_key.clone();
        spawn_local(async move {
            match api::report_completion(&course_key, &CompletionBatch { blocks: seen }).await {
                Ok(()) => course.blocks.refetch(),
                Err(error) => log::warn!("completion was not recorded: {error}"),
            }
        });
    }

    let empty = unit.components.is_empty();
    let components = unit
        .components
        .into_iter()
        .enumerate()
        .map(|(index, component)| {
            view! { <UnitComponentView course_key=course_key.clone() component=component index=index /> }
        })
        .collect_view();
    view! {
        <article class="unit" data-testid="unit">
            <h1 class="unit-title" node_ref=heading tabindex="-1">
                {unit.display_name}
            </h1>
            {empty
                .then(|| {
                    view! { <p class="empty-state">"This unit has no content yet."</p> }
                })}
            {components}
        </article>
    }
}
