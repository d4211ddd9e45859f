//! The bench workspace at scale (`--bench-jobs`, `--bench-computes`): seeded jobs are varied,
//! the jobs list pages them at the jobs page size, newest first, with the spec's filters
//! (`jobType`, `tag`, `listViewType`, `properties`) kept across nextLinks.

mod common;

use common::{start_with, DEV, V};
use serde_json::Value;
use std::collections::BTreeSet;

const JOBS: usize = 2_000;

/// Which stored jobs a query should list.
type Keep = Box<dyn Fn(&Value) -> bool>;

fn names(pages: &[Value]) -> Vec<String> {
    pages
        .iter()
        .flat_map(|p| p["value"].as_array().unwrap().iter())
        .map(|j| j["name"].as_str().unwrap().to_string())
        .collect()
}

/// The bench workspace's jobs as stored, read straight from the store (not through the list).
fn stored(emu: &common::Emu) -> Vec<Value> {
    let ws = emu.ws_path(DEV, "rg-ml-dev", "ws-bench").to_ascii_lowercase();
    let store = emu.state.store.read().unwrap();
    store.jobs.iter().filter(|j| j["id"].as_str().unwrap().to_ascii_lowercase().starts_with(&ws)).cloned().collect()
}

fn count(jobs: &[Value], f: impl Fn(&Value) -> bool) -> usize {
    jobs.iter().filter(|j| f(j)).count()
}

#[tokio::test]
async fn bench_jobs_are_varied_and_listed_in_pages_with_the_spec_filters() {
    let emu = start_with(|c| {
        c.bench_jobs = JOBS;
        c.bench_computes = 12;
        c.jobs_page_size = Some(100);
    })
    .await;
    let all = stored(&emu);
    assert_eq!(all.len(), JOBS);
    let distinct = |f: fn(&Value) -> Option<&str>| all.iter().filter_map(f).collect::<BTreeSet<_>>().len();
    assert!(distinct(|j| j["properties"]["jobType"].as_str()) >= 4);
    assert!(distinct(|j| j["properties"]["status"].as_str()) >= 5);
    assert!(distinct(|j| j["properties"]["experimentName"].as_str()) >= 10);
    assert!(distinct(|j| j["properties"]["computeId"].as_str()) >= 10, "bench clusters are used");
    assert!(count(&all, |j| j["properties"]["computeId"].is_null()) > 0, "some jobs are serverless");
    assert!(count(&all, |j| j["properties"]["displayName"].as_str().is_some_and(|d| d.len() > 300)) > 0);
    assert!(count(&all, |j| j["properties"]["displayName"].is_null()) > 0);

    let ws = emu.ws_path(DEV, "rg-ml-dev", "ws-bench");
    // Default view: active jobs only, every page the jobs page size but the last.
    let pages = emu.all_pages(&format!("{ws}/jobs?api-version={V}"), false).await;
    let active = count(&all, |j| j["properties"]["isArchived"] != true);
    assert!(active < JOBS, "some bench jobs are archived");
    assert_eq!(names(&pages).len(), active);
    assert!(pages[..pages.len() - 1].iter().all(|p| p["value"].as_array().unwrap().len() == 100));
    let listed = names(&pages);
    assert_eq!(listed.iter().collect::<BTreeSet<_>>().len(), listed.len(), "no job on two pages");
    let created: Vec<&str> = pages
        .iter()
        .flat_map(|p| p["value"].as_array().unwrap().iter())
        .map(|j| j["systemData"]["createdAt"].as_str().unwrap())
        .collect();
    assert!(created.windows(2).all(|w| w[0] >= w[1]), "newest first");

    // Each filter of Jobs_List, across every page (the nextLink keeps it).
    let cases: [(&str, Keep); 6] = [
        ("listViewType=All", Box::new(|_| true)),
        ("listViewType=ArchivedOnly", Box::new(|j| j["properties"]["isArchived"] == true)),
        ("listViewType=All&jobType=sweep", Box::new(|j| j["properties"]["jobType"] == "Sweep")),
        ("listViewType=All&tag=release", Box::new(|j| !j["properties"]["tags"]["release"].is_null())),
        ("listViewType=All&properties=stage=prod", Box::new(|j| j["properties"]["properties"]["stage"] == "prod")),
        (
            "jobType=Command&tag=priority&properties=stage",
            Box::new(|j| {
                j["properties"]["jobType"] == "Command"
                    && !j["properties"]["tags"]["priority"].is_null()
                    && j["properties"]["isArchived"] != true
            }),
        ),
    ];
    for (query, keep) in cases {
        let pages = emu.all_pages(&format!("{ws}/jobs?api-version={V}&{query}"), false).await;
        let expected = count(&all, keep);
        assert!(expected > 0, "{query} selects something");
        assert_eq!(names(&pages).len(), expected, "{query}");
        for p in &pages[..pages.len() - 1] {
            let next = p["nextLink"].as_str().unwrap();
            for part in query.split('&') {
                let (k, _) = part.split_once('=').unwrap();
                assert!(next.contains(&format!("{k}=")), "{next} keeps {k}");
            }
        }
    }

    // The page size can change at run time (test hook) without touching other lists.
    let (s, _, b) = emu.call("POST", "/_emulator/settings", Some(&serde_json::json!({"jobsPageSize": 250}))).await;
    assert_eq!((s, &b["jobsPageSize"], &b["computePageSize"]), (200, &serde_json::json!(250), &serde_json::json!(5)));
    let (_, first) = emu.get_json(&format!("{ws}/jobs?api-version={V}")).await;
    assert_eq!(first["value"].as_array().unwrap().len(), 250);
    let (_, computes) = emu.get_json(&format!("{ws}/computes?api-version={V}")).await;
    assert_eq!(computes["value"].as_array().unwrap().len(), 5);
}

#[tokio::test]
async fn the_bench_hook_seeds_on_request_and_reset_removes_it() {
    let emu = start_with(|_| {}).await;
    let ws = emu.ws_path(DEV, "rg-ml-dev", "ws-bench");
    let (s, _) = emu.get_json(&format!("{ws}?api-version={V}")).await;
    assert_eq!(s, 404, "no bench flags, no bench workspace");
    emu.set_page_size(1000).await;
    let listed = |n: usize| {
        let emu = &emu;
        let ws = ws.clone();
        async move {
            let (_, b) = emu.get_json(&format!("{ws}/jobs?api-version={V}&listViewType=All")).await;
            assert_eq!(b["value"].as_array().unwrap().len(), n);
            b
        }
    };
    let (s, _, _) = emu.call("POST", "/_emulator/bench", Some(&serde_json::json!({"jobs": 300, "computes": 3}))).await;
    assert_eq!(s, 200);
    listed(300).await;
    let (_, c) = emu.get_json(&format!("{ws}/computes?api-version={V}")).await;
    assert_eq!(c["value"].as_array().unwrap().len(), 3);
    // Again with fewer: the generated jobs are replaced, not added to.
    emu.call("POST", "/_emulator/bench", Some(&serde_json::json!({"jobs": 120}))).await;
    let b = listed(120).await;
    let first = b["value"][0]["name"].as_str().unwrap().to_string();
    let (s, got) = emu.get_json(&format!("{ws}/jobs/{first}?api-version={V}")).await;
    assert_eq!((s, got["name"].as_str()), (200, Some(first.as_str())));
    // The generated jobs' experiments are MLflow experiments of the workspace.
    let mlflow =
        format!("/mlflow/v1.0{}/api/2.0/mlflow/experiments/search?max_results=100", ws.split('?').next().unwrap());
    let (s, found) = emu.get_json(&mlflow).await;
    assert_eq!(s, 200, "{found}");
    let listed: BTreeSet<&str> =
        found["experiments"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()).collect();
    let used: BTreeSet<String> =
        stored(&emu).iter().map(|j| j["properties"]["experimentName"].as_str().unwrap().to_string()).collect();
    assert_eq!(listed, used.iter().map(String::as_str).collect(), "every experiment of the jobs, no other");
    let (s, _, _) = emu.call("POST", "/_emulator/bench", Some(&serde_json::json!({"computes": 3}))).await;
    assert_eq!(s, 400, "the job count is required");
    emu.call("POST", "/_emulator/reset", None).await;
    let (s, _) = emu.get_json(&format!("{ws}?api-version={V}")).await;
    assert_eq!(s, 404);
}
