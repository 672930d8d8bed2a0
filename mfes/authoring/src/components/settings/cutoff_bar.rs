//! The grade cutoff bar of the grading page, after Open edX Studio's: the
//! range of scores 0–100% split into letter grades (A | B | C | Fail), whose
//! boundaries are dragged with a pointer or moved with the keyboard. Each
//! boundary is a focusable slider (`role="slider"`): ArrowLeft/ArrowDown and
//! ArrowRight/ArrowUp move it by 1%, PageDown/PageUp by 10%, Home/End to the
//! ends of its room. Cutoffs stay strictly ordered within (0, 100).

use std::collections::BTreeMap;

use leptos::{ev, html, prelude::*};
use lyceum_kit::components::{Button, ButtonVariant};

/// The most letter grades a course may have (A to J).
const MAX_GRADES: usize = 10;

/// One passing grade: its name and the lowest score, in percent, that earns
/// it. `uid` keeps its controls (and their focus) stable while it moves.
#[derive(Debug, Clone, PartialEq)]
pub struct Grade {
    pub uid: u32,
    pub name: String,
    pub cutoff: f64,
}

/// The grades of a policy, best first.
pub fn grades_from_cutoffs(cutoffs: &BTreeMap<String, f64>) -> Vec<Grade> {
    let mut grades: Vec<Grade> = cutoffs
        .iter()
        .zip(0..)
        .map(|((name, cutoff), uid)| Grade {
            uid,
            name: name.clone(),
            // Two decimals: 0.55 × 100 is 55.000000000000007 in floating point.
            cutoff: (cutoff * 10_000.0).round() / 100.0,
        })
        .collect();
    lyceum_kit::sort::sort_by(&mut grades, |a, b| b.cutoff.total_cmp(&a.cutoff));
    grades
}

/// The cutoffs to send (fractions of 1), or why they cannot be sent.
pub fn cutoffs_from_grades(grades: &[Grade]) -> Result<BTreeMap<String, f64>, String> {
    let mut cutoffs = BTreeMap::new();
    for grade in grades {
        let name = grade.name.trim();
        if name.is_empty() {
            return Err("Every grade needs a name.".into());
        }
        if name.eq_ignore_ascii_case("fail") {
            return Err(
                "\"Fail\" is the range below the lowest grade: name the grade otherwise.".into(),
            );
        }
        if cutoffs
            .insert(name.to_string(), grade.cutoff / 100.0)
            .is_some()
        {
            return Err(format!(
                "Two grades are named \"{name}\": give each its own name."
            ));
        }
    }
    Ok(cutoffs)
}

/// The room boundary `index` may move in: above the next lower grade's
/// cutoff and below the next higher one's, within 1–99%.
pub fn bounds(grades: &[Grade], index: usize) -> (f64, f64) {
    let min = grades
        .get(index + 1)
        .map_or(1.0, |lower| lower.cutoff + 1.0);
    let max = match index {
        0 => 99.0,
        _ => grades[index - 1].cutoff - 1.0,
    };
    (min, max)
}

/// Moves boundary `index` to `value` (rounded to a whole percent), kept
/// within its room; answers whether it moved.
pub fn move_cutoff(grades: &mut [Grade], index: usize, value: f64) -> bool {
    let (min, max) = bounds(grades, index);
    if min > max || !value.is_finite() {
        return false;
    }
    let (low, high) = (min.ceil(), max.floor());
    if low > high {
        return false;
    }
    let value = value.round().clamp(low, high);
    if value == grades[index].cutoff {
        return false;
    }
    grades[index].cutoff = value;
    true
}

/// A grade below the lowest, halfway down to 0, named after the others
/// (the next letter) — or `None` when there is no room left.
pub fn new_lowest_grade(grades: &[Grade], uid: u32) -> Option<Grade> {
    if grades.len() >= MAX_GRADES {
        return None;
    }
    let lowest = grades.last().map_or(100.0, |g| g.cutoff);
    let cutoff = (lowest / 2.0).floor();
    if cutoff < 1.0 || cutoff >= lowest {
        return None;
    }
    Some(Grade {
        uid,
        name: next_grade_name(grades),
        cutoff,
    })
}

/// The next letter after the grades' letters (A, B → C), or "Grade N".
fn next_grade_name(grades: &[Grade]) -> String {
    let letters: Option<Vec<u8>> = grades
        .iter()
        .map(|g| match g.name.trim().as_bytes() {
            [letter @ b'A'..=b'Y'] => Some(*letter),
            _ => None,
        })
        .collect();
    match letters {
        Some(letters) => {
            let next = letters.iter().max().map_or(b'A', |l| l + 1);
            char::from(next).to_string()
        }
        None => {
            let mut n = grades.len() + 1;
            while grades.iter().any(|g| g.name == format!("Grade {n}")) {
                n += 1;
            }
            format!("Grade {n}")
        }
    }
}

/// A percentage as people write it: `55%`, `62.5%`.
pub fn percent(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}%")
}

/// Where a key press moves a boundary from `value` in `(min, max)`.
fn key_target(key: &str, value: f64, min: f64, max: f64) -> Option<f64> {
    match key {
        "ArrowLeft" | "ArrowDown" => Some(value - 1.0),
        "ArrowRight" | "ArrowUp" => Some(value + 1.0),
        "PageDown" => Some(value - 10.0),
        "PageUp" => Some(value + 10.0),
        "Home" => Some(min),
        "End" => Some(max),
        _ => None,
    }
}

/// The bar, its draggable boundaries and the list that names the grades.
#[component]
pub fn CutoffBar(
    /// The passing grades, best first.
    grades: RwSignal<Vec<Grade>>,
    /// The uid the next new grade gets.
    next_uid: StoredValue<u32>,
    /// The server's (or the form's) objection to the cutoffs.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let bar = NodeRef::<html::Div>::new();
    let add_button = NodeRef::<html::Button>::new();
    let dragging = RwSignal::new(None::<u32>);
    let index_of = move |uid: u32| grades.with(|gs| gs.iter().position(|g| g.uid == uid));

    // The coloured ranges, best grade on the right as on a number line.
    let segments = move || {
        grades.with(|gs| {
            let mut upper = 100.0;
            let mut views = Vec::with_capacity(gs.len() + 1);
            for (i, grade) in gs.iter().enumerate() {
                views.push(segment(&grade.name, grade.cutoff, upper, i));
                upper = grade.cutoff;
            }
            views.push(segment("Fail", 0.0, upper, usize::MAX));
            views
        })
    };

    let set_from_pointer = move |uid: u32, client_x: i32| {
        let Some(bar) = bar.get_untracked() else {
            return;
        };
        let rect = bar.get_bounding_client_rect();
        if rect.width() <= 0.0 {
            return;
        }
        let value = (f64::from(client_x) - rect.left()) / rect.width() * 100.0;
        if let Some(index) = index_of(uid) {
            grades.update(|gs| {
                move_cutoff(gs, index, value);
            });
        }
    };

    let handle = move |grade: Grade| {
        let uid = grade.uid;
        let node = NodeRef::<html::Div>::new();
        let current = move || {
            grades.with(|gs| {
                gs.iter().position(|g| g.uid == uid).map(|i| {
                    let (min, max) = bounds(gs, i);
                    (gs[i].name.clone(), gs[i].cutoff, min, max)
                })
            })
        };
        let value = move || current().map_or(0.0, |c| c.1);
        let name = move || current().map(|c| c.0).unwrap_or_default();
        let on_keydown = move |ev: ev::KeyboardEvent| {
            let Some((_, value, min, max)) = current() else {
                return;
            };
            let Some(target) = key_target(&ev.key(), value, min, max) else {
                return;
            };
            ev.prevent_default();
            if let Some(index) = index_of(uid) {
                grades.update(|gs| {
                    move_cutoff(gs, index, target.clamp(min, max));
                });
            }
        };
        view! {
            <div
                class="cutoff-handle"
                class:dragging=move || dragging.get() == Some(uid)
                node_ref=node
                role="slider"
                tabindex="0"
                data-testid="cutoff-handle"
                aria-orientation="horizontal"
                aria-label=move || format!("Lowest score for {}", name())
                aria-valuenow=move || value().to_string()
                aria-valuemin=move || current().map_or(1.0, |c| c.2).to_string()
                aria-valuemax=move || current().map_or(99.0, |c| c.3).to_string()
                aria-valuetext=move || format!("{}: {} and above", name(), percent(value()))
                style:left=move || format!("{}%", value())
                on:keydown=on_keydown
                on:pointerdown=move |ev: ev::PointerEvent| {
                    if ev.button() != 0 {
                        return;
                    }
                    ev.prevent_default();
                    if let Some(node) = node.get_untracked() {
                        let _ = node.focus();
                        let _ = node.set_pointer_capture(ev.pointer_id());
                    }
                    dragging.set(Some(uid));
                }
                on:pointermove=move |ev: ev::PointerEvent| {
                    if dragging.get_untracked() == Some(uid) {
                        set_from_pointer(uid, ev.client_x());
                    }
                }
                on:pointerup=move |ev: ev::PointerEvent| {
                    if let Some(node) = node.get_untracked() {
                        let _ = node.release_pointer_capture(ev.pointer_id());
                    }
                    dragging.set(None);
                }
                on:pointercancel=move |_| dragging.set(None)
            >
                <span class="cutoff-handle-value" aria-hidden="true">
                    {move || percent(value())}
                </span>
            </div>
        }
    };

    let add_grade = move |_| {
        let uid = next_uid.get_value();
        let Some(grade) = grades.with_untracked(|gs| new_lowest_grade(gs, uid)) else {
            return;
        };
        next_uid.set_value(uid + 1);
        grades.update(|gs| gs.push(grade));
        focus_later(format!("grade-{uid}-name"));
    };
    let can_add = move || grades.with(|gs| new_lowest_grade(gs, 0).is_some());

    let row = move |grade: Grade| {
        let uid = grade.uid;
        let id = format!("grade-{uid}-name");
        let name = move || {
            grades.with(|gs| {
                gs.iter()
                    .find(|g| g.uid == uid)
                    .map(|g| g.name.clone())
                    .unwrap_or_default()
            })
        };
        let range = move || {
            grades.with(|gs| {
                let i = gs.iter().position(|g| g.uid == uid)?;
                let upper = if i == 0 { 100.0 } else { gs[i - 1].cutoff };
                Some(format!("{}–{}", percent(gs[i].cutoff), percent(upper)))
            })
        };
        let remove = move |_| {
            grades.update(|gs| {
                if gs.len() > 1 {
                    gs.retain(|g| g.uid != uid);
                }
            });
            if let Some(button) = add_button.get_untracked() {
                let _ = button.focus();
            }
        };
        view! {
            <li class="grade-row" data-testid="grade-row">
                <label for=id.clone()>
                    "Grade name" <span class="visually-hidden">{move || range().map(|r| format!(" for {r}"))}</span>
                </label>
                <input
                    id=id
                    type="text"
                    prop:value=name
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        grades.update(|gs| {
                            if let Some(g) = gs.iter_mut().find(|g| g.uid == uid) {
                                g.name = value;
                            }
                        });
                    }
                />
                <span class="grade-range">{range}</span>
                <Button
                    variant=ButtonVariant::Danger
                    disabled=Signal::derive(move || grades.with(|gs| gs.len() <= 1))
                    on:click=remove
                >
                    "Remove" <span class="visually-hidden">{move || format!(" grade {}", name())}</span>
                </Button>
            </li>
        }
    };

    let error_id = "grade-cutoffs-error";
    view! {
        <div class="cutoff-editor" role="group" aria-labelledby="grade-range-heading" aria-describedby="grade-range-hint">
            <p class="field-hint" id="grade-range-hint">
                "Drag a boundary, or focus it and use the arrow keys (1%) or Page Up / Page Down (10%). "
                "A learner earns a grade with a score at or above its boundary; below the lowest one, they fail."
            </p>
            <div class="cutoff-bar" node_ref=bar data-testid="cutoff-bar">
                <div class="cutoff-segments" aria-hidden="true">{segments}</div>
                <For each=move || grades.get() key=|g| g.uid children=handle />
            </div>
            <div class="cutoff-scale" aria-hidden="true">
                <span>"0%"</span>
                <span>"100%"</span>
            </div>
            {move || {
                error
                    .get()
                    .map(|message| view! { <p class="field-error" id=error_id role="alert">{message}</p> })
            }}
            <h3 class="grade-list-heading">"Grade names"</h3>
            <ul class="grade-list">
                <For each=move || grades.get() key=|g| g.uid children=row />
                <li class="grade-row grade-row-fail">
                    <span>"Fail"</span>
                    <span class="grade-range">
                        {move || grades.with(|gs| gs.last().map(|g| format!("0%–{}", percent(g.cutoff))))}
                    </span>
                </li>
            </ul>
            <button
                type="button"
                class="button button-secondary"
                node_ref=add_button
                disabled=move || !can_add()
                on:click=add_grade
            >
                "Add a grade"
            </button>
        </div>
    }
}

/// One coloured range of the bar.
fn segment(name: &str, lower: f64, upper: f64, index: usize) -> impl IntoView {
    let class = if index == usize::MAX {
        "cutoff-segment cutoff-segment-fail".to_string()
    } else {
        format!("cutoff-segment cutoff-segment-{}", index % 5)
    };
    view! {
        <div class=class style:left=format!("{lower}%") style:width=format!("{}%", upper - lower)>
            <span class="cutoff-segment-name">{name.to_string()}</span>
        </div>
    }
}

/// Focuses the element with `id` once the view has drawn it.
pub fn focus_later(id: String) {
    request_animation_frame(move || {
        if let Some(element) = document().get_element_by_id(&id) {
            if let Ok(element) =
                leptos::wasm_bindgen::JsCast::dyn_into::<leptos::web_sys::HtmlElement>(element)
            {
                let _ = element.focus();
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grades(list: &[(&str, f64)]) -> Vec<Grade> {
        list.iter()
            .zip(0..)
            .map(|((name, cutoff), uid)| Grade {
                uid,
                name: name.to_string(),
                cutoff: *cutoff,
            })
            .collect()
    }

    #[test]
    fn cutoffs_load_best_first_in_percent() {
        let cutoffs = [
            ("B".to_string(), 0.8),
            ("A".to_string(), 0.9),
            ("C".to_string(), 0.55),
        ]
        .into_iter()
        .collect();
        let loaded = grades_from_cutoffs(&cutoffs);
        let names: Vec<_> = loaded.iter().map(|g| (g.name.as_str(), g.cutoff)).collect();
        assert_eq!(names, [("A", 90.0), ("B", 80.0), ("C", 55.0)]);
        assert_eq!(cutoffs_from_grades(&loaded).unwrap(), cutoffs);
    }

    #[test]
    fn a_boundary_stays_between_its_neighbours() {
        let mut gs = grades(&[("A", 90.0), ("B", 80.0), ("C", 70.0)]);
        assert_eq!(bounds(&gs, 1), (71.0, 89.0));
        assert!(move_cutoff(&mut gs, 1, 95.0));
        assert_eq!(gs[1].cutoff, 89.0);
        assert!(move_cutoff(&mut gs, 1, 10.4));
        assert_eq!(gs[1].cutoff, 71.0);
        assert!(!move_cutoff(&mut gs, 1, 70.0));
        assert!(move_cutoff(&mut gs, 0, 120.0));
        assert_eq!(gs[0].cutoff, 99.0);
        assert!(move_cutoff(&mut gs, 2, -5.0));
        assert_eq!(gs[2].cutoff, 1.0);
    }

    #[test]
    fn keys_move_by_one_or_ten_percent() {
        assert_eq!(key_target("ArrowRight", 50.0, 1.0, 99.0), Some(51.0));
        assert_eq!(key_target("ArrowDown", 50.0, 1.0, 99.0), Some(49.0));
        assert_eq!(key_target("PageUp", 50.0, 1.0, 99.0), Some(60.0));
        assert_eq!(key_target("Home", 50.0, 1.0, 99.0), Some(1.0));
        assert_eq!(key_target("Tab", 50.0, 1.0, 99.0), None);
    }

    #[test]
    fn a_new_grade_takes_the_lower_half_with_the_next_letter() {
        let gs = grades(&[("A", 90.0), ("B", 80.0)]);
        let new = new_lowest_grade(&gs, 7).unwrap();
        assert_eq!((new.name.as_str(), new.cutoff, new.uid), ("C", 40.0, 7));
        let pass = grades(&[("Pass", 50.0)]);
        assert_eq!(new_lowest_grade(&pass, 1).unwrap().name, "Grade 2");
        assert!(new_lowest_grade(&grades(&[("A", 1.0)]), 1).is_none());
    }

    #[test]
    fn grades_need_distinct_names() {
        assert!(cutoffs_from_grades(&grades(&[("A", 90.0), ("A ", 80.0)])).is_err());
        assert!(cutoffs_from_grades(&grades(&[("", 90.0)])).is_err());
        assert!(cutoffs_from_grades(&grades(&[("Fail", 90.0)])).is_err());
    }

    #[test]
    fn percentages_drop_needless_decimals() {
        assert_eq!(percent(55.0), "55%");
        assert_eq!(percent(62.5), "62.5%");
    }
}
