//! Saving text the console made (a metric's CSV) as a file: a `Blob`, an object URL and a click
//! on a temporary `<a download>`. Nothing leaves the browser; the URL is revoked a minute later
//! (revoking it at once can cancel the download before the browser has read the blob).

use wasm_bindgen::JsCast;

/// Offers `text` as a download named `file_name`. False when the browser refused.
pub fn save_text(file_name: &str, mime: &str, text: &str) -> bool {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else { return false };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return false };
    let saved = (|| {
        let doc = web_sys::window()?.document()?;
        let a = doc.create_element("a").ok()?.dyn_into::<web_sys::HtmlAnchorElement>().ok()?;
        a.set_href(&url);
        a.set_download(file_name);
        a.click();
        Some(())
    })()
    .is_some();
    leptos::task::spawn_local(async move {
        crate::browser::sleep_ms(60_000).await;
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    saved
}
