//! The HTML component's editor: rich text (a `contenteditable` area with a
//! small toolbar), Markdown with a preview the server renders, or the raw
//! HTML. All three save the component's `data`.

use leptos::{html, prelude::*, task::spawn_local};
use lyceum_kit::api;
use shared_types::BlockDetail;
use wasm_bindgen::JsCast;

use super::{
    form::{name_request, save_component, track_unsaved, ComponentForm, Failure, TextAreaField},
    UnitEditor,
};
use crate::components::outline::dom_id;

/// How the author writes the component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Rich,
    Markdown,
    Raw,
}

impl Mode {
    const ALL: [Mode; 3] = [Mode::Rich, Mode::Markdown, Mode::Raw];

    fn label(self) -> &'static str {
        match self {
            Mode::Rich => "Rich text",
            Mode::Markdown => "Markdown",
            Mode::Raw => "HTML",
        }
    }

    fn value(self) -> &'static str {
        match self {
            Mode::Rich => "rich",
            Mode::Markdown => "markdown",
            Mode::Raw => "raw",
        }
    }
}

/// How long typing must pause before the Markdown preview is asked for.
const PREVIEW_DELAY_MS: u64 = 400;

/// Edits an HTML component's name and content.
#[component]
pub fn HtmlEditor(detail: BlockDetail, on_close: Callback<()>) -> impl IntoView {
    let unit = UnitEditor::use_editor();
    let block = detail.id.clone();
    let initial_name = detail.display_name.clone();
    let initial_html = detail.data.clone().unwrap_or_default();
    let name = RwSignal::new(initial_name.clone());
    let html = RwSignal::new(initial_html.clone());
    let markdown = RwSignal::new(String::new());
    // The rich-text editor drops scripts and event handlers; content that
    // has them opens as HTML so that nothing is lost unawares.
    let scripted = has_scripts(&initial_html);
    let mode = RwSignal::new(if scripted { Mode::Raw } else { Mode::Rich });
    let failure = Failure::new();
    let pending = RwSignal::new(false);
    let dirty = {
        let (initial_name, initial_html) = (initial_name.clone(), initial_html.clone());
        Memo::new(move |_| {
            name.with(|n| *n != initial_name)
                || html.with(|h| *h != initial_html)
                || (mode.get() == Mode::Markdown && markdown.with(|m| !m.trim().is_empty()))
        })
    };
    track_unsaved(block.clone(), dirty);

    let switch_to = move |next: Mode| {
        let current = mode.get_untracked();
        if current == next {
            return;
        }
        if current == Mode::Markdown && !markdown.with_untracked(|m| m.trim().is_empty()) {
            // Leaving Markdown: what was written becomes the HTML.
            let source = markdown.get_untracked();
            spawn_local(async move {
                match api::render_markdown(&source).await {
                    Ok(rendered) => {
                        html.set(rendered);
                        mode.set(next);
                    }
                    Err(e) => failure.api("", e),
                }
            });
        } else {
            mode.set(next);
        }
    };

    let on_submit = {
        let block = block.clone();
        Callback::new(move |()| {
            let Some((display_name, mut request)) =
                name_request(unit, &block, failure, name, &initial_name)
            else {
                return;
            };
            if mode.get_untracked() == Mode::Markdown {
                let source = markdown.get_untracked();
                let block = block.clone();
                pending.set(true);
                spawn_local(async move {
                    match api::render_markdown(&source).await {
                        Ok(rendered) => {
                            request.data = Some(rendered);
                            save_component(
                                unit,
                                block,
                                display_name,
                                request,
                                pending,
                                failure,
                                on_close,
                            );
                        }
                        Err(e) => {
                            failure.api(&block, e);
                            pending.set(false);
                        }
                    }
                });
                return;
            }
            let content = html.get_untracked();
            if content != initial_html {
                request.data = Some(content);
            }
            save_component(
                unit,
                block.clone(),
                display_name,
                request,
                pending,
                failure,
                on_close,
            );
        })
    };

    let mode_group = dom_id("html-mode", &block);
    let mode_inputs = Mode::ALL
        .into_iter()
        .map(|option| {
            let id = format!("{mode_group}-{}", option.value());
            view! {
                <span class="mode-option">
                    <input
                        type="radio"
                        id=id.clone()
                        name=mode_group.clone()
                        value=option.value()
                        prop:checked=move || mode.get() == option
                        on:change=move |_| switch_to(option)
                    />
                    <label for=id>{option.label()}</label>
                </span>
            }
        })
        .collect_view();

    let content_block = block.clone();
    let content = move || match mode.get() {
        Mode::Rich => view! { <RichText block=content_block.clone() html=html /> }.into_any(),
        Mode::Markdown => {
            view! { <MarkdownText block=content_block.clone() markdown=markdown failure=failure /> }
                .into_any()
        }
        Mode::Raw => view! {
            <TextAreaField
                block=content_block.clone()
                field="data"
                label="HTML"
                value=html
                failure=failure
                rows=14
                code=true
            />
        }
        .into_any(),
    };

    view! {
        <ComponentForm
            block=block.clone()
            title=detail.display_name
            name=name
            pending=pending
            failure=failure
            fields=&["display_name", "data"]
            dirty=dirty
            on_submit=on_submit
            on_close=on_close
        >
            <fieldset class="mode-switch">
                <legend>"Editor"</legend>
                {mode_inputs}
            </fieldset>
            {content}
        </ComponentForm>
    }
}

/// A formatting command of the toolbar.
#[derive(Clone, Copy)]
struct Command {
    label: &'static str,
    /// What the button shows (the label is its accessible name).
    glyph: &'static str,
    run: fn(&web_sys::HtmlDocument),
}

const COMMANDS: &[Command] = &[
    Command {
        label: "Bold",
        glyph: "B",
        run: |doc| exec(doc, "bold", ""),
    },
    Command {
        label: "Italic",
        glyph: "I",
        run: |doc| exec(doc, "italic", ""),
    },
    Command {
        label: "Heading",
        glyph: "H",
        run: |doc| {
            let current = doc
                .query_command_value("formatBlock")
                .unwrap_or_default()
                .to_ascii_lowercase();
            let next = if current == "h3" { "p" } else { "h3" };
            exec(doc, "formatBlock", next);
        },
    },
    Command {
        label: "Bulleted list",
        glyph: "•",
        run: |doc| exec(doc, "insertUnorderedList", ""),
    },
    Command {
        label: "Numbered list",
        glyph: "1.",
        run: |doc| exec(doc, "insertOrderedList", ""),
    },
    Command {
        label: "Link",
        glyph: "🔗",
        run: |doc| {
            let url = window()
                .prompt_with_message("Link address (https://…)")
                .ok()
                .flatten()
                .unwrap_or_default();
            let url = url.trim();
            if !url.is_empty() && safe_url(url) {
                exec(doc, "createLink", url);
            }
        },
    },
];

fn exec(doc: &web_sys::HtmlDocument, command: &str, value: &str) {
    let _ = doc.exec_command_with_show_ui_and_value(command, false, value);
}

/// Whether a URL may be put in a link: not `javascript:` or `data:`.
fn safe_url(url: &str) -> bool {
    let lower: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    !(lower.starts_with("javascript:")
        || lower.starts_with("data:")
        || lower.starts_with("vbscript:"))
}

/// Whether HTML seems to carry scripts or event handlers (a guess that
/// errs on the safe side).
fn has_scripts(html: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    lower.contains("<script")
        || lower.split_whitespace().any(|word| {
            word.split_once('=').is_some_and(|(name, _)| {
                name.len() > 2
                    && name.starts_with("on")
                    && name.chars().all(|c| c.is_ascii_alphabetic())
            })
        })
}

/// The author's HTML made inert for editing in the page: no scripts, no
/// event handlers, no script URLs. Parsed in a `<template>`, whose content
/// never runs or loads anything.
fn inert_html(source: &str) -> String {
    let document = document();
    let Ok(template) = document.create_element("template") else {
        return String::new();
    };
    let Ok(template) = template.dyn_into::<web_sys::HtmlTemplateElement>() else {
        return String::new();
    };
    template.set_inner_html(source);
    let content = template.content();
    if let Ok(elements) = content.query_selector_all("*") {
        for i in 0..elements.length() {
            let Some(element) = elements
                .item(i)
                .and_then(|node| node.dyn_into::<web_sys::Element>().ok())
            else {
                continue;
            };
            if matches!(
                element.tag_name().to_ascii_lowercase().as_str(),
                "script" | "object" | "embed"
            ) {
                element.remove();
                continue;
            }
            let names = element.get_attribute_names();
            for name in names.iter().filter_map(|n| n.as_string()) {
                let lower = name.to_ascii_lowercase();
                let unsafe_url = matches!(
                    lower.as_str(),
                    "href" | "src" | "action" | "formaction" | "xlink:href"
                ) && element
                    .get_attribute(&name)
                    .is_some_and(|value| !safe_url(&value));
                if lower.starts_with("on") || lower == "srcdoc" || unsafe_url {
                    let _ = element.remove_attribute(&name);
                }
            }
        }
    }
    template.inner_html()
}

/// The rich-text area and its toolbar.
#[component]
fn RichText(block: String, html: RwSignal<String>) -> impl IntoView {
    let area = NodeRef::<html::Div>::new();
    let area_id = dom_id("rich", &block);
    let label_id = format!("{area_id}-label");
    Effect::new(move |_| {
        if let Some(area) = area.get() {
            area.set_inner_html(&inert_html(&html.get_untracked()));
        }
    });
    let sync = move || {
        if let Some(area) = area.get_untracked() {
            html.set(area.inner_html());
        }
    };
    let buttons = COMMANDS
        .iter()
        .map(|command| {
            view! {
                <button
                    type="button"
                    class="toolbar-button"
                    aria-label=command.label
                    title=command.label
                    on:mousedown=|ev| ev.prevent_default()
                    on:click=move |_| {
                        if let Some(area) = area.get_untracked() {
                            let _ = area.focus();
                        }
                        if let Ok(doc) = document().dyn_into::<web_sys::HtmlDocument>() {
                            (command.run)(&doc);
                        }
                        sync();
                    }
                >
                    <span aria-hidden="true">{command.glyph}</span>
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="field">
            <span class="field-label" id=label_id.clone()>
                "Content"
            </span>
            <div class="toolbar" role="toolbar" aria-label="Formatting" aria-controls=area_id.clone()>
                {buttons}
            </div>
            <div
                id=area_id
                class="rich-text"
                contenteditable="true"
                role="textbox"
                aria-multiline="true"
                aria-labelledby=label_id
                node_ref=area
                on:input=move |_| sync()
            ></div>
        </div>
    }
}

/// The Markdown source and its preview, rendered by the server once typing
/// pauses.
#[component]
fn MarkdownText(block: String, markdown: RwSignal<String>, failure: Failure) -> impl IntoView {
    let preview = RwSignal::new(String::new());
    let preview_error = RwSignal::new(None::<String>);
    let rendering = RwSignal::new(false);
    let timer = StoredValue::new(None::<TimeoutHandle>);
    // Answers can arrive out of order; only the latest request's counts.
    let sequence = StoredValue::new(0_u64);
    Effect::new(move |_| {
        let source = markdown.get();
        if let Some(handle) = timer.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                let ticket = sequence.get_value() + 1;
                sequence.set_value(ticket);
                rendering.set(true);
                spawn_local(async move {
                    let result = api::render_markdown(&source).await;
                    if sequence.try_get_value() != Some(ticket) {
                        return;
                    }
                    match result {
                        Ok(html) => {
                            preview.set(html);
                            preview_error.set(None);
                        }
                        Err(e) => preview_error.set(Some(e.detail().to_string())),
                    }
                    rendering.set(false);
                });
            },
            std::time::Duration::from_millis(PREVIEW_DELAY_MS),
        )
        .ok();
        timer.set_value(handle);
    });
    on_cleanup(move || {
        if let Some(Some(handle)) = timer.try_get_value() {
            handle.clear();
        }
    });

    let preview_id = dom_id("markdown-preview", &block);
    let heading_id = format!("{preview_id}-heading");
    let labelled_by = heading_id.clone();
    view! {
        <div class="markdown-editor">
            <TextAreaField
                block=block.clone()
                field="markdown"
                label="Markdown"
                value=markdown
                failure=failure
                rows=14
                code=true
                hint="Saving replaces the component's HTML with this text, rendered."
            />
            <section class="preview" aria-labelledby=labelled_by>
                <h4 id=heading_id>
                    "Preview"
                    {move || rendering.get().then_some(" (updating…)")}
                </h4>
                {move || {
                    preview_error
                        .get()
                        .map(|message| {
                            view! {
                                <p class="field-error" role="alert">
                                    {message}
                                </p>
                            }
                        })
                }}
                <div class="preview-body" id=preview_id inner_html=move || preview.get()></div>
            </section>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_urls_are_refused_in_links() {
        assert!(safe_url("https://example.org/"));
        assert!(safe_url("/static/notes.pdf"));
        assert!(!safe_url(" JavaScript:alert(1)"));
        assert!(!safe_url("data:text/html,hi"));
    }

    #[test]
    fn html_with_scripts_or_handlers_is_noticed() {
        assert!(has_scripts("<p>x</p><script>go()</script>"));
        assert!(has_scripts("<img src=x onerror=alert(1)>"));
        assert!(!has_scripts("<p>Go online and see.</p>"));
    }
}
