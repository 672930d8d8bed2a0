use leptos::prelude::*;

use crate::{mfe::use_mfe, set_page_title};

/// The page for addresses no route matches.
#[component]
pub fn NotFound() -> impl IntoView {
    let mfe = use_mfe();
    set_page_title("Page not found");
    view! {
        <section class="page">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address."</p>
            <p>
                <a href=mfe.home()>{format!("Go to {} home", mfe.title())}</a>
            </p>
        </section>
    }
}
