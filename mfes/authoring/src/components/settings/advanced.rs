//! Advanced settings: course-wide defaults for problems, enrollment and
//! discussion switches, under Open edX's names so authors who know Studio
//! find them.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use lyceum_kit::{api, pages::field_error};
use shared_types::{
    AdvancedSettings, AdvancedSettingsView, DiscussionBlackout, DiscussionTopicSetting,
    UpdateAdvancedSettings,
};

use super::{
    fields::{CheckboxField, Field, FieldKind},
    form::{warn_before_unload, SaveBar, SaveState},
};

/// The request fields whose errors show under their own control.
const FIELDS: &[&str] = &[
    "max_attempts",
    "showanswer",
    "show_reset_button",
    "rerandomize",
    "days_early_for_beta",
    "catalog_visibility",
    "invitation_only",
    "graded_content_verified_only",
    "max_student_enrollments_allowed",
    "allow_anonymous",
    "allow_anonymous_to_peers",
];

/// Open edX's `showanswer` values (the server's list) and what they mean.
const SHOWANSWER: &[(&str, &str)] = &[
    ("always", "Always"),
    ("answered", "Answered: after the learner answers correctly"),
    ("attempted", "Attempted: after the first attempt"),
    ("closed", "Closed: after the due date or the last attempt"),
    (
        "finished",
        "Finished: after the due date, the last attempt or a correct answer",
    ),
    ("correct_or_past_due", "Correct or past due"),
    ("past_due", "Past due: after the due date"),
    ("never", "Never"),
    ("after_all_attempts", "After all attempts"),
    (
        "after_all_attempts_or_correct",
        "After all attempts or a correct answer",
    ),
    (
        "attempted_no_past_due",
        "Attempted, even before the due date",
    ),
];

/// Open edX's `rerandomize` values and what they mean.
const RERANDOMIZE: &[(&str, &str)] = &[
    ("never", "Never: every learner always gets the same values"),
    ("always", "Always: new values on every attempt"),
    (
        "onreset",
        "On reset: new values when the learner resets the problem",
    ),
    (
        "per_student",
        "Per learner: each learner gets their own values",
    ),
];

/// Where the course is listed.
const CATALOG_VISIBILITY: &[(&str, &str)] = &[
    ("both", "Catalog and about page"),
    ("about", "About page only"),
    ("none", "Neither"),
];

fn options(list: &[(&str, &str)], current: &str) -> Vec<(String, String)> {
    let mut options: Vec<(String, String)> = list
        .iter()
        .map(|(value, label)| (value.to_string(), label.to_string()))
        .collect();
    if !list.iter().any(|(value, _)| *value == current) {
        options.push((current.to_string(), current.to_string()));
    }
    options
}

/// The form as typed.
#[derive(Debug, Clone, PartialEq, Default)]
struct AdvancedDraft {
    max_attempts: String,
    showanswer: String,
    show_reset_button: bool,
    rerandomize: String,
    days_early_for_beta: String,
    catalog_visibility: String,
    invitation_only: bool,
    graded_content_verified_only: bool,
    max_student_enrollments_allowed: String,
    allow_anonymous: bool,
    allow_anonymous_to_peers: bool,
    /// Kept as loaded (edited with the discussions' settings).
    discussion_topics: Vec<DiscussionTopicSetting>,
    discussion_blackouts: Vec<DiscussionBlackout>,
}

impl AdvancedDraft {
    fn from_settings(s: &AdvancedSettings) -> Self {
        let number = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
        Self {
            max_attempts: number(s.max_attempts),
            showanswer: s.showanswer.clone(),
            show_reset_button: s.show_reset_button,
            rerandomize: s.rerandomize.clone(),
            days_early_for_beta: s
                .days_early_for_beta
                .map(|d| d.to_string())
                .unwrap_or_default(),
            catalog_visibility: s.catalog_visibility.clone(),
            invitation_only: s.invitation_only,
            graded_content_verified_only: s.graded_content_verified_only,
            max_student_enrollments_allowed: number(s.max_student_enrollments_allowed),
            allow_anonymous: s.allow_anonymous,
            allow_anonymous_to_peers: s.allow_anonymous_to_peers,
            discussion_topics: s.discussion_topics.clone(),
            discussion_blackouts: s.discussion_blackouts.clone(),
        }
    }

    fn to_settings(&self) -> Result<AdvancedSettings, (&'static str, String)> {
        let count = |field: &'static str, value: &str| {
            let value = value.trim();
            if value.is_empty() {
                return Ok(None);
            }
            value.parse::<u32>().map(Some).map_err(|_| {
                (
                    field,
                    "Enter a whole number, or leave it empty.".to_string(),
                )
            })
        };
        let days = self.days_early_for_beta.trim();
        let days_early_for_beta = if days.is_empty() {
            None
        } else {
            Some(days.parse::<f64>().ok().filter(|d| d.is_finite()).ok_or((
                "days_early_for_beta",
                "Enter a number of days, or leave it empty.".to_string(),
            ))?)
        };
        Ok(AdvancedSettings {
            max_attempts: count("max_attempts", &self.max_attempts)?,
            showanswer: self.showanswer.clone(),
            show_reset_button: self.show_reset_button,
            rerandomize: self.rerandomize.clone(),
            days_early_for_beta,
            catalog_visibility: self.catalog_visibility.clone(),
            invitation_only: self.invitation_only,
            graded_content_verified_only: self.graded_content_verified_only,
            max_student_enrollments_allowed: count(
                "max_student_enrollments_allowed",
                &self.max_student_enrollments_allowed,
            )?,
            allow_anonymous: self.allow_anonymous,
            allow_anonymous_to_peers: self.allow_anonymous_to_peers,
            discussion_topics: self.discussion_topics.clone(),
            discussion_blackouts: self.discussion_blackouts.clone(),
        })
    }
}

/// The advanced settings form of one course.
#[component]
pub fn AdvancedForm(
    course_key: String,
    view: AdvancedSettingsView,
    /// Loads the settings again (after someone else changed them).
    on_reload: Callback<()>,
) -> impl IntoView {
    let state = SaveState::new(view.version);
    let initial = AdvancedDraft::from_settings(&view.settings);
    let saved = RwSignal::new(initial.clone());
    let showanswer_options = options(SHOWANSWER, &initial.showanswer);
    let rerandomize_options = options(RERANDOMIZE, &initial.rerandomize);
    let visibility_options = options(CATALOG_VISIBILITY, &initial.catalog_visibility);
    let max_attempts = RwSignal::new(initial.max_attempts);
    let showanswer = RwSignal::new(initial.showanswer);
    let show_reset_button = RwSignal::new(initial.show_reset_button);
    let rerandomize = RwSignal::new(initial.rerandomize);
    let days_early_for_beta = RwSignal::new(initial.days_early_for_beta);
    let catalog_visibility = RwSignal::new(initial.catalog_visibility);
    let invitation_only = RwSignal::new(initial.invitation_only);
    let graded_content_verified_only = RwSignal::new(initial.graded_content_verified_only);
    let max_enrollments = RwSignal::new(initial.max_student_enrollments_allowed);
    let allow_anonymous = RwSignal::new(initial.allow_anonymous);
    let allow_anonymous_to_peers = RwSignal::new(initial.allow_anonymous_to_peers);
    let discussion_topics = StoredValue::new(initial.discussion_topics.clone());
    let discussion_blackouts = StoredValue::new(initial.discussion_blackouts.clone());

    let draft = Memo::new(move |_| AdvancedDraft {
        max_attempts: max_attempts.get(),
        showanswer: showanswer.get(),
        show_reset_button: show_reset_button.get(),
        rerandomize: rerandomize.get(),
        days_early_for_beta: days_early_for_beta.get(),
        catalog_visibility: catalog_visibility.get(),
        invitation_only: invitation_only.get(),
        graded_content_verified_only: graded_content_verified_only.get(),
        max_student_enrollments_allowed: max_enrollments.get(),
        allow_anonymous: allow_anonymous.get(),
        allow_anonymous_to_peers: allow_anonymous_to_peers.get(),
        discussion_topics: discussion_topics.get_value(),
        discussion_blackouts: discussion_blackouts.get_value(),
    });
    let dirty = Signal::derive(move || draft.with(|d| saved.with(|s| d != s)));
    warn_before_unload(dirty);

    let course = StoredValue::new(course_key);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let typed = draft.get_untracked();
        let settings = match typed.to_settings() {
            Ok(settings) => settings,
            Err((field, detail)) => return state.refuse(field, detail),
        };
        let Some(base_version) = state.begin() else {
            return;
        };
        let request = UpdateAdvancedSettings {
            base_version,
            settings,
        };
        spawn_local(async move {
            let result = api::update_advanced_settings(&course.get_value(), &request)
                .await
                .map(|edited| edited.version);
            if state.finish(result, "Advanced settings saved.") {
                saved.set(typed);
            }
        });
    };
    let error = move |field: &'static str| field_error(state.error, field);

    view! {
        <form class="form settings-form" novalidate on:submit=on_submit>
            <section class="card" aria-labelledby="advanced-problems">
                <h2 id="advanced-problems">"Problem defaults"</h2>
                <p class="field-hint">"Used by every problem that does not set its own."</p>
                <Field
                    id="advanced-max-attempts".into()
                    label="Maximum attempts"
                    value=max_attempts
                    kind=FieldKind::Number { min: "1", max: None, step: "1" }
                    hint="How many times a learner may submit a problem. Leave empty for unlimited. (max_attempts)"
                    error=error("max_attempts")
                />
                <Field
                    id="advanced-showanswer".into()
                    label="Show answer"
                    value=showanswer
                    kind=FieldKind::Select(showanswer_options)
                    hint="When learners may see a problem's answer. (showanswer)"
                    error=error("showanswer")
                />
                <Field
                    id="advanced-rerandomize".into()
                    label="Randomization"
                    value=rerandomize
                    kind=FieldKind::Select(rerandomize_options)
                    hint="When problems with random values draw new ones. (rerandomize)"
                    error=error("rerandomize")
                />
                <CheckboxField
                    id="advanced-show-reset".into()
                    label="Show the reset button"
                    checked=show_reset_button
                    hint="Learners may clear their answer and start a problem again. (show_reset_button)"
                    error=error("show_reset_button")
                />
            </section>
            <section class="card" aria-labelledby="advanced-enrollment">
                <h2 id="advanced-enrollment">"Enrollment and visibility"</h2>
                <Field
                    id="advanced-catalog-visibility".into()
                    label="Catalog visibility"
                    value=catalog_visibility
                    kind=FieldKind::Select(visibility_options)
                    hint="Where the course is listed. (catalog_visibility)"
                    error=error("catalog_visibility")
                />
                <CheckboxField
                    id="advanced-invitation-only".into()
                    label="Invitation only"
                    checked=invitation_only
                    hint="Only learners the course team enrolls can take the course. (invitation_only)"
                    error=error("invitation_only")
                />
                <CheckboxField
                    id="advanced-verified-only".into()
                    label="Graded content for verified learners only"
                    checked=graded_content_verified_only
                    hint="Audit learners see graded problems but cannot submit them. (graded_content_verified_only)"
                    error=error("graded_content_verified_only")
                />
                <Field
                    id="advanced-max-enrollments".into()
                    label="Maximum enrollments"
                    value=max_enrollments
                    kind=FieldKind::Number { min: "0", max: None, step: "1" }
                    hint="How many learners may enroll. Leave empty for no limit. (max_student_enrollments_allowed)"
                    error=error("max_student_enrollments_allowed")
                />
                <Field
                    id="advanced-beta-days".into()
                    label="Days early for beta testers"
                    value=days_early_for_beta
                    kind=FieldKind::Number { min: "0", max: Some("365"), step: "any" }
                    hint="How many days before its release beta testers see content, 0 to 365. (days_early_for_beta)"
                    error=error("days_early_for_beta")
                />
            </section>
            <section class="card" aria-labelledby="advanced-discussions">
                <h2 id="advanced-discussions">"Discussions"</h2>
                <CheckboxField
                    id="advanced-allow-anonymous".into()
                    label="Allow anonymous posts"
                    checked=allow_anonymous
                    hint="Learners may post without their name shown to anyone. (allow_anonymous)"
                    error=error("allow_anonymous")
                />
                <CheckboxField
                    id="advanced-allow-anonymous-peers".into()
                    label="Allow posts anonymous to other learners"
                    checked=allow_anonymous_to_peers
                    hint="Learners may post without their name shown to other learners; the course team still sees it. (allow_anonymous_to_peers)"
                    error=error("allow_anonymous_to_peers")
                />
            </section>
            <SaveBar state=state dirty=dirty on_reload=on_reload fields=FIELDS label="Save advanced settings" />
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_numbers_mean_no_limit() {
        let draft = AdvancedDraft {
            showanswer: "finished".into(),
            rerandomize: "never".into(),
            catalog_visibility: "both".into(),
            ..Default::default()
        };
        let settings = draft.to_settings().unwrap();
        assert_eq!(settings.max_attempts, None);
        assert_eq!(settings.days_early_for_beta, None);
        assert_eq!(AdvancedDraft::from_settings(&settings), draft);
    }

    #[test]
    fn a_count_that_is_not_a_number_is_refused_under_its_field() {
        let draft = AdvancedDraft {
            max_attempts: "3.5".into(),
            ..Default::default()
        };
        assert_eq!(draft.to_settings().unwrap_err().0, "max_attempts");
    }

    #[test]
    fn an_unknown_stored_value_stays_selectable() {
        let list = options(RERANDOMIZE, "legacy");
        assert_eq!(list.last().unwrap().0, "legacy");
        assert_eq!(options(RERANDOMIZE, "never").len(), RERANDOMIZE.len());
    }
}
