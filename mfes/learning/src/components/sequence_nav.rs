//! Moving through the courseware: the units of the current subsection as
//! tabs, and Previous / Next across subsection boundaries.

use leptos::prelude::*;

use crate::{
    links,
    outline::{is_complete, Neighbourhood, UnitPlace},
};

/// The subsection's name and its units, the current one marked.
#[component]
pub fn SequenceNav(course_key: String, around: Neighbourhood) -> impl IntoView {
    let current = around.current.id.clone();
    let tabs = around
        .sequence
        .iter()
        .enumerate()
        .map(|(i, unit)| {
            let is_current = unit.id == current;
            let done = is_complete(unit.completion);
            view! {
                <li>
                    <a
                        class="unit-tab"
                        class:unit-tab-done=done
                        href=links::unit(&course_key, &unit.id)
                        aria-current=is_current.then_some("page")
                        data-testid="unit-tab"
                    >
                        <span class="unit-tab-number" aria-hidden="true">
                            {if done { "✓".to_string() } else { (i + 1).to_string() }}
                        </span>
                        <span class="unit-tab-name">{unit.display_name.clone()}</span>
                        {done.then(|| view! { <span class="visually-hidden">", completed"</span> })}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="sequence-nav" aria-label=format!("Units of {}", around.current.sequence_name)>
            <p class="sequence-crumbs">
                <a href=links::course_home(&course_key)>"Outline"</a>
                " › " {around.current.section_name.clone()} " › "
                <span class="sequence-name">{around.current.sequence_name.clone()}</span>
            </p>
            <ol class="unit-tabs">{tabs}</ol>
        </nav>
    }
}

/// Previous and Next units, whichever subsection they are in; at the end,
/// a way back to the outline.
#[component]
pub fn SequenceButtons(
    course_key: String,
    around: Neighbourhood,
    /// Tells this pair from another on the same page, for screen readers.
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let link = |unit: &UnitPlace, rel: &'static str, text: &'static str| {
        let crossing = unit.sequence_id != around.current.sequence_id;
        let title = if crossing {
            format!("{}: {} ({})", text, unit.display_name, unit.sequence_name)
        } else {
            format!("{}: {}", text, unit.display_name)
        };
        view! {
            <a
                class="button button-secondary"
                href=links::unit(&course_key, &unit.id)
                rel=rel
                title=title.clone()
                aria-label=title
            >
                {text}
            </a>
        }
    };
    let previous = around
        .previous
        .as_ref()
        .map(|unit| link(unit, "prev", "Previous"));
    let next = match around.next.as_ref() {
        Some(unit) => link(unit, "next", "Next").into_any(),
        None => view! {
            <a class="button button-secondary" href=links::course_home(&course_key)>
                "Back to the outline"
            </a>
        }
        .into_any(),
    };
    view! {
        <nav class="sequence-buttons" aria-label=label>
            <span>{previous}</span>
            <span>{next}</span>
        </nav>
    }
}
