//! What the jobs list shows, cheap enough for every keystroke over thousands of loaded rows:
//! the rows are sorted (as positions, no row copied) only when they load or the sort changes
//! ([`Sorted`]); a keystroke only filters that order ([`Shown`]), scanning the lower-case search
//! key each row got when it loaded, and, when the new filter narrows the previous one (one more
//! character typed), only the rows the previous one kept.

use super::list::JobFilter;
use super::rows::{compare, JobRow, RowFilter, SortKey};
use crate::i18n::Lang;

/// Positions of the loaded rows in display order, for one (rows, sort) pair. `generation`
/// changes with every new order, so a [`Shown`] made from an older one is not narrowed from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sorted {
    pub generation: u64,
    pub order: Vec<usize>,
}

impl Sorted {
    /// Sorts `rows` by `key` (stable: equal keys keep the service's newest-first order; that
    /// order is kept as is for the default, newest first). `prev` is the order this one
    /// replaces, for the generation.
    pub fn new(rows: &[JobRow], key: SortKey, descending: bool, prev: Option<&Sorted>) -> Sorted {
        let mut order: Vec<usize> = (0..rows.len()).collect();
        if !(key == SortKey::Created && descending) {
            order.sort_by(|a, b| compare(&rows[*a], &rows[*b], key, descending));
        }
        Sorted { generation: prev.map_or(1, |p| p.generation.wrapping_add(1)), order }
    }
}

/// The rows the list shows: positions in the loaded rows, in display order, with the filter
/// and the order they were made from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shown {
    /// [`Sorted::generation`] of the order filtered.
    pub generation: u64,
    pub filter: JobFilter,
    pub rows: Vec<usize>,
}

impl Shown {
    /// The rows of `sorted` that `filter` keeps. Starts from `prev`'s rows when `prev` filtered
    /// the same order with a filter this one narrows; from the whole order otherwise.
    pub fn new(rows: &[JobRow], sorted: &Sorted, filter: &JobFilter, prev: Option<&Shown>) -> Shown {
        let f = RowFilter::new_in(filter, rows.first().map_or(Lang::En, JobRow::lang));
        let from: &[usize] = match prev {
            Some(p) if p.generation == sorted.generation && filter.narrows(&p.filter) => &p.rows,
            _ => &sorted.order,
        };
        let kept = from.iter().copied().filter(|&i| rows.get(i).is_some_and(|r| f.matches(r))).collect();
        Shown { generation: sorted.generation, filter: filter.clone(), rows: kept }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}
