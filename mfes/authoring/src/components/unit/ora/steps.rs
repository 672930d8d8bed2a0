//! The assessment steps: which are on and in what order, each one's dates
//! and settings, and the training examples.

use leptos::prelude::*;
use shared_types::StepKind;

use super::controls::{
    choices, section_described_by, AreaControl, CheckControl, Ctx, InputKind, RowActions,
    SectionProblems, SelectControl, TextControl,
};
use super::model::{
    input_target, step_label, step_slug, strategy_from, strategy_value, Section, StepRow, Uid,
};
use crate::components::outline::reorder::focus_soon;

/// Every kind of step, on or off, in the order learners take them.
#[component]
pub fn StepsSection(ctx: Ctx) -> impl IntoView {
    let problems_id = ctx.id("steps-problems");
    let described = section_described_by(ctx, Section::Steps, problems_id.clone());
    view! {
        <fieldset
            class="ora-section"
            aria-describedby=described
        >
            <legend>"Assessment steps"</legend>
            <SectionProblems ctx=ctx section=Section::Steps id=problems_id />
            <p class="field-hint">
                "Learners take the steps that are on in this order, after responding. \
                 Learner training comes before peer assessment; staff assessment comes last."
            </p>
            <ol class="ora-rows">
                <For
                    each=move || ctx.form.with(|f| f.steps.iter().map(|st| st.kind).collect::<Vec<_>>())
                    key=|kind| *kind
                    children=move |kind| view! { <StepRowView ctx=ctx kind=kind /> }
                />
            </ol>
        </fieldset>
    }
}

/// One step: on or off, its place, dates and own settings.
#[component]
fn StepRowView(ctx: Ctx, kind: StepKind) -> impl IntoView {
    let label = step_label(kind);
    let slug = step_slug(kind);
    let place = ctx.value(move |f| f.step_place(kind));
    let enabled = ctx.value(move |f| f.step(kind).is_some_and(|st| st.enabled));
    let text = move |read: fn(&StepRow) -> String| {
        ctx.value(move |f| f.step(kind).map(read).unwrap_or_default())
    };
    let set = move |write: fn(&mut StepRow, String)| {
        Callback::new(move |v: String| {
            ctx.edit(|f| {
                if let Some(st) = f.step_mut(kind) {
                    write(st, v);
                }
            })
        })
    };
    let details = move || {
        enabled.get().then(|| {
            let own = match kind {
                StepKind::PeerAssessment => view! { <PeerSettings ctx=ctx /> }.into_any(),
                StepKind::StaffAssessment => view! {
                    <CheckControl
                        ctx=ctx
                        target="step-staff-required"
                        label="Learners wait for a staff grade"
                        checked=ctx.value(|f| f.step(StepKind::StaffAssessment).is_some_and(|st| st.required))
                        set=Callback::new(move |v| ctx.edit(|f| {
                            if let Some(st) = f.step_mut(StepKind::StaffAssessment) {
                                st.required = v;
                            }
                        }))
                        hint="Required when staff assessment is the only step."
                    />
                }
                .into_any(),
                StepKind::StudentTraining => view! { <TrainingExamples ctx=ctx /> }.into_any(),
                StepKind::SelfAssessment => ().into_any(),
            };
            view! {
                <div class="field-pair">
                    <TextControl
                        ctx=ctx
                        target=input_target("step", slug, "start")
                        label=format!("{label} start")
                        value=text(|st| st.start.clone())
                        set=set(|st, v| st.start = v)
                        kind=InputKind::DateTime
                    />
                    <TextControl
                        ctx=ctx
                        target=input_target("step", slug, "due")
                        label=format!("{label} due")
                        value=text(|st| st.due.clone())
                        set=set(|st, v| st.due = v)
                        kind=InputKind::DateTime
                    />
                </div>
                {own}
            }
        })
    };
    let legend_id = ctx.id(&input_target("step", slug, "legend"));
    let labelled_by = legend_id.clone();
    view! {
        <li class="ora-row">
            <fieldset class="ora-step" aria-labelledby=labelled_by>
                <legend id=legend_id>{label}</legend>
                <CheckControl
                    ctx=ctx
                    target=input_target("step", slug, "enabled")
                    label=format!("Include {}", label.to_lowercase())
                    checked=enabled
                    set=Callback::new(move |v| ctx.edit(|f| f.set_step_enabled(kind, v)))
                />
                <RowActions
                    ctx=ctx
                    target=input_target("step", slug, "row")
                    name=label.to_lowercase()
                    place=place
                    on_move=Callback::new(move |up| {
                        ctx.edit(|f| {
                            f.move_step(kind, up);
                        })
                    })
                />
                {details}
            </fieldset>
        </li>
    }
}

/// The peer step's counts and how its grades combine.
#[component]
fn PeerSettings(ctx: Ctx) -> impl IntoView {
    let kind = StepKind::PeerAssessment;
    let text = move |read: fn(&StepRow) -> String| {
        ctx.value(move |f| f.step(kind).map(read).unwrap_or_default())
    };
    let set = move |write: fn(&mut StepRow, String)| {
        Callback::new(move |v: String| {
            ctx.edit(|f| {
                if let Some(st) = f.step_mut(kind) {
                    write(st, v);
                }
            })
        })
    };
    view! {
        <div class="field-pair">
            <TextControl
                ctx=ctx
                target="step-peer-must-grade"
                label="Responses each learner grades"
                value=text(|st| st.must_grade.clone())
                set=set(|st, v| st.must_grade = v)
                kind=InputKind::Count
            />
            <TextControl
                ctx=ctx
                target="step-peer-must-be-graded-by"
                label="Grades each response needs"
                value=text(|st| st.must_be_graded_by.clone())
                set=set(|st, v| st.must_be_graded_by = v)
                kind=InputKind::Count
                hint="No more than the responses each learner grades."
            />
        </div>
        <CheckControl
            ctx=ctx
            target="step-peer-flexible"
            label="Flexible peer grading"
            checked=ctx.value(move |f| f.step(kind).is_some_and(|st| st.flexible))
            set=Callback::new(move |v| ctx.edit(|f| {
                if let Some(st) = f.step_mut(kind) {
                    st.flexible = v;
                }
            }))
            hint="After a week without enough grades, 30% of the grades needed (at least one) suffice."
        />
        <SelectControl
            ctx=ctx
            target="step-peer-strategy"
            label="Peer score"
            value=text(|st| strategy_value(st.strategy).to_string())
            set=set(|st, v| st.strategy = strategy_from(&v))
            options=choices(&[("median", "Median of the peers' grades"), ("mean", "Mean of the peers' grades")])
        />
    }
}

/// The training examples: a response per prompt and the option staff
/// chose for each criterion.
#[component]
fn TrainingExamples(ctx: Ctx) -> impl IntoView {
    let add_id = ctx.id("add-example");
    let add = move |_| {
        let mut added = None;
        ctx.edit(|f| added = f.add_example());
        if let Some(uid) = added {
            if let Some(first) = ctx
                .form
                .with_untracked(|f| f.prompts.first().map(|p| p.uid))
            {
                ctx.focus(&input_target("example", uid, &format!("answer-{first}")));
            }
        }
    };
    view! {
        <fieldset class="ora-examples">
            <legend>"Training examples"</legend>
            <p class="field-hint">
                "Learners practise on these responses and must choose the options you chose."
            </p>
            <ol class="ora-rows">
                <For
                    each=move || ctx.form.with(|f| {
                        f.step(StepKind::StudentTraining)
                            .map(|st| st.examples.iter().map(|e| e.uid).collect::<Vec<_>>())
                            .unwrap_or_default()
                    })
                    key=|uid| *uid
                    children=move |uid| view! { <ExampleRowView ctx=ctx uid=uid add_id=add_id.clone() /> }
                />
            </ol>
            <button type="button" class="button button-secondary" id=ctx.id("add-example") on:click=add>
                "Add an example"
            </button>
        </fieldset>
    }
}

/// One training example.
#[component]
fn ExampleRowView(ctx: Ctx, uid: Uid, add_id: String) -> impl IntoView {
    let place = ctx.value(move |f| f.example_place(uid));
    let number = move || place.get().0 + 1;
    let legend_id = ctx.id(&input_target("example", uid, "legend"));
    let labelled_by = legend_id.clone();
    // Drawn again only when the prompts or the rubric change, not while
    // someone types in them.
    let prompts = ctx.value(|f| f.prompts.iter().map(|p| p.uid).collect::<Vec<_>>());
    let answers = move || {
        prompts
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, prompt)| {
                view! {
                    <AreaControl
                        ctx=ctx
                        target=input_target("example", uid, &format!("answer-{prompt}"))
                        label=format!("Response to prompt {}", i + 1)
                        value=ctx.value(move |f| {
                            f.example_row(uid)
                                .and_then(|e| e.answers.get(&prompt).cloned())
                                .unwrap_or_default()
                        })
                        set=Callback::new(move |v: String| ctx.edit(|f| {
                            if let Some(e) = f.example_mut(uid) {
                                e.answers.insert(prompt, v);
                            }
                        }))
                        rows=3
                    />
                }
            })
            .collect_view()
    };
    let criteria = ctx.value(|f| {
        f.criteria
            .iter()
            .filter(|c| !c.options.is_empty())
            .map(|c| {
                let label = if c.label.trim().is_empty() {
                    "(unlabelled criterion)".to_string()
                } else {
                    c.label.clone()
                };
                let options: Vec<(String, String)> =
                    std::iter::once((String::new(), "Choose an option…".to_string()))
                        .chain(c.options.iter().map(|o| {
                            let text = if o.label.trim().is_empty() {
                                format!("({} points)", o.points.trim())
                            } else {
                                o.label.clone()
                            };
                            (o.uid.to_string(), text)
                        }))
                        .collect();
                (c.uid, label, options)
            })
            .collect::<Vec<_>>()
    });
    let choices_view = move || {
        criteria
            .get()
            .into_iter()
            .map(|(criterion, label, options)| {
                view! {
                    <SelectControl
                        ctx=ctx
                        target=input_target("example", uid, &format!("choice-{criterion}"))
                        label=format!("Option for {label}")
                        value=ctx.value(move |f| {
                            f.example_row(uid)
                                .and_then(|e| e.selected.get(&criterion))
                                .map(|o| o.to_string())
                                .unwrap_or_default()
                        })
                        set=Callback::new(move |v: String| ctx.edit(|f| {
                            if let Some(e) = f.example_mut(uid) {
                                match v.parse::<Uid>() {
                                    Ok(option) => {
                                        e.selected.insert(criterion, option);
                                    }
                                    Err(_) => {
                                        e.selected.remove(&criterion);
                                    }
                                }
                            }
                        }))
                        options=options
                    />
                }
            })
            .collect_view()
    };
    view! {
        <li class="ora-row">
            <fieldset class="ora-example" aria-labelledby=labelled_by>
                <legend id=legend_id>{move || format!("Example {}", number())}</legend>
                {answers}
                {choices_view}
                <RowActions
                    ctx=ctx
                    target=input_target("example", uid, "row")
                    name=Signal::derive(move || format!("example {}", number()))
                    place=place
                    on_move=Callback::new(move |up| {
                        ctx.edit(|f| {
                            f.move_example(uid, up);
                        })
                    })
                    on_remove=Callback::new(move |()| {
                        ctx.edit(|f| f.remove_example(uid));
                        focus_soon(add_id.clone());
                    })
                />
            </fieldset>
        </li>
    }
}
