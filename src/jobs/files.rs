//! The picked source folder. Paths are relative to the folder itself: the browser reports
//! `train/src/a.py` for a folder `train`, and the SDK uploads blobs as
//! `<basename of folder>/<relative path>`, so the first segment becomes [`Picked::root`] and
//! the rest is the path the ignore rules, the hash and the blob name use
//! (`aml_api::jobs::source::split_root`).

use crate::i18n::t;
use aml_api::jobs::source::{split_root, DEFAULT_ROOT};
use aml_api::snapshot::Entry;
use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

pub struct PickedFile {
    pub path: String,
    pub file: web_sys::File,
    /// `file.size`, read once: Chromium answers the first read of a picked file's size with a
    /// synchronous metadata lookup (~0.2 ms), 400 ms for 2,000 files on the page's thread.
    size: std::cell::Cell<Option<u64>>,
}

impl PickedFile {
    pub fn new(path: String, file: web_sys::File) -> PickedFile {
        PickedFile { path, file, size: Default::default() }
    }

    pub fn size(&self) -> u64 {
        self.size.get().unwrap_or_else(|| {
            let s = self.file.size() as u64;
            self.size.set(Some(s));
            s
        })
    }
}

/// Longest stretch the page spends reading sizes before it lets the browser paint and handle
/// input (a long task is one over 50 ms).
const SIZE_SLICE_MS: f64 = 20.0;

pub struct Picked {
    /// The folder's own name (the SDK's basename); blobs go under it.
    pub root: String,
    pub files: Vec<PickedFile>,
    by_path: HashMap<String, usize>,
}

/// Shared handle that can live in signals (single-threaded wasm; see `send_wrapper`).
pub type PickedRef = send_wrapper::SendWrapper<Rc<Picked>>;

impl Picked {
    pub fn new(root: String, mut files: Vec<PickedFile>) -> Picked {
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let by_path = files.iter().enumerate().map(|(i, f)| (f.path.clone(), i)).collect();
        Picked { root, files, by_path }
    }

    pub fn get(&self, path: &str) -> Option<&web_sys::File> {
        self.by_path.get(path).map(|i| &self.files[*i].file)
    }

    /// The api crate's view of the folder.
    pub fn entries(&self) -> Vec<Entry> {
        self.files.iter().map(|f| Entry::new(f.path.clone(), f.size())).collect()
    }

    /// Reads every file's size ahead, in slices of [`SIZE_SLICE_MS`] with a pause for the
    /// browser between them, so that the selection built next does not freeze the page.
    pub async fn measure_sizes(&self) {
        let now = js_sys::Date::now;
        // The pick event itself ends the browser's task that filled the input: begin in a task
        // of our own.
        crate::browser::sleep_ms(0).await;
        let mut start = now();
        for f in &self.files {
            f.size();
            if now() - start > SIZE_SLICE_MS {
                crate::browser::sleep_ms(0).await;
                start = now();
            }
        }
    }

    pub fn into_ref(self) -> PickedRef {
        send_wrapper::SendWrapper::new(Rc::new(self))
    }
}

fn str_prop(v: &JsValue, name: &str) -> String {
    Reflect::get(v, &JsValue::from_str(name)).ok().and_then(|s| s.as_string()).unwrap_or_default()
}

/// From `<input type=file webkitdirectory>`: `webkitRelativePath` is not in web-sys, so it is
/// read with `Reflect`. Without it (plain multi-select) the files sit at the root of "src".
pub fn from_file_list(list: &web_sys::FileList) -> Result<Picked, String> {
    let mut root = String::new();
    let mut files = Vec::new();
    for i in 0..list.length() {
        let Some(file) = list.item(i) else { continue };
        let rel = str_prop(&file, "webkitRelativePath");
        let (r, path) = if rel.is_empty() { (String::new(), file.name()) } else { split_root(&rel) };
        if root.is_empty() {
            root = r;
        }
        files.push(PickedFile::new(path, file));
    }
    if files.is_empty() {
        return Err(t("submit.folder_empty", "The folder is empty.").into());
    }
    Ok(Picked::new(if root.is_empty() { DEFAULT_ROOT.into() } else { root }, files))
}

/// Calls `obj.method(resolve, reject)` — the callback style of the File and Directory Entries API.
fn callback_promise(obj: &JsValue, method: &str) -> Promise {
    let obj = obj.clone();
    let method = method.to_string();
    Promise::new(&mut |resolve, reject| {
        let f = Reflect::get(&obj, &JsValue::from_str(&method)).ok().and_then(|f| f.dyn_into::<Function>().ok());
        match f {
            Some(f) => {
                if let Err(e) = f.call2(&obj, &resolve, &reject) {
                    let _ = reject.call1(&JsValue::NULL, &e);
                }
            }
            None => {
                let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("unsupported"));
            }
        }
    })
}

/// Walks a dropped `FileSystemDirectoryEntry` (breadth-first; `readEntries` returns batches
/// until an empty one).
async fn walk(dir: JsValue, out: &mut Vec<PickedFile>) -> Result<(), String> {
    let mut queue = vec![(dir, String::new())];
    while let Some((dir, prefix)) = queue.pop() {
        let reader = Reflect::get(&dir, &"createReader".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .and_then(|f| f.call0(&dir).ok())
            .ok_or(t("submit.no_folder_drop", "This browser cannot read dropped folders; use the folder picker."))?;
        loop {
            let batch = JsFuture::from(callback_promise(&reader, "readEntries")).await.map_err(|e| format!("{e:?}"))?;
            let batch: Array = batch.unchecked_into();
            if batch.length() == 0 {
                break;
            }
            for entry in batch.iter() {
                let name = str_prop(&entry, "name");
                let path = if prefix.is_empty() { name } else { format!("{prefix}/{name}") };
                if Reflect::get(&entry, &"isDirectory".into()).ok().and_then(|v| v.as_bool()) == Some(true) {
                    queue.push((entry, path));
                } else {
                    let file = JsFuture::from(callback_promise(&entry, "file")).await.map_err(|e| format!("{e:?}"))?;
                    out.push(PickedFile::new(path, file.unchecked_into()));
                }
            }
        }
    }
    Ok(())
}

/// The first dropped item that is a folder (`webkitGetAsEntry`, read via Reflect). Must run
/// inside the drop handler: once it returns, Chromium disconnects the `DataTransfer` (its item
/// list reads as empty), so the entry is taken now and walked afterwards ([`from_entry`]).
pub fn dropped_folder(dt: &web_sys::DataTransfer) -> Result<JsValue, String> {
    let items = dt.items();
    for i in 0..items.length() {
        let Some(item) = items.get(i) else { continue };
        let entry = Reflect::get(&item, &"webkitGetAsEntry".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .and_then(|f| f.call0(&item).ok())
            .filter(|e| !e.is_null() && !e.is_undefined());
        if let Some(e) = entry {
            if Reflect::get(&e, &"isDirectory".into()).ok().and_then(|v| v.as_bool()) == Some(true) {
                return Ok(e);
            }
        }
    }
    Err(if items.length() == 0 {
        t("submit.nothing_dropped", "Nothing was dropped; drop a folder or use the folder picker.")
    } else {
        t("submit.drop_folder", "Drop a folder (not single files).")
    }
    .into())
}

/// Reads every file under a dropped folder entry (from [`dropped_folder`]).
pub async fn from_entry(dir: JsValue) -> Result<Picked, String> {
    let root = str_prop(&dir, "name");
    let mut files = Vec::new();
    walk(dir, &mut files).await?;
    if files.is_empty() {
        return Err(t("submit.folder_empty", "The folder is empty.").into());
    }
    Ok(Picked::new(root, files))
}

/// Bytes `[start, end)` of a file (`Blob.slice` → `arrayBuffer`).
pub async fn read_range(file: &web_sys::Blob, start: u64, end: u64) -> Result<Vec<u8>, String> {
    let part = file.slice_with_f64_and_f64(start as f64, end as f64).map_err(|e| format!("{e:?}"))?;
    let buf = JsFuture::from(part.array_buffer()).await.map_err(|e| {
        crate::i18n::tf("submit.file_unreadable", "cannot read the file: {error}", &[("error", &format!("{e:?}"))])
    })?;
    Ok(Uint8Array::new(&buf).to_vec())
}

/// A whole (small) file: ignore files, `.git/HEAD`, the git index.
pub async fn read_all(file: &web_sys::File) -> Result<Vec<u8>, String> {
    read_range(file, 0, file.size() as u64).await
}
