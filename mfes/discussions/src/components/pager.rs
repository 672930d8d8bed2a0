//! Previous / next through a paged list, with where the reader is in it.

use leptos::prelude::*;

/// "Showing 21–40 of 45 posts": the range a page shows.
pub fn range_text(count: u64, page: u64, page_size: u64, noun: (&str, &str)) -> String {
    let name = if count == 1 { noun.0 } else { noun.1 };
    if count == 0 {
        return format!("No {}", noun.1);
    }
    let first = (page - 1) * page_size + 1;
    let last = (page * page_size).min(count);
    if first == 1 && last == count {
        format!("{count} {name}")
    } else {
        format!("Showing {first}–{last} of {count} {name}")
    }
}

/// Goes back to the first page (when the list's filter changes); no
/// change, and so no reload, when already there.
pub fn back_to_first(page: RwSignal<u64>) {
    if page.get_untracked() != 1 {
        page.set(1);
    }
}

/// How many pages `count` items fill.
pub fn page_count(count: u64, page_size: u64) -> u64 {
    count.div_ceil(page_size.max(1)).max(1)
}

/// Previous and Next buttons with "Page 2 of 3"; nothing for one page.
/// It stays on the page while the next page loads, so the button just
/// pressed keeps the keyboard focus.
#[component]
pub fn Pager(
    /// What the pages are of ("Pages of posts"), for screen readers.
    label: &'static str,
    /// How many items the whole list holds.
    #[prop(into)]
    count: Signal<u64>,
    page_size: u64,
    page: RwSignal<u64>,
) -> impl IntoView {
    let pages = Memo::new(move |_| page_count(count.get(), page_size));
    view! {
        <Show when=move || { pages.get() > 1 }>
            <nav class="pager" aria-label=label>
                <button
                    type="button"
                    class="button button-secondary"
                    disabled=move || { page.get() <= 1 }
                    on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))
                >
                    "Previous"
                </button>
                <span class="pager-where">
                    {move || format!("Page {} of {}", page.get(), pages.get())}
                </span>
                <button
                    type="button"
                    class="button button-secondary"
                    disabled=move || { page.get() >= pages.get() }
                    on:click=move |_| page.update(|p| *p = (*p + 1).min(pages.get_untracked()))
                >
                    "Next"
                </button>
            </nav>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_names_its_range_of_the_whole_list() {
        assert_eq!(
            range_text(45, 2, 20, ("post", "posts")),
            "Showing 21–40 of 45 posts"
        );
        assert_eq!(
            range_text(45, 3, 20, ("post", "posts")),
            "Showing 41–45 of 45 posts"
        );
        assert_eq!(range_text(1, 1, 20, ("post", "posts")), "1 post");
        assert_eq!(range_text(0, 1, 20, ("post", "posts")), "No posts");
    }

    #[test]
    fn pages_round_up_and_there_is_always_one() {
        assert_eq!(page_count(41, 20), 3);
        assert_eq!(page_count(40, 20), 2);
        assert_eq!(page_count(0, 20), 1);
    }
}
