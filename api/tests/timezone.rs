//! The Windows time-zone table: IANA → Windows mapping and search.

use aml_api::forms::{ComputeInstanceForm, ScheduleForm};
use aml_api::timezone::{is_windows_id, search, windows_id_for_iana, zones};

#[test]
fn every_zone_has_a_primary_and_ids_are_unique() {
    let all = zones();
    assert!(all.len() > 130, "CLDR maps about 140 Windows zones, got {}", all.len());
    let mut ids: Vec<&str> = all.iter().map(|z| z.id).collect();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "ids sorted and unique");
    for z in &all {
        assert_eq!(z.iana.first(), Some(&z.primary), "{}", z.id);
    }
}

#[test]
fn iana_names_map_to_windows_ids() {
    for (iana, win) in [
        ("Europe/Istanbul", "Turkey Standard Time"),
        ("America/Los_Angeles", "Pacific Standard Time"),
        ("America/Vancouver", "Pacific Standard Time"),
        ("Europe/Berlin", "W. Europe Standard Time"),
        ("Asia/Kolkata", "India Standard Time"),
        // Older names browsers still report.
        ("Asia/Calcutta", "India Standard Time"),
        ("Europe/Kiev", "FLE Standard Time"),
        ("UTC", "UTC"),
        ("Etc/UTC", "UTC"),
        ("europe/istanbul", "Turkey Standard Time"),
    ] {
        assert_eq!(windows_id_for_iana(iana), Some(win), "{iana}");
    }
    assert_eq!(windows_id_for_iana("Mars/Olympus_Mons"), None);
    assert!(is_windows_id("Turkey Standard Time"));
    assert!(!is_windows_id("Europe/Istanbul"), "an IANA name is not a Windows id");
}

#[test]
fn search_matches_ids_and_cities() {
    let ids = |q: &str| search(q).into_iter().map(|z| z.id).collect::<Vec<_>>();
    assert_eq!(ids("istanbul"), vec!["Turkey Standard Time"]);
    assert_eq!(ids("Turkey"), vec!["Turkey Standard Time"]);
    assert_eq!(ids("europe ist"), vec!["Turkey Standard Time"]);
    assert!(ids("new york").contains(&"Eastern Standard Time"), "underscores count as spaces");
    assert!(ids("pacific").contains(&"Pacific Standard Time"));
    assert!(ids("zzzz-nowhere").is_empty());
    assert_eq!(search("").len(), zones().len());
}

#[test]
fn schedules_accept_windows_ids_only() {
    let with_zone = |tz: &str| ComputeInstanceForm {
        name: "ci-tz".into(),
        vm_size: "Standard_DS3_v2".into(),
        schedules: vec![ScheduleForm {
            cron_expression: "0 18 * * 1-5".into(),
            time_zone: tz.into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let schedule_error = |tz: &str| {
        with_zone(tz).validate(&[]).into_iter().find(|e| e.field == "schedules").map(|e| e.message.to_string())
    };
    assert_eq!(schedule_error("Turkey Standard Time"), None);
    assert_eq!(schedule_error(""), None, "empty: the service default (UTC)");
    let iana = schedule_error("Europe/Istanbul").expect("an IANA name is refused");
    assert!(iana.contains("Turkey Standard Time"), "{iana}");
    assert!(schedule_error("Mars Standard Time").is_some());
}
