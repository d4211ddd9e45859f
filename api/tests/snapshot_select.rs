//! Code-snapshot file selection: gitignore semantics as azure-ai-ml 1.35.2 applies them
//! (cross-checked against the SDK itself by tests/sdk/snapshot_parity.py).

use aml_api::snapshot::{
    exclude_folder, heavy_folders, select, Entry, HeavyReason, IgnoreRules, Pattern, SelectOptions, SnapshotError,
};

fn entries(paths: &[&str]) -> Vec<Entry> {
    paths.iter().map(|p| Entry::new(*p, 1)).collect()
}

/// Selected paths with `ignore` as the root .gitignore.
fn kept(ignore: &str, paths: &[&str]) -> Vec<String> {
    let opts = SelectOptions { gitignore: Some(ignore.as_bytes()), ..Default::default() };
    match select(&entries(paths), &opts) {
        Ok(s) => s.files.into_iter().map(|e| e.path).collect(),
        Err(SnapshotError::EmptySelection) => vec![],
        Err(e) => panic!("{e}"),
    }
}

fn excluded(pattern: &str, path: &str) -> bool {
    IgnoreRules::parse(".gitignore", pattern.as_bytes()).unwrap().is_excluded(path)
}

#[test]
fn negation_and_last_match_wins() {
    assert_eq!(kept("*.log\n!keep.log\n", &["a.log", "keep.log", "x.py"]), ["keep.log", "x.py"]);
    assert_eq!(kept("!a.txt\na.txt\nb.txt\n!b.txt\n", &["a.txt", "b.txt"]), ["b.txt"]);
}

#[test]
fn negation_reincludes_under_excluded_folder() {
    // Files are tested one by one; the folder is never pruned.
    let got = kept("data/\n!data/keep.txt\n", &["data/a.csv", "data/keep.txt", "data/sub/keep.txt", "m.py"]);
    assert_eq!(got, ["data/keep.txt", "m.py"]);
}

#[test]
fn folder_patterns_cover_contents_only() {
    assert!(!excluded("build/", "build"));
    assert!(excluded("build/", "build/out.o"));
    assert!(excluded("build/", "src/build/out.o"));
    assert!(!excluded("build/", "build2/x"));
    assert!(excluded("logs", "logs/x") && excluded("logs", "a/logs/y") && !excluded("logs", "logsx"));
}

#[test]
fn anchored_and_inner_slash_patterns() {
    assert!(excluded("/top.txt", "top.txt") && !excluded("/top.txt", "sub/top.txt"));
    assert!(excluded("dir/sub", "dir/sub/f") && !excluded("dir/sub", "x/dir/sub/f"));
    assert!(excluded("d/*.txt", "d/x.txt") && !excluded("d/*.txt", "d/e/x.txt"));
}

#[test]
fn double_star_forms() {
    assert!(excluded("**/foo", "foo") && excluded("**/foo", "w/foo") && excluded("**/foo", "w/foo/y"));
    assert!(excluded("bar/**", "bar/z") && !excluded("bar/**", "bar"));
    assert!(excluded("a/**/b", "a/b") && excluded("a/**/b", "a/q/r/b") && !excluded("a/**/b", "a/bb"));
    // `**/` alone: everything but files in the root.
    assert!(!excluded("**/", "root.txt") && excluded("**/", "d/x"));
    assert!(excluded("**", "anything/at/all"));
    assert!(excluded("data/**/*.csv", "data/b/c.csv") && excluded("data/**/*.csv", "data/a.csv"));
}

#[test]
fn star_and_question_mark() {
    assert!(excluded("*", "a") && excluded("*", "d/b.py"));
    assert_eq!(kept("*\n!*.py\n", &["a.py", "d/b.py", "c.txt"]), ["a.py", "d/b.py"]);
    assert!(excluded("a?c", "abc") && !excluded("a?c", "ac") && !excluded("a?c", "a/c"));
}

#[test]
fn character_classes() {
    assert!(excluded("[abc].txt", "a.txt") && !excluded("[abc].txt", "d.txt"));
    assert!(excluded("[0-9]*.dat", "1.dat") && !excluded("[0-9]*.dat", "x.dat"));
    assert!(excluded("[!x]y.md", "ay.md") && !excluded("[!x]y.md", "xy.md"));
    assert!(excluded("[]]z", "]z"));
    assert!(excluded("[!]]w", "qw") && !excluded("[!]]w", "]w"));
    // A leading `^` is literal (not negation), `-` is literal at the end.
    assert!(excluded("[^q]u", "^u") && excluded("[^q]u", "qu"));
    assert!(excluded("[a-]h", "-h") && excluded("[a-]h", "ah") && !excluded("[a-]h", "bh"));
    // An unterminated class is a literal `[`.
    assert!(excluded("[abc", "[abc") && !excluded("[abc", "a"));
}

#[test]
fn escapes_comments_and_spaces() {
    let rules = "\\#hash\n\\!bang\n#comment\nfoo.txt   \n  lead.txt\n";
    let got = kept(rules, &["#hash", "!bang", "#comment", "foo.txt", "lead.txt", "keep"]);
    assert_eq!(got, ["#comment", "keep"]);
    assert!(excluded("\\[br\\].txt", "[br].txt"));
}

#[test]
fn patterns_the_sdk_rejects_are_errors() {
    for bad in ["!", "bar\\ ", "[z-a]"] {
        let r = IgnoreRules::parse(".gitignore", bad.as_bytes());
        assert!(matches!(r, Err(SnapshotError::InvalidPattern { line: 1, .. })), "{bad}: {r:?}");
    }
    assert_eq!(Pattern::compile("/"), Ok(None));
    assert_eq!(Pattern::compile("   "), Ok(None));
    assert!(matches!(IgnoreRules::parse(".gitignore", b"\xff\n"), Err(SnapshotError::IgnoreFileNotUtf8 { .. })));
}

#[test]
fn crlf_cr_and_bom() {
    let got = kept("\u{feff}a.txt\r\nb.txt\rc.txt\r\n", &["a.txt", "b.txt", "c.txt", "d.txt"]);
    assert_eq!(got, ["d.txt"]);
}

#[test]
fn case_sensitive() {
    assert_eq!(kept("*.TXT\nREADME\n", &["a.txt", "b.TXT", "readme", "README"]), ["a.txt", "readme"]);
}

#[test]
fn amlignore_wins_even_when_empty_and_nested_files_do_nothing() {
    let files = entries(&[".amlignore", ".gitignore", "a.py", "a.txt", "sub/.gitignore", "sub/x.txt"]);
    let opts = SelectOptions { amlignore: Some(b"*.py\n"), gitignore: Some(b"*.txt\n"), ..Default::default() };
    let s = select(&files, &opts).unwrap();
    assert_eq!(s.ignore_file, Some(".amlignore"));
    let paths: Vec<_> = s.files.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, [".amlignore", ".gitignore", "a.txt", "sub/.gitignore", "sub/x.txt"]);
    let empty = SelectOptions { amlignore: Some(b""), gitignore: Some(b"*\n"), ..Default::default() };
    assert_eq!(select(&files, &empty).unwrap().file_count, 6);
    let none = select(&files, &SelectOptions::default()).unwrap();
    assert_eq!(none.ignore_file, None);
}

#[test]
fn git_folder_uploaded_by_default() {
    let files = entries(&[".git/HEAD", ".git/config", "train.py"]);
    assert_eq!(select(&files, &SelectOptions::default()).unwrap().file_count, 3);
    assert_eq!(kept(".git/\n", &[".git/HEAD", "train.py"]), ["train.py"]);
}

#[test]
fn empty_selection_is_an_error() {
    let opts = SelectOptions { gitignore: Some(b"*\n"), ..Default::default() };
    assert_eq!(select(&entries(&["a"]), &opts), Err(SnapshotError::EmptySelection));
    assert_eq!(select(&[], &SelectOptions::default()), Err(SnapshotError::EmptySelection));
}

#[test]
fn totals_order_and_large_warning() {
    let files = vec![Entry::new("b/x", 60_000_000), Entry::new("B", 40_000_001), Entry::new("a", 0)];
    let s = select(&files, &SelectOptions::default()).unwrap();
    // Upload order: code-point order of the paths (the SDK sorts absolute source paths).
    let paths: Vec<_> = s.files.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["B", "a", "b/x"]);
    assert_eq!(s.indicator_file(), "B");
    assert_eq!((s.total_bytes, s.file_count, s.large), (100_000_001, 3, true));
    assert_eq!(s.warnings().len(), 1);
    let exact = select(&[Entry::new("a", 100_000_000)], &SelectOptions::default()).unwrap();
    assert!(!exact.large && exact.warnings().is_empty());
}

#[test]
fn ignore_path_overrides_for_symlinked_folders() {
    // The SDK tests `alias/m.py` as its resolved `pkg/m.py`.
    let mut e = Entry::new("alias/m.py", 1);
    e.ignore_path = Some("pkg/m.py".into());
    let opts = SelectOptions { gitignore: Some(b"pkg/\n"), ..Default::default() };
    let s = select(&[e, Entry::new("k", 1)], &opts).unwrap();
    assert_eq!(s.files.len(), 1);
}

#[test]
fn exclude_folder_pattern() {
    assert_eq!(exclude_folder("data/"), "/data/");
    assert_eq!(exclude_folder("src/[x]#!*?"), "/src/\\[x\\]\\#\\!\\*\\?/");
    let extra = vec![exclude_folder("src/data/"), exclude_folder("we[ir]d/")];
    let files = entries(&["src/data/a", "data/b", "src/datax", "we[ir]d/f", "wid/f", "keep"]);
    let opts = SelectOptions { gitignore: Some(b"!src/data/a\n"), extra_patterns: &extra, ..Default::default() };
    let paths: Vec<_> = select(&files, &opts).unwrap().files.into_iter().map(|e| e.path).collect();
    assert_eq!(paths, ["data/b", "keep", "src/datax", "wid/f"]);
}

#[test]
fn heavy_folder_suggestions() {
    let files = vec![
        Entry::new(".git/objects/pack/p", 5_000),
        Entry::new(".git/HEAD", 20),
        Entry::new("src/data/x.csv", 3_000),
        Entry::new("src/data/node_modules/y", 10),
        Entry::new("models/w.bin", 9_000),
        Entry::new("src/train.py", 100),
        Entry::new("tiny/t", 1),
    ];
    let s = select(&files, &SelectOptions::default()).unwrap();
    let h = heavy_folders(&s);
    let got: Vec<_> = h.iter().map(|f| (f.prefix.as_str(), f.bytes, f.files, f.reason)).collect();
    assert_eq!(
        got,
        [
            ("models/", 9_000, 1, HeavyReason::Large),
            (".git/", 5_020, 2, HeavyReason::GitMetadata),
            ("src/", 3_110, 3, HeavyReason::Large),
            ("src/data/", 3_010, 2, HeavyReason::KnownName),
        ]
    );
}
