"""Submitting jobs to the emulator + Azurite with the official Python SDK (azure-ai-ml).

Usage:
    EMULATOR_URL=http://127.0.0.1:17171 [EMULATOR_TOKEN=...] python tests/sdk/job_submit.py

The emulator must run with `--azurite-url` pointing at a running Azurite. The SDK uploads a
local folder as a code asset (hash lookup → startPendingUpload → Put Blob with the SAS over
http → PUT code version), submits `command(...)` jobs and waits for them. Without EMULATOR_TOKEN
the token comes from `aml-emulator token --audience <EMULATOR_URL>` (env AML_EMULATOR_BIN, else
`cargo run -q -p aml-emulator --`). SDK_TRACE=1 prints every request.
Prints "N passed, N failed" and exits non-zero on any failure.
"""

import json
import os
import sys
import tempfile
import time
import urllib.request
import uuid

import emulator_client as emu  # noqa: E402  (first: sets the SDK base URL before azure.ai.ml loads)
from emulator_client import TOKEN, TRACE, URL, WS_PATH, check  # noqa: E402
import requests  # noqa: E402  (azure-core's transport; wrapped below to count blob uploads)
from azure.ai.ml import command  # noqa: E402
from azure.ai.ml.entities import Environment  # noqa: E402
from azure.core.exceptions import HttpResponseError  # noqa: E402

# Count the blob uploads (PUTs that carry a SAS signature) the SDK makes.
BLOB_PUTS = []
_send = requests.Session.send


def counting_send(self, request, **kwargs):
    if request.method == "PUT" and "sig=" in request.url:
        BLOB_PUTS.append(request.url.split("?")[0])
    if TRACE and "sig=" in request.url:
        print("  >> blob", request.method, request.url.split("?")[0], file=sys.stderr)
    return _send(self, request, **kwargs)


requests.Session.send = counting_send

def data_plane(path: str) -> dict:
    req = urllib.request.Request(f"{URL}/history/v1.0{WS_PATH}{path}", headers={"Authorization": "Bearer " + TOKEN})
    return json.loads(urllib.request.urlopen(req).read())


def read_log(run_id: str, name: str = "user_logs/std_log.txt") -> str:
    details = data_plane(f"/runs/{run_id}/details")
    return urllib.request.urlopen(details["logFiles"][name]).read().decode()


def wait(ml, name: str, seconds: float = 90) -> str:
    deadline = time.time() + seconds
    while time.time() < deadline:
        status = ml.jobs.get(name).status
        if status in ("Completed", "Failed", "Canceled"):
            return status
        time.sleep(0.5)
    raise AssertionError(f"job {name} still {status} after {seconds}s")


def main() -> int:
    ml = emu.ml_client()
    src = tempfile.mkdtemp(prefix="sdk-src-")
    marker = uuid.uuid4().hex  # fresh content, so the first submit really uploads
    with open(os.path.join(src, "hello.py"), "w") as f:
        f.write(f"import sys\nprint('hello from the emulator', sys.argv[1:], '{marker}')\n")
    os.makedirs(os.path.join(src, "pkg"))
    with open(os.path.join(src, "pkg", "util.py"), "w") as f:
        f.write("X = 1\n")
    state = {}
    # Curated environments are the azureml registry's, referred to by registry id (as `az ml job
    # create` accepts them); workspaces hold no AzureML-* copies.
    curated = "azureml://registries/azureml/environments/AzureML-sklearn-1.5/labels/latest"

    def job(**kw):
        args = dict(code=src, command="python hello.py --msg ${{inputs.msg}}", inputs={"msg": "hi"},
                    environment=curated, compute="cpu-cluster",
                    experiment_name="sdk-emulator")
        args.update(kw)
        return command(**args)

    def submit_uploads_code():
        before = len(BLOB_PUTS)
        created = ml.jobs.create_or_update(job())
        state["first"] = created
        uploads = len(BLOB_PUTS) - before
        assert uploads >= 2, f"expected the folder's files to be uploaded, saw {uploads} PUTs"
        assert created.status in ("NotStarted", "Queued", "Preparing", "Running", "Completed"), created.status
        # The SDK sends the registry id unchanged, and the service keeps it.
        assert created.environment == curated, created.environment

    def job_completes_with_log():
        name = state["first"].name
        assert wait(ml, name) == "Completed", ml.jobs.get(name).status
        log = read_log(name)
        assert marker in log and "'--msg', 'hi'" in log, log

    def resubmit_reuses_code():
        before = len(BLOB_PUTS)
        again = ml.jobs.create_or_update(job())
        assert len(BLOB_PUTS) == before, f"re-submit uploaded {len(BLOB_PUTS) - before} blobs"
        assert again.code == state["first"].code, (again.code, state["first"].code)
        assert wait(ml, again.name) == "Completed"

    def failing_job_fails():
        failed = ml.jobs.create_or_update(job(command="python -c \"raise SystemExit('boom from sdk test')\""))
        assert wait(ml, failed.name) == "Failed"
        details = data_plane(f"/runs/{failed.name}/details")
        assert "boom from sdk test" in details["error"]["error"]["message"], details["error"]

    def cancel_job():
        slow = ml.jobs.create_or_update(job(command="sleep 60"))
        deadline = time.time() + 30
        while ml.jobs.get(slow.name).status != "Running" and time.time() < deadline:
            time.sleep(0.3)
        ml.jobs.begin_cancel(slow.name).result()
        assert wait(ml, slow.name, 20) == "Canceled"

    def serverless_job():
        j = job(compute=None)
        j.resources = {"instance_type": "Standard_DS3_v2", "instance_count": 1}
        created = ml.jobs.create_or_update(j)
        assert wait(ml, created.name) == "Completed"

    def pinned_registry_version():
        pinned = "azureml://registries/azureml/environments/AzureML-sklearn-1.5/versions/20"
        created = ml.jobs.create_or_update(job(environment=pinned))
        assert created.environment == pinned, created.environment
        assert wait(ml, created.name) == "Completed"

    def unknown_registry_id_is_refused():
        for env, said in [
            ("azureml://registries/azureml/environments/AzureML-nope-9.9/labels/latest",
             "Environment 'AzureML-nope-9.9' was not found in registry 'azureml'"),
            ("azureml://registries/azureml/environments/AzureML-sklearn-1.5/versions/999", "Version '999'"),
            # The old workspace spelling names nothing: no curated copies in the workspace.
            ("azureml:AzureML-sklearn-1.5@latest", "was not found in workspace"),
        ]:
            try:
                ml.jobs.create_or_update(job(environment=env))
            except HttpResponseError as e:
                assert e.status_code == 400, (env, e.status_code)
                # The SDK's jobs client raises without parsing the error body (its message is
                # "Operation returned an invalid status 'Bad Request'"): the service's words are in
                # the response, {"error": {"code": "UserError", "message": ...}}.
                body = json.loads(e.response.text())
                assert body["error"]["code"] == "UserError", (env, body)
                assert said in body["error"]["message"], (env, body)
            else:
                raise AssertionError(f"{env} was accepted")

    def environment_with_conda():
        env = Environment(image="mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest",
                          conda_file={"name": "e", "dependencies": ["python=3.10", {"pip": []}]})
        created = ml.jobs.create_or_update(job(environment=env, command="python hello.py"))
        assert wait(ml, created.name, 180) == "Completed"

    check("submit uploads the code folder", submit_uploads_code)
    check("job completes and its log has the line", job_completes_with_log)
    check("re-submit reuses the code version (zero uploads)", resubmit_reuses_code)
    check("failing command -> Failed with the message", failing_job_fails)
    check("cancel a running job", cancel_job)
    check("serverless job", serverless_job)
    check("pinned registry version", pinned_registry_version)
    check("unknown registry ids are refused with 400", unknown_registry_id_is_refused)
    check("anonymous environment with a conda file", environment_with_conda)
    return emu.summary()


if __name__ == "__main__":
    sys.exit(main())
