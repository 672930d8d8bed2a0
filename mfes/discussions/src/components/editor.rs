//! The Markdown box of every form that writes a post: a Write tab with the
//! text and a Preview tab showing it exactly as the post will look. The
//! server renders the preview (the same sanitizer as real posts), so the
//! app carries no Markdown renderer.

use std::collections::HashMap;

use leptos::{prelude::*, task::spawn_local};
use lyceum_kit::{api, components::Alert, components::Spinner};

use super::tabs::{panel_id, TabList};

/// Text typed into the forms of a page, by form, kept outside the forms:
/// a thread page draws its posts again when anyone replies, and what the
/// reader was writing must survive that.
#[derive(Debug, Clone, Copy)]
pub struct Drafts(StoredValue<HashMap<String, String>>);

impl Drafts {
    /// Keeps drafts for the current page (call in the page's component).
    pub fn provide() -> Self {
        let drafts = Self(StoredValue::new(HashMap::new()));
        provide_context(drafts);
        drafts
    }

    /// The page's drafts, if it keeps them.
    pub fn used() -> Option<Self> {
        use_context::<Self>()
    }

    /// What was typed into the form `key`, if anything.
    pub fn get(&self, key: &str) -> Option<String> {
        self.0.with_value(|drafts| drafts.get(key).cloned())
    }

    /// Remembers what the form `key` holds now.
    pub fn save(&self, key: &str, text: &str) {
        self.0.update_value(|drafts| {
            drafts.insert(key.to_string(), text.to_string());
        });
    }

    /// Forgets the form `key` (posted or cancelled).
    pub fn forget(&self, key: &str) {
        self.0.update_value(|drafts| {
            drafts.remove(key);
        });
    }
}

/// A text signal that starts from the page's draft for `key` (or
/// `initial`) and whose changes the caller saves with [`Drafts::save`].
pub fn draft_text(key: &str, initial: String) -> RwSignal<String> {
    let text = Drafts::used()
        .and_then(|drafts| drafts.get(key))
        .unwrap_or(initial);
    RwSignal::new(text)
}

/// What the preview tab shows.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Preview {
    Empty,
    Loading,
    Ready(String),
    Failed(String),
}

/// A labelled Markdown textarea with Write and Preview tabs.
#[component]
pub fn MarkdownEditor(
    course_key: String,
    /// The textarea's id; the tabs' ids derive from it.
    id: String,
    /// The textarea's label.
    #[prop(into)]
    label: String,
    text: RwSignal<String>,
    #[prop(default = 4)] rows: u32,
    /// Where [`Drafts`] keeps the text, on pages that keep drafts.
    #[prop(optional, into)]
    draft_key: Option<String>,
    /// The id of the form's error message while there is one.
    #[prop(optional, into)]
    error_id: Signal<Option<String>>,
) -> impl IntoView {
    let drafts = Drafts::used();
    let selected = RwSignal::new(0usize);
    let preview = RwSignal::new(Preview::Empty);
    // Answers to earlier previews that arrive late are dropped.
    let generation = StoredValue::new(0u32);
    let key = StoredValue::new(course_key);
    let show_preview = move || {
        let markdown = text.get_untracked();
        generation.update_value(|g| *g += 1);
        if markdown.trim().is_empty() {
            preview.set(Preview::Empty);
            return;
        }
        preview.set(Preview::Loading);
        let asked = generation.get_value();
        let course_key = key.get_value();
        spawn_local(async move {
            let shown = match api::preview_post(&course_key, &markdown).await {
                Ok(answer) => Preview::Ready(answer.html),
                Err(e) => Preview::Failed(e.detail().to_string()),
            };
            if generation.get_value() == asked {
                preview.set(shown);
            }
        });
    };
    // Render whenever the Preview tab is chosen, however it was chosen.
    Effect::new(move |_| {
        if selected.get() == 1 {
            show_preview();
        }
    });
    // A posted (emptied) form goes back to writing.
    Effect::new(move |_| {
        if text.with(String::is_empty) && selected.get_untracked() == 1 {
            selected.set(0);
        }
    });
    let write_tab = format!("{id}-write");
    let preview_tab = format!("{id}-preview");
    let tabs = vec![
        ("Write".to_string(), write_tab.clone()),
        ("Preview".to_string(), preview_tab.clone()),
    ];
    let hint_id = format!("{id}-hint");
    let described_by = {
        let hint_id = hint_id.clone();
        move || match error_id.get() {
            Some(error) => format!("{hint_id} {error}"),
            None => hint_id.clone(),
        }
    };
    let preview_body = move || match preview.get() {
        Preview::Empty => view! { <p class="field-hint">"Nothing to preview yet."</p> }.into_any(),
        Preview::Loading => view! { <Spinner label="Rendering the preview…" /> }.into_any(),
        Preview::Ready(html) => view! {
            <div class="post-body preview-body" data-testid="preview" inner_html=html></div>
        }
        .into_any(),
        Preview::Failed(detail) => view! {
            <Alert>
                <p>"The preview could not be shown: " {detail}</p>
            </Alert>
        }
        .into_any(),
    };
    view! {
        <div class="md-editor">
            <div class="md-editor-head">
                <label for=id.clone()>{label.clone()}</label>
                <TabList label="Write or preview".to_string() tabs=tabs selected=selected />
            </div>
            <div
                role="tabpanel"
                id=panel_id(&write_tab)
                aria-labelledby=write_tab.clone()
                hidden=move || selected.get() != 0
            >
                <textarea
                    id=id.clone()
                    rows=rows
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        if let (Some(drafts), Some(key)) = (drafts, draft_key.as_deref()) {
                            drafts.save(key, &value);
                        }
                        text.set(value);
                    }
                    aria-invalid=move || error_id.get().map(|_| "true")
                    aria-describedby=described_by
                ></textarea>
                <p class="field-hint" id=hint_id>
                    "Markdown: **bold**, *italic*, [link](https://…), lists, `code`."
                </p>
            </div>
            <div
                role="tabpanel"
                class="md-preview"
                id=panel_id(&preview_tab)
                aria-labelledby=preview_tab.clone()
                aria-busy=move || (preview.get() == Preview::Loading).then_some("true")
                tabindex="0"
                hidden=move || selected.get() != 1
            >
                {preview_body}
            </div>
        </div>
    }
}
