use leptos::prelude::*;
use lyceum_kit::{set_page_title, use_session};

/// `/`: the authoring home of the signed-in user.
#[component]
pub fn Home() -> impl IntoView {
    set_page_title("Authoring");
    let session = use_session();
    let name = move || session.user().map(|user| user.name).unwrap_or_default();

    view! {
        <section class="page">
            <h1>"Authoring"</h1>
            <p class="welcome">"Welcome, " {name} "."</p>
            <div class="empty-state">
                <h2>"No courses to author yet"</h2>
                <p>"The course runs you help to build will appear here, ready to edit and publish."</p>
            </div>
        </section>
    }
}
