use leptos::prelude::*;
use shared_types::User;

/// What the account holds: the handle, the address and the name.
#[component]
pub fn AccountDetails(user: User) -> impl IntoView {
    let verified = if user.email_verified {
        "Verified"
    } else {
        "Not verified yet: follow the link we emailed you"
    };
    view! {
        <section class="card" aria-labelledby="account-heading">
            <h2 id="account-heading">"Account"</h2>
            <dl class="details">
                <dt>"Username"</dt>
                <dd data-testid="account-username">{user.username}</dd>
                <dt>"Email"</dt>
                <dd data-testid="account-email">{user.email}</dd>
                <dt>"Full name"</dt>
                <dd data-testid="account-name">{user.name}</dd>
                <dt>"Email verified"</dt>
                <dd data-testid="account-email-verified">{verified}</dd>
            </dl>
        </section>
    }
}
