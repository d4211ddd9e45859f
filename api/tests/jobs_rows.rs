//! The jobs list at scale: service filters vs local ones, rows, sorting, the compare selection,
//! the compare link and the window of rendered rows.

use aml_api::console_paths::compare_jobs_path;
use aml_api::jobs::list::JobFilter;
use aml_api::jobs::rows::{can_compare, order, sort_rows, toggle_selected, JobRow, SortKey, MAX_COMPARE};
use aml_api::view::window::{near_end, visible_rows};
use aml_api::{ArmClient, WorkspaceRef};
use serde_json::{json, Value};

const NOW: i64 = 1_764_000_000_000; // 2025-11-24T16:00:00Z

fn job(name: &str, display: Option<&str>, ty: &str, status: &str, created: &str, modified: &str, tags: Value) -> Value {
    json!({"name": name, "properties": {"jobType": ty, "displayName": display, "status": status,
        "experimentName": "exp", "computeId": "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/computes/gpu",
        "tags": tags},
        "systemData": {"createdAt": created, "lastModifiedAt": modified}})
}

fn rows() -> Vec<JobRow> {
    [
        job(
            "b_job",
            Some("Beta run"),
            "Command",
            "Completed",
            "2025-11-24T10:00:00Z",
            "2025-11-24T10:30:00Z",
            json!({"team": "nlp"}),
        ),
        job(
            "a_job",
            None,
            "Sweep",
            "Failed",
            "2025-11-24T12:00:00Z",
            "2025-11-24T12:00:05Z",
            json!({"team": "vision"}),
        ),
        job("c_job", Some("gamma"), "command", "Running", "2025-11-24T15:00:00Z", "2025-11-24T15:00:01Z", json!({})),
        job("d_job", Some("no time"), "Pipeline", "Completed", "", "", json!({"release": "v1"})),
    ]
    .iter()
    .map(|j| JobRow::from_job(j, NOW))
    .collect()
}

fn names(rows: &[JobRow]) -> Vec<&str> {
    rows.iter().map(|r| r.name.as_str()).collect()
}

#[test]
fn the_service_gets_job_type_tag_key_and_view_and_nothing_it_cannot_filter() {
    let f = JobFilter {
        status: "Failed".into(),
        tag: " team = nlp ".into(),
        job_type: "Sweep".into(),
        view: "ArchivedOnly".into(),
        text: "run".into(),
        ..Default::default()
    };
    let q = f.server_query();
    let q: Vec<(&str, &str)> = q.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(q, [("listViewType", "ArchivedOnly"), ("jobType", "Sweep"), ("tag", "team")]);
    assert_eq!(f.local_names(), ["status", "tag value", "name"]);
    // Default and unknown views list everything, as the console always has.
    assert_eq!(JobFilter::default().server_query(), [("listViewType", "All".to_string())]);
    let odd = JobFilter { view: "Everything".into(), ..Default::default() };
    assert_eq!(odd.server_query()[0].1, "All");
    assert!(JobFilter { tag: "team".into(), ..Default::default() }.local_names().is_empty());

    let ws = WorkspaceRef::new("sub", "rg", "ws");
    let req = ArmClient::new("https://management.azure.com", "2025-12-01").list_jobs_with(&ws, &f.server_query());
    assert!(
        req.url.ends_with("/jobs?api-version=2025-12-01&listViewType=ArchivedOnly&jobType=Sweep&tag=team"),
        "{}",
        req.url
    );
}

#[test]
fn filters_round_trip_through_the_query_string() {
    let f = JobFilter {
        status: "Failed".into(),
        experiment: "e 1".into(),
        compute: "".into(),
        tag: "team=vision".into(),
        job_type: "Command".into(),
        view: "ActiveOnly".into(),
        text: "résumé & co".into(),
    };
    let q = f.query();
    assert_eq!(
        q,
        "status=Failed&experiment=e%201&tag=team%3Dvision&type=Command&view=ActiveOnly&q=r%C3%A9sum%C3%A9%20%26%20co"
    );
    let pairs: Vec<(String, String)> = q
        .split('&')
        .map(|p| p.split_once('=').unwrap())
        .map(|(k, v)| (k.to_string(), aml_api::url::percent_decode(v).unwrap()))
        .collect();
    let back = JobFilter::from_query(|k| pairs.iter().find(|(pk, _)| pk == k).map(|(_, v)| v.clone()));
    assert_eq!(back, f);
}

#[test]
fn rows_read_their_columns_once_and_match_the_local_filters() {
    let r = rows();
    assert_eq!(r[1].display, "a_job", "no display name: the name");
    assert_eq!(r[0].compute, "gpu");
    assert_eq!(r[0].duration_text(), "30m 00s");
    assert_eq!(r[2].duration_ms, Some(3_600_000), "running: until now");
    assert_eq!(r[3].duration_ms, None);
    let keep = |f: JobFilter| names(&r.iter().filter(|x| x.matches(&f)).cloned().collect::<Vec<_>>()).join(",");
    assert_eq!(keep(JobFilter::default()), "b_job,a_job,c_job,d_job");
    assert_eq!(keep(JobFilter { text: "  BETA ".into(), ..Default::default() }), "b_job");
    assert_eq!(keep(JobFilter { text: "A_J".into(), ..Default::default() }), "a_job", "names match too");
    assert_eq!(keep(JobFilter { job_type: "COMMAND".into(), ..Default::default() }), "b_job,c_job");
    assert_eq!(keep(JobFilter { tag: "team=vision".into(), ..Default::default() }), "a_job");
    assert_eq!(keep(JobFilter { tag: "team".into(), status: "Completed".into(), ..Default::default() }), "b_job");
    // The rows agree with the JSON filter the page used before.
    let raw = [job("x", Some("Beta"), "Command", "Completed", "", "", json!({"team": "nlp"}))];
    for f in [
        JobFilter { text: "bet".into(), ..Default::default() },
        JobFilter { tag: "team=ml".into(), ..Default::default() },
    ] {
        assert_eq!(f.matches(&raw[0]), JobRow::from_job(&raw[0], NOW).matches(&f), "{f:?}");
    }
}

#[test]
fn sorting_is_stable_case_blind_and_puts_missing_times_last() {
    let mut r = rows();
    sort_rows(&mut r, SortKey::Created, true);
    assert_eq!(names(&r), ["c_job", "a_job", "b_job", "d_job"]);
    sort_rows(&mut r, SortKey::Created, false);
    assert_eq!(names(&r), ["b_job", "a_job", "c_job", "d_job"]);
    sort_rows(&mut r, SortKey::Duration, true);
    assert_eq!(names(&r), ["c_job", "b_job", "a_job", "d_job"]);
    sort_rows(&mut r, SortKey::Name, false);
    assert_eq!(names(&r), ["a_job", "b_job", "c_job", "d_job"], "a_job, Beta run, gamma, no time");
    sort_rows(&mut r, SortKey::Type, false);
    assert_eq!(names(&r), ["b_job", "c_job", "d_job", "a_job"], "Command = command keep their order");
    assert_eq!(SortKey::from_id("duration"), Some(SortKey::Duration));
    assert!(SortKey::ALL.iter().all(|k| SortKey::from_id(k.id()) == Some(*k)));

    // `order` = filter + the same sort, as positions into the loaded rows.
    let loaded = rows();
    let f = JobFilter { status: "Completed".into(), ..Default::default() };
    assert_eq!(order(&loaded, &f, SortKey::Created, true), [0, 3], "service order kept");
    assert_eq!(order(&loaded, &JobFilter::default(), SortKey::Duration, false), [1, 0, 2, 3]);
    assert_eq!(order(&loaded, &JobFilter::default(), SortKey::Name, true), [3, 2, 0, 1]);
}

#[test]
fn the_selection_holds_two_to_ten_jobs_and_links_to_the_compare_page() {
    let mut sel = Vec::new();
    assert!(!can_compare(&sel));
    toggle_selected(&mut sel, "a").unwrap();
    assert!(!can_compare(&sel));
    toggle_selected(&mut sel, "b").unwrap();
    assert!(can_compare(&sel));
    for i in 2..MAX_COMPARE {
        toggle_selected(&mut sel, &format!("j{i}")).unwrap();
    }
    assert_eq!(sel.len(), MAX_COMPARE);
    let err = toggle_selected(&mut sel, "one-too-many").unwrap_err();
    assert!(err.contains("10"), "{err}");
    assert_eq!(sel.len(), MAX_COMPARE);
    toggle_selected(&mut sel, "a").unwrap();
    assert_eq!(sel[0], "b", "removing keeps the others in order");

    let ws = WorkspaceRef::new("sub", "rg-1", "ws");
    let ids = vec!["amber_falcon_1".to_string(), "odd,id&x".to_string()];
    assert_eq!(compare_jobs_path(&ws, &ids), "/ws/sub/rg-1/ws/jobs/compare?ids=amber_falcon_1,odd%2Cid%26x");
}

#[test]
fn the_window_covers_the_viewport_plus_overscan_and_stays_in_bounds() {
    assert_eq!(visible_rows(0.0, 400.0, 40.0, 20_000, 5), 0..16);
    assert_eq!(visible_rows(4_000.0, 400.0, 40.0, 20_000, 5), 95..116);
    assert_eq!(visible_rows(10_000_000.0, 400.0, 40.0, 20_000, 5), 19_994..20_000);
    assert_eq!(visible_rows(-50.0, 400.0, 40.0, 3, 5), 0..3);
    assert_eq!(visible_rows(0.0, 400.0, 0.0, 3, 5), 0..0);
    assert_eq!(visible_rows(0.0, f64::NAN, 40.0, 100, 0), 0..1);
    assert_eq!(visible_rows(0.0, 400.0, 40.0, 0, 5), 0..0);
    assert!(near_end(&(80..100), 100, 0));
    assert!(near_end(&(60..80), 100, 20));
    assert!(!near_end(&(0..16), 20_000, 50));
}

#[test]
fn a_turkish_page_filters_and_sorts_with_turkish_letters() {
    use aml_api::i18n::Lang;
    let made = |name: &str, display: &str| {
        let j =
            job(name, Some(display), "Command", "Completed", "2025-11-24T10:00:00Z", "2025-11-24T10:30:00Z", json!({}));
        JobRow::from_job_in(&j, NOW, Lang::Tr)
    };
    let list = vec![made("j1", "Işıklı iş"), made("j2", "çay deneme"), made("j3", "cam"), made("j4", "İzmir")];
    let shown = |text: &str| {
        let f = JobFilter { text: text.into(), ..JobFilter::default() };
        order(&list, &f, SortKey::Created, true).into_iter().map(|i| list[i].name.clone()).collect::<Vec<_>>()
    };
    // Every way of typing the Turkish capitals finds "Işıklı iş"; plain lower-casing finds none of
    // the first two ("IŞIKLI" → "işikli", but the name lower-cases to "ışıklı").
    for typed in ["IŞIKLI", "ışıklı İŞ", "IşIKLI", "işikli"] {
        assert_eq!(shown(typed), ["j1"], "{typed}");
    }
    assert_eq!(shown("izmir"), ["j4"]);
    assert!(shown("ışıklı yok").is_empty());
    // Turkish alphabet: c, ç, …, ı before i.
    let sorted = order(&list, &JobFilter::default(), SortKey::Name, false);
    let names: Vec<&str> = sorted.iter().map(|i| list[*i].display.as_str()).collect();
    assert_eq!(names, ["cam", "çay deneme", "Işıklı iş", "İzmir"]);
    // The same rows read for an English page keep the plain behaviour.
    let en = JobRow::from_job(
        &job(
            "j1",
            Some("Işıklı iş"),
            "Command",
            "Completed",
            "2025-11-24T10:00:00Z",
            "2025-11-24T10:30:00Z",
            json!({}),
        ),
        NOW,
    );
    assert!(!en.matches(&JobFilter { text: "IŞIKLI".into(), ..JobFilter::default() }));
}
