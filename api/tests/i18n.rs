//! English/Turkish: language negotiation, the catalog and its templates, Turkish-aware folding
//! and order, the units of sizes and durations.

use std::cmp::Ordering;

use aml_api::i18n::{
    collate, duration_measures, fill, fold_search, fold_search_unicode, format_locale, lower, negotiate, size_measure,
    Catalog, Lang, Template,
};

fn langs(l: &[&str]) -> Vec<String> {
    l.iter().map(|s| s.to_string()).collect()
}

#[test]
fn the_saved_choice_wins_then_the_first_spoken_browser_language() {
    assert_eq!(negotiate(None, &langs(&["tr-TR", "en-US"])), Lang::Tr);
    assert_eq!(negotiate(None, &langs(&["de-DE", "TR", "en"])), Lang::Tr, "first language we speak");
    assert_eq!(negotiate(None, &langs(&["de-DE", "en-GB", "tr"])), Lang::En);
    assert_eq!(negotiate(None, &langs(&["de-DE", "fr"])), Lang::En, "none spoken: English");
    assert_eq!(negotiate(None, &[]), Lang::En);
    assert_eq!(negotiate(Some("en"), &langs(&["tr-TR"])), Lang::En, "a saved choice beats the browser");
    assert_eq!(negotiate(Some("tr"), &langs(&["en-US"])), Lang::Tr);
    assert_eq!(negotiate(Some("klingon"), &langs(&["tr"])), Lang::Tr, "an unknown saved value is ignored");
    assert_eq!(Lang::from_tag("tr_TR"), Some(Lang::Tr));
    assert_eq!(Lang::from_tag("trk"), None, "primary subtag, not a prefix");
}

#[test]
fn intl_locale_keeps_the_browsers_variant_of_the_language() {
    assert_eq!(format_locale(Lang::En, &langs(&["en-GB", "en-US"])), "en-GB");
    assert_eq!(format_locale(Lang::En, &langs(&["tr-TR", "en-AU"])), "en-AU");
    assert_eq!(format_locale(Lang::Tr, &langs(&["en-US"])), "tr-TR", "no Turkish variant: the default");
    assert_eq!(format_locale(Lang::Tr, &langs(&["tr"])), "tr");
    assert_eq!(format_locale(Lang::En, &langs(&["en_US"])), "en-US");
    assert_eq!(format_locale(Lang::En, &langs(&["en-<script>"])), "en-US", "not a tag: the default");
}

#[test]
fn templates_match_back_and_place_values_in_turkish_order() {
    let en = Template::parse("The minimum ({min}) cannot be greater than the maximum ({max}).");
    let tr = Template::parse("Azami değerden ({max}) büyük olamaz: asgari değer ({min}).");
    let msg = "The minimum (5) cannot be greater than the maximum (2).";
    let values = en.match_text(msg).expect("matches");
    assert_eq!(values, ["5", "2"]);
    assert_eq!(tr.render(&en, &values), "Azami değerden (2) büyük olamaz: asgari değer (5).");
    assert_eq!(en.match_text("The minimum (5) cannot be smaller"), None);

    // Positional holes, format specs and escaped braces.
    let en = Template::parse("{} of {:.1} files {{done}}");
    assert_eq!(en.holes(), ["0", "1"]);
    assert_eq!(en.match_text("3 of 4.5 files {done}"), Some(vec!["3", "4.5"]));
    assert_eq!(Template::parse("{1} dosyanın {0} tanesi").render(&en, &["3", "4.5"]), "4.5 dosyanın 3 tanesi");
    assert_eq!(Template::parse("{} / {}").render(&en, &["a", "b"]), "a / b");
    // `{}` takes the next unnamed hole; `{1}` the second hole, whatever its name.
    let en = Template::parse("Of {at}: {} and {}.");
    assert_eq!(en.holes(), ["at", "1", "2"]);
    assert_eq!(Template::parse("{}, {} ({at})").render(&en, &["x", "y", "z"]), "y, z (x)");
    assert_eq!(Template::parse("{2} {1} {at}").render(&en, &["x", "y", "z"]), "z y x");
    // A value containing the separator: leftmost match that still fits the rest.
    let en = Template::parse("“{name}” is reserved.");
    assert_eq!(en.match_text("“a” is b” is reserved."), Some(vec!["a” is b"]));
    assert!(Template::parse("{a}{b} x").is_ambiguous());
    assert!(Template::parse("{a} {b}").is_ambiguous());
    assert!(!Template::parse("{a}: {b}").is_ambiguous());
}

#[test]
fn fill_places_named_values() {
    assert_eq!(fill("{shown} of {total} computes", &[("total", "5"), ("shown", "2")]), "2 of 5 computes");
    assert_eq!(fill("{n} işlem", &[("n", "3")]), "3 işlem");
    assert_eq!(fill("no holes", &[("n", "3")]), "no holes");
    assert_eq!(fill("{missing} stays", &[("n", "3")]), "{missing} stays");
}

const CATALOG: &str = r#"{
  "ui": { "compute.list.title": "İşlem", "compute.count": "{n} işlem" },
  "api": {
    "Enter the {what}.": "{what} girin.",
    "idle time": "boşta kalma süresi",
    "“{text}”: {e}": "“{text}”: {e}",
    "The name must be 3 to 24 characters long (it has {n}).": "Ad 3 ile 24 karakter arasında olmalıdır ({n} karakter var)."
  }
}"#;

#[test]
fn catalog_looks_up_keys_and_translates_messages_by_template() {
    let c = Catalog::parse(CATALOG).unwrap();
    assert_eq!(c.ui("compute.list.title"), Some("İşlem"));
    assert_eq!(c.ui("missing.key"), None);
    assert_eq!(
        c.message("The name must be 3 to 24 characters long (it has 30).").as_deref(),
        Some("Ad 3 ile 24 karakter arasında olmalıdır (30 karakter var).")
    );
    // A value that is itself one of our messages is translated too.
    assert_eq!(c.message("Enter the idle time.").as_deref(), Some("boşta kalma süresi girin."));
    assert_eq!(c.message("“x”: Enter the idle time.").as_deref(), Some("“x”: boşta kalma süresi girin."));
    // A service's message matches no template: it stays as sent (the caller shows it).
    assert_eq!(c.message("The resource 'x' was not found."), None);
    assert_eq!(c.message(""), None);
}

#[test]
fn a_malformed_catalog_is_refused_whole() {
    assert!(Catalog::parse("[]").is_err());
    assert!(Catalog::parse("{").is_err());
    assert!(Catalog::parse(r#"{"ui": {"a": 1}}"#).is_err());
    assert!(Catalog::parse(r#"{"ui": []}"#).is_err());
    assert!(Catalog::parse("{}").unwrap().ui("a").is_none());
}

#[test]
fn turkish_lower_case_has_two_is() {
    assert_eq!(lower("IŞIK İZMİR", Lang::Tr), "ışık izmir");
    assert_eq!(lower("IŞIK İZMİR", Lang::En), "işik izmir");
    assert_eq!(lower("ÇĞÖÜŞ ÀÉ Ÿ Ł", Lang::Tr), "çğöüş àé ÿ ł");
    assert_eq!(lower("ДОМ", Lang::Tr), "ДОМ", "other scripts as written");
}

#[test]
fn turkish_filters_treat_the_four_is_as_one_letter() {
    let tr = |s| fold_search(s, Lang::Tr);
    // A Turkish `i` finds an ASCII capital I (IMAGE is not read as "ımage" by its author).
    assert!(tr("IMAGE-gpu").contains(&tr("image")));
    assert!(tr("ışık-deneme").contains(&tr("IŞIK")));
    assert!(tr("İstanbul").contains(&tr("istanbul")));
    assert!(tr("istanbul").contains(&tr("İST")));
    // A decomposed İ (I + combining dot) is the same letter.
    assert_eq!(tr("I\u{307}ş"), tr("iş"));
    // English: I, İ and i are one letter; ı stays its own.
    let en = |s| fold_search(s, Lang::En);
    assert_eq!(en("İstanbul"), "istanbul", "no stray combining dot (plain to_lowercase adds one)");
    assert!(en("IMAGE").contains(&en("image")));
    assert!(!en("isik").contains(&en("ışık")));
    // Plain Unicode lower-casing would not match this one:
    assert!(!"İstanbul".to_lowercase().contains("istanbul"));
    assert_eq!(fold_search_unicode("ДОМ İş", Lang::Tr), "дом iş");
    assert_eq!(fold_search("ДОМ", Lang::Tr), "ДОМ");
}

fn sorted(words: &[&str], lang: Lang) -> Vec<String> {
    let mut v: Vec<String> = words.iter().map(|s| s.to_string()).collect();
    v.sort_by(|a, b| collate(a, b, lang));
    v
}

#[test]
fn turkish_order_has_its_own_letters() {
    let words =
        ["zeytin", "şeker", "su", "ıhlamur", "ilik", "Irmak", "İnci", "çay", "cam", "dağ", "öğle", "ot", "ürün"];
    assert_eq!(
        sorted(&words, Lang::Tr),
        ["cam", "çay", "dağ", "ıhlamur", "Irmak", "ilik", "İnci", "ot", "öğle", "su", "şeker", "ürün", "zeytin"]
    );
    // English: accented letters sort with their base letter, `ı` after `i` (as ICU's `en`).
    assert_eq!(
        sorted(&words, Lang::En),
        ["cam", "çay", "dağ", "ilik", "İnci", "Irmak", "ıhlamur", "öğle", "ot", "şeker", "su", "ürün", "zeytin"]
    );
}

#[test]
fn order_ignores_case_so_a_stable_sort_keeps_ties_in_place() {
    let names = ["gpu-B", "GPU-a", "Cpu-cluster", "cpu-cluster", "cpu2", "cpu-1"];
    assert_eq!(sorted(&names, Lang::En), ["cpu-1", "Cpu-cluster", "cpu-cluster", "cpu2", "GPU-a", "gpu-B"]);
    assert_eq!(collate("Command", "command", Lang::En), Ordering::Equal);
    assert_eq!(collate("IŞIK", "ışık", Lang::Tr), Ordering::Equal);
    assert_ne!(collate("IŞIK", "işik", Lang::Tr), Ordering::Equal, "dotless and dotted i differ in order");
    assert_eq!(collate("a", "a", Lang::Tr), Ordering::Equal);
    assert_eq!(collate("ab", "a", Lang::Tr), Ordering::Greater);
    assert_eq!(collate("a1", "a-", Lang::Tr), Ordering::Greater, "punctuation before digits");
    assert_eq!(collate("a9", "aa", Lang::Tr), Ordering::Less, "digits before letters");
    assert_eq!(collate("éa", "eb", Lang::En), Ordering::Less, "the accent only breaks ties");
    assert_eq!(collate("é", "e", Lang::En), Ordering::Greater);
}

#[test]
fn size_units_follow_the_existing_english_rules() {
    let m = size_measure(512);
    assert_eq!((m.value, m.unit, m.fraction_digits), (512.0, "byte", 0));
    let m = size_measure(12_345_678);
    assert_eq!((m.unit, m.fraction_digits), ("megabyte", 1));
    assert!((m.value - 12.345678).abs() < 1e-9);
    assert_eq!(size_measure(1_000).unit, "kilobyte");
    assert_eq!(size_measure(999).unit, "byte");
    let m = size_measure(2_500_000_000);
    assert_eq!((m.value, m.unit, m.fraction_digits), (2.5, "gigabyte", 2));
    // The same split as the English text the api writes.
    for n in [0u64, 999, 1_000, 54_321, 12_345_678, 7_000_000_000] {
        let m = size_measure(n);
        let short = match m.unit {
            "byte" => "B",
            "kilobyte" => "kB",
            "megabyte" => "MB",
            _ => "GB",
        };
        let text = format!("{:.*} {short}", m.fraction_digits as usize, m.value);
        assert_eq!(text, aml_api::jobs::fmt_bytes(n));
    }
}

#[test]
fn durations_keep_their_two_largest_units() {
    let parts =
        |ms| duration_measures(ms).iter().map(|m| (m.value as u64, m.unit, m.integer_digits)).collect::<Vec<_>>();
    assert_eq!(parts(3_723_000), [(1, "hour", 1), (2, "minute", 2)]);
    assert_eq!(parts(185_000), [(3, "minute", 1), (5, "second", 2)]);
    assert_eq!(parts(12_999), [(12, "second", 1)]);
    assert_eq!(parts(-5), [(0, "second", 1)]);
    assert_eq!(parts(90_061_000), [(25, "hour", 1), (1, "minute", 2)]);
}
