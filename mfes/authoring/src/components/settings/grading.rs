//! The grading policy form: the assignment types (what each kind of graded
//! subsection is worth) and the letter-grade cutoffs.

use leptos::{ev::SubmitEvent, html, prelude::*, task::spawn_local};
use lyceum_kit::{
    api,
    components::{Button, ButtonVariant},
    pages::field_error,
};
use shared_types::{AssignmentType, GradingPolicy, GradingPolicyView, UpdateGradingPolicy};

use super::{
    cutoff_bar::{
        cutoffs_from_grades, focus_later, grades_from_cutoffs, percent, CutoffBar, Grade,
    },
    fields::{Field, FieldKind},
    form::{warn_before_unload, SaveBar, SaveState},
};

/// The request fields whose errors show beside their own part of the form.
const FIELDS: &[&str] = &["graders", "grade_cutoffs"];

/// One assignment type as typed (numbers still text).
#[derive(Debug, Clone, PartialEq, Default)]
struct GraderDraft {
    type_: String,
    short_label: String,
    min_count: String,
    drop_count: String,
    /// Percent of the course grade.
    weight: String,
}

impl GraderDraft {
    fn from_type(grader: &AssignmentType) -> Self {
        Self {
            type_: grader.type_.clone(),
            short_label: grader.short_label.clone(),
            min_count: grader.min_count.to_string(),
            drop_count: grader.drop_count.to_string(),
            weight: percent((grader.weight * 10_000.0).round() / 100.0)
                .trim_end_matches('%')
                .to_string(),
        }
    }

    /// The assignment type to send, or why it cannot be sent.
    fn to_type(&self) -> Result<AssignmentType, String> {
        let name = self.type_.trim();
        let which = if name.is_empty() {
            "an assignment type"
        } else {
            name
        };
        let count = |value: &str, what: &str| {
            value
                .trim()
                .parse::<u32>()
                .map_err(|_| format!("The {what} of {which} must be a whole number, 0 or more."))
        };
        let weight = self
            .weight
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|w| w.is_finite() && (0.0..=100.0).contains(w))
            .ok_or_else(|| format!("The weight of {which} must be a percentage from 0 to 100."))?;
        Ok(AssignmentType {
            type_: name.to_string(),
            short_label: self.short_label.trim().to_string(),
            min_count: count(&self.min_count, "total number")?,
            drop_count: count(&self.drop_count, "number of droppable assignments")?,
            weight: weight / 100.0,
        })
    }
}

/// The controls of one assignment type.
#[derive(Clone, Copy)]
struct GraderRow {
    uid: u32,
    type_: RwSignal<String>,
    short_label: RwSignal<String>,
    min_count: RwSignal<String>,
    drop_count: RwSignal<String>,
    weight: RwSignal<String>,
}

impl GraderRow {
    fn new(uid: u32, draft: GraderDraft) -> Self {
        Self {
            uid,
            type_: RwSignal::new(draft.type_),
            short_label: RwSignal::new(draft.short_label),
            min_count: RwSignal::new(draft.min_count),
            drop_count: RwSignal::new(draft.drop_count),
            weight: RwSignal::new(draft.weight),
        }
    }

    fn draft(&self) -> GraderDraft {
        GraderDraft {
            type_: self.type_.get(),
            short_label: self.short_label.get(),
            min_count: self.min_count.get(),
            drop_count: self.drop_count.get(),
            weight: self.weight.get(),
        }
    }
}

/// The whole form as typed, to tell whether anything changed.
#[derive(Debug, Clone, PartialEq)]
struct GradingDraft {
    graders: Vec<GraderDraft>,
    grades: Vec<(String, f64)>,
}

impl GradingDraft {
    fn policy(&self, grades: &[Grade]) -> Result<GradingPolicy, (&'static str, String)> {
        let graders = self
            .graders
            .iter()
            .map(GraderDraft::to_type)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| ("graders", e))?;
        let grade_cutoffs = cutoffs_from_grades(grades).map_err(|e| ("grade_cutoffs", e))?;
        Ok(GradingPolicy {
            graders,
            grade_cutoffs,
        })
    }
}

/// The grading policy form of one course.
#[component]
pub fn GradingForm(
    course_key: String,
    view: GradingPolicyView,
    /// Loads the policy again (after someone else changed it).
    on_reload: Callback<()>,
) -> impl IntoView {
    let owner = Owner::current();
    let state = SaveState::new(view.version);
    let next_uid = StoredValue::new(0u32);
    let take_uid = move || {
        let uid = next_uid.get_value();
        next_uid.set_value(uid + 1);
        uid
    };
    let rows = RwSignal::new(
        view.policy
            .graders
            .iter()
            .map(|g| GraderRow::new(take_uid(), GraderDraft::from_type(g)))
            .collect::<Vec<_>>(),
    );
    let grades = RwSignal::new(grades_from_cutoffs(&view.policy.grade_cutoffs));
    let grade_uid = StoredValue::new(grades.with_untracked(|gs| gs.len() as u32));

    let draft = Memo::new(move |_| GradingDraft {
        graders: rows.with(|rows| rows.iter().map(GraderRow::draft).collect()),
        grades: grades.with(|gs| gs.iter().map(|g| (g.name.clone(), g.cutoff)).collect()),
    });
    let saved = RwSignal::new(draft.get_untracked());
    let dirty = Signal::derive(move || draft.with(|d| saved.with(|s| d != s)));
    warn_before_unload(dirty);

    let total_weight = move || {
        rows.with(|rows| {
            rows.iter()
                .map(|r| r.weight.with(|w| w.trim().parse::<f64>().unwrap_or(0.0)))
                .sum::<f64>()
        })
    };

    let weight_off =
        Memo::new(move |_| !rows.with(Vec::is_empty) && (total_weight() - 100.0).abs() > 1e-6);

    let add_button = NodeRef::<html::Button>::new();
    let add_type = move |_| {
        let uid = take_uid();
        let row = match &owner {
            Some(owner) => owner.with(|| GraderRow::new(uid, blank_type())),
            None => GraderRow::new(uid, blank_type()),
        };
        rows.update(|rows| rows.push(row));
        focus_later(format!("grader-{uid}-type"));
    };
    let remove_type = Callback::new(move |uid: u32| {
        rows.update(|rows| rows.retain(|r| r.uid != uid));
        if let Some(button) = add_button.get_untracked() {
            let _ = button.focus();
        }
    });

    let course = StoredValue::new(course_key);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let typed = draft.get_untracked();
        let policy = match grades.with_untracked(|gs| typed.policy(gs)) {
            Ok(policy) => policy,
            Err((field, detail)) => return state.refuse(field, detail),
        };
        let Some(base_version) = state.begin() else {
            return;
        };
        let request = UpdateGradingPolicy {
            base_version,
            policy,
        };
        spawn_local(async move {
            let result = api::update_grading_policy(&course.get_value(), &request)
                .await
                .map(|edited| edited.version);
            if state.finish(result, "Grading policy saved.") {
                saved.set(typed);
            }
        });
    };

    let graders_error = field_error(state.error, "graders");
    view! {
        <form class="form settings-form" novalidate on:submit=on_submit>
            <section class="card" aria-labelledby="grade-range-heading">
                <h2 id="grade-range-heading">"Overall grade range"</h2>
                <CutoffBar grades=grades next_uid=grade_uid error=field_error(state.error, "grade_cutoffs") />
            </section>
            <section class="card" aria-labelledby="assignment-types-heading">
                <h2 id="assignment-types-heading">"Assignment types"</h2>
                <p class="field-hint">
                    "Each graded subsection has an assignment type; its weight is the share of the course grade "
                    "that all assignments of that type make up together. The weights must add up to 100%."
                </p>
                {move || {
                    rows.with(Vec::is_empty)
                        .then(|| {
                            view! {
                                <p class="empty-state" data-testid="graders-empty">
                                    "No assignment types: nothing in the course counts toward the grade."
                                </p>
                            }
                        })
                }}
                <ul class="grader-list">
                    <For
                        each=move || rows.get()
                        key=|row| row.uid
                        children=move |row| view! { <GraderFields row=row on_remove=remove_type /> }
                    />
                </ul>
                <p
                    class=move || if weight_off.get() { "weight-total weight-off" } else { "weight-total" }
                    data-testid="weight-total"
                >
                    {move || format!("Total weight: {}", percent((total_weight() * 100.0).round() / 100.0))}
                    {move || weight_off.get().then_some(" (must be 100%)")}
                </p>
                {move || {
                    graders_error
                        .get()
                        .map(|message| {
                            view! {
                                <p class="field-error" id="graders-error" role="alert">
                                    {message}
                                </p>
                            }
                        })
                }}
                <button type="button" class="button button-secondary" node_ref=add_button on:click=add_type>
                    "Add an assignment type"
                </button>
            </section>
            <SaveBar state=state dirty=dirty on_reload=on_reload fields=FIELDS label="Save grading policy" />
        </form>
    }
}

/// A new assignment type, weighing nothing yet.
fn blank_type() -> GraderDraft {
    GraderDraft {
        min_count: "1".into(),
        drop_count: "0".into(),
        weight: "0".into(),
        ..Default::default()
    }
}

/// The fields of one assignment type.
#[component]
fn GraderFields(row: GraderRow, on_remove: Callback<u32>) -> impl IntoView {
    let uid = row.uid;
    let id = move |part: &str| format!("grader-{uid}-{part}");
    let name = move || {
        let name = row.type_.get();
        if name.trim().is_empty() {
            "New assignment type".to_string()
        } else {
            name
        }
    };
    view! {
        <li class="grader" data-testid="grader">
            <fieldset>
                <legend>{name}</legend>
                <div class="grader-fields">
                    <Field
                        id=id("type")
                        label="Name"
                        value=row.type_
                        kind=FieldKind::Text
                        hint="What subsections choose as their type, such as Homework."
                    />
                    <Field
                        id=id("label")
                        label="Abbreviation"
                        value=row.short_label
                        kind=FieldKind::Text
                        hint="Shown on the progress page, such as HW."
                    />
                    <Field
                        id=id("weight")
                        label="Weight of total grade (%)"
                        value=row.weight
                        kind=FieldKind::Number { min: "0", max: Some("100"), step: "any" }
                    />
                    <Field
                        id=id("count")
                        label="Total number"
                        value=row.min_count
                        kind=FieldKind::Number { min: "0", max: None, step: "1" }
                        hint="How many assignments of this type the course has."
                    />
                    <Field
                        id=id("drop")
                        label="Number of droppable"
                        value=row.drop_count
                        kind=FieldKind::Number { min: "0", max: None, step: "1" }
                        hint="How many of the lowest scores are not counted."
                    />
                </div>
                <Button variant=ButtonVariant::Danger on:click=move |_| on_remove.run(uid)>
                    "Remove" <span class="visually-hidden">{move || format!(" {}", name())}</span>
                </Button>
            </fieldset>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_are_edited_in_percent() {
        let grader = AssignmentType {
            type_: "Homework".into(),
            short_label: "HW".into(),
            min_count: 12,
            drop_count: 2,
            weight: 0.15,
        };
        let draft = GraderDraft::from_type(&grader);
        assert_eq!(draft.weight, "15");
        assert_eq!(draft.to_type().unwrap(), grader);
    }

    #[test]
    fn counts_and_weights_must_be_numbers() {
        let draft = GraderDraft {
            type_: "Lab".into(),
            short_label: "L".into(),
            min_count: "two".into(),
            drop_count: "0".into(),
            weight: "10".into(),
        };
        assert!(draft.to_type().unwrap_err().contains("Lab"));
        let draft = GraderDraft {
            min_count: "2".into(),
            weight: "150".into(),
            ..draft
        };
        assert!(draft.to_type().is_err());
    }
}
