use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use lyceum_kit::{
    api,
    components::{error_fallback, Spinner},
    set_page_title, Mfe,
};
use shared_types::Outline;

use crate::components::outline::{Editor, OutlineTree, PublishBar};

/// `/course/:course_key`: the draft outline of one course run, to edit and
/// publish.
#[component]
pub fn CoursePage() -> impl IntoView {
    let params = use_params_map();
    let course_key = Memo::new(move |_| {
        params
            .read()
            .get("course_key")
            .map(|key| percent_decode(&key))
            .unwrap_or_default()
    });
    // A new editor (and outline) for each course the route points at.
    move || view! { <CourseEditor course_key=course_key.get() /> }
}

/// The editor of one course run.
#[component]
fn CourseEditor(course_key: String) -> impl IntoView {
    set_page_title("Course outline");
    let outline = {
        let course_key = course_key.clone();
        LocalResource::new(move || {
            let course_key = course_key.clone();
            async move { api::get_course_outline(&course_key).await }
        })
    };
    let editor = Editor::provide(course_key, outline);

    view! {
        <section class="page">
            <p class="breadcrumb">
                <a href=Mfe::Authoring.home()>"All courses"</a>
            </p>
            <Transition fallback=|| view! { <Spinner label="Loading the outline…" /> }>
                <ErrorBoundary fallback=|errors| {
                    view! {
                        <h1>"Course outline"</h1>
                        {error_fallback(errors)}
                    }
                }>
                    {move || {
                        outline.get().map(|outline| outline.map(|outline| view! { <CourseOutline outline=outline /> }))
                    }}
                </ErrorBoundary>
            </Transition>
            <p class="visually-hidden" role="status" aria-live="polite">
                {move || editor.announcement()}
            </p>
        </section>
    }
}

/// The loaded outline: the course's name, its publish state and the tree.
#[component]
fn CourseOutline(outline: Outline) -> impl IntoView {
    let name = outline.root.display_name.clone();
    set_page_title(&name);
    view! {
        <h1>{name}</h1>
        <p class="course-key">
            <code>{outline.course_key}</code>
        </p>
        <PublishBar version=outline.version published_version=outline.published_version />
        <section aria-labelledby="outline-heading">
            <h2 id="outline-heading">"Outline"</h2>
            <OutlineTree root=outline.root />
        </section>
    }
}

/// Decodes `%XX` escapes in a route parameter (a key may arrive encoded
/// when a link or a person encoded it); `+` stays a plus, as in paths.
fn percent_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if byte == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(decoded) = hex.and_then(|hex| u8::from_str_radix(hex, 16).ok()) {
                out.push(decoded);
                i += 3;
                continue;
            }
        }
        out.push(byte);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::percent_decode;

    #[test]
    fn encoded_and_plain_course_keys_read_the_same() {
        assert_eq!(
            percent_decode("course-v1%3AOrg%2BCS1%2BR"),
            "course-v1:Org+CS1+R"
        );
        assert_eq!(percent_decode("course-v1:Org+CS1+R"), "course-v1:Org+CS1+R");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("a%2"), "a%2");
    }
}
