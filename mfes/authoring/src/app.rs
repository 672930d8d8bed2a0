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
    course::CoursePage,
    files::FilesPage,
    home::Home,
    import_export::{ExportPage, ImportPage},
    ora_grading::{OraGradingPage, OraListPage, OraSubmissionsPage},
    settings::{AdvancedPage, DetailsPage, GradingPage},
    team::TeamPage,
    unit::UnitPage,
};

/// The authoring app, mounted at `/authoring/`.
#[component]
pub fn App() -> impl IntoView {
    provide_mfe(Mfe::Authoring);
    provide_session();

    view! {
        <Router base=Mfe::Authoring.base()>
            <Header />
            <main id="main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route
                        path=path!("/")
                        view=|| {
                            view! {
                                <RequireAuth>
                                    <Home />
                                </RequireAuth>
                            }
                        }
                    />
                    <Route
                        path=path!("/course/:course_key")
                        view=|| {
                            view! {
                                <RequireAuth>
                                    <CoursePage />
                                </RequireAuth>
                            }
                        }
                    />
                    <Route
                        path=path!("/course/:course_key/unit/:block_key")
                        view=|| {
                            view! {
                                <RequireAuth>
                                    <UnitPage />
                                </RequireAuth>
                            }
                        }
                    />
                    <Route
                        path=path!("/course/:course_key/settings/details")
                        view=|| {
                            view! {
                                <RequireAuth>
                                    <DetailsPage />
                                </RequireAuth>
                            }
                        }
                    />
                    <Route
                        path=path!("/course/:course_key/settings/grading")
                        view=|| {
                            view! {
                                <RequireAuth>
                                    <GradingPage />
                                </RequireAuth>
                            }
                        }
                    />
                    <Route
                        path=path!("/course/:course_key/settings/advanced")
                        view=|| {
                            view! {
                                <RequireAuth>
                                    <AdvancedPage />
                                </RequireAuth>
                            }
                        }
                    />
                    <Route
                        path=path!("/course/:course_key/files")
                        view=|| {
                            view! {
                                <RequireAuth>
                                    <FilesPage />
                                </RequireAuth>
                            }
                        }
                    />
                    <Route
                        path=path!("/course/:course_key/team")
                        view=|| {
                            view! {
                                <RequireAuth>
                                    <TeamPage />
                                </RequireAuth>
                            }
                        }
                    />
                    <Route
                        path=path!("/course/:course_key/ora")
                        view=|| {
                            view! {
                                <RequireAuth>
                                    <OraListPage />
                                </RequireAuth>
                            }
                        }
                    />
                    <Route
                        path=path!("/course/:course_key/ora/:usage_key")
                        view=|| {
                            view! {
                                <RequireAuth>
                                    <OraSubmissionsPage />
                                </RequireAuth>
                            }
                        }
                    />
                    <Route
                        path=path!("/course/:course_key/ora/:usage_key/submissions/:uuid")
                        view=|| {
                            view! {
                                <RequireAuth>
                                    <OraGradingPage />
                                </RequireAuth>
                            }
                        }
                    />
                    <Route
                        path=path!("/course/:course_key/export")
                        view=|| {
                            view! {
                                <RequireAuth>
                                    <ExportPage />
                                </RequireAuth>
                            }
                        }
                    />
                    <Route
                        path=path!("/import")
                        view=|| {
                            view! {
                                <RequireAuth>
                                    <ImportPage />
                                </RequireAuth>
                            }
                        }
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
