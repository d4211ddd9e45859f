//! Runs `public/hash-worker.js` (a module Web Worker with the `hash-worker/` wasm) over picked
//! files and waits for its answer, forwarding progress. Cancel = terminate the worker. When the
//! worker cannot start (no worker files, as under `trunk serve`, or a browser without module
//! workers) the caller hashes on the page instead (`hashing.rs`).

use js_sys::{Array, Object, Promise, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The worker script, relative to `<base href>` (xtask puts it beside index.html).
const SCRIPT: &str = "hash-worker.js";

/// What one worker run returned.
#[derive(Debug, Default)]
pub struct WorkerAnswer {
    pub content_hash: Option<String>,
    pub md5: Option<Vec<String>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum WorkerError {
    /// The worker did not start or load its module: hash on the page instead.
    Unavailable(String),
    Canceled,
    Failed(String),
}

/// The worker's message and error handlers, kept alive as long as the run.
type Handlers = (Closure<dyn Fn(web_sys::MessageEvent)>, Closure<dyn Fn(web_sys::Event)>);

/// A running worker; [`Self::cancel`] stops it at once.
#[derive(Clone)]
pub struct WorkerRun {
    worker: web_sys::Worker,
    reject: Rc<RefCell<Option<js_sys::Function>>>,
    answer: Promise,
    // The handlers live as long as the run.
    _handlers: Rc<Handlers>,
}

fn field(v: &JsValue, name: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

impl WorkerRun {
    /// Starts a worker over `files` (with their paths and sizes; for `sha` in hash order).
    /// `progress(done)` gets the bytes read so far.
    pub fn start(
        files: &[web_sys::File],
        paths: &[String],
        sizes: &[u64],
        sha: bool,
        md5: bool,
        progress: Rc<dyn Fn(u64)>,
    ) -> Result<WorkerRun, WorkerError> {
        let opts = web_sys::WorkerOptions::new();
        opts.set_type(web_sys::WorkerType::Module);
        let worker =
            web_sys::Worker::new_with_options(SCRIPT, &opts).map_err(|e| WorkerError::Unavailable(format!("{e:?}")))?;
        let resolve: Rc<RefCell<Option<js_sys::Function>>> = Rc::new(RefCell::new(None));
        let reject: Rc<RefCell<Option<js_sys::Function>>> = Rc::new(RefCell::new(None));
        let answer = {
            let (res, rej) = (resolve.clone(), reject.clone());
            Promise::new(&mut move |ok, err| {
                *res.borrow_mut() = Some(ok);
                *rej.borrow_mut() = Some(err);
            })
        };
        let started = Rc::new(std::cell::Cell::new(false));
        let on_message = {
            let (resolve, reject, started) = (resolve.clone(), reject.clone(), started.clone());
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                started.set(true);
                let data = ev.data();
                match field(&data, "op").as_string().as_deref() {
                    Some("progress") => progress(field(&data, "done").as_f64().unwrap_or(0.0) as u64),
                    Some("done") => settle(&resolve, &data),
                    _ => settle(&reject, &Array::of2(&"failed".into(), &field(&data, "message")).into()),
                }
            })
        };
        let on_error = {
            let (reject, started) = (reject.clone(), started.clone());
            Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
                // An error before any message: the script or its module did not load.
                let kind = if started.get() { "failed" } else { "unavailable" };
                let msg = field(&ev, "message").as_string().unwrap_or_else(|| "the worker did not load".into());
                ev.prevent_default();
                settle(&reject, &Array::of2(&kind.into(), &msg.into()).into());
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let request = Object::new();
        let set = |k: &str, v: JsValue| {
            let _ = Reflect::set(&request, &JsValue::from_str(k), &v);
        };
        set("files", files.iter().collect::<Array>().into());
        set("paths", paths.iter().map(|p| JsValue::from_str(p)).collect::<Array>().into());
        set("sizes", sizes.iter().map(|s| JsValue::from_f64(*s as f64)).collect::<Array>().into());
        set("sha", sha.into());
        set("md5", md5.into());
        worker.post_message(&request).map_err(|e| WorkerError::Unavailable(format!("{e:?}")))?;
        Ok(WorkerRun { worker, reject, answer, _handlers: Rc::new((on_message, on_error)) })
    }

    /// Stops the worker; the pending [`Self::finish`] ends with `Canceled`.
    pub fn cancel(&self) {
        self.worker.terminate();
        settle(&self.reject, &Array::of2(&"canceled".into(), &"".into()).into());
    }

    pub async fn finish(self) -> Result<WorkerAnswer, WorkerError> {
        let out = JsFuture::from(self.answer.clone()).await;
        self.worker.terminate();
        match out {
            Ok(data) => {
                let hash = field(&data, "hash").as_string();
                let md5 = field(&data, "md5");
                let md5 = md5
                    .is_object()
                    .then(|| Array::from(&md5).iter().map(|v| v.as_string().unwrap_or_default()).collect());
                Ok(WorkerAnswer { content_hash: hash, md5 })
            }
            Err(e) => {
                let parts = Array::from(&e);
                let msg = parts.get(1).as_string().unwrap_or_default();
                Err(match parts.get(0).as_string().as_deref() {
                    Some("canceled") => WorkerError::Canceled,
                    Some("unavailable") => WorkerError::Unavailable(msg),
                    _ => WorkerError::Failed(msg),
                })
            }
        }
    }
}

/// Calls a promise's resolve or reject once; later calls do nothing.
fn settle(slot: &Rc<RefCell<Option<js_sys::Function>>>, value: &JsValue) {
    if let Some(f) = slot.borrow_mut().take() {
        let _ = f.call1(&JsValue::NULL, value);
    }
}
