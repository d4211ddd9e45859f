"""Compute lifecycle against the emulator, driven by the official Python SDK (azure-ai-ml).

Usage:
    EMULATOR_URL=http://127.0.0.1:17171 [EMULATOR_TOKEN=...] python tests/sdk/compute_lifecycle.py

The emulator must run with --test-hooks (the script sets a short operationSeconds). Without
EMULATOR_TOKEN the token comes from `aml-emulator token --audience <EMULATOR_URL>` (env
AML_EMULATOR_BIN, else `cargo run -q -p aml-emulator --`). Set SDK_TRACE=1 to print every request.
Prints "N passed, N failed" and exits non-zero on any failure.
"""

import sys
import time

import emulator_client as emu  # noqa: E402  (first: sets the SDK base URL before azure.ai.ml loads)
from emulator_client import RG, SUB, check, hook  # noqa: E402
from azure.ai.ml.entities import (  # noqa: E402
    AmlCompute,
    VirtualMachineCompute,
    VirtualMachineSshSettings,
)
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError  # noqa: E402

CLUSTER = "sdk-cluster"
VM = "sdk-vm"


def field(obj, snake: str, camel: str):
    """azure-ai-ml 1.35.2 fills node and usage entities from the REST model's as_dict(), which
    uses the wire (camelCase) names, so the snake_case attributes stay None."""
    value = getattr(obj, snake, None)
    return value if value is not None else obj.__dict__.get(camel)


def main() -> int:
    hook("/_emulator/reset", {})
    hook("/_emulator/settings", {"operationSeconds": 0.5})
    ml = emu.ml_client()

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
    return emu.summary()


if __name__ == "__main__":
    sys.exit(main())
