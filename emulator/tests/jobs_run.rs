//! The job runner against a real Azurite: jobs really run on this machine, their logs land in
//! Azurite and are read back through the data plane's SAS URLs.

mod common;
use common::*;
use serde_json::json;

#[tokio::test]
async fn print_fail_and_outputs() {
    let Some(az) = azurite::start().await else { return };
    let emu = azurite::emulator(&az).await;
    let code = emu
        .upload_code(&[
            ("main.py", "import sys, os\nprint('hello', sys.argv[1], os.environ['AZUREML_RUN_ID'])\nopen(os.path.join(sys.argv[2], 'm.txt'), 'w').write('model')\n"),
            ("lib/fail.py", "def f():\n    raise ValueError('boom in user code')\nf()\n"),
        ])
        .await;
    let mut ok = emu.command_job("python3 main.py ${{inputs.msg}} ${{outputs.model}}", Some(&code));
    ok["properties"]["inputs"] = json!({"msg": {"jobInputType": "literal", "value": "world"}});
    ok["properties"]["outputs"] = json!({"model": {"jobOutputType": "uri_folder"}});
    assert_eq!(emu.submit("ok-job", &ok).await.0, 201);
    let fail = emu.command_job("python3 lib/fail.py", Some(&code));
    assert_eq!(emu.submit("fail-job", &fail).await.0, 201);

    let j = emu.wait_job("ok-job", 60).await;
    assert_eq!(j["properties"]["status"], "Completed");
    assert!(emu.log("ok-job", "user_logs/std_log.txt").await.contains("hello world ok-job"));
    let d = emu.details("ok-job").await;
    assert!(d["startTimeUtc"].is_string() && d["endTimeUtc"].is_string() && d["error"].is_null(), "{d}");
    // The output folder went to workspaceblobstore under azureml/{run}/{output}/.
    let model = emu
        .state
        .storage
        .get_blob(&format!("azureml-blobstore-{}", jobs::WS_GUID), "azureml/ok-job/model/m.txt")
        .await
        .unwrap();
    assert_eq!(model, b"model");

    let j = emu.wait_job("fail-job", 60).await;
    assert_eq!(j["properties"]["status"], "Failed");
    let log = emu.log("fail-job", "user_logs/std_log.txt").await;
    assert!(log.contains("Traceback") && log.contains("ValueError: boom in user code"), "{log}");
    let msg = emu.details("fail-job").await["error"]["error"]["message"].as_str().unwrap().to_string();
    assert!(msg.contains("exited with status code 1") && msg.contains("boom in user code"), "{msg}");
}

#[tokio::test]
async fn cancel_kills_the_process_group() {
    let Some(az) = azurite::start().await else { return };
    let emu = azurite::emulator(&az).await;
    let pid_file = std::env::temp_dir().join(format!("emu-pid-{}", uuid::Uuid::new_v4()));
    let cmd = format!("sleep 120 & echo $! > {}; wait", pid_file.display());
    assert_eq!(emu.submit("sleepy", &emu.command_job(&cmd, None)).await.0, 201);
    emu.wait_status("sleepy", "Running", 30).await;
    for _ in 0..100 {
        if pid_file.exists() && !std::fs::read_to_string(&pid_file).unwrap().trim().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let pid = std::fs::read_to_string(&pid_file).unwrap().trim().to_string();
    assert!(std::path::Path::new(&format!("/proc/{pid}")).exists());
    let (s, h, _) = emu.call("POST", &format!("{}/jobs/sleepy/cancel?api-version={V}", emu.demo()), None).await;
    assert_eq!(s, 202);
    assert_eq!(emu.wait_job("sleepy", 20).await["properties"]["status"], "Canceled");
    let (s, _, _) = emu.call("GET", h["location"].to_str().unwrap(), None).await;
    assert_eq!(s, 200);
    // The grandchild (sleep) is gone too: the whole group was killed.
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    assert!(stat.is_empty() || stat.split_whitespace().nth(2) == Some("Z"), "sleep {pid} still alive: {stat}");
    let _ = std::fs::remove_file(pid_file);
}

#[tokio::test]
async fn timeout_cancels() {
    let Some(az) = azurite::start().await else { return };
    let emu = azurite::emulator(&az).await;
    let mut body = emu.command_job("sleep 60", None);
    body["properties"]["limits"] = json!({"jobLimitsType": "Command", "timeout": "PT1S"});
    emu.submit("slow", &body).await;
    assert_eq!(emu.wait_job("slow", 20).await["properties"]["status"], "Canceled");
    let msg = emu.details("slow").await["error"]["error"]["message"].as_str().unwrap_or_default().to_string();
    assert!(msg.contains("limits.timeout"), "{msg}");
}

#[tokio::test]
async fn distributed_env_vars() {
    let Some(az) = azurite::start().await else { return };
    let emu = azurite::emulator(&az).await;
    let show = "echo RANK=$RANK LOCAL_RANK=$LOCAL_RANK WORLD=$WORLD_SIZE NODE=$NODE_RANK MASTER=$MASTER_ADDR:$MASTER_PORT \
                OMPI=$OMPI_COMM_WORLD_RANK/$OMPI_COMM_WORLD_SIZE LOCAL=$OMPI_COMM_WORLD_LOCAL_RANK/$OMPI_COMM_WORLD_LOCAL_SIZE; \
                echo \"TF=$TF_CONFIG\"";
    let mut pt = emu.command_job(show, None);
    pt["properties"]["distribution"] = json!({"distributionType": "PyTorch", "processCountPerInstance": 2});
    let mut mpi = emu.command_job(show, None);
    mpi["properties"]["distribution"] = json!({"distributionType": "Mpi", "processCountPerInstance": 2});
    mpi["properties"]["resources"] = json!({"instanceCount": 2});
    let mut tf = emu.command_job(show, None);
    tf["properties"]["distribution"] =
        json!({"distributionType": "TensorFlow", "workerCount": 2, "parameterServerCount": 1});
    for (n, b) in [("pt", &pt), ("mpi", &mpi), ("tf", &tf)] {
        assert_eq!(emu.submit(n, b).await.0, 201);
    }
    for n in ["pt", "mpi", "tf"] {
        assert_eq!(emu.wait_job(n, 60).await["properties"]["status"], "Completed", "{n}");
    }
    let files = emu.details("pt").await["logFiles"].as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert!(!files.contains(&"user_logs/std_log.txt".to_string()), "{files:?}");
    for r in 0..2 {
        let log = emu.log("pt", &format!("user_logs/std_log_process_{r}.txt")).await;
        assert!(log.contains(&format!("RANK={r} LOCAL_RANK={r} WORLD=2 NODE=0 MASTER=127.0.0.1:")), "{log}");
    }
    let log = emu.log("mpi", "user_logs/std_log_process_3.txt").await;
    assert!(log.contains("OMPI=3/4 LOCAL=1/2"), "{log}");
    let log = emu.log("tf", "user_logs/std_log_process_2.txt").await;
    let tf_config: serde_json::Value =
        serde_json::from_str(log.lines().find(|l| l.starts_with("TF=")).unwrap().trim_start_matches("TF=")).unwrap();
    assert_eq!(tf_config["task"], json!({"type": "ps", "index": 0}));
    assert_eq!(tf_config["cluster"]["worker"].as_array().unwrap().len(), 2);
    let log = emu.log("tf", "user_logs/std_log_process_1.txt").await;
    assert!(log.contains("\"type\":\"worker\"") && log.contains("\"index\":1"), "{log}");
}

#[tokio::test]
async fn serverless_inputs_and_env_vars() {
    let Some(az) = azurite::start().await else { return };
    let emu = azurite::emulator(&az).await;
    let container = format!("azureml-blobstore-{}", jobs::WS_GUID);
    emu.state.storage.ensure_container(&container).await.unwrap();
    emu.state.storage.put_blob(&container, "data/iris/a.csv", b"1,2\n".to_vec()).await.unwrap();
    emu.state.storage.put_blob(&container, "data/iris/sub/b.csv", b"3,4\n".to_vec()).await.unwrap();
    let mut body = emu.command_job("cat ${{inputs.folder}}/a.csv ${{inputs.folder}}/sub/b.csv ${{inputs.one}}; echo EXP=$AZUREML_EXPERIMENT_NAME MINE=$MINE", None);
    body["properties"]["computeId"] = json!(null);
    body["properties"]["resources"] = json!({"instanceType": "Standard_DS3_v2", "instanceCount": 1});
    body["properties"]["environmentVariables"] = json!({"MINE": "yes"});
    body["properties"]["inputs"] = json!({
        "folder": {"jobInputType": "uri_folder", "uri": "azureml://datastores/workspaceblobstore/paths/data/iris/"},
        "one": {"jobInputType": "uri_file", "uri": "azureml://datastores/workspaceblobstore/paths/data/iris/sub/b.csv"}
    });
    assert_eq!(emu.submit("serverless", &body).await.0, 201);
    assert_eq!(emu.wait_job("serverless", 60).await["properties"]["status"], "Completed");
    let log = emu.log("serverless", "user_logs/std_log.txt").await;
    assert_eq!(log, "1,2\n3,4\n3,4\nEXP=tests MINE=yes\n");
}

#[tokio::test]
async fn conda_env_is_cached_and_pip_errors_fail() {
    let Some(az) = azurite::start().await else { return };
    let emu = azurite::emulator(&az).await;
    let ws = emu.demo();
    let conda = "name: t\ndependencies:\n  - python=3.10\n  - pip\n  - pip: []\n";
    let bad = "name: t\ndependencies:\n  - pip:\n    - aml-emulator-no-such-package-xyz==0.0.1\n";
    for (n, c) in [("cached", conda), ("broken", bad)] {
        let (s, _, b) = emu
            .call("PUT", &format!("{ws}/environments/{n}/versions/1?api-version={V}"),
                  Some(&json!({"properties": {"image": "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04", "condaFile": c}})))
            .await;
        assert_eq!(s, 201, "{b}");
    }
    let job = |env: &str| {
        let mut b = emu.command_job("python -c \"import sys; print(sys.prefix)\"", None);
        b["properties"]["environmentId"] = json!(format!("{ws}/environments/{env}/versions/1"));
        b
    };
    emu.submit("env-1", &job("cached")).await;
    assert_eq!(emu.wait_job("env-1", 120).await["properties"]["status"], "Completed");
    emu.submit("env-2", &job("cached")).await;
    assert_eq!(emu.wait_job("env-2", 120).await["properties"]["status"], "Completed");
    let first = emu.log("env-1", "azureml-logs/20_image_build_log.txt").await;
    let second = emu.log("env-2", "azureml-logs/20_image_build_log.txt").await;
    assert!(first.contains("Creating environment"), "{first}");
    assert!(second.contains("Reusing cached environment") && !second.contains("Creating"), "{second}");
    // The job ran inside the venv.
    assert!(emu.log("env-2", "user_logs/std_log.txt").await.contains("venvs"));

    emu.submit("env-bad", &job("broken")).await;
    assert_eq!(emu.wait_job("env-bad", 180).await["properties"]["status"], "Failed");
    let msg = emu.details("env-bad").await["error"]["error"]["message"].as_str().unwrap().to_string();
    assert!(msg.contains("pip install failed") && msg.contains("aml-emulator-no-such-package-xyz"), "{msg}");
    let build = emu.log("env-bad", "azureml-logs/20_image_build_log.txt").await;
    assert!(build.contains("No matching distribution") || build.contains("ERROR"), "{build}");
}

#[tokio::test]
async fn missing_azurite_fails_clearly() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let emu = start_with(|c| c.azurite_url = format!("http://127.0.0.1:{port}/devstoreaccount1")).await;
    assert_eq!(emu.submit("no-storage", &emu.command_job("echo hi", None)).await.0, 201);
    assert_eq!(emu.wait_job("no-storage", 20).await["properties"]["status"], "Failed");
    let d = emu.details("no-storage").await;
    let msg = d["error"]["error"]["message"].as_str().unwrap();
    assert!(msg.contains("Azurite"), "{msg}");
}
