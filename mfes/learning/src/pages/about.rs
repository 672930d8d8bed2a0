use leptos::{html, prelude::*, task::spawn_local};
use lyceum_kit::{
    api,
    components::{Alert, AlertKind, Button, ButtonVariant, Spinner},
    params::use_course_key,
    set_page_title, use_session, ApiError, SessionStatus,
};
use shared_types::{CourseAbout, EnrollRequest};

use crate::{
    components::{
        course_card::{enrollment_badge, pacing},
        loading::loading,
    },
    format::local_datetime,
    links,
};

/// `/course/:course_key/about`: what a course is and how to join it. Public:
/// signed-out visitors are offered to sign in to enroll.
#[component]
pub fn AboutPage() -> impl IntoView {
    set_page_title("About the course");
    let course_key = use_course_key();
    let session = use_session();
    // The page depends on who is looking (enrollment, staff), so it loads
    // once the session is known and again if someone signs in or out.
    let viewer = Memo::new(move |_| match session.status() {
        SessionStatus::Loading => None,
        _ => Some(session.user().map(|user| user.id)),
    });
    move || match viewer.get() {
        None => view! { <Spinner /> }.into_any(),
        Some(user) => {
            view! { <AboutContent course_key=course_key.get() signed_in=user.is_some() /> }
                .into_any()
        }
    }
}

#[component]
fn AboutContent(course_key: String, signed_in: bool) -> impl IntoView {
    let about = {
        let course_key = course_key.clone();
        LocalResource::new(move || {
            let course_key = course_key.clone();
            async move { api::get_course_about(&course_key).await }
        })
    };
    view! {
        <section class="page course-about">
            {loading(
                Some("Loading the course…"),
                move || {
                    about
                        .get()
                        .map(|result| {
                            result
                                .map(|loaded| {
                                    view! { <About about=loaded signed_in=signed_in /> }.into_any()
                                })
                        })
                },
            )}
        </section>
    }
}

#[component]
fn About(about: CourseAbout, signed_in: bool) -> impl IntoView {
    let course = about.course;
    set_page_title(&course.display_name);
    let (badge_class, badge) = enrollment_badge(course.enrollment_status);
    let enrolled = RwSignal::new(about.enrollment.as_ref().is_some_and(|e| e.is_active));
    let image = course
        .card_image_url
        .clone()
        .map(|src| view! { <img class="course-about-image" src=src alt="" /> });
    let rows: Vec<(&str, Option<String>)> = vec![
        ("Organization", Some(course.org.clone())),
        ("Course number", Some(course.number.clone())),
        ("Starts", course.start.as_ref().map(local_datetime)),
        ("Ends", course.end.as_ref().map(local_datetime)),
        (
            "Enrollment opens",
            course.enrollment_start.as_ref().map(local_datetime),
        ),
        (
            "Enrollment closes",
            course.enrollment_end.as_ref().map(local_datetime),
        ),
        ("Pacing", Some(pacing(course.self_paced).to_string())),
        ("Language", course.language.clone()),
    ];
    let details = rows
        .into_iter()
        .filter_map(|(term, value)| value.map(|value| (term, value)))
        .map(|(term, value)| {
            view! {
                <dt>{term}</dt>
                <dd>{value}</dd>
            }
        })
        .collect_view();
    let overview = about
        .overview
        .filter(|html| !html.trim().is_empty())
        .map(|html| {
            view! {
                <section class="card" aria-labelledby="overview-heading">
                    <h2 id="overview-heading">"Overview"</h2>
                    <div class="course-overview" inner_html=html></div>
                </section>
            }
        });

    view! {
        <div class="course-about-header">
            {image}
            <div>
                <h1>{course.display_name.clone()}</h1>
                {course
                    .short_description
                    .clone()
                    .map(|text| view! { <p class="course-about-lead">{text}</p> })}
                <p class="course-card-badges">
                    <span class=badge_class>{badge}</span>
                </p>
                <EnrollmentActions
                    course_key=course.course_key.clone()
                    course_name=course.display_name.clone()
                    enrolled=enrolled
                    is_staff=about.is_staff
                    signed_in=signed_in
                />
            </div>
        </div>
        <section class="card" aria-labelledby="details-heading">
            <h2 id="details-heading">"Course details"</h2>
            <dl class="details">{details}</dl>
        </section>
        {overview}
    }
}

/// Enroll, unenroll (after confirming) or go to the course; signed-out
/// visitors are sent to sign in first.
#[component]
fn EnrollmentActions(
    course_key: String,
    course_name: String,
    enrolled: RwSignal<bool>,
    is_staff: bool,
    signed_in: bool,
) -> impl IntoView {
    let here = links::about(&course_key);
    if !signed_in {
        return view! {
            <div class="enroll-actions">
                <a class="button button-primary" href=links::sign_in(&here)>
                    "Sign in to enroll"
                </a>
                <a href=links::register(&here)>"Create an account"</a>
            </div>
        }
        .into_any();
    }

    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let success = RwSignal::new(None::<&'static str>);
    let confirming = RwSignal::new(false);
    let go_button = NodeRef::<html::A>::new();
    let unenroll_button = NodeRef::<html::Button>::new();
    let enroll_button = NodeRef::<html::Button>::new();
    let course_href = links::course_home(&course_key);

    let enroll = {
        let course_key = course_key.clone();
        move |_| {
            if pending.get_untracked() {
                return;
            }
            pending.set(true);
            error.set(None);
            success.set(None);
            let course_key = course_key.clone();
            spawn_local(async move {
                match api::enroll(&course_key, &EnrollRequest { mode: None }).await {
                    Ok(enrollment) => {
                        enrolled.set(enrollment.is_active);
                        success.set(Some("You are enrolled."));
                        request_animation_frame(move || {
                            if let Some(link) = go_button.get_untracked() {
                                let _ = link.focus();
                            }
                        });
                    }
                    Err(e) => error.set(Some(e)),
                }
                pending.set(false);
            });
        }
    };
    let unenroll = {
        let course_key = course_key.clone();
        move |_| {
            if pending.get_untracked() {
                return;
            }
            pending.set(true);
            error.set(None);
            let course_key = course_key.clone();
            spawn_local(async move {
                match api::unenroll(&course_key).await {
                    Ok(()) => {
                        confirming.set(false);
                        enrolled.set(false);
                        success.set(Some("You are no longer enrolled."));
                        request_animation_frame(move || {
                            if let Some(button) = enroll_button.get_untracked() {
                                let _ = button.focus();
                            }
                        });
                    }
                    Err(e) => error.set(Some(e)),
                }
                pending.set(false);
            });
        }
    };
    let cancel = move |_| {
        confirming.set(false);
        request_animation_frame(move || {
            if let Some(button) = unenroll_button.get_untracked() {
                let _ = button.focus();
            }
        });
    };

    let actions = move || {
        let course_href = course_href.clone();
        if enrolled.get() {
            let dialog = confirming.get().then(|| {
                let confirm_button = NodeRef::<html::Button>::new();
                Effect::new(move |_| {
                    if let Some(button) = confirm_button.get() {
                        let _ = button.focus();
                    }
                });
                view! {
                    <div
                        class="confirm"
                        role="alertdialog"
                        aria-labelledby="unenroll-title"
                        aria-describedby="unenroll-detail"
                        on:keydown=move |ev| {
                            if ev.key() == "Escape" {
                                cancel(());
                            }
                        }
                    >
                        <p id="unenroll-title">
                            <strong>{format!("Unenroll from {}?", course_name)}</strong>
                        </p>
                        <p id="unenroll-detail">
                            "The course leaves your dashboard. Your answers and progress are kept if you enroll again."
                        </p>
                        <button
                            type="button"
                            class="button button-danger"
                            node_ref=confirm_button
                            disabled=move || pending.get()
                            on:click=unenroll.clone()
                        >
                            "Unenroll"
                        </button>
                        <Button variant=ButtonVariant::Secondary on:click=move |_| cancel(())>
                            "Keep my enrollment"
                        </Button>
                    </div>
                }
            });
            view! {
                <div class="enroll-actions">
                    <a class="button button-primary" href=course_href node_ref=go_button>
                        "Go to course"
                    </a>
                    <button
                        type="button"
                        class="button button-secondary"
                        node_ref=unenroll_button
                        aria-expanded=move || if confirming.get() { "true" } else { "false" }
                        on:click=move |_| confirming.set(true)
                    >
                        "Unenroll"
                    </button>
                </div>
                {dialog}
            }
            .into_any()
        } else {
            let staff_link = is_staff.then(|| {
                view! {
                    <a class="button button-secondary" href=course_href>
                        "Go to course (staff)"
                    </a>
                }
            });
            view! {
                <div class="enroll-actions">
                    <button
                        type="button"
                        class="button button-primary"
                        node_ref=enroll_button
                        disabled=move || pending.get()
                        aria-busy=move || pending.get().then_some("true")
                        on:click=enroll.clone()
                    >
                        "Enroll"
                    </button>
                    {staff_link}
                </div>
            }
            .into_any()
        }
    };

    view! {
        <div class="enrollment" data-testid="enrollment">
            {actions}
            {move || {
                success
                    .get()
                    .map(|text| view! { <Alert kind=AlertKind::Success><p>{text}</p></Alert> })
            }}
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <Alert>
                                <p>{e.detail().to_string()}</p>
                            </Alert>
                        }
                    })
            }}
        </div>
    }
    .into_any()
}
