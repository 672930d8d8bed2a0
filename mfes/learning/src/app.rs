//! The app's router, routes and contexts.

use leptos::prelude::*;
use leptos_router::{
    components::{ParentRoute, Route, Router, Routes},
    path,
};
use lyceum_kit::{
    components::{Header, NotFound, RequireAuth},
    pages::{ForgotPassword, Register, ResetPassword, SignIn, VerifyEmail},
    provide_mfe, provide_session, Mfe,
};

use crate::pages::{
    about::AboutPage, catalog::CatalogPage, course::CourseLayout, course_home::CourseHome,
    dashboard::Dashboard, dates::DatesPage, progress::ProgressPage, unit::UnitPage,
};

/// The learning app, mounted at `/learning/`.
#[component]
pub fn App() -> impl IntoView {
    provide_mfe(Mfe::Learning);
    provide_session();

    view! {
        <Router base=Mfe::Learning.base()>
            <Header />
            <main id="main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route
                        path=path!("/")
                        view=|| {
                            view! {
                                <RequireAuth>
                                    <Dashboard />
                                </RequireAuth>
                            }
                        }
                    />
                    <Route path=path!("/courses") view=CatalogPage />
                    <Route path=path!("/course/:course_key/about") view=AboutPage />
                    <ParentRoute
                        path=path!("/course/:course_key")
                        view=|| {
                            view! {
                                <RequireAuth>
                                    <CourseLayout />
                                </RequireAuth>
                            }
                        }
                    >
                        <Route path=path!("") view=CourseHome />
                        <Route path=path!("unit/:unit_key") view=UnitPage />
                        <Route path=path!("progress") view=ProgressPage />
                        <Route path=path!("dates") view=DatesPage />
                    </ParentRoute>
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
