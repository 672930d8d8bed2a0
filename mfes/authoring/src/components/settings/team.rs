//! The course team: who holds which course role, adding people by username
//! or email, and taking roles away.

use leptos::{ev::SubmitEvent, html, prelude::*, task::spawn_local};
use lyceum_kit::{
    api,
    components::{error_fallback, Alert, Button, Spinner, TextField},
    pages::{field_error, form_error},
    ApiError,
};
use shared_types::{AddTeamMemberRequest, CourseRole, TeamList, TeamMember};

use super::{
    cutoff_bar::focus_later,
    fields::{Field, FieldKind},
};
use crate::components::confirm::{refocus, ConfirmDialog};

/// The request fields whose errors show under their own control.
const FIELDS: &[&str] = &["user", "role"];

/// A role as people call it.
pub fn role_label(role: CourseRole) -> &'static str {
    match role {
        CourseRole::Instructor => "Instructor",
        CourseRole::Staff => "Staff",
        CourseRole::LimitedStaff => "Limited staff",
        CourseRole::BetaTester => "Beta tester",
        CourseRole::DiscussionModerator => "Discussion moderator",
        CourseRole::CommunityTa => "Community TA",
    }
}

/// What a role may do, for the role select's hint.
const ROLE_HINT: &str =
    "Instructors run the course and its team; staff author and run it; limited staff \
    do not see learners' data; beta testers see content before its release; moderators and \
    community TAs look after the discussions.";

/// The team page's content for one course.
#[component]
pub fn TeamManager(course_key: String) -> impl IntoView {
    let course = StoredValue::new(course_key);
    let team =
        LocalResource::new(move || async move { api::list_course_team(&course.get_value()).await });
    let announcement = RwSignal::new(String::new());
    let on_changed = Callback::new(move |message: String| {
        announcement.set(message);
        team.refetch();
    });
    view! {
        <AddMemberForm course_key=course.get_value() on_added=on_changed />
        <p class="save-status" role="status" aria-live="polite" data-testid="team-status">
            {move || announcement.get()}
        </p>
        <section aria-labelledby="team-heading">
            <h2 id="team-heading" tabindex="-1">"Team members"</h2>
            <Transition fallback=|| view! { <Spinner label="Loading the course team…" /> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || {
                        team.get()
                            .map(|list| {
                                list.map(|list| {
                                    view! {
                                        <TeamTable course_key=course.get_value() list=list on_removed=on_changed />
                                    }
                                })
                            })
                    }}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

/// Gives an existing user a role.
#[component]
fn AddMemberForm(course_key: String, on_added: Callback<String>) -> impl IntoView {
    let user = RwSignal::new(String::new());
    let role = RwSignal::new(CourseRole::Staff.as_str().to_string());
    let error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let course = StoredValue::new(course_key);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let who = user.get_untracked().trim().to_string();
        if who.is_empty() {
            error.set(Some(super::form::client_error(
                "user",
                "Enter the username or email of the person to add.".into(),
            )));
            focus_later("team-user".into());
            return;
        }
        let Some(role) = CourseRole::parse(&role.get_untracked()) else {
            return;
        };
        error.set(None);
        pending.set(true);
        let request = AddTeamMemberRequest {
            user: who.clone(),
            role,
        };
        spawn_local(async move {
            match api::add_course_team_member(&course.get_value(), &request).await {
                Ok(()) => {
                    user.set(String::new());
                    on_added.run(format!(
                        "Added {who} as {}.",
                        role_label(role).to_lowercase()
                    ));
                }
                Err(e) => {
                    let on_user = e.field() == Some("user");
                    error.set(Some(e));
                    if on_user {
                        focus_later("team-user".into());
                    }
                }
            }
            pending.set(false);
        });
    };
    let roles = CourseRole::ALL
        .into_iter()
        .map(|r| (r.as_str().to_string(), role_label(r).to_string()))
        .collect();
    let message = form_error(error, FIELDS);

    view! {
        <section class="card" aria-labelledby="add-member-heading">
            <h2 id="add-member-heading">"Add a team member"</h2>
            <form class="form add-member" novalidate on:submit=on_submit>
                <TextField
                    id="team-user"
                    label="Username or email"
                    value=user
                    required=true
                    hint="The person must already have an account."
                    error=field_error(error, "user")
                />
                <Field
                    id="team-role".into()
                    label="Role"
                    value=role
                    kind=FieldKind::Select(roles)
                    hint=ROLE_HINT
                    error=field_error(error, "role")
                />
                {move || message.get().map(|m| view! { <Alert><p>{m}</p></Alert> })}
                <Button button_type="submit" busy=pending>
                    "Add to the team"
                </Button>
            </form>
        </section>
    }
}

/// The members, one row per role held, or the empty state.
#[component]
fn TeamTable(course_key: String, list: TeamList, on_removed: Callback<String>) -> impl IntoView {
    if list.results.is_empty() {
        return view! {
            <p class="empty-state" data-testid="team-empty">
                "Nobody holds a role in this course yet."
            </p>
        }
        .into_any();
    }
    let rows = list
        .results
        .into_iter()
        .map(|member| view! { <MemberRow course_key=course_key.clone() member=member on_removed=on_removed /> })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="team-table" data-testid="team-table">
                <caption class="visually-hidden">"The course team and their roles"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Username"</th>
                        <th scope="col">"Email"</th>
                        <th scope="col">"Role"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The message for a failed removal: the last instructor gets a plain
/// explanation of what to do instead.
fn removal_message(error: &ApiError, role: CourseRole) -> String {
    if role == CourseRole::Instructor && error.status == 422 && error.field() == Some("role") {
        "This is the course's only instructor, and a course always needs one. \
         Add another instructor first, then remove this one."
            .to_string()
    } else {
        error.detail().to_string()
    }
}

/// One member's role, with its removal confirmation.
#[component]
fn MemberRow(
    course_key: String,
    member: TeamMember,
    on_removed: Callback<String>,
) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let removing = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let remove_button = NodeRef::<html::Button>::new();
    let role = member.role;
    let who = if member.name.trim().is_empty() {
        member.username.clone()
    } else {
        format!("{} ({})", member.name, member.username)
    };
    let dialog_id = format!("remove-{}-{}", member.user_id, role.as_str());

    let close = Callback::new(move |()| {
        confirming.set(false);
        error.set(None);
        refocus(remove_button);
    });
    let remove = {
        let username = member.username.clone();
        Callback::new(move |()| {
            if removing.get_untracked() {
                return;
            }
            removing.set(true);
            error.set(None);
            let (course_key, username) = (course_key.clone(), username.clone());
            spawn_local(async move {
                match api::remove_course_team_member(&course_key, &username, role).await {
                    Ok(()) => {
                        on_removed.run(format!(
                            "Removed {username} as {}.",
                            role_label(role).to_lowercase()
                        ));
                        focus_later("team-heading".into());
                    }
                    Err(e) => {
                        error.set(Some(e));
                        removing.set(false);
                    }
                }
            });
        })
    };
    let dialog = {
        let who = who.clone();
        let dialog_id = dialog_id.clone();
        move || {
            view! {
                <tr class="confirm-row">
                    <td colspan="5">
                        <ConfirmDialog
                            id=dialog_id.clone()
                            question=format!("Remove {who} as {} of this course?", role_label(role).to_lowercase())
                            confirm_label="Remove"
                            busy=removing
                            on_confirm=remove
                            on_cancel=close
                        >
                            {move || {
                                error.get().map(|e| view! { <Alert><p data-testid="remove-error">{removal_message(&e, role)}</p></Alert> })
                            }}
                        </ConfirmDialog>
                    </td>
                </tr>
            }
        }
    };

    view! {
        <tr data-testid="team-row">
            <th scope="row">{member.name.clone()}</th>
            <td>{member.username.clone()}</td>
            <td>{member.email.clone()}</td>
            <td>{role_label(role)}</td>
            <td>
                <button
                    type="button"
                    class="button button-danger button-small"
                    aria-label=format!("Remove {} as {}", member.username, role_label(role).to_lowercase())
                    aria-expanded=move || if confirming.get() { "true" } else { "false" }
                    aria-controls=dialog_id
                    node_ref=remove_button
                    on:click=move |_| confirming.set(true)
                >
                    "Remove"
                </button>
            </td>
        </tr>
        {move || confirming.get().then(|| dialog().into_any())}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared_types::ErrorBody;

    #[test]
    fn every_role_has_a_name_people_know() {
        for role in CourseRole::ALL {
            assert!(!role_label(role).is_empty());
        }
        assert_eq!(role_label(CourseRole::CommunityTa), "Community TA");
    }

    #[test]
    fn removing_the_last_instructor_is_explained() {
        let error = ApiError {
            status: 422,
            body: Box::new(ErrorBody {
                type_: "about:blank".into(),
                title: "Invalid".into(),
                status: 422,
                detail: "Role cannot remove the last instructor.".into(),
                code: "validation_failed".into(),
                field: Some("role".into()),
                current_version: None,
                request_id: None,
            }),
        };
        assert!(removal_message(&error, CourseRole::Instructor).contains("only instructor"));
        assert_eq!(
            removal_message(&error, CourseRole::Staff),
            "Role cannot remove the last instructor."
        );
    }
}
