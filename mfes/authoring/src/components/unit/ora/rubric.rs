//! The rubric builder: criteria in order, each with its prompt, written
//! feedback and options (label, points, explanation), and the overall
//! feedback prompt.

use leptos::prelude::*;

use super::controls::{
    choices, section_described_by, AreaControl, Ctx, InputKind, RowActions, SectionProblems,
    SelectControl, TextControl,
};
use super::model::{feedback_from, feedback_value, input_target, Section, Uid};
use crate::components::outline::reorder::focus_soon;

/// The rubric graders use.
#[component]
pub fn RubricSection(ctx: Ctx) -> impl IntoView {
    let problems_id = ctx.id("rubric-problems");
    let add_id = ctx.id("add-criterion");
    let add = move |_| {
        let mut uid = 0;
        ctx.edit(|f| uid = f.add_criterion());
        ctx.focus(&input_target("criterion", uid, "label"));
    };
    let described = section_described_by(ctx, Section::Rubric, problems_id.clone());
    view! {
        <fieldset
            class="ora-section"
            aria-describedby=described
        >
            <legend>"Rubric"</legend>
            <SectionProblems ctx=ctx section=Section::Rubric id=problems_id />
            <ol class="ora-rows">
                <For
                    each=move || ctx.form.with(|f| f.criteria.iter().map(|c| c.uid).collect::<Vec<_>>())
                    key=|uid| *uid
                    children=move |uid| view! { <CriterionRow ctx=ctx uid=uid add_id=add_id.clone() /> }
                />
            </ol>
            <button type="button" class="button button-secondary" id=ctx.id("add-criterion") on:click=add>
                "Add a criterion"
            </button>
            <AreaControl
                ctx=ctx
                target="feedback-prompt"
                label="Overall feedback prompt"
                value=ctx.value(|f| f.feedback_prompt.clone())
                set=Callback::new(move |v| ctx.edit(|f| f.feedback_prompt = v))
                hint="The question above the box where graders comment on the whole response; empty for none."
            />
            <AreaControl
                ctx=ctx
                target="feedback-default-text"
                label="Overall feedback starting text"
                value=ctx.value(|f| f.feedback_default_text.clone())
                set=Callback::new(move |v| ctx.edit(|f| f.feedback_default_text = v))
            />
        </fieldset>
    }
}

const FEEDBACK: &[(&str, &str)] = &[
    ("disabled", "None"),
    ("optional", "Optional"),
    ("required", "Required"),
];

/// One criterion: its label, prompt, feedback and options.
#[component]
fn CriterionRow(ctx: Ctx, uid: Uid, add_id: String) -> impl IntoView {
    let place = ctx.value(move |f| f.criterion_place(uid));
    let number = move || place.get().0 + 1;
    let legend_id = ctx.id(&input_target("criterion", uid, "legend"));
    let labelled_by = legend_id.clone();
    let add_option_id = ctx.id(&input_target("criterion", uid, "add-option"));
    let add_option = move |_| {
        let mut added = None;
        ctx.edit(|f| added = f.add_option(uid));
        if let Some(option) = added {
            ctx.focus(&input_target("option", option, "label"));
        }
    };
    let text = |read: fn(&super::model::CriterionRow) -> String| {
        ctx.value(move |f| f.criterion(uid).map(read).unwrap_or_default())
    };
    let saved_name = ctx.value(move |f| f.criterion(uid).and_then(|c| c.name.clone()));
    let name_hint = move || {
        saved_name.get().map(|name| {
            view! {
                <p class="field-hint">
                    "Saved as “" {name} "”; graders' choices refer to it, so it stays when the label changes."
                </p>
            }
        })
    };
    let add_option_for_each = add_option_id.clone();
    view! {
        <li class="ora-row">
            <fieldset class="ora-criterion" aria-labelledby=labelled_by>
                <legend id=legend_id>{move || format!("Criterion {}", number())}</legend>
                <RowActions
                    ctx=ctx
                    target=input_target("criterion", uid, "row")
                    name=Signal::derive(move || format!("criterion {}", number()))
                    place=place
                    on_move=Callback::new(move |up| {
                        ctx.edit(|f| {
                            f.move_criterion(uid, up);
                        })
                    })
                    on_remove=Callback::new(move |()| {
                        ctx.edit(|f| f.remove_criterion(uid));
                        focus_soon(add_id.clone());
                    })
                />
                <TextControl
                    ctx=ctx
                    target=input_target("criterion", uid, "label")
                    label="Criterion label"
                    value=text(|c| c.label.clone())
                    set=Callback::new(move |v| ctx.edit(|f| {
                        if let Some(c) = f.criterion_mut(uid) {
                            c.label = v;
                        }
                    }))
                />
                {name_hint}
                <AreaControl
                    ctx=ctx
                    target=input_target("criterion", uid, "prompt")
                    label="Criterion prompt"
                    value=text(|c| c.prompt.clone())
                    set=Callback::new(move |v| ctx.edit(|f| {
                        if let Some(c) = f.criterion_mut(uid) {
                            c.prompt = v;
                        }
                    }))
                    rows=2
                />
                <SelectControl
                    ctx=ctx
                    target=input_target("criterion", uid, "feedback")
                    label="Written feedback from graders"
                    value=ctx.value(move |f| f.criterion(uid).map(|c| feedback_value(c.feedback).to_string()).unwrap_or_default())
                    set=Callback::new(move |v: String| ctx.edit(|f| {
                        if let Some(c) = f.criterion_mut(uid) {
                            c.feedback = feedback_from(&v);
                        }
                    }))
                    options=choices(FEEDBACK)
                    hint="A criterion without options asks only for feedback, which must then be required."
                />
                <ol class="ora-options">
                    <For
                        each=move || ctx.form.with(|f| f.criterion(uid).map(|c| c.options.iter().map(|o| o.uid).collect::<Vec<_>>()).unwrap_or_default())
                        key=|option| *option
                        children=move |option| view! {
                            <OptionRow ctx=ctx uid=option add_id=add_option_for_each.clone() />
                        }
                    />
                </ol>
                <button
                    type="button"
                    class="button button-secondary"
                    id=add_option_id
                    aria-label=move || format!("Add an option to criterion {}", number())
                    on:click=add_option
                >
                    "Add an option"
                </button>
            </fieldset>
        </li>
    }
}

/// One option of a criterion.
#[component]
fn OptionRow(ctx: Ctx, uid: Uid, add_id: String) -> impl IntoView {
    let place = ctx.value(move |f| f.option_place(uid));
    let legend_id = ctx.id(&input_target("option", uid, "legend"));
    let labelled_by = legend_id.clone();
    let text = |read: fn(&super::model::OptionRow) -> String| {
        ctx.value(move |f| f.option(uid).map(read).unwrap_or_default())
    };
    let set = |write: fn(&mut super::model::OptionRow, String)| {
        Callback::new(move |v: String| {
            ctx.edit(|f| {
                if let Some(o) = f.option_mut(uid) {
                    write(o, v);
                }
            })
        })
    };
    view! {
        <li class="ora-option">
            <fieldset aria-labelledby=labelled_by>
                <legend id=legend_id>{move || format!("Option {}", place.get().1 + 1)}</legend>
                <div class="ora-option-fields">
                    <TextControl
                        ctx=ctx
                        target=input_target("option", uid, "label")
                        label="Option label"
                        value=text(|o| o.label.clone())
                        set=set(|o, v| o.label = v)
                    />
                    <TextControl
                        ctx=ctx
                        target=input_target("option", uid, "points")
                        label="Points"
                        value=text(|o| o.points.clone())
                        set=set(|o, v| o.points = v)
                        kind=InputKind::Count
                    />
                </div>
                <AreaControl
                    ctx=ctx
                    target=input_target("option", uid, "explanation")
                    label="Explanation"
                    value=text(|o| o.explanation.clone())
                    set=set(|o, v| o.explanation = v)
                    rows=2
                />
                <RowActions
                    ctx=ctx
                    target=input_target("option", uid, "row")
                    name=Signal::derive(move || {
                        let (criterion, option, _) = place.get();
                        format!("option {} of criterion {}", option + 1, criterion + 1)
                    })
                    place=Signal::derive(move || {
                        let (_, option, count) = place.get();
                        (option, count)
                    })
                    on_move=Callback::new(move |up| {
                        ctx.edit(|f| {
                            f.move_option(uid, up);
                        })
                    })
                    on_remove=Callback::new(move |()| {
                        ctx.edit(|f| f.remove_option(uid));
                        focus_soon(add_id.clone());
                    })
                />
            </fieldset>
        </li>
    }
}
