//! Schedule & details: the course's name, dates, pacing and the text and
//! image that introduce it in the catalog.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use lyceum_kit::{api, pages::field_error};
use shared_types::{CourseAsset, CourseDetails, CourseDetailsView, UpdateCourseDetails};

use super::{
    fields::{Field, FieldKind},
    form::{warn_before_unload, SaveBar, SaveState},
    time::{from_local_input, time_zone_label, to_local_input},
};
use crate::components::course_nav::{course_href, CourseTab};

/// The request fields whose errors show under their own control.
const FIELDS: &[&str] = &[
    "display_name",
    "start",
    "end",
    "enrollment_start",
    "enrollment_end",
    "self_paced",
    "language",
    "short_description",
    "overview",
    "card_image",
];

/// The form as typed: what is compared to know whether anything changed.
#[derive(Debug, Clone, PartialEq, Default)]
struct DetailsDraft {
    display_name: String,
    start: String,
    end: String,
    enrollment_start: String,
    enrollment_end: String,
    self_paced: bool,
    language: String,
    short_description: String,
    overview: String,
    card_image: String,
}

impl DetailsDraft {
    fn from_details(details: &CourseDetails) -> Self {
        let local = |at: Option<i64>| at.map(to_local_input).unwrap_or_default();
        Self {
            display_name: details.display_name.clone(),
            start: local(details.start.map(|t| t.timestamp_millis())),
            end: local(details.end.map(|t| t.timestamp_millis())),
            enrollment_start: local(details.enrollment_start.map(|t| t.timestamp_millis())),
            enrollment_end: local(details.enrollment_end.map(|t| t.timestamp_millis())),
            self_paced: details.self_paced,
            language: details.language.clone().unwrap_or_default(),
            short_description: details.short_description.clone().unwrap_or_default(),
            overview: details.overview.clone().unwrap_or_default(),
            card_image: details.card_image.clone().unwrap_or_default(),
        }
    }

    /// The details to send, or the field that is not right and why.
    fn to_details(&self) -> Result<CourseDetails, (&'static str, String)> {
        let text = |value: &str| {
            let value = value.trim();
            (!value.is_empty()).then(|| value.to_string())
        };
        let display_name = self.display_name.trim().to_string();
        if display_name.is_empty() {
            return Err(("display_name", "Enter the course's name.".into()));
        }
        Ok(CourseDetails {
            display_name,
            start: instant("start", &self.start)?,
            end: instant("end", &self.end)?,
            enrollment_start: instant("enrollment_start", &self.enrollment_start)?,
            enrollment_end: instant("enrollment_end", &self.enrollment_end)?,
            self_paced: self.self_paced,
            language: text(&self.language),
            short_description: text(&self.short_description),
            // The overview is HTML: kept exactly as written.
            overview: (!self.overview.trim().is_empty()).then(|| self.overview.clone()),
            card_image: text(&self.card_image),
        })
    }
}

/// A local date-time input as the instant it names (`None` when empty).
fn instant<T: std::str::FromStr>(
    field: &'static str,
    value: &str,
) -> Result<Option<T>, (&'static str, String)> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    from_local_input(value)
        .and_then(|utc| utc.parse().ok())
        .map(Some)
        .ok_or((
            field,
            "Enter a complete date and time, or clear the field.".into(),
        ))
}

/// The schedule & details form of one course.
#[component]
pub fn DetailsForm(
    course_key: String,
    view: CourseDetailsView,
    /// Loads the details again (after someone else changed them).
    on_reload: Callback<()>,
) -> impl IntoView {
    let state = SaveState::new(view.version);
    let initial = DetailsDraft::from_details(&view.details);
    let saved = RwSignal::new(initial.clone());
    let display_name = RwSignal::new(initial.display_name);
    let start = RwSignal::new(initial.start);
    let end = RwSignal::new(initial.end);
    let enrollment_start = RwSignal::new(initial.enrollment_start);
    let enrollment_end = RwSignal::new(initial.enrollment_end);
    let self_paced = RwSignal::new(initial.self_paced);
    let language = RwSignal::new(initial.language);
    let short_description = RwSignal::new(initial.short_description);
    let overview = RwSignal::new(initial.overview);
    let card_image = RwSignal::new(initial.card_image);

    let draft = Memo::new(move |_| DetailsDraft {
        display_name: display_name.get(),
        start: start.get(),
        end: end.get(),
        enrollment_start: enrollment_start.get(),
        enrollment_end: enrollment_end.get(),
        self_paced: self_paced.get(),
        language: language.get(),
        short_description: short_description.get(),
        overview: overview.get(),
        card_image: card_image.get(),
    });
    let dirty = Signal::derive(move || draft.with(|d| saved.with(|s| d != s)));
    warn_before_unload(dirty);

    let course = StoredValue::new(course_key.clone());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let typed = draft.get_untracked();
        let details = match typed.to_details() {
            Ok(details) => details,
            Err((field, detail)) => return state.refuse(field, detail),
        };
        let Some(base_version) = state.begin() else {
            return;
        };
        let request = UpdateCourseDetails {
            base_version,
            details,
        };
        spawn_local(async move {
            let result = api::update_course_details(&course.get_value(), &request)
                .await
                .map(|edited| edited.version);
            if state.finish(result, "Schedule & details saved.") {
                saved.set(typed);
            }
        });
    };

    let assets =
        LocalResource::new(move || async move { api::list_assets(&course.get_value()).await });
    let zone = time_zone_label();
    let date_hint =
        |what: &str| format!("{what} Times are in your time zone ({zone}). Leave empty for none.");
    let error = move |field: &'static str| field_error(state.error, field);

    view! {
        <form class="form settings-form" novalidate on:submit=on_submit>
            <section class="card" aria-labelledby="details-basics">
                <h2 id="details-basics">"Basic information"</h2>
                <Field
                    id="details-name".into()
                    label="Course name"
                    value=display_name
                    kind=FieldKind::Text
                    required=true
                    error=error("display_name")
                />
                <Field
                    id="details-language".into()
                    label="Language"
                    value=language
                    kind=FieldKind::Text
                    hint="The language the course is taught in, as a code such as en, fr or pt-BR."
                    error=error("language")
                />
            </section>
            <section class="card" aria-labelledby="details-schedule">
                <h2 id="details-schedule">"Schedule"</h2>
                <fieldset class="choice-group">
                    <legend>"Course pacing"</legend>
                    <div class="field-check">
                        <input
                            type="radio"
                            id="details-instructor-paced"
                            name="details-pacing"
                            prop:checked=move || !self_paced.get()
                            on:change=move |_| self_paced.set(false)
                        />
                        <label for="details-instructor-paced">
                            "Instructor-paced: content is released and due on the dates you set"
                        </label>
                    </div>
                    <div class="field-check">
                        <input
                            type="radio"
                            id="details-self-paced"
                            name="details-pacing"
                            prop:checked=move || self_paced.get()
                            on:change=move |_| self_paced.set(true)
                        />
                        <label for="details-self-paced">
                            "Self-paced: learners work through the content at their own pace"
                        </label>
                    </div>
                </fieldset>
                <div class="field-pair">
                    <Field
                        id="details-start".into()
                        label="Course start"
                        value=start
                        kind=FieldKind::DateTime
                        hint=date_hint("When learners can begin.")
                        error=error("start")
                    />
                    <Field
                        id="details-end".into()
                        label="Course end"
                        value=end
                        kind=FieldKind::DateTime
                        hint=date_hint("When the course closes.")
                        error=error("end")
                    />
                </div>
                <div class="field-pair">
                    <Field
                        id="details-enrollment-start".into()
                        label="Enrollment start"
                        value=enrollment_start
                        kind=FieldKind::DateTime
                        hint=date_hint("When learners can enroll.")
                        error=error("enrollment_start")
                    />
                    <Field
                        id="details-enrollment-end".into()
                        label="Enrollment end"
                        value=enrollment_end
                        kind=FieldKind::DateTime
                        hint=date_hint("When enrollment closes.")
                        error=error("enrollment_end")
                    />
                </div>
            </section>
            <section class="card" aria-labelledby="details-intro">
                <h2 id="details-intro">"Introducing your course"</h2>
                <Field
                    id="details-short-description".into()
                    label="Short description"
                    value=short_description
                    kind=FieldKind::TextArea { rows: 2 }
                    hint="One or two sentences shown in the course catalog."
                    error=error("short_description")
                />
                <Field
                    id="details-overview".into()
                    label="Overview (HTML)"
                    value=overview
                    kind=FieldKind::TextArea { rows: 10 }
                    hint="The course's about page, written in HTML. Refer to course files as /static/NAME."
                    error=error("overview")
                />
                <Transition fallback=|| view! { <p class="field-hint">"Loading the course's images…"</p> }>
                    {move || {
                        assets
                            .get()
                            .map(|list| {
                                view! {
                                    <CardImagePicker
                                        course_key=course.get_value()
                                        assets=list.map(|l| l.results).unwrap_or_default()
                                        value=card_image
                                        error=error("card_image")
                                    />
                                }
                            })
                    }}
                </Transition>
            </section>
            <SaveBar state=state dirty=dirty on_reload=on_reload fields=FIELDS label="Save details" />
        </form>
    }
}

/// The card image: one of the course's image files, with a preview.
#[component]
fn CardImagePicker(
    course_key: String,
    assets: Vec<CourseAsset>,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let images: Vec<CourseAsset> = assets
        .into_iter()
        .filter(|a| a.content_type.starts_with("image/"))
        .collect();
    let mut options = vec![(String::new(), "No card image".to_string())];
    options.extend(images.iter().map(|a| (a.name.clone(), a.name.clone())));
    let current = value.get_untracked();
    if !current.is_empty() && !images.iter().any(|a| a.name == current) {
        options.push((
            current.clone(),
            format!("{current} (not among the course's files)"),
        ));
    }
    let hint = if images.is_empty() {
        "The course has no image files yet: upload one on the Files page."
    } else {
        "The image shown on the course's card in the catalog, chosen from the course's files."
    };
    let preview = move || {
        let name = value.get();
        images.iter().find(|a| a.name == name).map(|asset| {
            view! {
                <figure class="card-image-preview">
                    <img src=asset.url.clone() alt=format!("Card image preview: {}", asset.name) />
                </figure>
            }
        })
    };
    view! {
        <Field
            id="details-card-image".into()
            label="Card image"
            value=value
            kind=FieldKind::Select(options)
            hint=hint
            error=error
        />
        {preview}
        <p class="field-hint">
            <a href=course_href(&course_key, CourseTab::Files)>"Manage the course's files"</a>
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_course_needs_a_name() {
        let draft = DetailsDraft {
            display_name: "  ".into(),
            ..Default::default()
        };
        assert_eq!(draft.to_details().unwrap_err().0, "display_name");
    }

    #[test]
    fn empty_texts_are_sent_as_absent() {
        let draft = DetailsDraft {
            display_name: " Physics ".into(),
            language: " ".into(),
            overview: "<p>Hi</p>\n".into(),
            ..Default::default()
        };
        let details = draft.to_details().unwrap();
        assert_eq!(details.display_name, "Physics");
        assert_eq!(details.language, None);
        assert_eq!(details.overview.as_deref(), Some("<p>Hi</p>\n"));
        assert_eq!(details.start, None);
    }
}
