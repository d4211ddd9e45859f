//! Starting a job's processes: one `sh -c` per instance × process, each in its own process
//! group (so cancel can kill everything it spawned), with the environment variables Azure ML's
//! launchers set for the job's distribution, and stdout+stderr streamed to an append blob.

use super::control::Ctl;
use crate::state::AppState;
use crate::storage::ARTIFACT_CONTAINER;
use serde_json::{json, Value};
use std::process::Stdio;
use std::sync::Arc;
use tokio::io::AsyncReadExt;

/// One process to start.
pub struct ProcSpec {
    pub rank: usize,
    pub env: Vec<(String, String)>,
    /// `user_logs/std_log.txt`, or `user_logs/std_log_process_{rank}.txt` when distributed.
    pub log_name: String,
}

/// A free loopback port (bound and released; good enough for a local stand-in).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).unwrap_or(29500)
}

fn count(v: &Value, default: u64) -> usize {
    v.as_u64().unwrap_or(default).max(1) as usize
}

/// The processes of a job and their distribution variables.
pub fn plan(props: &Value) -> Vec<ProcSpec> {
    let instances = count(&props["resources"]["instanceCount"], 1);
    let d = &props["distribution"];
    let kv = |pairs: &[(&str, String)]| pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect::<Vec<_>>();
    let mut specs: Vec<ProcSpec> = match d["distributionType"].as_str() {
        Some("PyTorch") => {
            // torch.distributed's env:// rendezvous variables, as Azure ML sets them per process.
            let per = count(&d["processCountPerInstance"], 1);
            let world = instances * per;
            let port = free_port().to_string();
            (0..world)
                .map(|r| ProcSpec {
                    rank: r,
                    log_name: String::new(),
                    env: kv(&[
                        ("RANK", r.to_string()),
                        ("LOCAL_RANK", (r % per).to_string()),
                        ("WORLD_SIZE", world.to_string()),
                        ("LOCAL_WORLD_SIZE", per.to_string()),
                        ("NODE_RANK", (r / per).to_string()),
                        ("GROUP_RANK", (r / per).to_string()),
                        ("MASTER_ADDR", "127.0.0.1".into()),
                        ("MASTER_PORT", port.clone()),
                        ("AZUREML_CR_NODE_RANK", (r / per).to_string()),
                    ]),
                })
                .collect()
        }
        Some("Mpi") => {
            // What mpirun (Open MPI) exports to each rank, plus the PMI_* names of MPICH/Intel MPI
            // and Azure ML's master-node variables.
            let per = count(&d["processCountPerInstance"], 1);
            let world = instances * per;
            let port = free_port();
            (0..world)
                .map(|r| ProcSpec {
                    rank: r,
                    log_name: String::new(),
                    env: kv(&[
                        ("OMPI_COMM_WORLD_RANK", r.to_string()),
                        ("OMPI_COMM_WORLD_SIZE", world.to_string()),
                        ("OMPI_COMM_WORLD_LOCAL_RANK", (r % per).to_string()),
                        ("OMPI_COMM_WORLD_LOCAL_SIZE", per.to_string()),
                        ("OMPI_COMM_WORLD_NODE_RANK", (r / per).to_string()),
                        ("PMI_RANK", r.to_string()),
                        ("PMI_SIZE", world.to_string()),
                        ("AZ_BATCH_MASTER_NODE", format!("127.0.0.1:{port}")),
                        ("AZ_BATCHAI_MPI_MASTER_NODE", "127.0.0.1".into()),
                    ]),
                })
                .collect()
        }
        Some("TensorFlow") => {
            // TF_CONFIG with one address per task; workers first, then parameter servers.
            let workers = count(&d["workerCount"], instances as u64);
            let ps = d["parameterServerCount"].as_u64().unwrap_or(0) as usize;
            let addr = |_| format!("127.0.0.1:{}", free_port());
            let worker_addrs: Vec<String> = (0..workers).map(addr).collect();
            let ps_addrs: Vec<String> = (0..ps).map(addr).collect();
            let mut cluster = json!({"worker": worker_addrs});
            if ps > 0 {
                cluster["ps"] = json!(ps_addrs);
            }
            (0..workers + ps)
                .map(|r| {
                    let (ty, index) = if r < workers { ("worker", r) } else { ("ps", r - workers) };
                    let tf = json!({"cluster": cluster, "task": {"type": ty, "index": index}, "environment": "cloud"});
                    ProcSpec { rank: r, log_name: String::new(), env: kv(&[("TF_CONFIG", tf.to_string())]) }
                })
                .collect()
        }
        // No distribution: the command runs once per instance.
        _ => (0..instances)
            .map(|r| ProcSpec { rank: r, log_name: String::new(), env: kv(&[("AZUREML_CR_NODE_RANK", r.to_string())]) })
            .collect(),
    };
    let single = specs.len() == 1;
    for s in &mut specs {
        s.log_name =
            if single { "user_logs/std_log.txt".into() } else { format!("user_logs/std_log_process_{}.txt", s.rank) };
    }
    specs
}

/// How a process ended.
pub struct Exit {
    pub rank: usize,
    pub code: Option<i32>,
    pub log_name: String,
    /// The last lines it printed (for the job's error).
    pub tail: String,
}

/// Appends a process's output to its log blob about once a second, so readers polling with
/// `Range: bytes=<offset>-` see it grow. Returns the output's last lines.
async fn stream_output(st: AppState, blob: String, mut out: tokio::process::ChildStdout) -> String {
    let mut pending: Vec<u8> = Vec::new();
    let mut tail: Vec<u8> = Vec::new();
    let mut buf = vec![0u8; 16 * 1024];
    let mut tick = tokio::time::interval(std::time::Duration::from_millis(1000));
    let mut storage_ok = st.storage.create_append_blob(ARTIFACT_CONTAINER, &blob).await.is_ok();
    let flush = |pending: &mut Vec<u8>| std::mem::take(pending);
    loop {
        tokio::select! {
            n = out.read(&mut buf) => {
                let n = n.unwrap_or(0);
                if n == 0 { break; }
                pending.extend_from_slice(&buf[..n]);
                tail.extend_from_slice(&buf[..n]);
                if tail.len() > 8192 { tail.drain(..tail.len() - 8192); }
            }
            _ = tick.tick() => {
                let chunk = flush(&mut pending);
                if storage_ok && !chunk.is_empty() {
                    storage_ok = append(&st, &blob, chunk).await;
                }
            }
        }
    }
    let chunk = flush(&mut pending);
    if storage_ok && !chunk.is_empty() {
        append(&st, &blob, chunk).await;
    }
    let text = String::from_utf8_lossy(&tail).to_string();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

/// Append Block takes at most 4 MiB per call.
async fn append(st: &AppState, blob: &str, chunk: Vec<u8>) -> bool {
    for part in chunk.chunks(4 * 1024 * 1024) {
        if let Err(e) = st.storage.append_block(ARTIFACT_CONTAINER, blob, part.to_vec()).await {
            eprintln!("aml-emulator: log upload to {blob} failed: {e}");
            return false;
        }
    }
    true
}

/// Starts every process and waits for all of them. Returns `None` if the job was canceled
/// (or timed out) while they ran; the processes are killed then.
pub async fn run_all(
    st: &AppState,
    ctl: &Arc<Ctl>,
    specs: Vec<ProcSpec>,
    command: &str,
    cwd: &std::path::Path,
    base_env: &[(String, String)],
    run_prefix: &str,
) -> Result<Vec<Exit>, String> {
    let mut waits = Vec::new();
    for spec in specs {
        let mut cmd = tokio::process::Command::new("sh");
        // stderr joins stdout in the shell so the log keeps their interleaving.
        cmd.arg("-c").arg(format!("exec 2>&1\n{command}"));
        cmd.current_dir(cwd).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::null());
        cmd.process_group(0).kill_on_drop(true);
        for (k, v) in base_env.iter().chain(spec.env.iter()) {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().map_err(|e| format!("Cannot start the job's command with sh: {e}"))?;
        if let Some(pid) = child.id() {
            ctl.pgids.lock().unwrap().push(pid);
        }
        let out = child.stdout.take().expect("piped stdout");
        let blob = format!("{run_prefix}{}", spec.log_name);
        let streamer = tokio::spawn(stream_output(st.clone(), blob, out));
        let (rank, log_name) = (spec.rank, spec.log_name);
        waits.push(tokio::spawn(async move {
            let status = child.wait().await;
            let tail = streamer.await.unwrap_or_default();
            Exit { rank, code: status.ok().and_then(|s| s.code()), log_name, tail }
        }));
    }
    let mut exits = Vec::new();
    for w in waits {
        if let Ok(e) = w.await {
            exits.push(e);
        }
    }
    Ok(exits)
}

/// Signals every process group a job started (`kill -SIG -- -pgid`; no libc binding needed).
pub fn signal_groups(ctl: &Ctl, signal: &str) {
    for pgid in ctl.pgids.lock().unwrap().iter() {
        let _ = std::process::Command::new("kill")
            .args([&format!("-{signal}"), "--", &format!("-{pgid}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}
