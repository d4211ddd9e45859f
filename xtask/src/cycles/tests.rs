use super::scan::{tokenize, Tok};
use super::*;

/// Writes a small crate (`(relative path, source)`) into a fresh folder; returns its lib.rs.
fn fake_crate(name: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-cycles-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (rel, src) in files {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, src).unwrap();
    }
    dir.join("lib.rs")
}

fn cycles_of(name: &str, files: &[(&str, &str)]) -> Vec<Vec<String>> {
    Graph::of_crate(&fake_crate(name, files)).unwrap().cycles()
}

#[test]
fn a_chain_is_no_cycle() {
    let c = cycles_of(
        "chain",
        &[
            ("lib.rs", "mod a; mod b; mod c; pub fn main() { a::run() }"),
            ("a.rs", "use crate::b::Thing; pub fn run() {}"),
            ("b.rs", "pub struct Thing; pub fn f() { crate::c::g() }"),
            ("c.rs", "pub fn g() {}"),
        ],
    );
    assert_eq!(c, Vec::<Vec<String>>::new());
}

#[test]
fn a_three_module_cycle_through_a_use_group_and_a_path_in_code() {
    let c = cycles_of(
        "three",
        &[
            ("lib.rs", "mod a; mod b; mod c;"),
            ("a.rs", "use crate::{b::{self, Thing as T}, other};\npub fn f() {}"),
            ("b.rs", "pub struct Thing; fn x() { let _ = crate::c::G; }"),
            ("c.rs", "pub const G: u8 = 1; fn y() { super::a::f() }"),
        ],
    );
    assert_eq!(c, vec![vec!["a", "b", "c"]]);
}

#[test]
fn tests_using_super_and_mod_declarations_are_no_cycle() {
    let c = cycles_of(
        "tests",
        &[
            ("lib.rs", "pub mod ui;"),
            ("ui/mod.rs", "pub mod form; pub struct Theme;"),
            (
                "ui/form.rs",
                "use super::Theme; pub fn f() {}\n#[cfg(test)]\nmod tests { use super::*; #[test] fn t() { f() } }",
            ),
        ],
    );
    assert_eq!(c, Vec::<Vec<String>>::new());
}

#[test]
fn a_parent_and_child_that_use_each_other_are_a_cycle() {
    let c = cycles_of(
        "parent",
        &[
            ("lib.rs", "pub mod ui;"),
            ("ui/mod.rs", "pub mod form; pub struct Theme; pub fn g() { form::f() }"),
            ("ui/form.rs", "use super::Theme; pub fn f() {}"),
        ],
    );
    assert_eq!(c, vec![vec!["ui", "ui::form"]]);
}

#[test]
fn re_exports_lead_to_the_defining_module() {
    // b names `crate::Thing`, which lib.rs only re-exports from a: b depends on a, not on the
    // root, so root → b (the call in main) closes no cycle; a → b does.
    let files = [
        ("lib.rs", "mod a; mod b; pub use a::Thing; pub fn main() { b::run() }"),
        ("a.rs", "pub struct Thing;"),
        ("b.rs", "use crate::Thing; pub fn run() {}"),
    ];
    assert_eq!(cycles_of("reexport", &files), Vec::<Vec<String>>::new());
    let g = Graph::of_crate(&fake_crate("reexport2", &files)).unwrap();
    let b = g.names.iter().position(|n| n == "b").unwrap();
    let a = g.names.iter().position(|n| n == "a").unwrap();
    assert_eq!(g.edges[b].iter().copied().collect::<Vec<_>>(), vec![a]);
    let mut looped = files.to_vec();
    looped[1] = ("a.rs", "pub struct Thing; fn f() { crate::b::run() }");
    assert_eq!(cycles_of("reexport3", &looped), vec![vec!["a", "b"]]);
}

#[test]
fn glob_re_exports_and_exported_macros() {
    let c = cycles_of(
        "glob",
        &[
            ("lib.rs", "pub mod parts; pub mod page;"),
            ("parts/mod.rs", "mod field; pub use field::*;"),
            ("parts/field.rs", "#[macro_export]\nmacro_rules! bind { () => {} }\npub fn text() { crate::page::x() }"),
            ("page.rs", "use crate::parts::text; use crate::bind; pub fn x() {}"),
        ],
    );
    // page → parts::field (via the glob and the macro), parts::field → page.
    assert_eq!(c, vec![vec!["page", "parts::field"]]);
}

#[test]
fn path_attributes_inline_modules_comments_and_strings() {
    let c = cycles_of(
        "misc",
        &[
            ("lib.rs", "mod a; #[path = \"elsewhere.rs\"] mod b;"),
            // Mentions of b only in comments, strings and a raw string: no dependency.
            ("a.rs", "// use crate::b::X;\n/* crate::b::X /* nested */ */\nconst S: &str = \"crate::b::X\";\nconst R: &str = r#\"crate::b::X\"#;\nfn l<'a>(x: &'a str) -> char { 'b' }\npub fn f() {}"),
            ("elsewhere.rs", "mod inner { pub fn g() { crate::a::f() } }"),
        ],
    );
    assert_eq!(c, Vec::<Vec<String>>::new());
    let g = Graph::of_crate(&fake_crate(
        "misc2",
        &[
            ("lib.rs", "mod a; #[path = \"x/y.rs\"] mod b;"),
            ("a.rs", "pub fn f() { crate::b::inner::g() }"),
            ("x/y.rs", "pub mod inner { pub fn g() { crate::a::f() } }"),
        ],
    ))
    .unwrap();
    assert_eq!(g.cycles(), vec![vec!["a", "b::inner"]]);
}

#[test]
fn tokenizer_keeps_paths_and_drops_the_rest() {
    let t = tokenize("use a::b; // c::d\nlet s = b\"x::y\"; let c = '\\''; 'outer: loop {}");
    let idents: Vec<&str> = t
        .iter()
        .filter_map(|t| match t {
            Tok::Ident(s) => Some(s.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(idents, ["use", "a", "b", "let", "s", "let", "c", "loop"]);
    assert!(t.contains(&Tok::Str("x::y".into())));
}

#[test]
fn the_repository_crates_are_read() {
    // Every crate of this repository parses (no module file missing), with its modules found.
    let (lines, _) = report(&crate::paths::root()).unwrap();
    assert_eq!(lines.len(), CRATES.len() + 1);
    let xtask = Graph::of_crate(&crate::paths::root().join("xtask/src/main.rs")).unwrap();
    for m in ["stop", "cycles", "cycles::scan", "bench::bench_submit"] {
        assert!(xtask.names.iter().any(|n| n == m), "{m} not in {:?}", xtask.names);
    }
}
