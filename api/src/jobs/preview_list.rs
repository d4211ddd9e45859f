//! The snapshot preview's file list at any size: the rows ([`preview_rows`]: the selection in
//! path order, with diff states and removed files once a comparison exists) flattened once, with
//! a lower-case key per path for the path filter, so the console can window them (only the
//! visible rows in the DOM) and filter 20,000 paths per keystroke. Also the texts and choices
//! the list shows: when it starts open, its counts, the test id of a row.

use super::group_digits;
use super::incremental::{preview_rows, FileState, PreviewRow, SnapshotDiff};
use crate::snapshot::Selection;
use crate::view::search::Matches;

/// Lists of at most this many files start open; longer ones start collapsed (and a collapsed
/// list renders no row at all).
pub const OPEN_UP_TO: usize = 50;

/// Whether the file list of a selection of `files` files starts open.
pub fn open_by_default(files: usize) -> bool {
    files <= OPEN_UP_TO
}

/// The preview's rows, each with its path in lower case.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PreviewList {
    pub rows: Vec<PreviewRow>,
    keys: Vec<String>,
    /// `0..rows.len()`: the order a search starts from.
    all: Vec<usize>,
}

impl PreviewList {
    pub fn new(selection: &Selection, diff: Option<&SnapshotDiff>) -> PreviewList {
        PreviewList::from_rows(preview_rows(selection, diff))
    }

    pub fn from_rows(rows: Vec<PreviewRow>) -> PreviewList {
        let keys = rows.iter().map(|r| r.path.to_lowercase()).collect();
        let all = (0..rows.len()).collect();
        PreviewList { rows, keys, all }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Rows whose path holds `query` (any case; every row for an empty one), as positions in
    /// [`PreviewList::rows`]. `prev` must be a search of this same list: when the new query
    /// extends its needle, only its matches are scanned.
    pub fn search(&self, query: &str, prev: Option<&Matches>) -> Matches {
        Matches::search(&self.all, |i| self.keys[i].as_str(), query, prev)
    }
}

/// What the filtered list holds: `12 of 20,000 paths match “util”`; empty without a query.
pub fn filter_note(shown: usize, total: usize, query: &str) -> String {
    let q = query.trim();
    if q.is_empty() {
        return String::new();
    }
    let what = if total == 1 { "path" } else { "paths" };
    format!("{} of {} {what} match “{q}”", group_digits(shown), group_digits(total))
}

/// `data-testid` of a row: removed files are listed for the diff but are not in the snapshot.
pub fn row_testid(state: Option<FileState>) -> &'static str {
    if state == Some(FileState::Removed) {
        "snapshot-removed"
    } else {
        "snapshot-file"
    }
}
