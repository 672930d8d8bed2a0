use leptos::{prelude::*, task::spawn_local};
use lyceum_kit::api;
use shared_types::{BlockCompletion, CompletionBatch, VideoComponent};
use wasm_bindgen::JsCast;
use web_sys::HtmlMediaElement;

use crate::{outline::is_complete, pages::course::use_course};

/// Share of a video that must have been played for it to count as watched
/// (Open edX's default).
const WATCHED: f64 = 0.95;

/// A video: the HTML5 player with captions for each transcript, or the
/// YouTube player when the video only lives there. HTML5 videos report
/// completion once 95% of them has been played.
#[component]
pub fn VideoBlock(course_key: String, video: VideoComponent, index: usize) -> impl IntoView {
    let course = use_course();
    let heading = format!("component-{index}-heading");
    let labelled = heading.clone();
    let reported = StoredValue::new(is_complete(video.completion));
    let id = video.id.clone();

    let on_time = move |ev: leptos::ev::Event| {
        if reported.get_value() {
            return;
        }
        let Some(media) = ev
            .target()
            .and_then(|target| target.dyn_into::<HtmlMediaElement>().ok())
        else {
            return;
        };
        if played_share(&media) < WATCHED {
            return;
        }
        reported.set_value(true);
        let batch = CompletionBatch {
            blocks: vec![BlockCompletion {
                id: id.clone(),
                completion: 1.0,
            }],
        };
        let course_key = course_key.clone();
        spawn_local(async move {
            match api::report_completion(&course_key, &batch).await {
                Ok(()) => course.blocks.refetch(),
                Err(error) => {
                    log::warn!("video completion was not recorded: {error}");
                    reported.set_value(false);
                }
            }
        });
    };

    let player = if !video.sources.is_empty() {
        let sources = video
            .sources
            .iter()
            .map(|src| view! { <source src=src.clone() /> })
            .collect_view();
        let tracks = video
            .transcripts
            .iter()
            .enumerate()
            .map(|(i, (lang, src))| {
                view! {
                    <track
                        kind="captions"
                        srclang=lang.clone()
                        label=language_name(lang)
                        src=src.clone()
                        default=i == 0
                    />
                }
            })
            .collect_view();
        view! {
            <video
                class="video-player"
                controls
                preload="metadata"
                aria-labelledby=heading.clone()
                on:timeupdate=on_time
            >
                {sources}
                {tracks}
                <p>
                    "Your browser cannot play this video. "
                    <a href=video.sources[0].clone()>"Download it"</a>
                    " instead."
                </p>
            </video>
        }
        .into_any()
    } else if let Some(youtube_id) = video.youtube_id.clone().filter(|id| !id.is_empty()) {
        let src = format!(
            "https://www.youtube-nocookie.com/embed/{}",
            lyceum_kit::api::encode_path_segment(&youtube_id)
        );
        view! {
            <div class="video-frame">
                <iframe
                    src=src
                    title=format!("Video: {}", video.display_name)
                    allow="encrypted-media; picture-in-picture; fullscreen"
                    allowfullscreen
                    referrerpolicy="strict-origin-when-cross-origin"
                ></iframe>
            </div>
        }
        .into_any()
    } else {
        view! { <p class="alert alert-info">"This video has no source yet."</p> }.into_any()
    };

    let transcripts = (!video.transcripts.is_empty()).then(|| {
        let items = video
            .transcripts
            .iter()
            .map(|(lang, src)| {
                view! {
                    <li>
                        <a href=src.clone() download>
                            {format!("Transcript ({})", language_name(lang))}
                        </a>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="video-transcripts">{items}</ul> }
    });

    view! {
        <section class="unit-component unit-video" aria-labelledby=labelled data-testid="unit-video">
            <h2 id=heading>{video.display_name.clone()}</h2>
            {player}
            {transcripts}
        </section>
    }
}

/// How much of a media element has been played, 0–1 (ranges watched, not
/// the position, so skipping to the end does not count).
fn played_share(media: &HtmlMediaElement) -> f64 {
    let duration = media.duration();
    if !(duration.is_finite() && duration > 0.0) {
        return 0.0;
    }
    let played = media.played();
    let watched: f64 = (0..played.length())
        .map(|i| {
            let start = played.start(i).unwrap_or(0.0);
            let end = played.end(i).unwrap_or(start);
            (end - start).max(0.0)
        })
        .sum();
    watched / duration
}

/// A language code as people read it, for the common ones.
fn language_name(code: &str) -> String {
    let name = match code.split(['-', '_']).next().unwrap_or(code) {
        "en" => "English",
        "fr" => "French",
        "de" => "German",
        "es" => "Spanish",
        "it" => "Italian",
        "pt" => "Portuguese",
        "zh" => "Chinese",
        "ja" => "Japanese",
        "ar" => "Arabic",
        "ru" => "Russian",
        "hi" => "Hindi",
        _ => return code.to_string(),
    };
    name.to_string()
}
