//! File uploads with progress: `multipart/form-data` with a `file` field
//! (and any text fields the endpoint takes), sent through `XMLHttpRequest` (the only browser API that reports upload
//! progress), answered like every other call: the decoded body, or the
//! server's problem.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use serde::de::DeserializeOwned;
use shared_types::{ErrorBody, CSRF_HEADER};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{FormData, ProgressEvent, XmlHttpRequest};

use super::{ApiError, UploadProgress, API_PREFIX};

/// The multipart body: the file in the `file` field, under its own name,
/// then the text `fields`.
fn upload_form(file: &web_sys::File, fields: &[(&str, &str)]) -> Result<FormData, ApiError> {
    let failed = |e: wasm_bindgen::JsValue| ApiError::unexpected(0, &format!("{e:?}"));
    let form = FormData::new().map_err(failed)?;
    form.append_with_blob_and_filename("file", file, &file.name())
        .map_err(failed)?;
    for (name, value) in fields {
        form.append_with_str(name, value).map_err(failed)?;
    }
    Ok(form)
}

/// Turns an answer into the decoded body or the server's problem.
pub(crate) fn decode_answer<T: DeserializeOwned>(status: u16, text: &str) -> Result<T, ApiError> {
    if (200..300).contains(&status) {
        return serde_json::from_str(text)
            .map_err(|e| ApiError::unexpected(status, &e.to_string()));
    }
    Err(problem(status, text))
}

/// The problem a failed answer's body describes, or an unexpected answer.
pub(crate) fn problem(status: u16, text: &str) -> ApiError {
    match serde_json::from_str::<ErrorBody>(text) {
        Ok(body) => ApiError {
            status,
            body: Box::new(body),
        },
        Err(e) => ApiError::unexpected(status, &e.to_string()),
    }
}

/// What the request's event handlers leave for the awaiting future.
struct XhrSlot {
    finished: bool,
    result: Option<Result<(u16, String), ApiError>>,
    waker: Option<Waker>,
}

/// Resolves once the request has finished, failed or been aborted; holds
/// the handlers so they live exactly as long as the request is awaited.
struct XhrUpload {
    slot: Rc<RefCell<XhrSlot>>,
    xhr: XmlHttpRequest,
    _handlers: Vec<Closure<dyn FnMut(ProgressEvent)>>,
}

impl Future for XhrUpload {
    type Output = Result<(u16, String), ApiError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut slot = self.slot.borrow_mut();
        match slot.result.take() {
            Some(result) => Poll::Ready(result),
            None => {
                slot.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

impl Drop for XhrUpload {
    /// A page that stops waiting (it was left) stops the upload too.
    fn drop(&mut self) {
        if !self.slot.borrow().finished {
            self.xhr.set_onload(None);
            self.xhr.set_onerror(None);
            self.xhr.set_onabort(None);
            if let Ok(upload) = self.xhr.upload() {
                upload.set_onprogress(None);
            }
            let _ = self.xhr.abort();
        }
    }
}

/// `POST {path}` (under the API prefix) with `file` and the text `fields`,
/// calling `on_progress` as its bytes go out.
pub async fn upload_with_progress<T: DeserializeOwned>(
    path: &str,
    file: &web_sys::File,
    fields: &[(&str, &str)],
    on_progress: impl Fn(UploadProgress) + 'static,
) -> Result<T, ApiError> {
    let (status, text) = upload_text(path, file, fields, Box::new(on_progress)).await?;
    decode_answer(status, &text)
}

/// The non-generic half of [`upload_with_progress`]: the answer's status
/// and text, or the failure to get one.
async fn upload_text(
    path: &str,
    file: &web_sys::File,
    fields: &[(&str, &str)],
    on_progress: Box<dyn Fn(UploadProgress)>,
) -> Result<(u16, String), ApiError> {
    let url = format!("{API_PREFIX}{path}");
    let form = upload_form(file, fields)?;
    let failed = |e: wasm_bindgen::JsValue| ApiError::unexpected(0, &format!("{e:?}"));
    let xhr = XmlHttpRequest::new().map_err(failed)?;
    xhr.open("POST", &url).map_err(failed)?;
    xhr.set_request_header("Accept", "application/json, application/problem+json")
        .map_err(failed)?;
    xhr.set_request_header(CSRF_HEADER, "1").map_err(failed)?;

    let slot = Rc::new(RefCell::new(XhrSlot {
        finished: false,
        result: None,
        waker: None,
    }));
    let finish = {
        let slot = slot.clone();
        move |result: Result<(u16, String), ApiError>| {
            let mut slot = slot.borrow_mut();
            if !slot.finished {
                slot.finished = true;
                slot.result = Some(result);
            }
            if let Some(waker) = slot.waker.take() {
                waker.wake();
            }
        }
    };
    let finish = Rc::new(finish);
    let onload = {
        let finish = finish.clone();
        let xhr = xhr.clone();
        Closure::<dyn FnMut(ProgressEvent)>::new(move |_: ProgressEvent| {
            let status = xhr.status().unwrap_or(0);
            let text = xhr.response_text().ok().flatten().unwrap_or_default();
            finish(Ok((status, text)));
        })
    };
    let onerror = {
        let finish = finish.clone();
        Closure::<dyn FnMut(ProgressEvent)>::new(move |_: ProgressEvent| {
            finish(Err(ApiError::network("the upload failed")));
        })
    };
    let onabort = Closure::<dyn FnMut(ProgressEvent)>::new(move |_: ProgressEvent| {
        finish(Err(ApiError::network("the upload was aborted")));
    });
    let onprogress = Closure::<dyn FnMut(ProgressEvent)>::new(move |event: ProgressEvent| {
        on_progress(UploadProgress {
            loaded: event.loaded() as u64,
            total: if event.length_computable() {
                event.total() as u64
            } else {
                0
            },
        });
    });
    xhr.set_onload(Some(onload.as_ref().unchecked_ref()));
    xhr.set_onerror(Some(onerror.as_ref().unchecked_ref()));
    xhr.set_onabort(Some(onabort.as_ref().unchecked_ref()));
    xhr.upload()
        .map_err(failed)?
        .set_onprogress(Some(onprogress.as_ref().unchecked_ref()));

    xhr.send_with_opt_form_data(Some(&form)).map_err(failed)?;
    XhrUpload {
        slot,
        xhr,
        _handlers: vec![onload, onerror, onabort, onprogress],
    }
    .await
}
