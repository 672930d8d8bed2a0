use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use lyceum_kit::{
    api::{self, ApiError},
    components::{error_fallback, Alert, AlertKind, Button, ButtonVariant, Spinner, TextField},
    format,
    pages::{field_error, form_error},
};
use shared_types::{ApiToken, ApiTokenCreated, CreateApiTokenRequest};

const FIELDS: &[&str] = &["name", "expires_in_days"];

/// Personal API tokens: scripts and third-party tools use them as bearer
/// tokens. A token's secret is shown once, when it is created.
#[component]
pub fn ApiTokens() -> impl IntoView {
    let tokens = LocalResource::new(api::list_api_tokens);
    let created = RwSignal::new(None::<ApiTokenCreated>);
    let revoke_error = RwSignal::new(None::<ApiError>);
    let revoking = RwSignal::new(None::<i64>);

    let on_created = Callback::new(move |token: ApiTokenCreated| {
        created.set(Some(token));
        tokens.refetch();
    });
    let on_revoke = Callback::new(move |id: i64| {
        revoking.set(Some(id));
        revoke_error.set(None);
        spawn_local(async move {
            match api::revoke_api_token(id).await {
                Ok(()) => {
                    if created.with_untracked(|c| c.as_ref().is_some_and(|c| c.api_token.id == id))
                    {
                        created.set(None);
                    }
                    tokens.refetch();
                }
                Err(e) => revoke_error.set(Some(e)),
            }
            revoking.set(None);
        });
    });

    view! {
        <section class="card" aria-labelledby="tokens-heading">
            <h2 id="tokens-heading">"API tokens"</h2>
            <p>
                "Scripts and other tools use a personal API token to act as you. Send it as "
                <code>"Authorization: Bearer <token>"</code> ". Revoke any token you no longer use."
            </p>
            <CreateTokenForm on_created=on_created />
            {move || created.get().map(|created| view! { <NewTokenSecret created=created /> })}
            {move || {
                revoke_error.get().map(|error| view! { <Alert>{error.detail().to_string()}</Alert> })
            }}
            <h3>"Your tokens"</h3>
            <Transition fallback=|| view! { <Spinner label="Loading your API tokens…" /> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || {
                        tokens
                            .get()
                            .map(|page| {
                                page.map(|page| {
                                    view! {
                                        <TokenList
                                            tokens=page.results
                                            revoking=revoking
                                            on_revoke=on_revoke
                                        />
                                    }
                                })
                            })
                    }}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

/// Names a new token and, optionally, when it expires.
#[component]
fn CreateTokenForm(on_created: Callback<ApiTokenCreated>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let expires_in_days = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let expiry_error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        error.set(None);
        expiry_error.set(None);
        let expiry = expires_in_days.get_untracked();
        let expiry = expiry.trim();
        let expires_in_days = if expiry.is_empty() {
            None
        } else {
            match expiry.parse::<u32>() {
                Ok(days) if (1..=3650).contains(&days) => Some(days),
                _ => {
                    expiry_error.set(Some("Enter a number of days from 1 to 3650.".into()));
                    return;
                }
            }
        };
        pending.set(true);
        let request = CreateApiTokenRequest {
            name: name.get_untracked().trim().to_string(),
            expires_in_days,
        };
        spawn_local(async move {
            match api::create_api_token(&request).await {
                Ok(created) => {
                    name.set(String::new());
                    on_created.run(created);
                }
                Err(e) => error.set(Some(e)),
            }
            pending.set(false);
        });
    };
    let form_error = form_error(error, FIELDS);
    let expiry_field_error = Signal::derive(move || {
        expiry_error
            .get()
            .or_else(|| field_error(error, "expires_in_days").get())
    });

    view! {
        {move || form_error.get().map(|detail| view! { <Alert>{detail}</Alert> })}
        <form class="form" novalidate on:submit=on_submit>
            <TextField
                id="token-name"
                label="Token name"
                value=name
                required=true
                hint="What the token is for, such as \"grade export script\"."
                error=field_error(error, "name")
            />
            <TextField
                id="token-expiry"
                label="Expires after (days)"
                input_type="number"
                value=expires_in_days
                hint="Leave empty for a token that never expires."
                error=expiry_field_error
            />
            <Button button_type="submit" busy=pending>
                "Create token"
            </Button>
        </form>
    }
}

/// The secret of a token just created: the only time it is shown.
#[component]
fn NewTokenSecret(created: ApiTokenCreated) -> impl IntoView {
    let copied = RwSignal::new(false);
    let secret = created.token.clone();
    let copy = move |_| {
        let clipboard = window().navigator().clipboard();
        // The promise is not awaited: if the browser refuses, the secret is
        // still on screen to select by hand.
        let _ = clipboard.write_text(&secret);
        copied.set(true);
    };
    view! {
        <Alert kind=AlertKind::Success>
            <p>
                "Token \"" {created.api_token.name} "\" created. Copy it now: "
                <strong>"it will not be shown again."</strong>
            </p>
            <code class="secret" data-testid="new-token">
                {created.token}
            </code>
            <Button variant=ButtonVariant::Secondary on:click=copy>
                "Copy token"
            </Button>
            {move || copied.get().then_some(" Copied to the clipboard.")}
        </Alert>
    }
}

/// The user's tokens, each with a button to revoke it.
#[component]
fn TokenList(
    tokens: Vec<ApiToken>,
    revoking: RwSignal<Option<i64>>,
    on_revoke: Callback<i64>,
) -> impl IntoView {
    if tokens.is_empty() {
        return view! {
            <p class="empty-state" data-testid="tokens-empty">
                "You have no API tokens yet."
            </p>
        }
        .into_any();
    }
    let rows = tokens
        .into_iter()
        .map(|token| {
            let id = token.id;
            let last_used = token
                .last_used_at
                .as_ref()
                .map_or_else(|| "Never".to_string(), format::datetime);
            let expires = token
                .expires_at
                .as_ref()
                .map_or_else(|| "Never".to_string(), format::datetime);
            view! {
                <tr data-testid="token-row">
                    <td>{token.name.clone()}</td>
                    <td>
                        <code>{token.prefix}</code>
                    </td>
                    <td>{format::datetime(&token.created_at)}</td>
                    <td>{last_used}</td>
                    <td>{expires}</td>
                    <td>
                        <Button
                            variant=ButtonVariant::Danger
                            busy=Signal::derive(move || revoking.get() == Some(id))
                            on:click=move |_| on_revoke.run(id)
                        >
                            "Revoke"
                            <span class="visually-hidden">{format!(" {}", token.name)}</span>
                        </Button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table>
                <caption class="visually-hidden">"Your API tokens"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Prefix"</th>
                        <th scope="col">"Created"</th>
                        <th scope="col">"Last used"</th>
                        <th scope="col">"Expires"</th>
                        <th scope="col">
                            <span class="visually-hidden">"Actions"</span>
                        </th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
