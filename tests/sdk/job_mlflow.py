"""MLflow inside jobs, and sweeps, driven by the official SDK (azure-ai-ml) against the emulator +
Azurite, read back with the real MLflow client:

- a Command job whose environment's conda file asks for mlflow-skinny logs metrics with
  `mlflow.log_metric`; its history grows while it runs and is all there after, on the job's run;
- a sweep made with `command(...)(a=Choice(...)).sweep(...)` runs its six grid trials to
  completion and marks the best in `best_child_run_id`; RunHistory's `runs/{id}/children` lists them;
- sweep YAML (every distribution, sampling algorithm and policy the console offers) loaded by
  `load_job` is accepted by the emulator and read back with the same search space and settings.

Usage (emulator started with --test-hooks --azurite-url <running Azurite>):
    EMULATOR_URL=http://127.0.0.1:17171 AML_EMULATOR_BIN=target/debug/aml-emulator \\
        target/xtask/sdk-venv/bin/python tests/sdk/job_mlflow.py
Prints "N passed, N failed" and exits non-zero on any failure. The first run installs mlflow-skinny
into a job environment from PyPI (about a minute); later runs reuse the cached environment.
"""

import json
import os
import sys
import tempfile
import time
import urllib.request
import uuid

import emulator_client as emu  # noqa: E402  (first: base URL and token)
from emulator_client import TOKEN, URL, WS_PATH, check  # noqa: E402

os.environ["MLFLOW_TRACKING_URI"] = f"{URL}/mlflow/v1.0{WS_PATH}"
os.environ["MLFLOW_TRACKING_TOKEN"] = TOKEN

from azure.ai.ml import command, load_job  # noqa: E402
from azure.ai.ml.entities import Environment  # noqa: E402
from azure.ai.ml.sweep import Choice  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402

MLFLOW_SKINNY = "mlflow-skinny==3.17.2"
TERMINAL = ("Completed", "Failed", "Canceled")

TRAIN = """import sys, time
import mlflow
a, b, steps, pause = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
mlflow.log_param("a", a)
mlflow.set_tag("script", "train.py")
for step in range(steps):
    mlflow.log_metric("score", a * 10 + b + step, step=step)
    time.sleep(pause)
print("done", a, b)
"""

SWEEP_YAML = """$schema: https://azuremlschemas.azureedge.net/latest/sweepJob.schema.json
type: sweep
experiment_name: sdk-sweep-yaml
compute: azureml:cpu-cluster
sampling_algorithm: {sampling}
search_space:
{space}
objective:
  goal: {goal}
  primary_metric: score
{policy}limits:
  max_total_trials: 1
  max_concurrent_trials: 1
  timeout: 600
  trial_timeout: 120
trial:
  command: echo {refs}
  environment: azureml://registries/azureml/environments/AzureML-sklearn-1.5/labels/latest
"""

YAML_CASES = [
    ("random", "  lr:\n    type: loguniform\n    min_value: -6\n    max_value: -1\n  batch:\n    type: choice\n    values: [16, 32]\n"
               "  layers:\n    type: randint\n    upper: 5\n  drop:\n    type: uniform\n    min_value: 0.1\n    max_value: 0.5\n",
     "maximize", "early_termination:\n  type: bandit\n  slack_factor: 0.1\n  evaluation_interval: 2\n  delay_evaluation: 1\n"),
    ("grid", "  batch:\n    type: choice\n    values: [16, 32, 64]\n", "minimize",
     "early_termination:\n  type: median_stopping\n  evaluation_interval: 1\n"),
    ("bayesian", "  lr:\n    type: uniform\n    min_value: 0.01\n    max_value: 0.1\n  q:\n    type: quniform\n    min_value: 1\n    max_value: 9\n    q: 2\n",
     "maximize", ""),
    ("random", "  units:\n    type: choice\n    values: [8, 16]\n", "maximize",
     "early_termination:\n  type: truncation_selection\n  truncation_percentage: 20\n  evaluation_interval: 1\n"),
]


def wait(ml, name, seconds=300):
    deadline = time.time() + seconds
    while time.time() < deadline:
        status = ml.jobs.get(name).status
        if status in TERMINAL:
            return status
        time.sleep(0.5)
    raise AssertionError(f"job {name} still {status} after {seconds}s")


def main() -> int:
    ml = emu.ml_client()
    mlf = MlflowClient()
    src = tempfile.mkdtemp(prefix="sdk-mlflow-src-")
    with open(os.path.join(src, "train.py"), "w") as f:
        f.write(TRAIN + f"# {uuid.uuid4().hex}\n")
    env = Environment(image="mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest",
                      conda_file={"name": "mlflow", "dependencies": ["python=3.11", {"pip": [MLFLOW_SKINNY]}]})
    state = {}

    def job_logs_with_mlflow():
        job = command(code=src, command="python train.py 1 0 8 1", environment=env, compute="cpu-cluster",
                      experiment_name="sdk-mlflow-jobs", display_name="mlflow in a job")
        created = ml.jobs.create_or_update(job)
        name = created.name
        # While it runs, the history grows (polled like a chart would).
        counts = []
        deadline = time.time() + 300
        while time.time() < deadline:
            status = ml.jobs.get(name).status
            if status in TERMINAL:
                break
            if status == "Running":
                counts.append(len(mlf.get_metric_history(name, "score")))
            time.sleep(1)
        assert wait(ml, name) == "Completed", ml.jobs.get(name).status
        growing = sorted(set(c for c in counts if 0 < c < 8))
        assert len(growing) >= 2, f"history did not grow while running: {counts}"
        run = mlf.get_run(name)
        assert run.info.status == "FINISHED", run.info
        assert mlf.get_experiment(run.info.experiment_id).name == "sdk-mlflow-jobs"
        history = mlf.get_metric_history(name, "score")
        assert [m.value for m in history] == [10.0 + s for s in range(8)], history
        assert run.data.params == {"a": "1.0"} and run.data.tags["script"] == "train.py", run.data
        assert run.info.run_name == "mlflow in a job"

    def sdk_sweep_runs_and_marks_the_best():
        trial = command(code=src, command="python train.py ${{inputs.a}} ${{inputs.b}} 2 0",
                        inputs={"a": 1, "b": 0}, environment=env, compute="cpu-cluster",
                        experiment_name="sdk-sweeps")
        sweep = trial(a=Choice([1, 2, 3]), b=Choice([0, 5])).sweep(
            sampling_algorithm="grid", primary_metric="score", goal="maximize", compute="cpu-cluster")
        sweep.set_limits(max_total_trials=6, max_concurrent_trials=3, timeout=900)
        created = ml.jobs.create_or_update(sweep)
        assert wait(ml, created.name, 600) == "Completed"
        # The route `ml.jobs.list(parent_job_name=…)` reads (the SDK first resolves the workspace's
        # discovery URL, which the emulator does not serve: the route is called directly).
        req = urllib.request.Request(f"{URL}/history/v1.0{WS_PATH}/runs/{created.name}/children",
                                     headers={"Authorization": "Bearer " + TOKEN})
        children = json.loads(urllib.request.urlopen(req).read())["value"]
        assert len(children) == 6 and all(c["status"] == "Completed" for c in children), children
        best = ml.jobs.get(created.name).properties.get("best_child_run_id")
        assert best, ml.jobs.get(created.name).properties
        assert ml.jobs.get(best).command.endswith("train.py 3 5 2 0"), ml.jobs.get(best).command
        assert mlf.get_run(best).data.metrics["score"] == 36.0
        state["sweep"] = created.name

    def sweep_yaml_round_trip():
        for i, (sampling, space, goal, policy) in enumerate(YAML_CASES):
            names = [line.strip()[:-1] for line in space.splitlines() if line.startswith("  ") and not line.startswith("    ")]
            text = SWEEP_YAML.format(sampling=sampling, space=space, goal=goal, policy=policy,
                                     refs=" ".join("${{search_space.%s}}" % n for n in names))
            path = os.path.join(tempfile.mkdtemp(prefix="sweep-yaml-"), "sweep.yml")
            with open(path, "w") as f:
                f.write(text)
            job = load_job(path)
            sent = job._to_rest_object().as_dict()["properties"]
            created = ml.jobs.create_or_update(job)
            got = ml.jobs.get(created.name)._to_rest_object().as_dict()["properties"]
            for key in ("searchSpace", "samplingAlgorithm", "objective", "earlyTermination"):
                assert got.get(key) == sent.get(key), (i, key, sent.get(key), got.get(key))
            assert got["limits"]["maxTotalTrials"] == 1 and got["limits"]["trialTimeout"] == sent["limits"]["trialTimeout"]
            assert wait(ml, created.name, 300) in ("Completed", "Canceled"), i

    check("a job logs metrics with mlflow-skinny; the history grows while it runs", job_logs_with_mlflow)
    check("an SDK sweep runs six grid trials and marks the best", sdk_sweep_runs_and_marks_the_best)
    check("sweep YAML through load_job is accepted and read back the same", sweep_yaml_round_trip)
    return emu.summary()


if __name__ == "__main__":
    sys.exit(main())
