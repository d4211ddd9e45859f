//! The console's page paths: built from their segments, read back, and the breadcrumb they give.

use aml_api::console_paths::*;
use aml_api::WorkspaceRef;

const SUB: &str = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";

fn ws(rg: &str, name: &str) -> WorkspaceRef {
    WorkspaceRef::new(SUB, rg, name)
}

#[test]
fn a_resource_group_named_like_a_section_keeps_its_name() {
    // The old jobs path was the computes path with "/computes" replaced by "/jobs", which also
    // rewrote a resource group called `computes-rg` into `jobs-rg`.
    let w = ws("computes-rg", "ws-demo");
    assert_eq!(jobs_path(&w), format!("/ws/{SUB}/computes-rg/ws-demo/jobs"));
    assert_eq!(job_path(&w, "job-1"), format!("/ws/{SUB}/computes-rg/ws-demo/jobs/job-1"));
    assert_eq!(new_job_path(&w, None), format!("/ws/{SUB}/computes-rg/ws-demo/jobs/new"));
    let w = ws("rg/computes", "computes");
    assert_eq!(jobs_path(&w), format!("/ws/{SUB}/rg%2Fcomputes/computes/jobs"));
    assert_eq!(computes_path(&ws("jobs-rg", "jobs")), format!("/ws/{SUB}/jobs-rg/jobs/computes"));
}

#[test]
fn segments_are_encoded_and_read_back() {
    let w = ws("rg (dev)", "ws.1");
    let p = compute_path(&w, "a b/c?d#e%f");
    assert_eq!(p, format!("/ws/{SUB}/rg%20%28dev%29/ws.1/computes/a%20b%2Fc%3Fd%23e%25f"));
    let loc = parse_ws_path(&p).unwrap();
    assert_eq!(loc.ws, w);
    assert_eq!(loc.section, Some(Section::Computes));
    assert_eq!(loc.rest, ["a b/c?d#e%f"]);
    // A name of dots cannot become `..` and climb out of the path.
    assert_eq!(job_path(&w, ".."), format!("/ws/{SUB}/rg%20%28dev%29/ws.1/jobs/%2E%2E"));
    assert_eq!(parse_ws_path(&job_path(&w, "..")).unwrap().rest, [".."]);
    assert_eq!(new_job_path(&w, Some("a&b=c")), format!("{}/new?clone=a%26b%3Dc", jobs_path(&w)));
    // Compare: the ids are encoded one by one, the separating commas stay as written.
    let ids = ["run-1".to_string(), "a,b".to_string(), "c&d".to_string()];
    assert_eq!(compare_jobs_path(&w, &ids), format!("{}/compare?ids=run-1,a%2Cb,c%26d", jobs_path(&w)));
}

#[test]
fn every_builder_round_trips_through_the_parser() {
    for rg in ["computes-rg", "jobs", "rg-ml-dev", "ws"] {
        let w = ws(rg, "computes");
        for (path, section, rest) in [
            (computes_path(&w), Section::Computes, vec![]),
            (compute_path(&w, "cpu-cluster"), Section::Computes, vec!["cpu-cluster"]),
            (jobs_path(&w), Section::Jobs, vec![]),
            (job_path(&w, "computes"), Section::Jobs, vec!["computes"]),
            (new_job_path(&w, Some("x")), Section::Jobs, vec!["new"]),
            (compare_jobs_path(&w, &["a".into(), "b".into()]), Section::Jobs, vec!["compare"]),
        ] {
            let loc = parse_ws_path(&path).unwrap_or_else(|| panic!("{path}"));
            let rest: Vec<String> = rest.into_iter().map(String::from).collect();
            assert_eq!((&loc.ws, loc.section, loc.rest.clone()), (&w, Some(section), rest), "{path}");
            assert_eq!(Section::Jobs.path(&loc.ws), jobs_path(&w));
        }
    }
}

#[test]
fn other_paths_are_not_workspace_paths() {
    assert_eq!(parse_ws_path("/workspaces"), None);
    assert_eq!(parse_ws_path("/ws/a/b"), None);
    assert_eq!(parse_ws_path("//ws/a/b/c/computes"), None);
    assert_eq!(parse_ws_path("ws/a/b/c/computes"), None);
    let odd = parse_ws_path("/ws/a/b/c/settings").unwrap();
    assert_eq!((odd.section, odd.leaf()), (None, None));
    // Not valid percent-encoding: kept as written rather than guessed at.
    assert_eq!(parse_ws_path("/ws/a%zz/b/c/jobs").unwrap().ws.subscription, "a%zz");
    assert_eq!(parse_ws_path("/ws/a/b/c/jobs?status=Failed").unwrap().rest, Vec::<String>::new());
}

#[test]
fn breadcrumb_names_the_section_and_the_page() {
    let w = ws("computes-rg", "ws-demo");
    let crumb = |p: String| {
        let loc = parse_ws_path(&p).unwrap();
        (loc.section.map(Section::label), loc.leaf())
    };
    assert_eq!(crumb(jobs_path(&w)), (Some("Jobs"), None));
    assert_eq!(crumb(job_path(&w, "j-42")), (Some("Jobs"), Some("j-42".into())));
    assert_eq!(crumb(new_job_path(&w, None)), (Some("Jobs"), Some("New job".into())));
    assert_eq!(crumb(computes_path(&w)), (Some("Compute"), None));
    assert_eq!(crumb(new_cluster_path(&w)), (Some("Compute"), Some("New cluster".into())));
    assert_eq!(crumb(new_instance_path(&w)), (Some("Compute"), Some("New instance".into())));
    assert_eq!(crumb(attach_compute_path(&w)), (Some("Compute"), Some("Attach".into())));
    assert_eq!(crumb(compute_path(&w, "gpu cluster")), (Some("Compute"), Some("gpu cluster".into())));
}

#[test]
fn picker_signin_and_query_paths() {
    assert_eq!(workspaces_in("a b"), "/workspaces?sub=a%20b");
    assert_eq!(signin_returning_to("/ws/x?q=1&r=2"), "/signin?return=%2Fws%2Fx%3Fq%3D1%26r%3D2");
    assert_eq!(with_query("/p", &[("q", "a b"), ("type", ""), ("sort", "name")]), "/p?q=a%20b&sort=name");
    assert_eq!(with_query("/p", &[("q", "")]), "/p");
}

#[test]
fn return_paths_stay_on_the_site() {
    assert_eq!(safe_return_path("/ws/a/b/c/jobs?x=1"), "/ws/a/b/c/jobs?x=1");
    for bad in ["//evil.example", "/\\evil.example", "https://evil.example", "javascript:alert(1)", ""] {
        assert_eq!(safe_return_path(bad), "/", "{bad}");
    }
}

#[test]
fn base_paths_are_added_and_removed() {
    assert_eq!(with_base("", "/ws/x"), "/ws/x");
    assert_eq!(with_base("/console", "/ws/x"), "/console/ws/x");
    assert_eq!(with_base("/console", "relative"), "relative");
    assert_eq!(without_base("/console", "/console/ws/x"), "/ws/x");
    assert_eq!(without_base("/console", "/console"), "/");
    assert_eq!(without_base("/console", "/consoleother/x"), "/consoleother/x");
    assert_eq!(without_base("", "/ws/x"), "/ws/x");
    assert_eq!(without_base("/console/embed", "/console/embed/ws/x"), "/ws/x");
}
