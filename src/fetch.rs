//! A small async-data hook for pages, used instead of `LocalResource`: every
//! `LocalResource<T>` instantiates the whole async-derived machinery for its `T`, and that
//! weighed ~10 KB brotli of the bundle for five resources. This one is a signal and an effect.
//!
//! The fetcher runs inside an effect, so signals it reads synchronously (route params) make
//! it re-run; the future is polled with the effect's owner current, so `http::Api::send`'s
//! `on_cleanup` aborts the in-flight request when the effect re-runs or the page goes away.

use crate::error::UiError;
use leptos::prelude::*;
use leptos::reactive::computed::ScopedFuture;
use leptos::task::spawn_local;
use std::future::Future;

/// Handle to the state of one fetch: `data` is `None` until the first answer.
pub struct Fetch<T: Send + Sync + 'static> {
    pub data: RwSignal<Option<Result<T, UiError>>>,
    pub loading: RwSignal<bool>,
    version: RwSignal<u32>,
}

impl<T: Send + Sync + 'static> Clone for Fetch<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync + 'static> Copy for Fetch<T> {}

impl<T: Send + Sync + 'static> Fetch<T> {
    /// Runs the fetcher again (the refresh button); the old answer stays until the new one.
    pub fn refetch(&self) {
        self.version.update(|v| *v = v.wrapping_add(1));
    }
}

pub fn use_fetch<T, Fut>(fetcher: impl Fn() -> Fut + 'static) -> Fetch<T>
where
    T: Send + Sync + 'static,
    Fut: Future<Output = Result<T, UiError>> + 'static,
{
    let data = RwSignal::new(None);
    let loading = RwSignal::new(true);
    let version = RwSignal::new(0u32);
    // Only the latest run may write: an aborted older run must not overwrite newer data.
    let latest = StoredValue::new(0u32);
    Effect::new(move |_| {
        version.track();
        let run = latest.try_update_value(|n| {
            *n = n.wrapping_add(1);
            *n
        });
        loading.set(true);
        let fut = ScopedFuture::new_untracked(fetcher());
        spawn_local(async move {
            let result = fut.await;
            if run.is_some() && latest.try_get_value() == run {
                data.try_set(Some(result));
                loading.try_set(false);
            }
        });
    });
    Fetch { data, loading, version }
}
