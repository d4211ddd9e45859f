//! Bounded log memory: a log file holds its tail (`KEEP_BYTES`), whole lines; a big file is
//! probed and only its tail read; older parts are read on demand and then held.

use aml_api::jobs::logs::{LogFile, KEEP_BYTES, OLDER_BYTES, PROBE_BYTES};

/// `n` numbered lines of 100 bytes each ("line 000001 xxxx…\n").
fn lines(from: usize, n: usize) -> String {
    (from..from + n).map(|i| format!("line {i:06} {}\n", "x".repeat(87))).collect()
}

#[test]
fn a_small_file_is_read_in_one_probe_and_then_followed() {
    let mut f = LogFile::default();
    assert_eq!(f.range_header().1, format!("bytes=0-{}", PROBE_BYTES - 1));
    let text = lines(0, 10);
    f.on_answer(206, Some("bytes 0-999/1000"), &text);
    assert_eq!((f.text.as_str(), f.offset, f.start, f.wants_read_now()), (text.as_str(), 1000, 0, false));
    assert_eq!(f.range_header().1, "bytes=1000-");
    // An empty file: the probe's range is not satisfiable.
    let mut empty = LogFile::default();
    empty.on_answer(416, None, "<Error><Code>InvalidRange</Code></Error>");
    assert_eq!((empty.sized, empty.error.clone(), empty.range_header().1), (true, None, "bytes=0-".to_string()));
}

#[test]
fn a_big_file_is_read_from_its_tail_starting_at_a_whole_line() {
    let total = 3 * KEEP_BYTES as u64 + 50;
    let mut f = LogFile::default();
    f.on_answer(206, Some(&format!("bytes 0-{}/{total}", PROBE_BYTES - 1)), &lines(0, 655));
    assert!(f.text.is_empty(), "the head of a big file is not kept");
    assert!(f.wants_read_now(), "its tail is read at once");
    let tail_at = total - KEEP_BYTES as u64;
    assert_eq!(f.range_header().1, format!("bytes={tail_at}-"));
    // The tail starts 50 bytes into a line: that partial line is dropped.
    let tail = format!("{}{}", &"y".repeat(49), "\n") + &lines(1, 10);
    f.on_answer(206, None, &tail);
    assert!(!f.wants_read_now());
    assert!(f.text.starts_with("line 000001 "), "{}", &f.text[..20]);
    assert_eq!(f.start, tail_at + 50);
    assert_eq!(f.offset, tail_at + tail.len() as u64);
    assert_eq!(f.not_held(), f.start);
}

#[test]
fn while_following_only_the_newest_whole_lines_up_to_the_limit_are_held() {
    let mut f = LogFile::default();
    f.on_answer(206, Some("bytes 0-9999/10000"), &lines(0, 100));
    let mut next = 100;
    while f.offset < 3 * KEEP_BYTES as u64 {
        f.on_answer(206, None, &lines(next, 1000));
        next += 1000;
        assert!(f.text.len() <= KEEP_BYTES, "{} held", f.text.len());
        assert!(f.text.starts_with("line "), "whole lines only");
        assert_eq!(f.start + f.text.len() as u64, f.offset, "the held text is start..offset");
    }
    assert!(f.text.ends_with(&lines(next - 1, 1)), "the newest line is held");
    assert!(f.text.len() > KEEP_BYTES - 100, "held up to the limit, less than a line short");
}

#[test]
fn older_parts_are_read_on_demand_and_held_from_then_on() {
    let mut f = LogFile::default();
    let total = KEEP_BYTES as u64 + 1_000_000;
    f.on_answer(206, Some(&format!("bytes 0-65535/{total}")), "");
    let tail_at = total - KEEP_BYTES as u64;
    // The tail begins exactly at a line start: the byte before it ends a line.
    let mut tail = String::from("\n");
    tail.push_str(&lines(10_001, KEEP_BYTES / 100 - 1));
    f.offset = tail_at - 1;
    f.on_answer(206, None, &tail);
    let held = f.text.len();
    let start = f.start;
    assert_eq!(start, tail_at);
    let (_, range) = f.older_range().expect("older bytes exist");
    let from = start - OLDER_BYTES;
    assert_eq!(range, format!("bytes={from}-{}", start - 1));
    // The older part starts 44 bytes into a line (dropped); the rest goes before the held text.
    let older = format!("{}\n", "z".repeat(43)) + &lines(7_380, ((OLDER_BYTES - 44) / 100) as usize);
    assert_eq!(older.len() as u64, OLDER_BYTES);
    f.on_older(206, &older).unwrap();
    assert_eq!(f.start, from + 44);
    assert!(f.text.starts_with("line 007380 "));
    assert_eq!(f.text.len(), held + older.len() - 44);
    // Held from then on: following the log no longer lets it go.
    f.on_answer(206, None, &lines(99_000, 100));
    assert!(f.text.starts_with("line 007380 "));
    assert!(f.text.ends_with(&lines(99_099, 1)));
    assert!(f.on_older(403, "<Error><Code>AuthorizationFailure</Code></Error>").unwrap_err().contains("403"));
}

#[test]
fn the_oldest_part_keeps_its_first_line_and_then_nothing_is_older() {
    let mut f = LogFile { sized: true, text: lines(3, 2), start: 300, offset: 500, ..Default::default() };
    assert_eq!(f.older_range().unwrap().1, "bytes=0-299");
    f.on_older(206, &lines(0, 3)).unwrap();
    assert_eq!((f.start, f.text.clone()), (0, lines(0, 5)));
    assert_eq!(f.older_range(), None);
}
