use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use lyceum_kit::{
    api::{self, ApiError},
    components::{Alert, Button, TextField},
    mfe::use_go,
    pages::{field_error, form_error},
    Mfe,
};
use shared_types::CreateCourseRequest;

/// The request fields whose errors show under their own input.
const FIELDS: &[&str] = &["org", "number", "run", "display_name"];

/// Starts a new course run and opens its outline. Everyone sees the form;
/// the server decides who may create courses (global staff).
#[component]
pub fn NewCourseForm() -> impl IntoView {
    let org = RwSignal::new(String::new());
    let number = RwSignal::new(String::new());
    let run = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let go = use_go();

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        error.set(None);
        pending.set(true);
        let request = CreateCourseRequest {
            org: org.get_untracked().trim().to_string(),
            number: number.get_untracked().trim().to_string(),
            run: run.get_untracked().trim().to_string(),
            display_name: display_name.get_untracked().trim().to_string(),
            start: None,
            end: None,
            enrollment_start: None,
            enrollment_end: None,
            self_paced: false,
            language: None,
            short_description: None,
            overview: None,
            card_image: None,
        };
        let go = go.clone();
        spawn_local(async move {
            match api::create_course(&request).await {
                Ok(course) => {
                    go(&Mfe::Authoring.path(&format!("/course/{}", course.course_key)));
                }
                Err(e) => {
                    error.set(Some(e));
                    pending.set(false);
                }
            }
        });
    };
    let form_error = form_error(error, FIELDS);
    let form_message = move || {
        let forbidden = error.with(|e| e.as_ref().is_some_and(ApiError::is_forbidden));
        if forbidden {
            Some("Only staff can create courses.".to_string())
        } else {
            form_error.get()
        }
    };

    view! {
        <section class="card" aria-labelledby="new-course-heading">
            <h2 id="new-course-heading">"New course"</h2>
            <form class="form" novalidate on:submit=on_submit>
                <TextField
                    id="course-org"
                    label="Organization"
                    value=org
                    required=true
                    hint="Who offers the course, such as \"Lyceum\"."
                    error=field_error(error, "org")
                />
                <TextField
                    id="course-number"
                    label="Course number"
                    value=number
                    required=true
                    hint="Such as \"CS101\"."
                    error=field_error(error, "number")
                />
                <TextField
                    id="course-run"
                    label="Course run"
                    value=run
                    required=true
                    hint="When it runs, such as \"2026_T1\"."
                    error=field_error(error, "run")
                />
                <TextField
                    id="course-name"
                    label="Course name"
                    value=display_name
                    required=true
                    error=field_error(error, "display_name")
                />
                {move || form_message().map(|message| view! { <Alert>{message}</Alert> })}
                <Button button_type="submit" busy=pending>
                    "Create course"
                </Button>
            </form>
        </section>
    }
}
