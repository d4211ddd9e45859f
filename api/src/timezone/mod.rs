//! Windows time-zone ids, which compute instance schedules take (`cron.timeZone`,
//! `recurrence.timeZone`, default `UTC`; docs/azure-ml-rest.md §Instance-access), and the mapping from the
//! IANA names browsers report (`Intl.DateTimeFormat().resolvedOptions().timeZone`).
//!
//! The data (`windows_zones.tsv`) is CLDR's `common/supplemental/windowsZones.xml` (Unicode,
//! Inc.; source key [cldr-wz] in `docs/azure-ml-rest.md` §Sources): one line per Windows id, its primary
//! IANA zone (CLDR territory `001`) first, then every other IANA name CLDR maps to it, including
//! the older aliases (`Asia/Calcutta`, `Europe/Kiev`) some browsers still report.

const DATA: &str = include_str!("windows_zones.tsv");

/// One Windows time zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowsZone {
    /// The id the API takes, e.g. `Turkey Standard Time`.
    pub id: &'static str,
    /// The representative IANA zone (for the live UTC offset), e.g. `Europe/Istanbul`.
    pub primary: &'static str,
    /// Every IANA name that maps to it, the primary first.
    pub iana: Vec<&'static str>,
}

/// Every Windows zone, sorted by id.
pub fn zones() -> Vec<WindowsZone> {
    DATA.lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let id = cols.next()?;
            let iana: Vec<&'static str> = cols.collect();
            Some(WindowsZone { id, primary: iana.first().copied()?, iana })
        })
        .collect()
}

/// The Windows id for an IANA name (exact, then case-insensitive), e.g. `Europe/Istanbul` →
/// `Turkey Standard Time`. `UTC`/`Etc/UTC` map to `UTC`.
pub fn windows_id_for_iana(iana: &str) -> Option<&'static str> {
    let iana = iana.trim();
    let all = zones();
    all.iter()
        .find(|z| z.iana.contains(&iana))
        .or_else(|| all.iter().find(|z| z.iana.iter().any(|n| n.eq_ignore_ascii_case(iana))))
        .map(|z| z.id)
}

/// Whether `id` is a Windows time-zone id of the table (case-sensitive, as the service compares).
pub fn is_windows_id(id: &str) -> bool {
    zones().iter().any(|z| z.id == id)
}

/// Zones whose id or any IANA name contains every word of `query` (case-insensitive;
/// `_` and `/` in IANA names count as spaces), so "istanbul", "turkey" and "europe ist" all find
/// `Turkey Standard Time`. An empty query gives every zone.
pub fn search(query: &str) -> Vec<WindowsZone> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    zones()
        .into_iter()
        .filter(|z| {
            let hay = format!("{} {}", z.id, z.iana.join(" ")).to_lowercase().replace(['_', '/'], " ");
            words.iter().all(|w| hay.contains(w.as_str()))
        })
        .collect()
}
