//! The metrics of one run, kept up to date in rounds: each round reads the run (`runs/get`,
//! which lists the latest value of every metric) and then only the histories whose latest value
//! changed since they were last read; the round after the run ended reads every history once
//! more, so nothing logged at the very end is missed.

use std::collections::BTreeMap;

use crate::error::ApiError;
use crate::metrics::Point;
use crate::request::{HttpRequest, HttpResponse};

use super::{parse, HistoryPage, HistoryReader, Run, Tracking, MAX_HISTORY_PAGE};

#[derive(Clone, Debug, PartialEq)]
pub struct RunMetrics {
    run_id: String,
    run: Option<Run>,
    page_size: u32,
    readers: BTreeMap<String, HistoryReader>,
    /// The latest value `runs/get` reported for a key when its last read was started.
    read_at: BTreeMap<String, Point>,
}

impl RunMetrics {
    pub fn new(run_id: &str) -> RunMetrics {
        RunMetrics::with_page_size(run_id, MAX_HISTORY_PAGE)
    }

    pub fn with_page_size(run_id: &str, page_size: u32) -> RunMetrics {
        RunMetrics {
            run_id: run_id.to_string(),
            run: None,
            page_size,
            readers: BTreeMap::new(),
            read_at: BTreeMap::new(),
        }
    }

    pub fn run_id(&self) -> &str {
        &self.run_id
    }

    pub fn run(&self) -> Option<&Run> {
        self.run.as_ref()
    }

    /// The round's first request.
    pub fn run_request(&self, tracking: &Tracking) -> HttpRequest {
        tracking.get_run(&self.run_id)
    }

    /// The `runs/get` answer: keeps the run and starts a read of every history that is new or
    /// whose latest value changed (of every history when `read_all`). Returns the keys to read.
    pub fn on_run(&mut self, run: Run, read_all: bool) -> Vec<String> {
        let mut to_read = Vec::new();
        for m in &run.data.metrics {
            let changed = self.read_at.get(&m.key).is_none_or(|seen| !seen.same_as(&m.point));
            if changed || read_all {
                let page_size = self.page_size;
                self.readers.entry(m.key.clone()).or_insert_with(|| HistoryReader::new(&m.key, page_size)).start();
                self.read_at.insert(m.key.clone(), m.point);
                if !to_read.contains(&m.key) {
                    to_read.push(m.key.clone());
                }
            }
        }
        self.run = Some(run);
        to_read.sort();
        to_read
    }

    /// The next page any running read needs, with the key it is for.
    pub fn next_request(&self, tracking: &Tracking) -> Option<(String, HttpRequest)> {
        self.readers.iter().find_map(|(k, r)| r.request(tracking, &self.run_id).map(|req| (k.clone(), req)))
    }

    /// The answer to [`Self::next_request`] for `key`.
    pub fn on_history(&mut self, key: &str, resp: &HttpResponse) -> Result<(), ApiError> {
        let Some(reader) = self.readers.get_mut(key) else { return Ok(()) };
        match parse::<HistoryPage>(resp) {
            Ok(page) => {
                reader.on_page(page);
                Ok(())
            }
            Err(e) => {
                // Read again next round (the value seen then will differ from nothing).
                self.read_at.remove(key);
                reader.on_error(e)
            }
        }
    }

    /// The request for `key` got no answer at all (the transport gave up): its read ends, and the
    /// next round reads it again.
    pub fn abandon(&mut self, key: &str) {
        if let Some(r) = self.readers.get_mut(key) {
            let _ = r.on_error(ApiError::network("no answer"));
        }
        self.read_at.remove(key);
    }

    /// Metric keys in name order.
    pub fn keys(&self) -> Vec<String> {
        self.readers.keys().cloned().collect()
    }

    pub fn history(&self, key: &str) -> &[Point] {
        self.readers.get(key).map(HistoryReader::points).unwrap_or(&[])
    }
}
