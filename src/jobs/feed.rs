//! The jobs list's rows, loaded a page at a time as the list needs them (`Jobs_List` pages,
//! `nextLink` after `nextLink`) instead of every page up front: a workspace with 20,000 jobs
//! shows its first rows after one request. Changing a filter the service applies starts over
//! from the first page; answers for an older start are dropped.

use crate::error::UiError;
use crate::http::{Api, Listed};
use crate::jobs::time::now_ms;
use crate::prefetch::Prefetch;
use aml_api::jobs::rows::JobRow;
use aml_api::HttpRequest;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

#[derive(Clone, Copy)]
pub struct JobsFeed {
    /// Rows loaded so far, in the service's order (newest first).
    pub rows: RwSignal<Vec<JobRow>>,
    /// Notes on list items that could not be read.
    pub skipped: RwSignal<Vec<String>>,
    /// The next page's request; `None` once the last page is in (or before the first).
    pub next: RwSignal<Option<HttpRequest>>,
    pub loading: RwSignal<bool>,
    pub error: RwSignal<Option<UiError>>,
    /// Pages loaded since the last start.
    pub pages: RwSignal<usize>,
    /// Bumped by every start: a page answer of an older start is not applied.
    generation: StoredValue<u32>,
}

impl JobsFeed {
    pub fn new() -> JobsFeed {
        JobsFeed {
            rows: RwSignal::new(Vec::new()),
            skipped: RwSignal::new(Vec::new()),
            next: RwSignal::new(None),
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
            pages: RwSignal::new(0),
            generation: StoredValue::new(0),
        }
    }

    /// Whether more pages wait on the service.
    pub fn has_more(&self) -> bool {
        self.next.with(Option::is_some)
    }

    /// Drops the loaded rows and loads the first page of `first`.
    pub fn start(&self, api: Api, first: HttpRequest) {
        let generation = self.restart();
        self.load(api, first, generation);
    }

    /// Like `start`, with the first page's request already sent (by the route's `data()`): its
    /// answer is read when it arrives, unless a later start came first.
    pub fn start_prefetched(&self, api: Api, first: Prefetch) {
        let generation = self.restart();
        let feed = *self;
        feed.loading.set(true);
        Effect::new(move |done: Option<bool>| {
            if done == Some(true) {
                return true;
            }
            let Some(answer) = first.answer.get() else { return false };
            if generation.is_some() && feed.generation.try_get_value() == generation {
                feed.apply(answer.and_then(|resp| api.read_page::<Value>(&resp, 0)));
            }
            true
        });
    }

    /// A new start: no rows, and answers of earlier starts are dropped.
    fn restart(&self) -> Option<u32> {
        let generation = self.generation.try_update_value(|g| {
            *g = g.wrapping_add(1);
            *g
        });
        self.rows.set(Vec::new());
        self.skipped.set(Vec::new());
        self.next.set(None);
        self.error.set(None);
        self.pages.set(0);
        generation
    }

    /// Loads the next page, unless one is loading or none is left.
    pub fn load_more(&self, api: Api) {
        if self.loading.get_untracked() || self.error.with_untracked(Option::is_some) {
            return;
        }
        let Some(req) = self.next.get_untracked() else { return };
        self.load(api, req, self.generation.try_get_value());
    }

    fn load(&self, api: Api, req: HttpRequest, generation: Option<u32>) {
        let feed = *self;
        feed.loading.set(true);
        spawn_local(async move {
            let before = feed.rows.try_with_untracked(Vec::len).unwrap_or(0);
            let answer = api.fetch_page::<Value>(req, before).await;
            if generation.is_none() || feed.generation.try_get_value() != generation {
                return;
            }
            feed.apply(answer);
        });
    }

    /// Adds a page's rows (or keeps its error) and notes where the next page is.
    fn apply(&self, answer: Result<(Listed<Value>, Option<HttpRequest>), UiError>) {
        match answer {
            Ok((page, next)) => {
                let now = now_ms();
                let rows: Vec<JobRow> =
                    page.items.iter().map(|j| JobRow::from_job_in(j, now, crate::i18n::lang())).collect();
                self.rows.try_update(|r| r.extend(rows));
                self.skipped.try_update(|s| s.extend(page.skipped));
                self.next.try_set(next);
                self.pages.try_update(|p| *p += 1);
            }
            Err(e) => {
                self.error.try_set(Some(e));
            }
        }
        self.loading.try_set(false);
    }
}

impl Default for JobsFeed {
    fn default() -> Self {
        JobsFeed::new()
    }
}
