//! The course outline as the learner sees it: sections that open and close,
//! their subsections with completion, grading and due dates.

use leptos::prelude::*;
use shared_types::{CourseBlocks, LearnerBlock};

use crate::{
    format::local_datetime,
    links,
    outline::{children_of_type, is_complete, sequence_entry},
};

/// The sections of a course. The one holding the resume unit starts open
/// (the first one when there is none); "Expand all" opens every one.
#[component]
pub fn OutlineTree(blocks: CourseBlocks) -> impl IntoView {
    let course_key = blocks.course_key.clone();
    let sections: Vec<LearnerBlock> = children_of_type(&blocks.root, "chapter").cloned().collect();
    if sections.is_empty() {
        return view! {
            <div class="empty-state" data-testid="outline-empty">
                <h2>"Nothing to learn here yet"</h2>
                <p>"The course team has not published any content you can see. Come back later."</p>
            </div>
        }
        .into_any();
    }
    let resume_section = blocks
        .resume_block
        .as_deref()
        .and_then(|unit| sections.iter().position(|section| contains(section, unit)));
    let open: Vec<RwSignal<bool>> = (0..sections.len())
        .map(|i| RwSignal::new(i == resume_section.unwrap_or(0)))
        .collect();
    let all_open = {
        let open = open.clone();
        Memo::new(move |_| open.iter().all(|o| o.get()))
    };
    let toggle_all = {
        let open = open.clone();
        move |_| {
            let to = !all_open.get_untracked();
            for o in &open {
                o.set(to);
            }
        }
    };
    let items = sections
        .into_iter()
        .zip(open)
        .enumerate()
        .map(|(i, (section, open))| {
            view! { <OutlineSection course_key=course_key.clone() section=section index=i open=open /> }
        })
        .collect_view();
    view! {
        <section class="outline" aria-labelledby="outline-heading">
            <div class="outline-header">
                <h2 id="outline-heading">"Course outline"</h2>
                <button type="button" class="button button-secondary" on:click=toggle_all>
                    {move || if all_open.get() { "Collapse all" } else { "Expand all" }}
                </button>
            </div>
            <ol class="outline-sections">{items}</ol>
        </section>
    }
    .into_any()
}

/// Whether a block holds the block with this id.
fn contains(block: &LearnerBlock, id: &str) -> bool {
    block.id == id || block.children.iter().any(|child| contains(child, id))
}

/// A ✓ for a finished block, with words for screen readers.
fn completion_mark(completion: f64) -> impl IntoView {
    is_complete(completion).then(|| {
        view! {
            <span class="check" aria-hidden="true">"✓"</span>
            <span class="visually-hidden">", completed"</span>
        }
    })
}

#[component]
fn OutlineSection(
    course_key: String,
    section: LearnerBlock,
    index: usize,
    open: RwSignal<bool>,
) -> impl IntoView {
    let list_id = format!("outline-section-{index}");
    let subsections = children_of_type(&section, "sequential")
        .map(|sequence| subsection_item(&course_key, sequence))
        .collect_view();
    let staff = section
        .staff_only
        .then(|| view! { <span class="badge badge-muted">"Staff only"</span> });
    view! {
        <li class="outline-section" data-testid="outline-section">
            <h3 class="outline-section-title">
                <button
                    type="button"
                    class="outline-toggle"
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    aria-controls=list_id.clone()
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    <span class="outline-chevron" aria-hidden="true"></span>
                    <span class="outline-section-name">{section.display_name.clone()}</span>
                    {completion_mark(section.completion)}
                </button>
                {staff}
            </h3>
            <ol class="outline-subsections" id=list_id hidden=move || !open.get()>
                {subsections}
            </ol>
        </li>
    }
}

fn subsection_item(course_key: &str, sequence: &LearnerBlock) -> impl IntoView {
    let href = match sequence_entry(sequence) {
        Some(unit) => links::unit(course_key, &unit.id),
        None => links::course_home(course_key),
    };
    let mut meta = Vec::new();
    if sequence.graded {
        meta.push(match &sequence.format {
            Some(format) if !format.is_empty() => format!("{format} (graded)"),
            _ => "Graded".to_string(),
        });
    }
    let due = sequence.due.map(|due| {
        view! {
            <span class="outline-due">
                "Due " <time datetime=due.to_rfc3339()>{local_datetime(&due)}</time>
            </span>
        }
    });
    let empty = children_of_type(sequence, "vertical").next().is_none();
    let staff = sequence
        .staff_only
        .then(|| view! { <span class="badge badge-muted">"Staff only"</span> });
    view! {
        <li class="outline-subsection" data-testid="outline-subsection">
            {if empty {
                view! { <span class="outline-subsection-name">{sequence.display_name.clone()}</span> }
                    .into_any()
            } else {
                view! {
                    <a class="outline-subsection-name" href=href>
                        {sequence.display_name.clone()}
                    </a>
                }
                    .into_any()
            }}
            {completion_mark(sequence.completion)}
            <span class="outline-meta">{meta.join(" · ")} {due}</span>
            {staff}
        </li>
    }
}
