use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use lyceum_kit::{api, set_page_title, Mfe};
use shared_types::CatalogPage as Catalog;

use crate::components::{course_card::CourseCard, loading::loading};

/// How many courses a catalog page lists.
const PAGE_SIZE: u64 = 24;

/// `/courses`: the public catalog, a page at a time (`?page=`).
#[component]
pub fn CatalogPage() -> impl IntoView {
    set_page_title("Course catalog");
    let query = use_query_map();
    let page = Memo::new(move |_| {
        query
            .read()
            .get("page")
            .and_then(|page| page.parse::<u64>().ok())
            .filter(|page| *page >= 1)
            .unwrap_or(1)
    });
    let catalog = LocalResource::new(move || api::list_catalog_courses(page.get(), PAGE_SIZE));

    view! {
        <section class="page">
            <h1>"Course catalog"</h1>
            {loading(
                Some("Loading the catalog…"),
                move || {
                    catalog
                        .get()
                        .map(|result| result.map(|catalog| catalog_view(catalog, page.get_untracked())))
                },
            )}
        </section>
    }
}

fn page_href(page: u64) -> String {
    Mfe::Learning.path(&format!("/courses?page={page}"))
}

fn catalog_view(catalog: Catalog, page: u64) -> AnyView {
    if catalog.results.is_empty() {
        let message = if page > 1 {
            "There are no more courses. Go back to the first page of the catalog."
        } else {
            "No courses are open yet. When a course team publishes a course, it appears here."
        };
        return view! {
            <div class="empty-state" data-testid="catalog-empty">
                <h2>"No courses to show"</h2>
                <p>{message}</p>
                {(page > 1).then(|| view! { <a href=page_href(1)>"First page"</a> })}
            </div>
        }
        .into_any();
    }
    let pages = catalog.count.div_ceil(PAGE_SIZE).max(1);
    let cards = catalog
        .results
        .into_iter()
        .map(|course| view! { <CourseCard course=course /> })
        .collect_view();
    let previous = (page > 1).then(|| {
        view! {
            <a class="button button-secondary" href=page_href(page - 1) rel="prev">
                "Previous page"
            </a>
        }
    });
    let next = catalog.next.is_some().then(|| {
        view! {
            <a class="button button-secondary" href=page_href(page + 1) rel="next">
                "Next page"
            </a>
        }
    });
    let count = catalog.count;
    view! {
        <p class="catalog-count">
            {format!("{count} course{}", if count == 1 { "" } else { "s" })}
        </p>
        <ul class="course-cards">{cards}</ul>
        {(pages > 1)
            .then(|| {
                view! {
                    <nav class="pagination" aria-label="Catalog pages">
                        {previous}
                        <span>{format!("Page {page} of {pages}")}</span>
                        {next}
                    </nav>
                }
            })}
    }
    .into_any()
}
