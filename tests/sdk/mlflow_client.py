"""The real MLflow client (mlflow-skinny, pinned in requirements.txt) against the emulator's MLflow
tracking endpoint, from outside any job: experiments, runs, metrics / params / tags (one by one and
in batches), search with filters and ordering, metric history with paging, delete / restore, and
MLflow's errors.

Usage:
    EMULATOR_URL=http://127.0.0.1:17171 [EMULATOR_TOKEN=...] python tests/sdk/mlflow_client.py

The tracking URI is Azure ML's form on the emulator: <EMULATOR_URL>/mlflow/v1.0/<workspace id>;
the token goes in MLFLOW_TRACKING_TOKEN (MLflow sends it as a bearer token).
Prints "N passed, N failed" and exits non-zero on any failure.
"""

import os
import sys
import time
import uuid

import emulator_client as emu  # noqa: E402  (first: base URL and token)
from emulator_client import TOKEN, URL, WS_PATH, check  # noqa: E402

os.environ["MLFLOW_TRACKING_URI"] = f"{URL}/mlflow/v1.0{WS_PATH}"
os.environ["MLFLOW_TRACKING_TOKEN"] = TOKEN

import mlflow  # noqa: E402
from mlflow.entities import Metric, Param, RunTag  # noqa: E402
from mlflow.exceptions import MlflowException  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402
from mlflow.tracking._tracking_service.utils import _get_store  # noqa: E402


def error_code(fn) -> str:
    try:
        fn()
    except MlflowException as e:
        return e.error_code
    raise AssertionError("expected an MLflow error")


def main() -> int:
    client = MlflowClient()
    name = f"sdk-mlflow-{uuid.uuid4().hex[:8]}"
    state = {}

    def experiments():
        exp_id = client.create_experiment(name, tags={"team": "vision"})
        assert client.get_experiment(exp_id).name == name
        got = client.get_experiment_by_name(name)
        assert got.experiment_id == exp_id and got.tags == {"team": "vision"}, got
        assert client.get_experiment_by_name("no-such-experiment-" + name) is None
        found = client.search_experiments(filter_string=f"name = '{name}'")
        assert [e.name for e in found] == [name], found
        state["exp"] = exp_id

    def fluent_run_logs():
        mlflow.set_experiment(name)
        with mlflow.start_run(run_name="fluent") as run:
            for step in range(30):
                mlflow.log_metric("loss", 1.0 / (step + 1), step=step)
            mlflow.log_param("lr", 0.01)
            mlflow.log_params({"batch": 32, "optimizer": "adam"})
            mlflow.log_metrics({"acc": 0.9, "f1": 0.8}, step=29)
            mlflow.set_tag("stage", "dev")
            state["run"] = run.info.run_id
        r = client.get_run(state["run"])
        assert r.info.status == "FINISHED" and r.info.end_time, r.info
        assert r.info.run_name == "fluent"
        assert r.data.metrics["loss"] == 1.0 / 30 and r.data.metrics["acc"] == 0.9, r.data.metrics
        assert r.data.params == {"lr": "0.01", "batch": "32", "optimizer": "adam"}, r.data.params
        assert r.data.tags["stage"] == "dev" and r.data.tags["mlflow.runName"] == "fluent"

    def client_batch_and_history_paging():
        run = client.create_run(state["exp"], run_name="batch")
        now = int(time.time() * 1000)
        client.log_batch(run.info.run_id, metrics=[Metric("m", float(i), now + i, i) for i in range(120)],
                         params=[Param("p", "1")], tags=[RunTag("t", "x")])
        history = client.get_metric_history(run.info.run_id, "m")
        assert [m.step for m in history] == list(range(120)), len(history)
        store = _get_store()
        steps, token, pages = [], None, 0
        while True:
            page = store.get_metric_history(run.info.run_id, "m", max_results=50, page_token=token)
            steps += [m.step for m in page]
            pages += 1
            token = page.token
            if not token:
                break
        assert pages == 3 and steps == list(range(120)), (pages, len(steps))
        client.set_terminated(run.info.run_id, "KILLED")
        state["batch"] = run.info.run_id

    def search_runs():
        runs = client.search_runs([state["exp"]], filter_string="params.lr = '0.01' and metrics.acc > 0.5")
        assert [r.info.run_id for r in runs] == [state["run"]], runs
        runs = client.search_runs([state["exp"]], order_by=["attributes.run_name ASC"])
        assert [r.info.run_name for r in runs] == ["batch", "fluent"], [r.info.run_name for r in runs]
        runs = client.search_runs([state["exp"]], filter_string="attributes.status = 'KILLED'")
        assert [r.info.run_id for r in runs] == [state["batch"]]
        found = mlflow.search_runs(experiment_names=[name], filter_string="tags.stage = 'dev'", output_format="list")
        assert [r.info.run_id for r in found] == [state["run"]], found

    def delete_and_restore():
        client.delete_run(state["batch"])
        assert client.get_run(state["batch"]).info.lifecycle_stage == "deleted"
        assert [r.info.run_id for r in client.search_runs([state["exp"]])] == [state["run"]]
        client.restore_run(state["batch"])
        assert len(client.search_runs([state["exp"]])) == 2

    def errors():
        assert error_code(lambda: client.get_run("0" * 32)) == "RESOURCE_DOES_NOT_EXIST"
        assert error_code(lambda: client.create_experiment(name)) == "RESOURCE_ALREADY_EXISTS"
        assert error_code(lambda: client.log_param(state["run"], "lr", "0.5")) == "INVALID_PARAMETER_VALUE"
        assert error_code(lambda: client.search_runs([state["exp"]], filter_string="metrics.acc >")) == "INVALID_PARAMETER_VALUE"
        assert error_code(lambda: client.get_experiment("no-such-id")) == "RESOURCE_DOES_NOT_EXIST"

    check("experiments: create, get, get by name, search", experiments)
    check("fluent API: start_run, log_metric / param / tags, end_run", fluent_run_logs)
    check("client: log_batch, metric history whole and in pages", client_batch_and_history_paging)
    check("search_runs: filters, ordering, by experiment name", search_runs)
    check("delete and restore a run", delete_and_restore)
    check("MLflow error codes", errors)
    return emu.summary()


if __name__ == "__main__":
    sys.exit(main())
