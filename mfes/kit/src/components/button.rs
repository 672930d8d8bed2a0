use leptos::prelude::*;

/// How prominent a [`Button`] is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ButtonVariant {
    /// The main action of a form.
    #[default]
    Primary,
    /// Any other action.
    Secondary,
    /// An action that destroys something.
    Danger,
}

/// A native button with the kit's look; event handlers such as `on:click`
/// go on the component and reach the `<button>`.
#[component]
pub fn Button(
    children: Children,
    #[prop(optional)] variant: ButtonVariant,
    /// `button` (the default) or `submit`.
    #[prop(default = "button")]
    button_type: &'static str,
    /// Disables the button.
    #[prop(into, optional)]
    disabled: MaybeProp<bool>,
    /// Marks the action as running: disabled and `aria-busy`.
    #[prop(into, optional)]
    busy: MaybeProp<bool>,
) -> impl IntoView {
    let class = match variant {
        ButtonVariant::Primary => "button button-primary",
        ButtonVariant::Secondary => "button button-secondary",
        ButtonVariant::Danger => "button button-danger",
    };
    let busy = move || busy.get().unwrap_or(false);
    view! {
        <button
            type=button_type
            class=class
            disabled=move || disabled.get().unwrap_or(false) || busy()
            aria-busy=move || busy().then_some("true")
        >
            {children()}
        </button>
    }
}
