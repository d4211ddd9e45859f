//! Content hash (`hash_sha256`, hash_version 202208) of code snapshots. Expected values come
//! from the SDK's `_get_file_list_content_hash` run on the same files.

use aml_api::snapshot::{content_hash, hash_order, Entry, SnapshotHasher, HASH_VERSION};

#[test]
fn facts_file_example() {
    let h = content_hash(&[("a.txt", b"a"), ("d/B.txt", b"bb")]);
    assert_eq!(h, "dafe50b63fc9101fbe5f2d2124d2cafa1b2d0a9d3e8196ca4f0a5ea787ff12fd");
    assert_eq!(HASH_VERSION, 202208);
}

#[test]
fn unicode_and_upper_case_names_sort_lower_cased_but_hash_original_case() {
    let files: [(&str, &[u8]); 4] =
        [("Zeta.txt", b"z"), ("alpha/B.py", b"print('b')\n"), ("Ünï.txt", "ü".as_bytes()), ("ß", b"")];
    assert_eq!(content_hash(&files), "a188aa757272f6e85cf56679b9c70a9d20637b4b9a7102fa71bdd90cf7c3e62b");
    let order: Vec<String> =
        hash_order(&files.map(|(p, b)| Entry::new(p, b.len() as u64))).into_iter().map(|e| e.path).collect();
    assert_eq!(order, ["alpha/B.py", "Zeta.txt", "ß", "Ünï.txt"]);
}

#[test]
fn empty_files() {
    assert_eq!(
        content_hash(&[("e1", b""), ("d/e2", b"")]),
        "28e49cfb1a7cce011ab1fdc01e92073325efca015d7dd817ff9bf448b5a39fff"
    );
}

#[test]
fn streaming_in_uneven_chunks_with_progress() {
    let big: Vec<u8> = (0..=255u8).cycle().take(256 * 5000).collect();
    let entries = [Entry::new("big.bin", big.len() as u64), Entry::new("a", 1)];
    let mut h = SnapshotHasher::new(&entries);
    assert_eq!(h.files().iter().map(|e| e.path.as_str()).collect::<Vec<_>>(), ["a", "big.bin"]);
    h.header();
    h.header(); // idempotent
    h.update(b"x");
    for chunk in big.chunks(7777) {
        h.update(chunk);
    }
    assert_eq!(h.progress(), (big.len() as u64 + 1, big.len() as u64 + 1));
    assert!(h.is_complete());
    assert_eq!(h.finish(), "4e45a8becfe904175cae92dda7fc4db55d864654dc5f022ca08316720cdb133e");
}

#[test]
fn incomplete_feed_is_detectable() {
    let mut h = SnapshotHasher::new(&[Entry::new("a", 3)]);
    h.update(b"ab");
    assert!(!h.is_complete());
    assert_eq!(h.progress(), (2, 3));
}

#[test]
fn header_is_fed_even_if_caller_skips_it() {
    let entries = [Entry::new("a.txt", 1), Entry::new("d/B.txt", 2)];
    let mut h = SnapshotHasher::new(&entries);
    h.update(b"a");
    h.update(b"bb");
    assert_eq!(h.finish(), "dafe50b63fc9101fbe5f2d2124d2cafa1b2d0a9d3e8196ca4f0a5ea787ff12fd");
}

#[test]
fn equal_lower_cased_keys_keep_input_order() {
    // Python's sort is stable; the SDK's input order is the OS listing (unspecified), ours the
    // selection's upload order.
    let e = [Entry::new("a.txt", 0), Entry::new("A.txt", 0), Entry::new("B", 0)];
    let order: Vec<String> = hash_order(&e).into_iter().map(|e| e.path).collect();
    assert_eq!(order, ["a.txt", "A.txt", "B"]);
}
