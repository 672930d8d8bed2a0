//! The rubric as a form: what a learner fills in to assess a peer, their
//! own response or a training example, and what the course team fills in
//! to grade a submission.

use std::collections::BTreeMap;

use leptos::prelude::*;
use shared_types::{
    CriterionFeedback, OraAssessmentInput, OraCriterionAnswer, Rubric, RubricCriterion,
    SelectedOption,
};

use super::points_text;

/// Said under a training criterion answered unlike the course team.
const MISMATCH_NOTE: &str = "Your choice differs from the course team's. \
    Read the response again and choose another option.";

/// The answers given in a [`RubricForm`], kept outside it so the page that
/// submits them can check and read them, and clear them for the next
/// response.
#[derive(Debug, Clone, Copy)]
pub struct RubricAnswers {
    /// The chosen option's name, by criterion name.
    options: RwSignal<BTreeMap<String, String>>,
    /// The feedback written on each criterion, by criterion name.
    feedback: RwSignal<BTreeMap<String, String>>,
    /// The overall feedback.
    overall: RwSignal<String>,
    /// Why a criterion's answer cannot be submitted, by criterion name.
    errors: RwSignal<BTreeMap<String, String>>,
}

impl RubricAnswers {
    /// Nothing chosen yet; the overall feedback starts from the rubric's
    /// default text.
    pub fn new(rubric: &Rubric) -> Self {
        Self {
            options: RwSignal::new(BTreeMap::new()),
            feedback: RwSignal::new(BTreeMap::new()),
            overall: RwSignal::new(rubric.feedback_default_text.clone().unwrap_or_default()),
            errors: RwSignal::new(BTreeMap::new()),
        }
    }

    /// Starts over, for the next response to assess.
    pub fn clear(&self, rubric: &Rubric) {
        self.options.set(BTreeMap::new());
        self.feedback.set(BTreeMap::new());
        self.overall
            .set(rubric.feedback_default_text.clone().unwrap_or_default());
        self.errors.set(BTreeMap::new());
    }

    /// The assessment to submit, or `None` (with each problem shown beside
    /// its criterion) while an option is missing or required feedback is
    /// empty.
    pub fn assessment(&self, rubric: &Rubric) -> Option<OraAssessmentInput> {
        let options = self.options.get_untracked();
        let feedback = self.feedback.get_untracked();
        let mut errors = BTreeMap::new();
        let mut criteria = Vec::with_capacity(rubric.criteria.len());
        for criterion in &rubric.criteria {
            let option = options.get(&criterion.name).cloned();
            let text = feedback
                .get(&criterion.name)
                .map(|t| t.trim().to_string())
                .unwrap_or_default();
            if let Some(problem) = missing(criterion, option.as_deref(), &text) {
                errors.insert(criterion.name.clone(), problem);
            }
            criteria.push(OraCriterionAnswer {
                criterion: criterion.name.clone(),
                option: option.filter(|_| !criterion.options.is_empty()),
                feedback: if asks_feedback(criterion) {
                    text
                } else {
                    String::new()
                },
            });
        }
        let valid = errors.is_empty();
        self.errors.set(errors);
        valid.then(|| OraAssessmentInput {
            criteria,
            feedback: self.overall.get_untracked().trim().to_string(),
        })
    }

    /// The options chosen for a training example (criteria without options
    /// are left out), or `None` while one is missing.
    pub fn selected_options(&self, rubric: &Rubric) -> Option<Vec<SelectedOption>> {
        let options = self.options.get_untracked();
        let mut errors = BTreeMap::new();
        let mut selected = Vec::new();
        for criterion in rubric.criteria.iter().filter(|c| !c.options.is_empty()) {
            match options.get(&criterion.name) {
                Some(option) => selected.push(SelectedOption {
                    criterion: criterion.name.clone(),
                    option: option.clone(),
                }),
                None => {
                    errors.insert(
                        criterion.name.clone(),
                        format!("Choose an option for {}.", criterion_label(criterion)),
                    );
                }
            }
        }
        let valid = errors.is_empty();
        self.errors.set(errors);
        valid.then_some(selected)
    }

    /// How many problems the last check found.
    pub fn error_count(&self) -> usize {
        self.errors.with_untracked(BTreeMap::len)
    }

    /// The id of the first control with a problem, to move the focus there
    /// after a failed check.
    pub fn first_invalid_id(&self, rubric: &Rubric, id_prefix: &str) -> Option<String> {
        self.errors.with_untracked(|errors| {
            rubric
                .criteria
                .iter()
                .enumerate()
                .find(|(_, c)| errors.contains_key(&c.name))
                .map(|(i, c)| {
                    let chosen = self.options.with_untracked(|o| o.contains_key(&c.name));
                    if c.options.is_empty() || chosen {
                        feedback_id(id_prefix, i)
                    } else {
                        option_id(id_prefix, i, 0)
                    }
                })
        })
    }
}

/// Whether graders write feedback on the criterion: when the rubric asks
/// for it, and always for a criterion without options.
fn asks_feedback(criterion: &RubricCriterion) -> bool {
    criterion.options.is_empty() || criterion.feedback != CriterionFeedback::Disabled
}

/// Whether the criterion's feedback must be written.
fn needs_feedback(criterion: &RubricCriterion) -> bool {
    criterion.options.is_empty() || criterion.feedback == CriterionFeedback::Required
}

/// The criterion's name as graders read it.
fn criterion_label(criterion: &RubricCriterion) -> &str {
    if criterion.label.trim().is_empty() {
        &criterion.name
    } else {
        &criterion.label
    }
}

/// What is missing from a criterion's answer, if anything.
fn missing(criterion: &RubricCriterion, option: Option<&str>, feedback: &str) -> Option<String> {
    let label = criterion_label(criterion);
    let chose = option.is_some_and(|o| criterion.options.iter().any(|opt| opt.name == o));
    if !criterion.options.is_empty() && !chose {
        return Some(format!("Choose an option for {label}."));
    }
    if needs_feedback(criterion) && feedback.is_empty() {
        return Some(format!("Write feedback on {label}."));
    }
    None
}

fn option_id(prefix: &str, criterion: usize, option: usize) -> String {
    format!("{prefix}c{criterion}-o{option}")
}

fn feedback_id(prefix: &str, criterion: usize) -> String {
    format!("{prefix}c{criterion}-feedback")
}

/// The rubric as a form: one `fieldset` per criterion whose `legend` is
/// the criterion, its prompt tied to it as a description, its options as
/// radio buttons labelled with their name and points and described by
/// their explanation, and a feedback box where the rubric asks for one
/// (criteria without options have only the box). Problems found by
/// [`RubricAnswers::assessment`] show under their criterion, which is then
/// `aria-invalid`.
#[component]
pub fn RubricForm(
    rubric: Rubric,
    answers: RubricAnswers,
    /// Prefixes every DOM id, so that several forms can share a page.
    #[prop(into)]
    id_prefix: String,
    /// Options only (student training): no feedback boxes.
    #[prop(optional)]
    options_only: bool,
    /// Draws every control disabled (while submitting).
    #[prop(into, optional)]
    disabled: MaybeProp<bool>,
    /// Criteria (names) to mark as answered differently from the course
    /// team (student training).
    #[prop(into, optional)]
    mismatched: Option<Signal<Vec<String>>>,
) -> impl IntoView {
    let overall = (!options_only).then(|| {
        let id = format!("{id_prefix}overall");
        let hint_id = format!("{id}-hint");
        let hint = rubric
            .feedback_prompt
            .clone()
            .filter(|p| !p.trim().is_empty());
        let described = hint.as_ref().map(|_| hint_id.clone());
        view! {
            <div class="field rubric-overall">
                <label for=id.clone()>"Overall feedback (optional)"</label>
                {hint.map(|text| view! { <p class="field-hint" id=hint_id>{text}</p> })}
                <textarea
                    id=id
                    rows="4"
                    aria-describedby=described
                    disabled=move || disabled.get().unwrap_or(false)
                    prop:value=move || answers.overall.get()
                    on:input=move |ev| answers.overall.set(event_target_value(&ev))
                ></textarea>
            </div>
        }
    });
    // Practice (options only) leaves out the criteria that only take
    // feedback.
    let criteria = rubric
        .criteria
        .into_iter()
        .enumerate()
        .filter(|(_, criterion)| !options_only || !criterion.options.is_empty())
        .map(|(i, criterion)| {
            criterion_view(
                &id_prefix,
                i,
                criterion,
                answers,
                !options_only,
                disabled,
                mismatched,
            )
        })
        .collect_view();
    view! {
        <div class="rubric-form">
            {criteria}
            {overall}
        </div>
    }
}

/// One criterion of the form.
fn criterion_view(
    prefix: &str,
    index: usize,
    criterion: RubricCriterion,
    answers: RubricAnswers,
    with_feedback: bool,
    disabled: MaybeProp<bool>,
    mismatched: Option<Signal<Vec<String>>>,
) -> impl IntoView {
    let name = criterion.name.clone();
    let label = criterion_label(&criterion).to_string();
    let group = format!("{prefix}c{index}");
    let prompt_id = format!("{group}-prompt");
    let error_id = format!("{group}-error");
    let mismatch_id = format!("{group}-mismatch");
    let is_disabled = move || disabled.get().unwrap_or(false);

    let error = {
        let name = name.clone();
        move || answers.errors.with(|e| e.get(&name).cloned())
    };
    let differs = {
        let name = name.clone();
        move || mismatched.is_some_and(|m| m.with(|m| m.contains(&name)))
    };
    let described_by = {
        let has_prompt = !criterion.prompt.trim().is_empty();
        let (prompt_id, error_id, mismatch_id) =
            (prompt_id.clone(), error_id.clone(), mismatch_id.clone());
        let (error, differs) = (error.clone(), differs.clone());
        move || {
            let mut ids = Vec::new();
            if has_prompt {
                ids.push(prompt_id.clone());
            }
            if differs() {
                ids.push(mismatch_id.clone());
            }
            if error().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = {
        let (error, differs) = (error.clone(), differs.clone());
        move || (error().is_some() || differs()).then_some("true")
    };
    let prompt = (!criterion.prompt.trim().is_empty()).then(|| {
        view! { <p class="rubric-prompt" id=prompt_id>{criterion.prompt.clone()}</p> }
    });

    let options = criterion
        .options
        .iter()
        .enumerate()
        .map(|(o, option)| {
            let id = option_id(prefix, index, o);
            let explanation_id = format!("{id}-explanation");
            let has_explanation = !option.explanation.trim().is_empty();
            let checked = {
                let (name, value) = (name.clone(), option.name.clone());
                move || answers.options.with(|all| all.get(&name) == Some(&value))
            };
            let choose = {
                let (name, value) = (name.clone(), option.name.clone());
                move |_| {
                    answers.options.update(|all| {
                        all.insert(name.clone(), value.clone());
                    });
                    answers.errors.update(|e| {
                        e.remove(&name);
                    });
                }
            };
            view! {
                <div class="rubric-option">
                    <input
                        type="radio"
                        id=id.clone()
                        name=group.clone()
                        value=option.name.clone()
                        aria-describedby=has_explanation.then(|| explanation_id.clone())
                        prop:checked=checked
                        disabled=is_disabled
                        on:change=choose
                    />
                    <label for=id>
                        <span class="rubric-option-label">{option.label.clone()}</span>
                        " "
                        <span class="rubric-option-points">{points_text(option.points)}</span>
                    </label>
                    {has_explanation
                        .then(|| {
                            view! {
                                <p class="rubric-option-explanation" id=explanation_id>
                                    {option.explanation.clone()}
                                </p>
                            }
                        })}
                </div>
            }
        })
        .collect_view();
    let options = (!criterion.options.is_empty())
        .then(|| view! { <div class="rubric-options">{options}</div> });

    let feedback = (with_feedback && asks_feedback(&criterion)).then(|| {
        let id = feedback_id(prefix, index);
        let required = needs_feedback(&criterion);
        let text = {
            let name = name.clone();
            move || {
                answers
                    .feedback
                    .with(|f| f.get(&name).cloned().unwrap_or_default())
            }
        };
        let write = {
            let name = name.clone();
            move |ev| {
                let value = event_target_value(&ev);
                answers.feedback.update(|f| {
                    f.insert(name.clone(), value);
                });
            }
        };
        let invalid = {
            let error = error.clone();
            move || (required && error().is_some()).then_some("true")
        };
        let described_by = {
            let (error, error_id) = (error.clone(), error_id.clone());
            move || (required && error().is_some()).then(|| error_id.clone())
        };
        view! {
            <div class="field rubric-feedback">
                <label for=id.clone()>
                    {format!(
                        "Feedback on {label} ({})",
                        if required { "required" } else { "optional" },
                    )}
                </label>
                <textarea
                    id=id
                    rows="3"
                    required=required
                    aria-required=required.then_some("true")
                    aria-invalid=invalid
                    aria-describedby=described_by
                    disabled=is_disabled
                    prop:value=text
                    on:input=write
                ></textarea>
            </div>
        }
    });

    let mismatch_note = {
        let differs = differs.clone();
        move || {
            differs().then(|| {
                view! {
                    <p class="rubric-mismatch" id=mismatch_id.clone()>
                        {MISMATCH_NOTE}
                    </p>
                }
            })
        }
    };
    let error_view = {
        let error_id = error_id.clone();
        move || {
            error().map(|message| {
                view! {
                    <p class="field-error" id=error_id.clone()>
                        {message}
                    </p>
                }
            })
        }
    };

    view! {
        <fieldset
            class="rubric-criterion"
            class:rubric-criterion-differs=differs
            id=group.clone()
            aria-describedby=described_by
            aria-invalid=invalid
        >
            <legend>{label.clone()}</legend>
            {prompt}
            {options}
            {feedback}
            {mismatch_note}
            {error_view}
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared_types::RubricOption;

    fn criterion(options: usize, feedback: CriterionFeedback) -> RubricCriterion {
        RubricCriterion {
            name: "ideas".into(),
            label: "Ideas".into(),
            prompt: String::new(),
            feedback,
            options: (0..options)
                .map(|i| RubricOption {
                    name: format!("o{i}"),
                    label: format!("Option {i}"),
                    points: i as u32,
                    explanation: String::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn a_criterion_with_options_needs_one_of_them() {
        let c = criterion(2, CriterionFeedback::Disabled);
        assert_eq!(
            missing(&c, None, "").as_deref(),
            Some("Choose an option for Ideas.")
        );
        assert_eq!(
            missing(&c, Some("nope"), "").as_deref(),
            Some("Choose an option for Ideas.")
        );
        assert_eq!(missing(&c, Some("o1"), ""), None);
    }

    #[test]
    fn required_feedback_and_feedback_only_criteria_need_text() {
        let required = criterion(2, CriterionFeedback::Required);
        assert_eq!(
            missing(&required, Some("o0"), "").as_deref(),
            Some("Write feedback on Ideas.")
        );
        assert_eq!(missing(&required, Some("o0"), "Good"), None);
        let only = criterion(0, CriterionFeedback::Disabled);
        assert!(missing(&only, None, "").is_some());
        assert_eq!(missing(&only, None, "Clear"), None);
        let optional = criterion(2, CriterionFeedback::Optional);
        assert_eq!(missing(&optional, Some("o0"), ""), None);
    }
}
