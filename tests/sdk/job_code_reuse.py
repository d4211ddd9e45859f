"""Submits one command job with the official SDK from a local folder, against the emulator, and
reports which code version it used and how many blobs it uploaded — so tests/e2e/jobs-reuse.spec.ts
can check that code assets are shared between the SDK and the console (same content hash → same
code version, nothing uploaded twice).

Usage: EMULATOR_URL=... AML_EMULATOR_BIN=... python tests/sdk/job_code_reuse.py FOLDER [COMMAND]
Prints one JSON line: {"job": name, "code": "<code name>:<version>", "blob_puts": n, "seconds": s}
(seconds: the wall time of `jobs.create_or_update`, hashing and upload included; for the bench).
The client set-up is emulator_client.py's, the blob PUT counter job_submit.py's.
"""
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator_client as emu  # noqa: E402  (first: sets the SDK base URL)
import job_submit as js  # noqa: E402  (wraps the transport to count blob PUTs)
from azure.ai.ml import command  # noqa: E402


def code_ref(code: str) -> str:
    """ARM id `…/codes/n/versions/v` or `azureml:n:v` → `n:v`."""
    m = re.search(r"/codes/([^/]+)/versions/([^/]+)$", code)
    return f"{m.group(1)}:{m.group(2)}" if m else code.removeprefix("azureml:")


def main() -> int:
    folder = sys.argv[1]
    cmd = sys.argv[2] if len(sys.argv) > 2 else "python train.py"
    ml = emu.ml_client()
    before = len(js.BLOB_PUTS)
    job = command(code=folder, command=cmd, environment="azureml://registries/azureml/environments/AzureML-sklearn-1.5/labels/latest",
                  compute="cpu-cluster", experiment_name="e2e-code-reuse")
    started = time.monotonic()
    created = ml.jobs.create_or_update(job)
    seconds = time.monotonic() - started
    print(json.dumps({"job": created.name, "code": code_ref(str(created.code)),
                      "blob_puts": len(js.BLOB_PUTS) - before, "seconds": round(seconds, 2)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
