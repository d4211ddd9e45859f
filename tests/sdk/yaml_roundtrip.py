"""Loads every az ml YAML written by `cargo test -p aml-api --test yaml_cases` with the official
SDK (azure.ai.ml.load_compute), builds the SDK's REST body (`compute._to_rest_object()`, the
same call `MLClient.compute.begin_create_or_update` makes) and compares it with the body our
form produces (`{case}.body.json`), ignoring key order.

Job cases (`{case}.job.yml` + `{case}.job.body.json`) go through the same check as the e2e flow
`tests/e2e/jobs-yaml.spec.ts`: `job_yaml_roundtrip.py` (azure.ai.ml.load_job → the SDK's job
body, with the service round trips it documents replaced by the ids the console resolved).

Known, documented differences are normalised before comparing (see KNOWN below); anything else
is a failure. Usage: python tests/sdk/yaml_roundtrip.py [cases_dir]   (default target/yaml-cases)
Exit status 1 on any mismatch; prints "N passed, N failed".
"""
import copy
import json
import os
import sys
from pathlib import Path

from azure.ai.ml import load_compute

sys.path.insert(0, str(Path(__file__).resolve().parent))
import job_yaml_roundtrip  # noqa: E402  (a sibling script, not a package)

# Fields the SDK adds that our body leaves out on purpose, per computeType (path in properties).
KNOWN = {
    # Preview-only flags (2023-08-01-preview swagger); the stable 2025-12-01 spec has no such
    # properties, so the console does not send them.
    "ComputeInstance": ["enableSSO", "enableRootAccess", "releaseQuotaOnStop", "enableOSPatching"],
}


def sdk_body(yaml_path: Path) -> dict:
    compute = load_compute(str(yaml_path))
    # MLClient calls this before _to_rest_object; ids in our YAML are already full ARM ids.
    compute._set_full_subnet_name("00000000-0000-0000-0000-000000000000", "rg")
    body = compute._to_rest_object().as_dict()
    # `name` is read-only in the ARM envelope (it comes from the URL); some SDK entities set it.
    body.pop("name", None)
    return body


def normalise(sdk: dict, ours: dict) -> tuple:
    sdk, ours = copy.deepcopy(sdk), copy.deepcopy(ours)
    ctype = ours.get("properties", {}).get("computeType")
    inner = sdk.get("properties", {}).get("properties")
    for key in KNOWN.get(ctype, []):
        if isinstance(inner, dict):
            inner.pop(key, None)
    if ctype == "ComputeInstance" and isinstance(inner, dict):
        # Schedules: the SDK sends the YAML's lower-case enum values ("stop", "enabled", "week",
        # "monday") where the spec and its examples use "Stop", "Enabled", "Week", "Monday"
        # (modelAsString enums), and it adds a `triggerType` inside `cron`/`recurrence` that the
        # spec's Cron/Recurrence do not define (its trigger model is shared with job schedules).
        # We send the spec's form; compare these values case-insensitively.
        for sched_list in (inner.get("schedules") or {}, ours["properties"]["properties"].get("schedules") or {}):
            for sch in sched_list.get("computeStartStop", []):
                for k in ("action", "status"):
                    if isinstance(sch.get(k), str):
                        sch[k] = sch[k].lower()
                for trig in ("cron", "recurrence"):
                    t = sch.get(trig)
                    if isinstance(t, dict):
                        t.pop("triggerType", None)
                        if isinstance(t.get("frequency"), str):
                            t["frequency"] = t["frequency"].lower()
                        days = (t.get("schedule") or {}).get("weekDays")
                        if isinstance(days, list):
                            t["schedule"]["weekDays"] = [d.lower() for d in days]
    if ctype == "VirtualMachine":
        # The SDK's VirtualMachineCompute never sends `address` nor a public key given in the
        # form (its YAML has no field for them); the service accepts both from the spec.
        oi = ours["properties"]["properties"]
        oi.pop("address", None)
        if "privateKeyData" in oi.get("administratorAccount", {}):
            oi["administratorAccount"].pop("publicKeyData", None)
    return sdk, ours


def diff(a, b, path="$"):
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            if k not in a:
                out.append(f"{path}.{k}: only in ours = {json.dumps(b[k])}")
            elif k not in b:
                out.append(f"{path}.{k}: only in SDK = {json.dumps(a[k])}")
            else:
                out += diff(a[k], b[k], f"{path}.{k}")
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in diff(x, y, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: SDK {json.dumps(a)} != ours {json.dumps(b)}"]


def job_problems(yml: Path, body_path: Path) -> list:
    """Differences between the SDK's body for a job YAML and ours (code folder `./src`)."""
    sent = json.loads(body_path.read_text())
    try:
        sdk = job_yaml_roundtrip.prune(job_yaml_roundtrip.sdk_body(str(yml), sent, "src"))
    except Exception as e:  # an AssertionError names the mismatching reference; anything else is the SDK refusing
        return [f"{type(e).__name__}: {e}"]
    return job_yaml_roundtrip.diff(sdk, job_yaml_roundtrip.prune(job_yaml_roundtrip.ours(sent)))


def main() -> int:
    root = Path(__file__).resolve().parents[2]
    cases = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "target" / "yaml-cases"
    cases = cases.resolve()
    files = sorted(cases.glob("*.yaml"))
    jobs = sorted(cases.glob("*.job.yml"))
    if not files or not jobs:
        print(f"no cases in {cases}; run: cargo test -p aml-api --test yaml_cases")
        return 1
    os.chdir(cases)  # ssh_private_key_file is read relative to the working directory
    results = []
    for y in files:
        name = y.name[: -len(".yaml")]
        ours = json.loads((cases / f"{name}.body.json").read_text())
        try:
            sdk, ours_n = normalise(sdk_body(y), ours)
            problems = diff(sdk, ours_n)
        except Exception as e:  # a YAML the SDK refuses is a failure too
            problems = [f"SDK error: {type(e).__name__}: {e}"]
        results.append((name, problems))
    for y in jobs:
        name = y.name[: -len(".job.yml")]
        results.append((name, job_problems(y, cases / f"{name}.job.body.json")))
    for name, problems in results:
        print(f"FAIL {name}" if problems else f"ok   {name}")
        for p in problems:
            print(f"    {p}")
    failed = sum(1 for _, problems in results if problems)
    passed = len(results) - failed
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
