"""Tidying jobs and idle shutdown with the official Python SDK (azure-ai-ml) against the emulator:
what the console sends must be what the emulator accepts from the SDK itself.

Usage:
    EMULATOR_URL=http://127.0.0.1:17171 [EMULATOR_TOKEN=...] python tests/sdk/job_tidy.py

Checks `jobs.archive` / `jobs.restore` with the list's view types, `jobs.begin_delete` (a Location
LRO), and a ComputeInstance created with `idle_time_before_shutdown_minutes` (sent as
`idleTimeBeforeShutdown` under the SDK's 2023-08-01-preview).
Not covered here: the SDK finds RunHistory through the workspace's `discoveryUrl`, which the
emulator's seeded workspaces point at the real regional host, so `jobs.update` cannot reach the
emulator and `jobs.archive` / `restore` take the SDK's own fallback (ARM PUT with `isArchived`);
the RunHistory PATCH shapes are checked by emulator/tests/job_edit.rs. azure-ai-ml 1.35.2 has no
call that changes an existing instance's idle shutdown (the preview `updateIdleShutdownSetting`
is covered by the emulator's own tests).
The emulator must run with --test-hooks. Prints "N passed, N failed"; non-zero exit on failure.
"""

import json
import sys
import urllib.request

import emulator_client as emu  # noqa: E402  (first: sets the SDK base URL before azure.ai.ml loads)
from emulator_client import TOKEN, URL, WS_PATH, check, hook  # noqa: E402
from azure.ai.ml import command  # noqa: E402
from azure.ai.ml.constants import ListViewType  # noqa: E402
from azure.ai.ml.entities import ComputeInstance  # noqa: E402
from azure.core.exceptions import ResourceNotFoundError  # noqa: E402


def arm_get(path: str, version: str = "2025-12-01") -> dict:
    req = urllib.request.Request(f"{URL}{WS_PATH}{path}?api-version={version}", headers={"Authorization": "Bearer " + TOKEN})
    return json.loads(urllib.request.urlopen(req).read())


def listed(jobs) -> set:
    """Names in a job list; the SDK yields None for a job it cannot parse (the seeded spec
    examples carry placeholder values such as `"computeId": "string"`)."""
    return {j.name for j in jobs if j is not None}


def main() -> int:
    hook("/_emulator/reset", {})
    hook("/_emulator/settings", {"operationSeconds": 0.5})
    ml = emu.ml_client()
    job = ml.jobs.create_or_update(command(command="echo tidy", environment="azureml://registries/azureml/environments/AzureML-sklearn-1.5/labels/latest",
                                           compute="cpu-cluster", experiment_name="sdk-tidy",
                                           display_name="tidy me"))
    name = job.name

    def archive_hides_and_restore_shows():
        ml.jobs.archive(name)
        assert arm_get(f"/jobs/{name}")["properties"]["isArchived"] is True
        assert name not in listed(ml.jobs.list()), "archived job in the default (ActiveOnly) list"
        assert name in listed(ml.jobs.list(list_view_type=ListViewType.ARCHIVED_ONLY))
        ml.jobs.restore(name)
        assert arm_get(f"/jobs/{name}")["properties"]["isArchived"] is False
        assert name in listed(ml.jobs.list())

    def delete_is_an_lro():
        ml.jobs.begin_delete(name).result()
        try:
            ml.jobs.get(name)
        except ResourceNotFoundError:
            return
        raise AssertionError(f"job {name} still exists after begin_delete")

    def instance_with_idle_shutdown():
        ci = ComputeInstance(name="sdk-ci-idle", size="STANDARD_DS3_V2", idle_time_before_shutdown_minutes=30)
        ml.compute.begin_create_or_update(ci).result()
        inner = arm_get("/computes/sdk-ci-idle")["properties"]["properties"]
        assert inner.get("idleTimeBeforeShutdown") == "PT30M", inner.get("idleTimeBeforeShutdown")

    check("jobs.archive / restore with the list's view types", archive_hides_and_restore_shows)
    check("jobs.begin_delete: the job is gone", delete_is_an_lro)
    check("ComputeInstance with idle_time_before_shutdown_minutes", instance_with_idle_shutdown)
    return emu.summary()


if __name__ == "__main__":
    sys.exit(main())
