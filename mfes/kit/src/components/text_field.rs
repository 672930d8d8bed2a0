use leptos::prelude::*;

/// A labelled input whose error is tied to it: `aria-invalid` and
/// `aria-describedby` point assistive technology at the message, which is
/// also announced when it appears.
#[component]
pub fn TextField(
    /// The input's id; the error gets `<id>-error`, the hint `<id>-hint`.
    #[prop(into)]
    id: String,
    /// The visible label.
    #[prop(into)]
    label: String,
    /// The value, kept in sync both ways.
    value: RwSignal<String>,
    /// The input type (`text` by default, `email`, `password`, ...).
    #[prop(default = "text")]
    input_type: &'static str,
    /// The `autocomplete` token (`username`, `current-password`, ...).
    #[prop(optional)]
    autocomplete: Option<&'static str>,
    /// A lasting explanation shown under the input.
    #[prop(into, optional)]
    hint: Option<String>,
    /// The current error, if any.
    #[prop(into, optional)]
    error: MaybeProp<String>,
    /// Marks the field as required.
    #[prop(optional)]
    required: bool,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = hint.as_ref().map(|_| format!("{id}-hint"));
    let described_by = {
        let error_id = error_id.clone();
        let hint_id = hint_id.clone();
        move || {
            let ids: Vec<&str> = hint_id
                .as_deref()
                .into_iter()
                .chain(error.get().map(|_| error_id.as_str()))
                .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let hint_view = hint.map(|hint| {
        view! {
            <p class="field-hint" id=hint_id>
                {hint}
            </p>
        }
    });
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id.clone()
                name=id
                type=input_type
                autocomplete=autocomplete
                required=required
                aria-required=required.then_some("true")
                aria-invalid=move || error.get().map(|_| "true")
                aria-describedby=described_by
                bind:value=value
            />
            {hint_view}
            {move || {
                error
                    .get()
                    .map(|message| {
                        view! {
                            <p class="field-error" id=error_id.clone() role="alert">
                                {message}
                            </p>
                        }
                    })
            }}
        </div>
    }
}
