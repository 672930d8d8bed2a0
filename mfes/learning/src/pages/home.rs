use leptos::prelude::*;
use lyceum_kit::{set_page_title, use_session};

/// `/`: the learning home of the signed-in user.
#[component]
pub fn Home() -> impl IntoView {
    set_page_title("Learning");
    let session = use_session();
    let name = move || session.user().map(|user| user.name).unwrap_or_default();

    view! {
        <section class="page">
            <h1>"Learning"</h1>
            <p class="welcome">"Welcome, " {name} "."</p>
            <div class="empty-state">
                <h2>"No courses yet"</h2>
                <p>"The courses you enroll in will appear here, with your progress through each."</p>
            </div>
        </section>
    }
}
