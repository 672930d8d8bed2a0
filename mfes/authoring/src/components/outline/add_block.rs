use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use lyceum_kit::{
    api::{self, ApiError},
    components::Button,
};
use shared_types::CreateBlockRequest;

use super::{dom_id, edit_error::EditError, type_name, Editor};

/// The component types an author can add to a unit, in the order offered.
const COMPONENT_TYPES: &[&str] = &["html", "problem", "video", "discussion", "openassessment"];

/// What an [`AddBlockForm`] adds: the level below its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewBlock {
    /// A section, under the course.
    Section,
    /// A subsection, under a section.
    Subsection,
    /// A unit, under a subsection.
    Unit,
    /// A component of a chosen type, under a unit.
    Component,
}

impl NewBlock {
    /// The form's heading, the name field's label and the button.
    fn words(self) -> (&'static str, &'static str, &'static str) {
        match self {
            NewBlock::Section => ("New section", "Section name", "Add section"),
            NewBlock::Subsection => ("New subsection", "Subsection name", "Add subsection"),
            NewBlock::Unit => ("New unit", "Unit name", "Add unit"),
            NewBlock::Component => ("New component", "Component name", "Add component"),
        }
    }

    /// The block type, for the levels that have only one.
    fn fixed_type(self) -> Option<&'static str> {
        match self {
            NewBlock::Section => Some("chapter"),
            NewBlock::Subsection => Some("sequential"),
            NewBlock::Unit => Some("vertical"),
            NewBlock::Component => None,
        }
    }
}

/// Adds a block at the end of `parent`'s children.
#[component]
pub fn AddBlockForm(
    /// What to add.
    kind: NewBlock,
    /// The parent's block key.
    parent: String,
    /// The parent's name, which makes the controls' accessible names unique
    /// (visually the level's words are enough).
    parent_name: String,
) -> impl IntoView {
    let editor = Editor::use_editor();
    let (heading, label, action) = kind.words();
    let name = RwSignal::new(String::new());
    let component_type = RwSignal::new(COMPONENT_TYPES[0].to_string());
    let name_error = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let input_id = dom_id(&format!("new-{}", heading.replace(' ', "-")), &parent);
    let type_id = format!("{input_id}-type");
    let error_id = format!("{input_id}-error");
    let context = format!(" in {parent_name}");

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        error.set(None);
        let display_name = name.get_untracked().trim().to_string();
        if display_name.is_empty() {
            name_error.set(Some("Enter a name.".into()));
            return;
        }
        name_error.set(None);
        let block_type = kind
            .fixed_type()
            .map_or_else(|| component_type.get_untracked(), str::to_string);
        let request = CreateBlockRequest {
            base_version: editor.base_version(),
            parent: parent.clone(),
            type_: block_type.clone(),
            display_name: display_name.clone(),
            position: None,
        };
        pending.set(true);
        spawn_local(async move {
            match api::create_block(&editor.course_key(), &request).await {
                Ok(edited) => {
                    name.set(String::new());
                    let what = type_name(&block_type).to_string();
                    editor.edited(edited.version, format!("{what} \"{display_name}\" added."));
                }
                Err(e) => error.set(Some(e)),
            }
            pending.set(false);
        });
    };

    let type_select = (kind == NewBlock::Component).then(|| {
        let options = COMPONENT_TYPES
            .iter()
            .map(|t| view! { <option value=*t>{type_name(t).to_string()}</option> })
            .collect_view();
        view! {
            <div class="field">
                <label for=type_id.clone()>
                    "Component type" <span class="visually-hidden">{context.clone()}</span>
                </label>
                <select
                    id=type_id.clone()
                    on:change=move |ev| component_type.set(event_target_value(&ev))
                    prop:value=move || component_type.get()
                >
                    {options}
                </select>
            </div>
        }
    });

    view! {
        <form class="add-block" novalidate on:submit=on_submit>
            <fieldset>
            <legend>{heading}</legend>
            <div class="field">
                <label for=input_id.clone()>
                    {label} <span class="visually-hidden">{context.clone()}</span>
                </label>
                <input
                    id=input_id.clone()
                    type="text"
                    required=true
                    aria-required="true"
                    aria-invalid=move || name_error.get().map(|_| "true")
                    aria-describedby=move || name_error.get().map(|_| error_id.clone())
                    bind:value=name
                />
                {
                    let error_id = format!("{input_id}-error");
                    move || {
                        name_error
                            .get()
                            .map(|message| {
                                view! {
                                    <p class="field-error" id=error_id.clone() role="alert">
                                        {message}
                                    </p>
                                }
                            })
                    }
                }
            </div>
            {type_select}
            <Button button_type="submit" busy=pending>
                {action}
                <span class="visually-hidden">{context}</span>
            </Button>
            </fieldset>
            <EditError error=error />
        </form>
    }
}
