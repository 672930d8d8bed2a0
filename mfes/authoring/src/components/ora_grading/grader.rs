//! Grading one submission: the page takes the submission for its grader
//! (so no one else grades it meanwhile) and gives it back when left; it
//! shows the response, every assessment and the grade, the rubric for the
//! staff grade (which overrides any other), and cancellation with a
//! reason. When someone else is grading it, the page says who and shows
//! it read-only.

use leptos::{ev, prelude::*, task::spawn_local};
use lyceum_kit::{
    api,
    components::{
        focus_later,
        ora::{OraAssessmentView, OraGradeView, OraResponseView, RubricAnswers, RubricForm},
        Alert, AlertKind, ConfirmPanel, Spinner,
    },
    set_page_title, ApiError,
};
use shared_types::{OraAssessment, OraCancelInput, OraSubmissionDetail};

use super::{assessment_kind_label, status_label};
use crate::components::{
    course_nav::{course_href, ora_href, CourseTab},
    settings::time::local_display,
};

/// Whether the page holds the submission for its grader.
#[derive(Debug, Clone, PartialEq)]
enum Hold {
    /// Asking for it.
    Taking,
    /// This page holds it: the grader may grade and cancel.
    Held,
    /// Someone else is grading it (their name, when known), or it cannot
    /// be taken (the reason): read only.
    Taken {
        by: Option<String>,
        reason: Option<String>,
    },
}

/// What the grader is told while the page holds the submission.
const HELD_NOTICE: &str =
    "You are grading this submission: other staff see it as taken until you leave this page.";

/// The keys naming the submission.
#[derive(Debug, Clone)]
struct Keys {
    course_key: String,
    usage_key: String,
    uuid: String,
}

/// The grading page's content for one submission.
#[component]
pub fn SubmissionGrader(course_key: String, usage_key: String, uuid: String) -> impl IntoView {
    let keys = StoredValue::new(Keys {
        course_key: course_key.clone(),
        usage_key: usage_key.clone(),
        uuid,
    });
    let detail = RwSignal::new(None::<OraSubmissionDetail>);
    let hold = RwSignal::new(Hold::Taking);
    let failure = RwSignal::new(None::<ApiError>);
    let announcement = RwSignal::new(String::new());
    // Set while this page holds the lock, so leaving gives it back.
    let holding = StoredValue::new(false);

    let take = move || {
        hold.set(Hold::Taking);
        failure.set(None);
        let k = keys.get_value();
        spawn_local(async move {
            match api::lock_ora_submission(&k.course_key, &k.usage_key, &k.uuid).await {
                Ok(found) => {
                    holding.set_value(true);
                    detail.set(Some(found));
                    hold.set(Hold::Held);
                }
                Err(error) => {
                    // Read only: someone else is grading it, or it cannot
                    // be graded (cancelled). Its content still shows.
                    let locked = error.is_locked();
                    match api::get_ora_submission(&k.course_key, &k.usage_key, &k.uuid).await {
                        Ok(found) => {
                            let by = found.summary.locked_by.clone();
                            let reason = Some(error.detail().to_string());
                            detail.set(Some(found));
                            hold.set(Hold::Taken { by, reason });
                        }
                        Err(_) if locked => hold.set(Hold::Taken {
                            by: None,
                            reason: Some(error.detail().to_string()),
                        }),
                        Err(other) => failure.set(Some(other)),
                    }
                }
            }
        });
    };
    take();

    // Gives the submission back when the page goes: through the app (the
    // component is dropped) or away from it (the tab closes).
    let unload = window_event_listener(ev::pagehide, move |_| {
        if holding.try_get_value().unwrap_or(false) {
            let k = keys.get_value();
            api::unlock_ora_submission_on_unload(&k.course_key, &k.usage_key, &k.uuid);
        }
    });
    on_cleanup(move || {
        unload.remove();
        if holding.try_get_value().unwrap_or(false) {
            let k = keys.get_value();
            spawn_local(async move {
                if let Err(e) =
                    api::unlock_ora_submission(&k.course_key, &k.usage_key, &k.uuid).await
                {
                    log::warn!("could not give the submission back: {e}");
                }
            });
        }
    });

    let title = move || {
        detail.with(|d| {
            d.as_ref()
                .map(|d| format!("{}'s response", d.summary.username))
                .unwrap_or_else(|| "Response".to_string())
        })
    };
    Effect::new(move |_| set_page_title(&format!("{} · Open responses", title())));

    let cancelled = move || detail.with(|d| d.as_ref().is_some_and(|d| d.cancellation.is_some()));
    // A cancelled submission says so itself, and is not graded.
    let hold_notice = move || match hold.get() {
        _ if cancelled() => None,
        Hold::Taking => None,
        Hold::Held => Some(
            view! {
                <Alert kind=AlertKind::Info>
                    <p>{HELD_NOTICE}</p>
                </Alert>
            }
            .into_any(),
        ),
        Hold::Taken { by, reason } => {
            let who = match (by, reason) {
                (Some(name), _) => format!("{name} is grading this submission."),
                (None, Some(reason)) => reason,
                (None, None) => "Someone else is grading this submission.".to_string(),
            };
            Some(
                view! {
                    <div class="alert alert-info ora-taken">
                        <p>
                            <strong>{who}</strong>
                            " You can read it, but not grade or cancel it now."
                        </p>
                        <button
                            type="button"
                            class="button button-secondary"
                            on:click=move |_| take()
                        >
                            "Try again"
                        </button>
                    </div>
                }
                .into_any(),
            )
        }
    };

    let body = move || {
        if let Some(error) = failure.get() {
            return view! { <Alert><p>{error.detail().to_string()}</p></Alert> }.into_any();
        }
        if detail.with(Option::is_none) {
            return view! { <Spinner label="Taking the submission for grading…" /> }.into_any();
        }
        view! { <SubmissionContent keys=keys detail=detail hold=hold announcement=announcement /> }
            .into_any()
    };

    view! {
        <nav class="breadcrumb" aria-label="Breadcrumb">
            <a href=course_href(&course_key, CourseTab::OpenResponses)>"Open responses"</a>
            " › "
            <a href=ora_href(&course_key, &usage_key)>"Submissions"</a>
        </nav>
        <h1 id="submission-heading" tabindex="-1">{title}</h1>
        <p class="save-status" role="status" aria-live="polite">
            {move || announcement.get()}
        </p>
        {hold_notice}
        {body}
    }
}

/// The submission: its facts, response, assessments and grade, and the
/// grading and cancelling forms while this page holds it.
#[component]
fn SubmissionContent(
    keys: StoredValue<Keys>,
    detail: RwSignal<Option<OraSubmissionDetail>>,
    hold: RwSignal<Hold>,
    announcement: RwSignal<String>,
) -> impl IntoView {
    let facts = move || {
        detail.with(|d| {
            d.as_ref().map(|d| {
                let s = &d.summary;
                let score = match s.earned {
                    Some(earned) => format!("{earned} / {}", s.possible),
                    None => "Not graded yet".to_string(),
                };
                view! {
                    <dl class="details ora-facts">
                        <dt>"Learner"</dt>
                        <dd>{s.username.clone()}</dd>
                        <dt>"Attempt"</dt>
                        <dd>{s.attempt}</dd>
                        <dt>"Submitted"</dt>
                        <dd>{local_display(s.submitted_at.timestamp_millis())}</dd>
                        <dt>"Status"</dt>
                        <dd>{status_label(&s.status)}</dd>
                        <dt>"Peer grades received"</dt>
                        <dd>{s.peer_received}</dd>
                        <dt>"Staff graded"</dt>
                        <dd>{if s.staff_graded { "Yes" } else { "No" }}</dd>
                        <dt>"Score"</dt>
                        <dd>{score}</dd>
                    </dl>
                }
            })
        })
    };
    let cancellation = move || {
        detail.with(|d| {
            d.as_ref().and_then(|d| d.cancellation.clone()).map(|c| {
                view! {
                    <div class="alert alert-error">
                        <p>
                            <strong>
                                {format!(
                                    "Cancelled on {}. ",
                                    local_display(c.cancelled_at.timestamp_millis()),
                                )}
                            </strong>
                            "Reason: "
                            <span class="ora-feedback-text">{c.reason}</span>
                        </p>
                    </div>
                }
            })
        })
    };
    let response = move || {
        detail.with(|d| {
            d.as_ref()
                .map(|d| view! { <OraResponseView response=d.response.clone() /> })
        })
    };
    let assessments = move || {
        detail.with(|d| {
            d.as_ref().map(|d| {
                if d.assessments.is_empty() {
                    return view! { <p class="ora-empty">"No one has assessed this response yet."</p> }
                        .into_any();
                }
                d.assessments
                    .iter()
                    .map(|a| assessment_view(a, d))
                    .collect_view()
                    .into_any()
            })
        })
    };
    let grade = move || {
        detail.with(|d| {
            d.as_ref().map(|d| match d.grade.clone() {
                Some(grade) => view! {
                    <OraGradeView grade=grade rubric=d.rubric.clone() level=3 />
                }
                .into_any(),
                None => view! { <p class="ora-empty">"Not graded yet."</p> }.into_any(),
            })
        })
    };
    // The forms stay while the page holds the submission and it is not
    // cancelled.
    let can_grade = Memo::new(move |_| {
        hold.with(|h| *h == Hold::Held)
            && detail.with(|d| d.as_ref().is_some_and(|d| d.cancellation.is_none()))
    });
    let forms = move || {
        can_grade.get().then(|| {
            view! {
                <StaffGradeForm keys=keys detail=detail announcement=announcement />
                <CancelForm keys=keys detail=detail announcement=announcement />
            }
        })
    };

    view! {
        {facts}
        {cancellation}
        <section aria-labelledby="response-heading">
            <h2 id="response-heading">"Response"</h2>
            {response}
        </section>
        <section aria-labelledby="assessments-heading">
            <h2 id="assessments-heading">"Assessments"</h2>
            {assessments}
        </section>
        <section aria-labelledby="grade-heading">
            <h2 id="grade-heading" tabindex="-1">"Grade"</h2>
            {grade}
        </section>
        {forms}
    }
}

/// One recorded assessment with its grader and date.
fn assessment_view(assessment: &OraAssessment, detail: &OraSubmissionDetail) -> impl IntoView {
    let kind = assessment_kind_label(&assessment.kind);
    let by = assessment
        .grader
        .clone()
        .map(|g| format!(" by {g}"))
        .unwrap_or_default();
    let when = local_display(assessment.created_at.timestamp_millis());
    let title = format!("{kind}{by}");
    view! {
        <article class="ora-assessment-record">
            <h3>{title.clone()}</h3>
            <p class="field-hint">{format!("Assessed on {when}")}</p>
            <OraAssessmentView
                assessment=assessment.clone()
                rubric=detail.rubric.clone()
                caption=format!("{title}, by criterion")
            />
        </article>
    }
}

/// The rubric for the staff grade, "Override grade" once the submission
/// has a grade.
#[component]
fn StaffGradeForm(
    keys: StoredValue<Keys>,
    detail: RwSignal<Option<OraSubmissionDetail>>,
    announcement: RwSignal<String>,
) -> impl IntoView {
    let rubric =
        detail.with_untracked(|d| d.as_ref().map(|d| d.rubric.clone()).unwrap_or_default());
    let answers = RubricAnswers::new(&rubric);
    let stored = StoredValue::new(rubric.clone());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let graded = move || detail.with(|d| d.as_ref().is_some_and(|d| d.grade.is_some()));
    let prefix = "staff-";

    let submit = move |_| {
        if busy.get_untracked() {
            return;
        }
        error.set(None);
        let Some(input) = stored.with_value(|r| answers.assessment(r)) else {
            let count = answers.error_count();
            error.set(Some(if count == 1 {
                "One criterion needs your attention.".to_string()
            } else {
                format!("{count} criteria need your attention.")
            }));
            if let Some(id) = stored.with_value(|r| answers.first_invalid_id(r, prefix)) {
                focus_later(id);
            }
            return;
        };
        busy.set(true);
        let k = keys.get_value();
        spawn_local(async move {
            match api::submit_ora_staff_assessment(&k.course_key, &k.usage_key, &k.uuid, &input)
                .await
            {
                Ok(updated) => {
                    let score = updated
                        .grade
                        .as_ref()
                        .map(|g| format!(" The grade is now {} / {}.", g.earned, g.possible))
                        .unwrap_or_default();
                    detail.set(Some(updated));
                    stored.with_value(|r| answers.clear(r));
                    announcement.set(format!("Staff grade submitted.{score}"));
                    focus_later("grade-heading".to_string());
                }
                Err(e) => error.set(Some(e.detail().to_string())),
            }
            busy.set(false);
        });
    };

    view! {
        <section aria-labelledby="staff-grade-heading" class="card ora-staff-grade">
            <h2 id="staff-grade-heading">
                {move || if graded() { "Override the grade" } else { "Staff grade" }}
            </h2>
            {move || {
                graded()
                    .then(|| {
                        view! {
                            <p class="field-hint">
                                "A staff grade replaces the grade the learner has now, whatever its source."
                            </p>
                        }
                    })
            }}
            <form class="ora-assess-form" novalidate on:submit=move |ev| ev.prevent_default()>
                <RubricForm
                    rubric=rubric
                    answers=answers
                    id_prefix=prefix
                    disabled=Signal::derive(move || busy.get())
                />
                {move || error.get().map(|text| view! { <Alert><p>{text}</p></Alert> })}
                <p>
                    <button
                        type="button"
                        class="button button-primary"
                        disabled=move || busy.get()
                        aria-busy=move || busy.get().then_some("true")
                        on:click=submit
                    >
                        {move || if graded() { "Override grade" } else { "Submit staff grade" }}
                    </button>
                </p>
            </form>
        </section>
    }
}

/// Cancelling the submission with a reason the learner reads, after a
/// confirmation.
#[component]
fn CancelForm(
    keys: StoredValue<Keys>,
    detail: RwSignal<Option<OraSubmissionDetail>>,
    announcement: RwSignal<String>,
) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let missing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let username = detail.with_untracked(|d| {
        d.as_ref()
            .map(|d| d.summary.username.clone())
            .unwrap_or_default()
    });

    let ask = move |_| {
        if reason.with_untracked(|r| r.trim().is_empty()) {
            missing.set(true);
            focus_later("cancel-reason".to_string());
            return;
        }
        error.set(None);
        confirming.set(true);
    };
    let cancel = Callback::new(move |()| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let input = OraCancelInput {
            reason: reason.get_untracked().trim().to_string(),
        };
        let k = keys.get_value();
        spawn_local(async move {
            match api::cancel_ora_submission(&k.course_key, &k.usage_key, &k.uuid, &input).await {
                Ok(updated) => {
                    confirming.set(false);
                    detail.set(Some(updated));
                    announcement.set("The submission was cancelled.".to_string());
                    focus_later("submission-heading".to_string());
                }
                Err(e) => error.set(Some(e.detail().to_string())),
            }
            busy.set(false);
        });
    });
    let keep = Callback::new(move |()| {
        confirming.set(false);
        focus_later("cancel-submission".to_string());
    });

    view! {
        <section aria-labelledby="cancel-heading" class="card ora-cancel">
            <h2 id="cancel-heading">"Cancel submission"</h2>
            <p>
                "Cancelling removes the response from grading; the learner reads your reason and can submit a new response."
            </p>
            <div class="field">
                <label for="cancel-reason">"Reason for cancelling (required)"</label>
                <textarea
                    id="cancel-reason"
                    rows="3"
                    required=true
                    aria-required="true"
                    aria-invalid=move || missing.get().then_some("true")
                    aria-describedby=move || missing.get().then_some("cancel-reason-error")
                    disabled=move || busy.get()
                    prop:value=move || reason.get()
                    on:input=move |ev| {
                        reason.set(event_target_value(&ev));
                        missing.set(false);
                    }
                ></textarea>
                {move || {
                    missing
                        .get()
                        .then(|| {
                            view! {
                                <p class="field-error" id="cancel-reason-error">
                                    "Give the reason the learner will read."
                                </p>
                            }
                        })
                }}
            </div>
            <p>
                <button
                    type="button"
                    class="button button-danger"
                    id="cancel-submission"
                    aria-expanded=move || if confirming.get() { "true" } else { "false" }
                    aria-controls="confirm-cancel"
                    disabled=move || confirming.get() || busy.get()
                    on:click=ask
                >
                    "Cancel submission"
                </button>
            </p>
            {move || {
                confirming
                    .get()
                    .then(|| {
                        view! {
                            <ConfirmPanel
                                id="confirm-cancel"
                                question=format!("Cancel {username}'s submission?")
                                consequence="It is removed from grading. This cannot be undone."
                                confirm_label="Yes, cancel the submission"
                                cancel_label="Keep the submission"
                                danger=true
                                busy=Signal::derive(move || busy.get())
                                on_confirm=cancel
                                on_cancel=keep
                            />
                        }
                    })
            }}
            {move || error.get().map(|text| view! { <Alert><p>{text}</p></Alert> })}
        </section>
    }
}
