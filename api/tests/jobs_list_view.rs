//! The jobs list per keystroke: sorted once per (rows, sort), filtered from that order, narrowed
//! from the previous result when the filter only narrows; always the same rows as filtering and
//! sorting from scratch (`order`).

use aml_api::jobs::list::JobFilter;
use aml_api::jobs::list_view::{Shown, Sorted};
use aml_api::jobs::rows::{order, JobRow, RowFilter, SortKey};
use aml_api::view::search::{narrows, needle, scan, Matches};
use serde_json::json;

const NOW: i64 = 1_764_000_000_000;
const WORDS: [&str; 6] = ["retrain", "Resnet", "train", "eval", "RETRY", "bert"];
const STATUSES: [&str; 3] = ["Completed", "Failed", "Running"];

/// `n` jobs with mixed-case display names, statuses, experiments, tags and creation times
/// (every 7th without one), newest first like the service's order.
fn jobs(n: usize) -> Vec<JobRow> {
    (0..n)
        .map(|i| {
            let created =
                if i % 7 == 6 { String::new() } else { format!("2025-11-{:02}T10:{:02}:00Z", 24 - i % 20, i % 60) };
            let job = json!({"name": format!("job_{i:05}"),
                "properties": {"jobType": if i % 3 == 0 { "Sweep" } else { "Command" },
                    "displayName": format!("{} {} run {}", WORDS[i % 6], WORDS[(i / 6) % 6], i % 13),
                    "status": STATUSES[i % 3], "experimentName": format!("exp-{}", i % 4),
                    "tags": {"team": if i % 2 == 0 { "nlp" } else { "vision" }}},
                "systemData": {"createdAt": created, "lastModifiedAt": created}});
            JobRow::from_job(&job, NOW)
        })
        .collect()
}

fn text(t: &str) -> JobFilter {
    JobFilter { text: t.into(), ..Default::default() }
}

#[test]
fn search_keys_needles_and_narrowing() {
    assert_eq!(needle("  ReTrain "), "retrain");
    assert!(narrows("re", "ret") && narrows("", "x") && narrows("tra", "retrain"));
    assert!(!narrows("ret", "re"), "a shorter query can match more");
    assert!(!narrows("rex", "ret"));
    let keys = ["alpha", "beta", "alphabet"];
    assert_eq!(scan([0, 1, 2], |i| keys[i], "bet"), [1, 2]);
    assert_eq!(scan([2, 0], |i| keys[i], ""), [2, 0], "empty needle: every candidate, in order");

    let all = [0, 1, 2];
    let a = Matches::search(&all, |i| keys[i], "AL", None);
    assert_eq!((a.needle.as_str(), a.positions.as_slice()), ("al", &[0, 2][..]));
    // "alp" extends "al": only "al"'s matches are looked at (a crafted previous result proves it).
    let crafted = Matches { needle: "al".into(), positions: vec![2] };
    assert_eq!(Matches::search(&all, |i| keys[i], "alp", Some(&crafted)).positions, [2]);
    // "a" does not extend "al": the whole list again.
    assert_eq!(Matches::search(&all, |i| keys[i], "a", Some(&crafted)).positions, [0, 1, 2]);
}

#[test]
fn which_filter_changes_narrow() {
    let base = JobFilter { text: "re".into(), ..Default::default() };
    assert!(text("ret").narrows(&base));
    assert!(text(" RET ").narrows(&base), "needles compare trimmed, any case");
    assert!(!text("r").narrows(&base));
    assert!(!text("rx").narrows(&text("re")), "not an extension");
    assert!(JobFilter { status: "Failed".into(), ..base.clone() }.narrows(&base), "a local filter set");
    let failed = JobFilter { status: "Failed".into(), ..base.clone() };
    assert!(!JobFilter { status: "Running".into(), ..base.clone() }.narrows(&failed), "another status");
    assert!(!base.narrows(&failed), "a filter cleared");
    assert!(JobFilter { tag: "team=nlp".into(), ..base.clone() }.narrows(&base));
    assert!(!JobFilter { tag: "team=x".into(), ..base.clone() }
        .narrows(&JobFilter { tag: "team=nlp".into(), ..base.clone() }));
    // The service's fields change the loaded rows themselves: never narrowed from.
    assert!(!JobFilter { job_type: "Sweep".into(), ..base.clone() }.narrows(&base));
    assert!(!JobFilter { view: "ArchivedOnly".into(), ..base.clone() }.narrows(&base));
}

#[test]
fn a_prepared_filter_keeps_the_same_rows_as_the_row_filter() {
    let rows = jobs(300);
    for f in [
        text("RET"),
        JobFilter { tag: " team = nlp ".into(), status: "Failed".into(), ..Default::default() },
        JobFilter { tag: "team".into(), job_type: "sweep".into(), text: "run 1".into(), ..Default::default() },
    ] {
        let p = RowFilter::new(&f);
        let a: Vec<usize> = (0..rows.len()).filter(|&i| p.matches(&rows[i])).collect();
        let b: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].matches(&f)).collect();
        assert_eq!(a, b, "{f:?}");
        assert!(!a.is_empty() && a.len() < rows.len(), "{f:?} keeps some rows, not all");
    }
    assert_eq!(rows[0].search_key(), "job_00000\nretrain retrain run 0");
}

#[test]
fn sorted_once_then_every_keystroke_gives_what_filtering_from_scratch_gives() {
    let rows = jobs(2_000);
    for (key, desc) in
        [(SortKey::Created, true), (SortKey::Name, false), (SortKey::Duration, true), (SortKey::Status, false)]
    {
        let sorted = Sorted::new(&rows, key, desc, None);
        assert_eq!(sorted.order, order(&rows, &JobFilter::default(), key, desc), "{key:?}");
        let mut prev: Option<Shown> = None;
        // Typing, deleting, a status set and cleared, a tag value: each against a fresh computation.
        let steps = [
            text("r"),
            text("re"),
            text("ret"),
            text("retr"),
            JobFilter { status: "Failed".into(), ..text("retr") },
            JobFilter { status: "Failed".into(), ..text("retra") },
            text("retra"),
            text("ret"),
            JobFilter { tag: "team=nlp".into(), ..text("ret") },
            text(""),
            text("RUN 1"),
            text("run 12"),
            text("run 1"),
        ];
        for f in steps {
            let s = Shown::new(&rows, &sorted, &f, prev.as_ref());
            assert_eq!(s.rows, order(&rows, &f, key, desc), "{key:?} {f:?}");
            assert_eq!(s.generation, sorted.generation);
            prev = Some(s);
        }
    }
}

#[test]
fn a_keystroke_that_narrows_starts_from_the_previous_rows_only_of_the_same_order() {
    let rows = jobs(60);
    let sorted = Sorted::new(&rows, SortKey::Created, true, None);
    let all = Shown::new(&rows, &sorted, &text("re"), None);
    assert!(all.len() > 10);
    // A crafted previous result with two of the matches: "ret" is looked for among them only.
    let crafted = Shown { rows: all.rows[..2].to_vec(), ..all.clone() };
    assert_eq!(Shown::new(&rows, &sorted, &text("ret"), Some(&crafted)).rows, all.rows[..2].to_vec());
    // Not a narrowing ("r" may match more): the whole order.
    assert_eq!(
        Shown::new(&rows, &sorted, &text("r"), Some(&crafted)).rows,
        order(&rows, &text("r"), SortKey::Created, true)
    );
    // A new order (rows loaded, sort changed): its generation differs, the crafted rows are ignored.
    let resorted = Sorted::new(&rows, SortKey::Name, false, Some(&sorted));
    assert_ne!(resorted.generation, sorted.generation);
    assert_eq!(
        Shown::new(&rows, &resorted, &text("ret"), Some(&crafted)).rows,
        order(&rows, &text("ret"), SortKey::Name, false)
    );
    // More rows loaded: positions beyond the previous rows are found again.
    let more = jobs(120);
    let grown = Sorted::new(&more, SortKey::Created, true, Some(&sorted));
    assert_eq!(
        Shown::new(&more, &grown, &text("ret"), Some(&all)).rows,
        order(&more, &text("ret"), SortKey::Created, true)
    );
    assert!(
        Shown::new(&more, &grown, &text("ret"), Some(&all)).len()
            > all.rows.iter().filter(|&&i| rows[i].matches(&text("ret"))).count()
    );
}
