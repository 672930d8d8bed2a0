//! The top of the unit page: where the unit sits, its name (renamed in
//! place), its publish state, and Publish / Discard changes.

use leptos::{html, prelude::*, task::spawn_local};
use lyceum_kit::{api, components::Button, set_page_title, ApiError};
use shared_types::{BaseVersion, PublishState, UpdateBlockRequest};

use super::{form::UnitError, UnitEditor};
use crate::components::{
    confirm::{refocus, ConfirmDialog},
    course_nav::{course_href, CourseTab},
    outline::{publish_badge, type_name},
    rename::RenameForm,
};

/// The breadcrumb, the unit's name and its publishing controls.
#[component]
pub fn UnitHeader() -> impl IntoView {
    let unit = UnitEditor::use_editor();
    let outline_href = course_href(&unit.course_key(), CourseTab::Outline);
    let name = Memo::new(move |_| unit.with_unit(|u| u.map(|v| v.block.display_name.clone())));
    let state = Memo::new(move |_| unit.with_unit(|u| u.map(|v| v.block.publish_state)));
    Effect::new(move |_| {
        if let Some(name) = name.get() {
            set_page_title(&name);
        }
    });

    let crumbs = {
        let outline_href = outline_href.clone();
        move || {
            unit.with_unit(|u| {
                u.map(|view| {
                    view.block
                        .ancestors
                        .iter()
                        .map(|crumb| {
                            let label = if crumb.type_ == "course" {
                                crumb.display_name.clone()
                            } else {
                                format!("{}: {}", type_name(&crumb.type_), crumb.display_name)
                            };
                            view! {
                                <li>
                                    <a href=outline_href.clone()>{label}</a>
                                </li>
                            }
                        })
                        .collect_view()
                })
            })
        }
    };

    let renaming = RwSignal::new(false);
    let rename_button = NodeRef::<html::Button>::new();
    Effect::new(move |was: Option<bool>| {
        let now = renaming.get();
        if was == Some(true) && !now {
            refocus(rename_button);
        }
        now
    });

    let badge = move || {
        state.get().map(|state| {
            let (text, class) = publish_badge(state);
            view! {
                <span class=class data-testid="unit-publish-state">
                    {text}
                </span>
            }
        })
    };

    view! {
        <nav aria-label="Breadcrumb" class="breadcrumb">
            <ol class="crumbs">
                {crumbs}
                <li aria-current="page">{move || name.get().unwrap_or_default()}</li>
            </ol>
        </nav>
        <div class="unit-title">
            {move || {
                if renaming.get() {
                    view! {
                        <UnitRename
                            name=name.get_untracked().unwrap_or_default()
                            on_close=Callback::new(move |()| renaming.set(false))
                        />
                    }
                        .into_any()
                } else {
                    view! { <h1>{move || name.get().unwrap_or_default()}</h1> }.into_any()
                }
            }}
            <button
                type="button"
                class="button button-secondary"
                node_ref=rename_button
                aria-label="Rename unit"
                disabled=move || renaming.get()
                on:click=move |_| renaming.set(true)
            >
                "Rename"
            </button>
            {badge}
        </div>
        <PublishControls state=state />
        <p>
            <a href=outline_href>"Back to the outline"</a>
        </p>
    }
}

/// Publish unit and Discard changes, with where the unit stands.
#[component]
fn PublishControls(state: Memo<Option<PublishState>>) -> impl IntoView {
    let unit = UnitEditor::use_editor();
    let error = RwSignal::new(None::<ApiError>);
    let publishing = RwSignal::new(false);
    let discarding = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let discard_button = NodeRef::<html::Button>::new();
    let busy = move || publishing.get() || discarding.get();

    let status = move || match state.get() {
        Some(PublishState::Published) => "Published: learners see this unit as it is.",
        Some(PublishState::DraftChanges) => {
            "Draft changes: learners see the last published version."
        }
        Some(PublishState::NeverPublished) | None => "Not published: learners cannot see it yet.",
    };

    let publish = move |_| {
        if busy() {
            return;
        }
        error.set(None);
        publishing.set(true);
        let request = BaseVersion {
            base_version: unit.base_version(),
        };
        spawn_local(async move {
            match api::publish_block(&unit.unit_key(), &request).await {
                Ok(heads) => unit.edited(heads.draft_version, "Unit published.".into()),
                Err(e) => error.set(Some(e)),
            }
            publishing.set(false);
        });
    };

    let discard = Callback::new(move |()| {
        if busy() {
            return;
        }
        error.set(None);
        discarding.set(true);
        let request = BaseVersion {
            base_version: unit.base_version(),
        };
        spawn_local(async move {
            match api::discard_block_changes(&unit.unit_key(), &request).await {
                Ok(edited) => {
                    confirming.set(false);
                    unit.edited_then_focus(
                        edited.version,
                        "Draft changes discarded.".into(),
                        "discard-unit".into(),
                    );
                }
                Err(e) => error.set(Some(e)),
            }
            discarding.set(false);
        });
    });

    let dialog = move || {
        view! {
            <ConfirmDialog
                id="discard-dialog".to_string()
                question="Discard the draft changes of this unit and bring back what learners see? \
                          This cannot be undone."
                    .to_string()
                confirm_label="Discard changes"
                busy=discarding
                on_confirm=discard
                on_cancel=Callback::new(move |()| {
                    confirming.set(false);
                    refocus(discard_button);
                })
            />
        }
    };

    view! {
        <div class="publish-bar">
            <p class="publish-status" data-testid="unit-publish-status">
                {status}
            </p>
            <Button
                busy=publishing
                disabled=Signal::derive(move || state.get() == Some(PublishState::Published))
                on:click=publish
            >
                "Publish unit"
            </Button>
            <button
                type="button"
                id="discard-unit"
                class="button button-danger"
                node_ref=discard_button
                aria-expanded=move || if confirming.get() { "true" } else { "false" }
                aria-controls="discard-dialog"
                disabled=move || state.get() != Some(PublishState::DraftChanges)
                on:click=move |_| confirming.set(true)
            >
                "Discard changes"
            </button>
            {move || {
                unit.has_unsaved()
                    .then(|| {
                        view! {
                            <p class="unsaved-note">
                                "An editor below has unsaved changes; save them before publishing."
                            </p>
                        }
                    })
            }}
            <UnitError error=error />
        </div>
        {move || confirming.get().then(dialog)}
    }
}

/// Renames the unit in place; Escape or Cancel closes it unchanged.
#[component]
fn UnitRename(name: String, on_close: Callback<()>) -> impl IntoView {
    let unit = UnitEditor::use_editor();
    let error = RwSignal::new(None::<ApiError>);
    let name_error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let on_rename = Callback::new(move |new_name: String| {
        let request = UpdateBlockRequest {
            base_version: unit.base_version(),
            display_name: Some(new_name.clone()),
            ..Default::default()
        };
        pending.set(true);
        spawn_local(async move {
            match api::update_block(&unit.unit_key(), &request).await {
                Ok(edited) => {
                    unit.edited(edited.version, format!("Unit renamed to \"{new_name}\"."));
                    on_close.run(());
                }
                Err(e) => {
                    if e.field() == Some("display_name") {
                        name_error.set(Some(e.detail().to_string()));
                    } else {
                        error.set(Some(e));
                    }
                }
            }
            pending.set(false);
        });
    });

    view! {
        <RenameForm
            input_id="unit-name".to_string()
            label="Unit name"
            name=name
            pending=pending
            error=error
            name_error=name_error
            on_rename=on_rename
            on_close=on_close
        >
            <UnitError error=error />
        </RenameForm>
    }
}
