//! The seeded demo state of docs/CONTRACTS.md ("Seeded demo state"). Deterministic: fixed
//! ids, GUIDs and timestamps, so tests and screenshots are stable.

pub mod attached;
pub mod bench;
pub mod computes;
pub mod jobs;
pub mod registry;
pub mod workspace_defaults;
pub mod workspaces;

use self::computes as c;
use self::workspaces::{workspace_json, WorkspaceSeed};
use crate::config::Config;
use crate::store::{rg_id, workspace_id, Store};

pub use self::workspaces::SUB_DEV;
pub const SUB_PROD: &str = "7e2a9f3c-5d41-4c8b-a6e0-2f9b8d7c6e51";
/// 2020-01-01T12:34:56.999Z, the examples' `createdAt`: the seeded jobs' MLflow start time.
const SEED_TIME_MS: i64 = 1_577_882_096_999;

pub fn seeded_store(config: &Config) -> Store {
    let mut s = Store::default();
    s.add_subscription(SUB_DEV, "Contoso ML Dev");
    s.add_subscription(SUB_PROD, "Contoso ML Prod");
    s.add_resource_group(SUB_DEV, "rg-ml-dev", "eastus");
    s.add_resource_group(SUB_PROD, "rg-ml-prod", "westeurope");

    // Every workspace names the emulator's discovery document, which names the data plane
    // (`--data-plane-url`), as a real workspace names its region's (docs/azure-ml-rest.md §Discovery).
    let discovery = format!("{}/discovery", config.public_url.trim_end_matches('/'));
    let ws = |sub, rg, name, location, friendly_name, description, workspace_guid, created| {
        let mut w = workspace_json(&WorkspaceSeed {
            sub,
            rg,
            name,
            location,
            friendly_name,
            description,
            workspace_guid,
            created,
        });
        w["properties"]["discoveryUrl"] = discovery.clone().into();
        w
    };
    s.add_workspace(ws(
        SUB_DEV,
        "rg-ml-dev",
        "ws-demo",
        "eastus",
        "Demo workspace",
        "Every compute type, for the console demo",
        "6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7",
        "2024-01-10T08:00:00.0000000Z",
    ));
    s.add_workspace(ws(
        SUB_DEV,
        "rg-ml-dev",
        "ws-vision",
        "westeurope",
        "Vision research",
        "Image models",
        "7a2d3b4c-5e6f-4071-9b82-a3c4d5e6f708",
        "2024-02-03T10:15:00.0000000Z",
    ));
    s.add_workspace(ws(
        SUB_PROD,
        "rg-ml-prod",
        "ws-prod",
        "westeurope",
        "Production",
        "Production workspace (no computes)",
        "8b3e4c5d-6f70-4182-8c93-b4d5e6f70819",
        "2024-03-01T12:00:00.0000000Z",
    ));

    let demo = workspace_id(SUB_DEV, "rg-ml-dev", "ws-demo");
    // ws-demo lists its own computes, the attached ones, then the failed cluster and the legacy
    // Batch compute (tests and screenshots page through them in this order).
    let demo_computes = c::workspace_computes(&demo, "eastus")
        .into_iter()
        .chain(attached::attached_computes(&demo, SUB_DEV, "rg-ml-dev", "eastus"))
        .chain([
            c::broken_cluster(&demo, "eastus"),
            attached::legacy_batch(&demo, &rg_id(SUB_DEV, "rg-ml-dev"), "eastus"),
        ]);
    for compute in demo_computes {
        s.add_compute(compute);
    }
    attached::secrets(&mut s, &demo);
    // Every job type, from the official examples; each also has its MLflow run, as jobs do.
    let tracking = crate::mlflow::tracking_uri(&config.public_url, &demo);
    for job in jobs::example_jobs(&demo) {
        crate::mlflow::job_runs::on_submit(&mut s, &tracking, &job, SEED_TIME_MS);
        s.jobs.push(job);
    }
    let vision = workspace_id(SUB_DEV, "rg-ml-dev", "ws-vision");
    for compute in c::vision_computes(&vision, "westeurope") {
        s.add_compute(compute);
    }

    bench::seed(&mut s, config);
    s
}
