//! The jobs list at scale: each job read once into a [`JobRow`] (the texts its columns show,
//! its sort keys and a lower-case search text), so filtering and sorting thousands of loaded
//! rows per keystroke compares ready strings instead of walking JSON. Also the row selection
//! for "Compare" (2 to [`MAX_COMPARE`] jobs).

use serde_json::Value;

use super::list::JobFilter;
use super::model::{compute, created, display_name, experiment, is_terminal, last_modified, name, status, tags};
use super::time::{format_duration_ms, parse_timestamp_ms};
use crate::i18n::{collate, fold_search_unicode, Lang};

/// Most jobs the compare page takes at once.
pub const MAX_COMPARE: usize = 10;
/// Fewest jobs worth comparing.
pub const MIN_COMPARE: usize = 2;

#[derive(Clone, Debug, PartialEq)]
pub struct JobRow {
    pub name: String,
    /// The display name, else the name.
    pub display: String,
    pub job_type: String,
    pub status: String,
    pub experiment: String,
    pub compute: String,
    /// `systemData.createdAt` as sent.
    pub created: String,
    pub created_ms: Option<i64>,
    /// Created → end (or → now while running); `None` without a readable creation time.
    pub duration_ms: Option<i64>,
    pub tags: Vec<(String, String)>,
    /// Name and display name folded for the text filter in `lang` (`i18n::fold_search_unicode`).
    search: String,
    /// The page's language: how the text filter folds case and how text columns sort.
    lang: Lang,
}

impl JobRow {
    /// Reads a job of the list; `now_ms` dates the durations of jobs still running.
    pub fn from_job(job: &Value, now_ms: i64) -> JobRow {
        JobRow::from_job_in(job, now_ms, Lang::En)
    }

    /// [`JobRow::from_job`] for a page in `lang`: in Turkish the filter treats `I ı İ i` as one
    /// letter and text columns sort in the Turkish alphabet.
    pub fn from_job_in(job: &Value, now_ms: i64, lang: Lang) -> JobRow {
        let (name, display, status, created) = (name(job), display_name(job), status(job), created(job));
        let created_ms = parse_timestamp_ms(&created);
        let end =
            if is_terminal(&status) { parse_timestamp_ms(&last_modified(job)).or(created_ms) } else { Some(now_ms) };
        let search = format!("{}\n{}", fold_search_unicode(&name, lang), fold_search_unicode(&display, lang));
        JobRow {
            job_type: job["properties"]["jobType"].as_str().unwrap_or_default().to_string(),
            experiment: experiment(job),
            compute: compute(job),
            tags: tags(job),
            duration_ms: created_ms.zip(end).map(|(s, e)| (e - s).max(0)),
            created_ms,
            name,
            display,
            status,
            created,
            search,
            lang,
        }
    }

    /// `1h 02m`; empty when unknown.
    pub fn duration_text(&self) -> String {
        self.duration_ms.map(format_duration_ms).unwrap_or_default()
    }

    /// The filter's local part against this row (the service already applied its part; the
    /// job type is checked again so rows loaded under another filter never slip through). For
    /// many rows, make a [`RowFilter`] once instead.
    pub fn matches(&self, f: &JobFilter) -> bool {
        RowFilter::new_in(f, self.lang).matches(self)
    }

    /// The language the row was read in.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Name and display name folded in the row's language (what the text filter searches).
    pub fn search_key(&self) -> &str {
        &self.search
    }
}

/// A [`JobFilter`] made ready to test thousands of rows: its text folded (in the rows' language)
/// and its tag split once, not once per row.
pub struct RowFilter<'a> {
    f: &'a JobFilter,
    text: String,
    /// `key` or `key=value`, trimmed; `None` when the tag filter is empty.
    tag: Option<(&'a str, Option<&'a str>)>,
}

impl<'a> RowFilter<'a> {
    /// For rows read in English ([`JobRow::from_job`]).
    pub fn new(f: &'a JobFilter) -> RowFilter<'a> {
        RowFilter::new_in(f, Lang::En)
    }

    /// For rows read in `lang` ([`JobRow::from_job_in`]).
    pub fn new_in(f: &'a JobFilter, lang: Lang) -> RowFilter<'a> {
        let t = f.tag.trim();
        let tag =
            (!t.is_empty()).then(|| t.split_once('=').map(|(k, v)| (k.trim(), Some(v.trim()))).unwrap_or((t, None)));
        RowFilter { f, text: fold_search_unicode(f.text.trim(), lang), tag }
    }

    pub fn matches(&self, row: &JobRow) -> bool {
        let f = self.f;
        (f.status.is_empty() || row.status == f.status)
            && (f.experiment.is_empty() || row.experiment == f.experiment)
            && (f.compute.is_empty() || row.compute == f.compute)
            && (f.job_type.is_empty() || row.job_type.eq_ignore_ascii_case(&f.job_type))
            && self.tag.is_none_or(|(k, v)| row.tags.iter().any(|(tk, tv)| tk == k && v.is_none_or(|v| tv == v)))
            && (self.text.is_empty() || row.search.contains(&self.text))
    }
}

/// Columns the list sorts by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    Name,
    Type,
    Status,
    Compute,
    Experiment,
    Created,
    Duration,
}

impl SortKey {
    pub const ALL: [SortKey; 7] = [
        SortKey::Name,
        SortKey::Type,
        SortKey::Status,
        SortKey::Compute,
        SortKey::Experiment,
        SortKey::Created,
        SortKey::Duration,
    ];

    /// Its id in the query string and test ids.
    pub fn id(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Type => "type",
            SortKey::Status => "status",
            SortKey::Compute => "compute",
            SortKey::Experiment => "experiment",
            SortKey::Created => "created",
            SortKey::Duration => "duration",
        }
    }

    pub fn from_id(id: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.id() == id)
    }
}

/// Sorts `rows` (stable, so equal keys keep the service's newest-first order). Text compares
/// alphabetically in the rows' language (`i18n::collate`, case-insensitive first); rows without
/// a time sort last either way.
pub fn sort_rows(rows: &mut [JobRow], key: SortKey, descending: bool) {
    rows.sort_by(|a, b| compare(a, b, key, descending));
}

/// Positions in `rows` of those `filter` keeps, in `sort_rows` order: what the list shows,
/// without copying a row.
pub fn order(rows: &[JobRow], filter: &JobFilter, key: SortKey, descending: bool) -> Vec<usize> {
    let f = RowFilter::new_in(filter, rows.first().map_or(Lang::En, JobRow::lang));
    let mut keep: Vec<usize> = (0..rows.len()).filter(|i| f.matches(&rows[*i])).collect();
    // The service's order is newest first already: nothing to sort for the default.
    if !(key == SortKey::Created && descending) {
        keep.sort_by(|a, b| compare(&rows[*a], &rows[*b], key, descending));
    }
    keep
}

pub(crate) fn compare(a: &JobRow, b: &JobRow, key: SortKey, descending: bool) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let text = |x: &str, y: &str| collate(x, y, a.lang);
    let time = |a: Option<i64>, b: Option<i64>| match (a, b) {
        (Some(a), Some(b)) => Some(a.cmp(&b)),
        (None, None) => Some(Ordering::Equal),
        _ => None,
    };
    let (ord, a_missing) = match key {
        SortKey::Name => (Some(text(&a.display, &b.display)), false),
        SortKey::Type => (Some(text(&a.job_type, &b.job_type)), false),
        SortKey::Status => (Some(text(&a.status, &b.status)), false),
        SortKey::Compute => (Some(text(&a.compute, &b.compute)), false),
        SortKey::Experiment => (Some(text(&a.experiment, &b.experiment)), false),
        SortKey::Created => (time(a.created_ms, b.created_ms), a.created_ms.is_none()),
        SortKey::Duration => (time(a.duration_ms, b.duration_ms), a.duration_ms.is_none()),
    };
    match ord {
        Some(o) if descending => o.reverse(),
        Some(o) => o,
        // One side has no time: it goes last in both directions.
        None if a_missing => Ordering::Greater,
        None => Ordering::Less,
    }
}

/// Adds `name` to the compare selection or removes it. Adding beyond [`MAX_COMPARE`] is refused
/// with the reason (the selection is left as it was).
pub fn toggle_selected(selected: &mut Vec<String>, name: &str) -> Result<(), String> {
    if let Some(i) = selected.iter().position(|s| s == name) {
        selected.remove(i);
        return Ok(());
    }
    if selected.len() >= MAX_COMPARE {
        return Err(crate::msg!("At most {MAX_COMPARE} jobs can be compared at once."));
    }
    selected.push(name.to_string());
    Ok(())
}

/// Whether the selection can be compared (2 to 10 jobs).
pub fn can_compare(selected: &[String]) -> bool {
    (MIN_COMPARE..=MAX_COMPARE).contains(&selected.len())
}
