//! The Turkish catalog (`public/i18n-tr.json`) against the source: every console key used in
//! `src/` has a Turkish text and every Turkish key is still used; one key has one English text;
//! every message the api crate marks with `msg!`/`msg_str!` has a Turkish template; the
//! Turkish keeps the English holes (`{n}`) and is not English copied over.

mod i18n_support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use aml_api::i18n::{Catalog, Template};
use i18n_support::{calls, rust_files};
use serde_json::Value;

/// Texts that are the same in Turkish: names of products and formats.
const SAME_IN_TURKISH: [&str; 10] = [
    "Azure Machine Learning",
    "MLflow",
    "Kubernetes",
    "Databricks",
    "Synapse Spark",
    "Data Lake Analytics",
    "English",
    "VS Code (web)",
    // Azure ML's name of an early-termination policy, and a word Turkish shares.
    "Bandit",
    "Model",
];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn rel(p: &Path) -> String {
    p.strip_prefix(repo()).unwrap_or(p).display().to_string()
}

/// key → [(English, where)] of every `t`/`tf` call of the console.
fn console_keys() -> BTreeMap<String, Vec<(String, String)>> {
    let mut keys: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for f in rust_files(&repo().join("src")) {
        let text = std::fs::read_to_string(&f).unwrap();
        for c in calls(&text, &rel(&f), &["t", "tf"], 2) {
            assert_eq!(c.args.len(), 2, "{}: {}(\"{}\") needs its English text as a literal", c.at, c.func, c.args[0]);
            keys.entry(c.args[0].clone()).or_default().push((c.args[1].clone(), c.at));
        }
    }
    keys
}

/// template → where, of every `msg!`/`msg_str!` of the api crate.
fn api_templates() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for f in rust_files(&repo().join("api/src")) {
        let text = std::fs::read_to_string(&f).unwrap();
        for c in calls(&text, &rel(&f), &["msg!", "msg_str!"], 1) {
            out.entry(c.args[0].clone()).or_insert(c.at);
        }
    }
    out
}

fn tr_json() -> Value {
    let text = std::fs::read_to_string(repo().join("public/i18n-tr.json")).expect("public/i18n-tr.json");
    serde_json::from_str(&text).expect("tr.json is JSON")
}

fn section(v: &Value, name: &str) -> BTreeMap<String, String> {
    v[name]
        .as_object()
        .unwrap_or_else(|| panic!("tr.json has no \"{name}\" object"))
        .iter()
        .map(|(k, v)| {
            (k.clone(), v.as_str().unwrap_or_else(|| panic!("tr.json {name}.{k} is not a string")).to_string())
        })
        .collect()
}

fn holes(t: &str) -> BTreeSet<String> {
    Template::parse(t).holes().into_iter().collect()
}

#[test]
fn the_catalog_parses_as_the_console_reads_it() {
    let text = std::fs::read_to_string(repo().join("public/i18n-tr.json")).unwrap();
    Catalog::parse(&text).expect("the console can read tr.json");
}

#[test]
fn one_key_has_one_english_text_and_a_well_formed_name() {
    let mut bad = Vec::new();
    for (key, uses) in console_keys() {
        let ok_name = key.split('.').count() >= 2
            && key
                .split('.')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'));
        if !ok_name {
            bad.push(format!("{}: key \"{key}\" is not dotted lower-case words", uses[0].1));
        }
        let english: BTreeSet<&str> = uses.iter().map(|(e, _)| e.as_str()).collect();
        if english.len() > 1 {
            let list: Vec<String> = uses.iter().map(|(e, at)| format!("{at}: \"{e}\"")).collect();
            bad.push(format!("key \"{key}\" has different English texts:\n    {}", list.join("\n    ")));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn every_console_key_is_in_turkish_and_every_turkish_key_is_used() {
    let keys = console_keys();
    let tr = section(&tr_json(), "ui");
    let missing: Vec<String> = keys
        .iter()
        .filter(|(k, _)| !tr.contains_key(*k))
        .map(|(k, uses)| format!("  \"{k}\": \"…\"   ({}: \"{}\")", uses[0].1, uses[0].0))
        .collect();
    let unused: Vec<&String> = tr.keys().filter(|k| !keys.contains_key(*k)).collect();
    assert!(missing.is_empty(), "keys missing in public/i18n-tr.json (\"ui\"):\n{}", missing.join("\n"));
    assert!(unused.is_empty(), "keys of tr.json no longer used in src/: {unused:?}");
}

#[test]
fn every_api_message_is_in_turkish_and_every_turkish_template_is_used() {
    let templates = api_templates();
    let tr = section(&tr_json(), "api");
    let missing: Vec<String> =
        templates.iter().filter(|(t, _)| !tr.contains_key(*t)).map(|(t, at)| format!("  {at}: {t:?}")).collect();
    let unused: Vec<&String> = tr.keys().filter(|t| !templates.contains_key(*t)).collect();
    assert!(missing.is_empty(), "api messages missing in public/i18n-tr.json (\"api\"):\n{}", missing.join("\n"));
    assert!(unused.is_empty(), "api templates of tr.json no longer in api/src: {unused:?}");
    let ambiguous: Vec<&String> = templates
        .keys()
        .filter(|t| Template::parse(t).is_ambiguous() && !Template::parse(t).holes().is_empty())
        .collect();
    assert!(ambiguous.is_empty(), "templates that cannot be matched back (holes side by side): {ambiguous:?}");
}

#[test]
fn turkish_keeps_the_holes_and_is_not_english_left_in_place() {
    let json = tr_json();
    let keys = console_keys();
    let mut bad = Vec::new();
    for (key, tr) in section(&json, "ui") {
        let Some(uses) = keys.get(&key) else { continue };
        let en = &uses[0].0;
        if holes(en) != holes(&tr) {
            bad.push(format!("ui \"{key}\": holes {:?} in English, {:?} in Turkish", holes(en), holes(&tr)));
        }
        if tr.trim().is_empty() {
            bad.push(format!("ui \"{key}\" is empty"));
        }
        if tr == *en && has_english_words(en) && !SAME_IN_TURKISH.contains(&en.as_str()) {
            bad.push(format!("ui \"{key}\": Turkish is the English text \"{en}\""));
        }
    }
    for (en, tr) in section(&json, "api") {
        // Filled with a marker per English hole, the Turkish must use each exactly once and
        // leave no hole unfilled.
        let (e, t) = (Template::parse(&en), Template::parse(&tr));
        let markers: Vec<String> = (0..e.holes().len()).map(|i| format!("\u{1}{i}\u{1}")).collect();
        let refs: Vec<&str> = markers.iter().map(String::as_str).collect();
        let out = t.render(&e, &refs);
        let each_once = markers.iter().all(|m| out.matches(m.as_str()).count() == 1);
        if !each_once || out.matches('\u{1}').count() != 2 * markers.len() || t.holes().len() != markers.len() {
            bad.push(format!("api {en:?}: the Turkish does not use each English hole once: {tr:?}"));
        }
        if tr == en && has_english_words(&en) && !SAME_IN_TURKISH.contains(&en.as_str()) {
            bad.push(format!("api {en:?}: Turkish is the English text"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// Whether a text has a word of three lower-case ASCII letters or more outside its holes.
fn has_english_words(text: &str) -> bool {
    Template::parse(text).literal_text().split(|c: char| !c.is_ascii_lowercase()).any(|w| w.len() >= 3)
}

#[test]
fn the_scanner_reads_calls_and_nothing_else() {
    let src = r####"
        // t("comment.key", "not this")
        let a = t("shell.title", "Azure \"ML\" \u{2192} one");
        let b = i18n::tf(
            "compute.count",
            "{n} computes \
             here",
            &[("n", "1")],
        );
        let s = "t(\"in.string\", \"no\")";
        let c = '"'; let d = 'x'; fn f<'a>(x: &'a str) {}
        let e = t(key, en);
        let m = msg!("The name must be {n} long.", n = 3);
        let r = msg_str!(r#"raw "text""#);
        let not = format_t("x.y", "z"); let also_not = at("x.y", "z");
    "####;
    let found = calls(src, "f.rs", &["t", "tf", "msg!", "msg_str!"], 2);
    let got: Vec<(String, Vec<String>, String)> = found.into_iter().map(|c| (c.func, c.args, c.at)).collect();
    let want = [
        ("t", vec!["shell.title", "Azure \"ML\" → one"], "f.rs:3"),
        ("tf", vec!["compute.count", "{n} computes here"], "f.rs:4"),
        ("msg!", vec!["The name must be {n} long."], "f.rs:13"),
        ("msg_str!", vec!["raw \"text\""], "f.rs:14"),
    ];
    let want: Vec<(String, Vec<String>, String)> = want
        .into_iter()
        .map(|(f, a, at)| (f.to_string(), a.into_iter().map(String::from).collect(), at.to_string()))
        .collect();
    assert_eq!(got, want);
}
