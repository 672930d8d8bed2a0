//! The grade chart of the progress page: a bar per assignment type and one
//! for the course grade, with the grade cutoffs as lines across, and the
//! same numbers as a table beside it.

use leptos::prelude::*;
use shared_types::CourseProgress;

use crate::format::{percent, Num};

/// Width of one bar's slot in the chart.
const SLOT: f64 = 72.0;
const BAR: f64 = 36.0;
const LEFT: f64 = 44.0;
const TOP: f64 = 16.0;
const PLOT_HEIGHT: f64 = 180.0;
/// Room on the right for the cutoffs' names.
const RIGHT: f64 = 96.0;
const HEIGHT: f64 = TOP + PLOT_HEIGHT + 40.0;

/// One bar of the chart.
struct Bar {
    label: String,
    name: String,
    share: f64,
    total: bool,
}

fn bars(progress: &CourseProgress) -> Vec<Bar> {
    progress
        .assignment_types
        .iter()
        .map(|kind| Bar {
            label: if kind.short_label.is_empty() {
                kind.type_.clone()
            } else {
                kind.short_label.clone()
            },
            name: kind.type_.clone(),
            share: kind.percent,
            total: false,
        })
        .chain(std::iter::once(Bar {
            label: "Total".into(),
            name: "Course grade".into(),
            share: progress.percent,
            total: true,
        }))
        .collect()
}

/// The cutoffs, highest first.
fn cutoffs(progress: &CourseProgress) -> Vec<(String, f64)> {
    let mut cutoffs: Vec<_> = progress
        .grade_cutoffs
        .iter()
        .map(|(name, share)| (name.clone(), *share))
        .collect();
    lyceum_kit::sort::sort_by(&mut cutoffs, |a, b| b.1.total_cmp(&a.1));
    cutoffs
}

/// The chart's words for screen readers: every number it draws.
pub fn chart_summary(progress: &CourseProgress) -> String {
    let bars = bars(progress)
        .iter()
        .map(|bar| format!("{} {}%", bar.name, percent(bar.share)))
        .collect::<Vec<_>>()
        .join(", ");
    let cutoffs = cutoffs(progress)
        .iter()
        .map(|(name, share)| format!("{name} at {}%", percent(*share)))
        .collect::<Vec<_>>()
        .join(", ");
    if cutoffs.is_empty() {
        format!("Grades by assignment type: {bars}.")
    } else {
        format!("Grades by assignment type: {bars}. Grade cutoffs: {cutoffs}.")
    }
}

fn y_of(share: f64) -> f64 {
    TOP + PLOT_HEIGHT * (1.0 - share.clamp(0.0, 1.0))
}

/// Escapes text for HTML and SVG markup.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The chart as SVG markup. Written as text rather than as a view: the
/// chart is drawn once and never changes, and markup keeps the dozens of
/// SVG elements out of the wasm bundle.
pub fn chart_svg(progress: &CourseProgress) -> String {
    use std::fmt::Write;

    let bars = bars(progress);
    let cutoffs = cutoffs(progress);
    let plot_width = SLOT * bars.len() as f64;
    let width = LEFT + plot_width + RIGHT;
    let right = LEFT + plot_width;
    let bottom = TOP + PLOT_HEIGHT;
    let mut svg = format!(
        r#"<svg class="grade-chart" viewBox="0 0 {} {}" role="img" aria-label="{}" data-testid="grade-chart">"#,
        Num(width),
        Num(HEIGHT),
        escape(&chart_summary(progress))
    );
    let (left, right, bottom) = (Num(LEFT), Num(right), Num(bottom));
    // Writing to a String cannot fail.
    for share in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let y = y_of(share);
        let _ = write!(
            svg,
            r#"<line class="chart-grid" x1="{left}" x2="{right}" y1="{}" y2="{}"/><text class="chart-axis" x="{}" y="{}" text-anchor="end">{}%</text>"#,
            Num(y),
            Num(y),
            Num(LEFT - 6.0),
            Num(y + 4.0),
            percent(share)
        );
    }
    let _ = write!(
        svg,
        r#"<line class="chart-axis-line" x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}"/>"#
    );
    let bottom = bottom.0;
    for (i, bar) in bars.iter().enumerate() {
        let x = LEFT + SLOT * i as f64 + (SLOT - BAR) / 2.0;
        let y = y_of(bar.share);
        let height = (bottom - y).max(0.0);
        let class = if bar.total {
            "chart-bar chart-bar-total"
        } else {
            "chart-bar"
        };
        let middle = Num(x + BAR / 2.0);
        let _ = write!(
            svg,
            r#"<rect class="{class}" x="{}" y="{}" width="{}" height="{}"/><text class="chart-value" x="{middle}" y="{}" text-anchor="middle">{}%</text><text class="chart-label" x="{middle}" y="{}" text-anchor="middle">{}</text>"#,
            Num(x),
            Num(y),
            Num(BAR),
            Num(height),
            Num(y - 4.0),
            percent(bar.share),
            Num(bottom + 18.0),
            escape(&bar.label)
        );
    }
    for (name, share) in &cutoffs {
        let y = y_of(*share);
        let _ = write!(
            svg,
            r#"<line class="chart-cutoff" x1="{left}" x2="{right}" y1="{}" y2="{}"/><text class="chart-cutoff-label" x="{}" y="{}">{} {}%</text>"#,
            Num(y),
            Num(y),
            Num(right.0 + 6.0),
            Num(y + 4.0),
            escape(name),
            percent(*share)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The bar chart, an image with its numbers in `aria-label`.
#[component]
pub fn GradeChart(progress: CourseProgress) -> impl IntoView {
    view! { <div class="grade-chart-frame" inner_html=chart_svg(&progress)></div> }
}

/// The chart's numbers as a table: each assignment type's weight, score
/// and drops, and the course grade.
#[component]
pub fn GradeTable(progress: CourseProgress) -> impl IntoView {
    let rows = progress
        .assignment_types
        .iter()
        .map(|kind| {
            view! {
                <tr>
                    <th scope="row">{kind.type_.clone()}</th>
                    <td>{format!("{}%", percent(kind.weight))}</td>
                    <td>{format!("{}%", percent(kind.percent))}</td>
                    <td>{kind.dropped.to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="grade-table" data-testid="grade-table">
                <caption class="visually-hidden">"Grades by assignment type"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Assignment type"</th>
                        <th scope="col">"Weight"</th>
                        <th scope="col">"Score"</th>
                        <th scope="col">"Dropped"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
                <tfoot>
                    <tr>
                        <th scope="row">"Course grade"</th>
                        <td>"100%"</td>
                        <td>{format!("{}%", percent(progress.percent))}</td>
                        <td></td>
                    </tr>
                </tfoot>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared_types::AssignmentTypeGrade;

    #[test]
    fn chart_text_is_escaped() {
        assert_eq!(escape("A&B <\"x\">"), "A&amp;B &lt;&quot;x&quot;&gt;");
    }

    #[test]
    fn the_summary_reads_every_bar_and_cutoff() {
        let progress = CourseProgress {
            course_key: "c".into(),
            percent: 0.5,
            letter_grade: Some("Pass".into()),
            passed: true,
            grade_cutoffs: [("Pass".to_string(), 0.5)].into_iter().collect(),
            assignment_types: vec![AssignmentTypeGrade {
                type_: "Homework".into(),
                short_label: "HW".into(),
                weight: 1.0,
                percent: 0.5,
                scores: vec![0.5],
                dropped: 0,
            }],
            subsections: vec![],
            completion: 1.0,
        };
        assert_eq!(
            chart_summary(&progress),
            "Grades by assignment type: Homework 50%, Course grade 50%. Grade cutoffs: Pass at 50%."
        );
    }
}
