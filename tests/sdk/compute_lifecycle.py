"""Compute lifecycle against the emulator, driven by the official Python SDK (azure-ai-ml).

Usage:
    EMULATOR_URL=http://127.0.0.1:17171 [EMULATOR_TOKEN=...] python tests/sdk/compute_lifecycle.py

The emulator must run with --test-hooks (the script sets a short operationSeconds). Without
EMULATOR_TOKEN the token comes from `aml-emulator token --audience <EMULATOR_URL>` (env
AML_EMULATOR_BIN, else `cargo run -q -p aml-emulator --`). Set SDK_TRACE=1 to print every request.
Prints "N passed, N failed" and exits non-zero on any failure.
"""

import json
import os
import shlex
import subprocess
import sys
import time
import traceback
import urllib.request

URL = os.environ.get("EMULATOR_URL", "http://127.0.0.1:17171").rstrip("/")
os.environ["AZUREML_DEV_URL_MFE"] = URL  # the SDK's base URL override (before importing it)

from azure.ai.ml import MLClient  # noqa: E402
from azure.ai.ml.entities import (  # noqa: E402
    AmlCompute,
    VirtualMachineCompute,
    VirtualMachineSshSettings,
)
from azure.core.credentials import AccessToken  # noqa: E402
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError  # noqa: E402
from azure.core.pipeline.policies import SansIOHTTPPolicy  # noqa: E402

SUB = "0b1f6471-1bf0-4dda-aec3-cb9272f09590"
RG = "rg-ml-dev"
WS = "ws-demo"
CLUSTER = "sdk-cluster"
VM = "sdk-vm"
TRACE = os.environ.get("SDK_TRACE") == "1"


def get_token() -> str:
    if os.environ.get("EMULATOR_TOKEN"):
        return os.environ["EMULATOR_TOKEN"]
    binary = os.environ.get("AML_EMULATOR_BIN")
    cmd = [binary] if binary else ["cargo", "run", "-q", "-p", "aml-emulator", "--"]
    return subprocess.check_output(cmd + ["token", "--audience", URL]).decode().strip()


TOKEN = get_token()


class EmulatorCredential:
    def get_token(self, *scopes, **kwargs):
        return AccessToken(TOKEN, int(time.time()) + 3600)


class BearerOverHttp(SansIOHTTPPolicy):
    """azure-core refuses bearer tokens over plain http; this policy only sets the header."""

    def on_request(self, request):
        request.http_request.headers["Authorization"] = "Bearer " + TOKEN
        if TRACE:
            print("  >>", request.http_request.method, request.http_request.url, file=sys.stderr)

    def on_response(self, request, response):
        if TRACE:
            print("  <<", response.http_response.status_code, file=sys.stderr)


def field(obj, snake: str, camel: str):
    """azure-ai-ml 1.35.2 fills node and usage entities from the REST model's as_dict(), which
    uses the wire (camelCase) names, so the snake_case attributes stay None."""
    value = getattr(obj, snake, None)
    return value if value is not None else obj.__dict__.get(camel)


def hook(path: str, body: dict) -> None:
    req = urllib.request.Request(URL + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"content-type": "application/json"})
    urllib.request.urlopen(req).read()


results = {"passed": 0, "failed": 0}


def check(name, fn):
    try:
        fn()
        results["passed"] += 1
        print(f"ok   {name}")
    except Exception:  # noqa: BLE001 - report every failure and carry on
        results["failed"] += 1
        print(f"FAIL {name}")
        traceback.print_exc()


def main() -> int:
    hook("/_emulator/reset", {})
    hook("/_emulator/settings", {"operationSeconds": 0.5})
    cred = EmulatorCredential()
    ml = MLClient(cred, subscription_id=SUB, resource_group_name=RG, workspace_name=WS,
                  authentication_policy=BearerOverHttp())

    def list_computes():
        names = {c.name: c.type for c in ml.compute.list()}
        assert names.get("cpu-cluster") == "amlcompute", names
        assert names.get("ci-ada") == "computeinstance", names
        assert CLUSTER not in names and VM not in names, names

    def create_cluster():
        c = AmlCompute(name=CLUSTER, size="STANDARD_DS3_V2", min_instances=1, max_instances=3,
                       idle_time_before_scale_down=120)
        got = ml.compute.begin_create_or_update(c).result()
        assert got.name == CLUSTER, got
        assert got.provisioning_state == "Succeeded", got.provisioning_state
        assert got.size.lower() == "standard_ds3_v2", got.size
        assert (got.min_instances, got.max_instances) == (1, 3), (got.min_instances, got.max_instances)

    def attach_vm():
        vm = VirtualMachineCompute(
            name=VM,
            resource_id=f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.Compute/virtualMachines/sdk-vm",
            ssh_settings=VirtualMachineSshSettings(admin_username="azureuser", admin_password="Sdk-Passw0rd!", ssh_port=22),
        )
        got = ml.compute.begin_attach(vm).result()
        assert got.name == VM and got.type == "virtualmachine", got
        assert got.provisioning_state == "Succeeded", got.provisioning_state
        # The password is write-only: GET must not return it.
        again = ml.compute.get(VM)
        assert again.ssh_settings is None or not again.ssh_settings.admin_password, again.ssh_settings

    def update_cluster():
        c = ml.compute.get(CLUSTER)
        c.min_instances, c.max_instances = 2, 5
        got = ml.compute.begin_update(c).result()
        assert (got.min_instances, got.max_instances) == (2, 5), (got.min_instances, got.max_instances)

    def get_cluster():
        deadline = time.time() + 15
        while True:
            c = ml.compute.get(CLUSTER)
            if c.provisioning_state == "Succeeded" and c.max_instances == 5 and (c.min_instances == 2):
                nodes = list(ml.compute.list_nodes(CLUSTER))
                states = [field(n, "node_state", "nodeState") for n in nodes]
                if states == ["idle", "idle"]:
                    return
            assert time.time() < deadline, f"cluster did not settle: {c.provisioning_state}"
            time.sleep(0.3)

    def usage_counts_cluster():
        rows = [u for u in ml.compute.list_usage(location="eastus") if (u.name or {}).get("value") == CLUSTER]
        used = [field(u, "current_value", "currentValue") for u in rows]
        assert used == [8], used  # 2 nodes x 4 vCPUs of STANDARD_DS3_V2

    def detach_vm():
        ml.compute.begin_delete(VM, action="Detach").result()
        try:
            ml.compute.get(VM)
            raise AssertionError("VM still attached")
        except ResourceNotFoundError:
            pass

    def delete_cluster():
        ml.compute.begin_delete(CLUSTER).result()
        try:
            ml.compute.get(CLUSTER)
            raise AssertionError("cluster still there")
        except ResourceNotFoundError:
            pass
        names = [c.name for c in ml.compute.list()]
        assert CLUSTER not in names and VM not in names, names

    def invalid_name_refused():
        try:
            ml.compute.begin_create_or_update(AmlCompute(name="bad-name-1", size="STANDARD_DS3_V2")).result()
            raise AssertionError("invalid name accepted")
        except HttpResponseError as e:
            assert e.status_code == 400, e.status_code

    check("list computes", list_computes)
    check("create AmlCompute cluster", create_cluster)
    check("attach VirtualMachine", attach_vm)
    check("update cluster scale settings", update_cluster)
    check("get cluster after resize", get_cluster)
    check("usages count the cluster", usage_counts_cluster)
    check("detach VirtualMachine", detach_vm)
    check("delete cluster", delete_cluster)
    check("invalid name refused", invalid_name_refused)
    print(f"{results['passed']} passed, {results['failed']} failed")
    return 1 if results["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
