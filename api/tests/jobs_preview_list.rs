//! The snapshot preview's file list at 20,000 files: flattened rows (with the diff's states and
//! removed files), the path filter, the counts it prints, when it starts open.

use std::collections::HashMap;

use aml_api::jobs::group_digits;
use aml_api::jobs::incremental::{diff, FileState, ListedBlob};
use aml_api::jobs::preview_list::{filter_note, open_by_default, row_testid, PreviewList, OPEN_UP_TO};
use aml_api::jobs::source::{heavy_folder_note, selection_total};
use aml_api::snapshot::{exclude_folder, heavy_folders, select, Entry, SelectOptions, Selection};

/// `src/mod_00000.py` … and `data/part_00000.bin` …: `code` + `data` small files.
fn folder(code: usize, data: usize) -> Vec<Entry> {
    let mut v: Vec<Entry> = (0..code).map(|i| Entry::new(format!("src/Mod_{i:05}.py"), 10 + (i % 7) as u64)).collect();
    v.extend((0..data).map(|i| Entry::new(format!("data/part_{i:05}.bin"), 100)));
    v
}

fn selection(entries: &[Entry], extra: &[String]) -> Selection {
    select(entries, &SelectOptions { extra_patterns: extra, ..Default::default() }).unwrap()
}

#[test]
fn twenty_thousand_files_one_row_each_in_path_order() {
    let sel = selection(&folder(15_000, 5_000), &[]);
    let list = PreviewList::new(&sel, None);
    assert_eq!(list.len(), 20_000);
    assert_eq!(selection_total(&sel), "20,000 files, 695.0 kB");
    assert_eq!(list.rows[0].path, "data/part_00000.bin");
    assert_eq!(list.rows.last().unwrap().path, "src/Mod_14999.py");
    assert!(list.rows.windows(2).all(|w| w[0].path < w[1].path));
    assert!(list.rows.iter().all(|r| r.state.is_none()), "nothing compared: no state");
    assert!(!open_by_default(sel.file_count));

    // `data/` is heavy; excluding it leaves 15,000 rows.
    let heavy = heavy_folders(&sel);
    let data = heavy.iter().find(|h| h.prefix == "data/").expect("data/ offered");
    assert_eq!(heavy_folder_note(data), " — 5,000 files, 500.0 kB · usually data or outputs, not code");
    let fewer = selection(&folder(15_000, 5_000), &[exclude_folder(&data.prefix)]);
    assert_eq!(PreviewList::new(&fewer, None).len(), 15_000);
    assert_eq!(selection_total(&fewer), "15,000 files, 195.0 kB");
}

#[test]
fn the_path_filter_any_case_and_narrowing_from_the_last_result() {
    let list = PreviewList::new(&selection(&folder(15_000, 5_000), &[]), None);
    let every = list.search("", None);
    assert_eq!(every.positions.len(), 20_000);
    let m = list.search("MOD_1499", None);
    let paths: Vec<&str> = m.positions.iter().map(|&i| list.rows[i].path.as_str()).collect();
    assert_eq!(paths.len(), 10, "Mod_14990..14999 (Mod_01499 does not hold it)");
    assert!(paths.iter().all(|p| p.starts_with("src/Mod_1499")));
    // One more character: the same answer as searching from scratch, from the 10 only.
    let narrowed = list.search("mod_14995", Some(&m));
    assert_eq!(narrowed, list.search("mod_14995", None));
    assert_eq!(narrowed.positions.len(), 1);
    // Deleting a character searches everything again.
    assert_eq!(list.search("mod_149", Some(&narrowed)).positions.len(), 100);
    assert!(list.search("nothing-like-this", None).positions.is_empty());

    assert_eq!(filter_note(10, 20_000, " Mod_1499 "), "10 of 20,000 paths match “Mod_1499”");
    assert_eq!(filter_note(1, 1, "a"), "1 of 1 path match “a”");
    assert_eq!(filter_note(20_000, 20_000, "  "), "", "no query, no note");
}

#[test]
fn with_a_diff_every_state_and_the_removed_files_are_rows() {
    let entries = [Entry::new("a.py", 1), Entry::new("b.py", 2), Entry::new("c.py", 3)];
    let sel = selection(&entries, &[]);
    let md5: HashMap<String, String> =
        [("a.py", "A"), ("b.py", "B2"), ("c.py", "C")].iter().map(|(p, m)| (p.to_string(), m.to_string())).collect();
    let blob = |p: &str, size: u64, m: &str| ListedBlob { name: format!("p/{p}"), size, content_md5: Some(m.into()) };
    let listed = [blob("a.py", 1, "A"), blob("b.py", 2, "B1"), blob("gone.py", 9, "G")];
    let d = diff(&sel.files, &md5, &listed, "p/");
    let list = PreviewList::new(&sel, Some(&d));
    let got: Vec<(&str, Option<FileState>, &str)> =
        list.rows.iter().map(|r| (r.path.as_str(), r.state, row_testid(r.state))).collect();
    assert_eq!(
        got,
        [
            ("a.py", Some(FileState::Copied), "snapshot-file"),
            ("b.py", Some(FileState::Changed), "snapshot-file"),
            ("c.py", Some(FileState::Added), "snapshot-file"),
            ("gone.py", Some(FileState::Removed), "snapshot-removed"),
        ]
    );
    assert_eq!(list.search("GONE", None).positions, [3], "removed files are searchable too");
}

#[test]
fn counts_and_when_the_list_starts_open() {
    assert_eq!(
        [0, 7, 999, 1_000, 20_000, 123_456, 1_234_567].map(group_digits),
        ["0", "7", "999", "1,000", "20,000", "123,456", "1,234,567"]
    );
    assert!(open_by_default(OPEN_UP_TO) && !open_by_default(OPEN_UP_TO + 1));
    assert_eq!(row_testid(None), "snapshot-file");
}
