//! The Lyceum discussions micro-frontend: course discussions.

mod app;
mod components;
mod links;
mod pages;

fn main() {
    console_error_panic_hook::set_once();
    if let Err(e) = console_log::init_with_level(log::Level::Info) {
        leptos::logging::error!("logging is unavailable: {e}");
    }
    leptos::mount::mount_to_body(app::App);
}
