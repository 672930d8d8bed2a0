use leptos::prelude::*;
use lyceum_kit::{set_page_title, use_session};

/// `/`: the discussions home of the signed-in user.
#[component]
pub fn Home() -> impl IntoView {
    set_page_title("Discussions");
    let session = use_session();
    let name = move || session.user().map(|user| user.name).unwrap_or_default();

    view! {
        <section class="page">
            <h1>"Discussions"</h1>
            <p class="welcome">"Welcome, " {name} "."</p>
            <div class="empty-state">
                <h2>"No discussions yet"</h2>
                <p>"Discussions from your courses will appear here, with the threads you follow."</p>
            </div>
        </section>
    }
}
