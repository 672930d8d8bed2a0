//! The app's router, routes and contexts.

use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};
use lyceum_kit::{
    components::{Header, NotFound, RequireAuth},
    pages::{ForgotPassword, Register, ResetPassword, SignIn, VerifyEmail},
    provide_mfe, provide_session, Mfe,
};

use crate::pages::{
    activity::Activity, forum::Forum, home::Home, reported::Reported, thread::ThreadPage,
};

/// The discussions app, mounted at `/discussions/`.
#[component]
pub fn App() -> impl IntoView {
    provide_mfe(Mfe::Discussions);
    provide_session();

    view! {
        <Router base=Mfe::Discussions.base()>
            <Header />
            <main id="main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=|| view! { <RequireAuth><Home /></RequireAuth> } />
                    <Route
                        path=path!("/course/:course_key")
                        view=|| view! { <RequireAuth><Forum /></RequireAuth> }
                    />
                    <Route
                        path=path!("/course/:course_key/topic/:topic_id")
                        view=|| view! { <RequireAuth><Forum /></RequireAuth> }
                    />
                    <Route
                        path=path!("/course/:course_key/threads/:thread_id")
                        view=|| view! { <RequireAuth><ThreadPage /></RequireAuth> }
                    />
                    <Route
                        path=path!("/course/:course_key/activity")
                        view=|| view! { <RequireAuth><Activity /></RequireAuth> }
                    />
                    <Route
                        path=path!("/course/:course_key/reported")
                        view=|| view! { <RequireAuth><Reported /></RequireAuth> }
                    />
                    <Route path=path!("/signin") view=SignIn />
                    <Route path=path!("/register") view=Register />
                    <Route path=path!("/forgot-password") view=ForgotPassword />
                    <Route path=path!("/reset-password") view=ResetPassword />
                    <Route path=path!("/verify-email") view=VerifyEmail />
                </Routes>
            </main>
        </Router>
    }
}
