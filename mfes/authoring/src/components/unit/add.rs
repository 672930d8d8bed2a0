//! "Add a new component": one button per type, and for problems a choice of
//! templates written in Open edX's markdown problem syntax.

use leptos::{prelude::*, task::spawn_local};
use lyceum_kit::{api, ApiError};
use shared_types::{CreateBlockRequest, UpdateBlockRequest};

use super::{form::UnitError, UnitEditor};
use crate::components::outline::type_name;

/// A starting point for a new problem.
struct ProblemTemplate {
    /// What the author picks.
    label: &'static str,
    /// The new problem's name.
    display_name: &'static str,
    /// Markdown for the simple editor, or problem XML for the advanced one.
    content: TemplateContent,
}

enum TemplateContent {
    Markdown(&'static str),
    Xml(&'static str),
}

/// Open edX's problem templates, in its order.
const PROBLEM_TEMPLATES: &[ProblemTemplate] = &[
    ProblemTemplate {
        label: "Blank advanced problem",
        display_name: "Blank Advanced Problem",
        content: TemplateContent::Xml("<problem>\n</problem>\n"),
    },
    ProblemTemplate {
        label: "Multiple choice",
        display_name: "Multiple Choice",
        content: TemplateContent::Markdown(
            ">>Which of these is correct?<<\n\n( ) an incorrect answer\n(x) the correct answer\n( ) an incorrect answer\n",
        ),
    },
    ProblemTemplate {
        label: "Checkboxes",
        display_name: "Checkboxes",
        content: TemplateContent::Markdown(
            ">>Select all the correct answers.<<\n\n[x] a correct answer\n[ ] an incorrect answer\n[x] a correct answer\n",
        ),
    },
    ProblemTemplate {
        label: "Dropdown",
        display_name: "Dropdown",
        content: TemplateContent::Markdown(
            ">>Pick the correct answer.<<\n\n[[an incorrect answer, (the correct answer), an incorrect answer]]\n",
        ),
    },
    ProblemTemplate {
        label: "Numerical input",
        display_name: "Numerical Input",
        content: TemplateContent::Markdown(">>What is 40 + 2?<<\n\n= 42 +- 0.5\n"),
    },
    ProblemTemplate {
        label: "Text input",
        display_name: "Text Input",
        content: TemplateContent::Markdown(
            ">>What is the capital of France?<<\n\n= Paris\nor= paris\n",
        ),
    },
];

/// The other component types and their new names, as Open edX names them.
const OTHER_TYPES: &[(&str, &str)] = &[
    ("html", "Text"),
    ("video", "Video"),
    ("discussion", "Discussion"),
    ("openassessment", "Open Response Assessment"),
];

/// The buttons that add a component at the end of the unit; the new one's
/// editor opens at once.
#[component]
pub fn AddComponent() -> impl IntoView {
    let unit = UnitEditor::use_editor();
    let error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let choosing_problem = RwSignal::new(false);

    let add = move |block_type: &'static str,
                    display_name: &'static str,
                    content: Option<&'static TemplateContent>| {
        if pending.get_untracked() {
            return;
        }
        error.set(None);
        pending.set(true);
        let request = CreateBlockRequest {
            base_version: unit.base_version(),
            parent: unit.unit_key(),
            type_: block_type.to_string(),
            display_name: display_name.to_string(),
            position: None,
        };
        spawn_local(async move {
            let created = match api::create_block(&unit.course_key(), &request).await {
                Ok(created) => created,
                Err(e) => {
                    error.set(Some(e));
                    pending.set(false);
                    return;
                }
            };
            let mut version = created.version;
            if let Some(content) = content {
                let mut update = UpdateBlockRequest {
                    base_version: version.clone(),
                    ..Default::default()
                };
                match content {
                    TemplateContent::Markdown(markdown) => {
                        update.markdown = Some((*markdown).to_string());
                    }
                    TemplateContent::Xml(xml) => update.data = Some((*xml).to_string()),
                }
                match api::update_block(&created.id, &update).await {
                    Ok(edited) => version = edited.version,
                    Err(e) => error.set(Some(e)),
                }
            }
            choosing_problem.set(false);
            unit.open_when_listed(created.id);
            unit.edited(
                version,
                format!("{} \"{display_name}\" added.", type_name(block_type)),
            );
            pending.set(false);
        });
    };

    let type_button = move |(block_type, display_name): &'static (&'static str, &'static str)| {
        let label = type_name(block_type).to_string();
        view! {
            <button
                type="button"
                class="button button-secondary"
                disabled=move || pending.get()
                on:click=move |_| add(block_type, display_name, None)
            >
                {label}
            </button>
        }
    };
    let first = type_button(&OTHER_TYPES[0]);
    let rest = OTHER_TYPES[1..].iter().map(type_button).collect_view();
    let templates = move || {
        choosing_problem.get().then(|| {
            let options = PROBLEM_TEMPLATES
                .iter()
                .map(|template| {
                    view! {
                        <li>
                            <button
                                type="button"
                                class="button button-secondary"
                                disabled=move || pending.get()
                                on:click=move |_| {
                                    add("problem", template.display_name, Some(&template.content))
                                }
                            >
                                {template.label}
                            </button>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="problem-templates" id="problem-templates">
                    <h3 id="problem-templates-heading">"Choose a problem type"</h3>
                    <ul aria-labelledby="problem-templates-heading">{options}</ul>
                </div>
            }
        })
    };

    view! {
        <section class="add-component" aria-labelledby="add-component-heading">
            <h2 id="add-component-heading" tabindex="-1">
                "Add a new component"
            </h2>
            <div class="add-component-types" aria-busy=move || pending.get().then_some("true")>
                {first}
                <button
                    type="button"
                    class="button button-secondary"
                    aria-expanded=move || if choosing_problem.get() { "true" } else { "false" }
                    aria-controls="problem-templates"
                    disabled=move || pending.get()
                    on:click=move |_| choosing_problem.update(|open| *open = !*open)
                >
                    "Problem"
                </button>
                {rest}
            </div>
            {templates}
            <UnitError error=error />
        </section>
    }
}
