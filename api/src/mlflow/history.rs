//! One metric's history, read with `metrics/get-history` page by page (docs/azure-ml-rest.md
//! §MLflow: `max_results` + `page_token`).
//!
//! While a run logs, its history only grows at the end, so a re-read starts at the page the
//! previous read ended on: with the token that fetched that page (a page token names a position
//! in the history, in MLflow's stores its offset), only that page and the new points travel
//! again, however long the history is. A token the service refuses (expired) restarts the read
//! from the first point.

use crate::error::ApiError;
use crate::metrics::Point;
use crate::request::HttpRequest;

use super::{HistoryPage, Tracking};

/// Safety net against a service that keeps handing out page tokens.
const MAX_PAGES_PER_READ: usize = 2_000;

/// Where a page starts: the token that asks for it (`None` = the first page) and its offset.
type PageStart = (Option<String>, usize);

#[derive(Clone, Debug, PartialEq)]
pub struct HistoryReader {
    key: String,
    page_size: u32,
    points: Vec<Point>,
    /// The start of the last page of the last read: where the next read begins.
    last_page: PageStart,
    /// The page to ask for next; `None` when no read is in progress.
    next: Option<PageStart>,
    pages_this_read: usize,
    /// The running read already started over once (a second refusal is an error, not a loop).
    restarted: bool,
    reads_done: u32,
}

impl HistoryReader {
    pub fn new(key: &str, page_size: u32) -> HistoryReader {
        HistoryReader {
            key: key.to_string(),
            page_size: page_size.max(1),
            points: Vec::new(),
            last_page: (None, 0),
            next: None,
            pages_this_read: 0,
            restarted: false,
            reads_done: 0,
        }
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    /// Every point read so far, in logged order.
    pub fn points(&self) -> &[Point] {
        &self.points
    }

    /// How many reads ran to their last page.
    pub fn reads_done(&self) -> u32 {
        self.reads_done
    }

    pub fn is_reading(&self) -> bool {
        self.next.is_some()
    }

    /// Starts a read from the start of the last page read before (nothing if one is running).
    pub fn start(&mut self) {
        if self.next.is_none() {
            self.next = Some(self.last_page.clone());
            self.pages_this_read = 0;
            self.restarted = false;
        }
    }

    /// The request for the next page of the running read.
    pub fn request(&self, tracking: &Tracking, run_id: &str) -> Option<HttpRequest> {
        let (token, _) = self.next.as_ref()?;
        Some(tracking.metric_history(run_id, &self.key, self.page_size, token.as_deref()))
    }

    /// A page arrived: it replaces whatever was held from its offset on.
    pub fn on_page(&mut self, page: HistoryPage) {
        let Some((token, offset)) = self.next.take() else { return };
        let offset = offset.min(self.points.len());
        self.points.truncate(offset);
        let got = page.metrics.len();
        self.points.extend(page.metrics);
        self.last_page = (token, offset);
        self.pages_this_read += 1;
        match page.next_page_token.filter(|t| !t.is_empty()) {
            // An empty page with a token would never end; the cap stops a service that misbehaves.
            Some(t) if got > 0 && self.pages_this_read < MAX_PAGES_PER_READ => {
                self.next = Some((Some(t), offset + got))
            }
            _ => self.reads_done += 1,
        }
    }

    /// The page request failed with `e`. A refused page token (400) restarts the read from the
    /// first point, once, and is not an error; anything else ends the read (the points stay).
    pub fn on_error(&mut self, e: ApiError) -> Result<(), ApiError> {
        let resumed = matches!(&self.next, Some((Some(_), _)));
        if resumed && e.status == Some(400) && !self.restarted {
            self.restarted = true;
            self.last_page = (None, 0);
            self.next = Some((None, 0));
            return Ok(());
        }
        self.next = None;
        Err(e)
    }
}
