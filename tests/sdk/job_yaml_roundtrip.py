"""The console's "View as YAML" for a job, loaded by the official SDK, must give the REST body the
console itself sent for that job.

Usage: python tests/sdk/job_yaml_roundtrip.py JOB_YML SENT_BODY_JSON [CODE_DIR_NAME]

JOB_YML is the text the submit page showed, SENT_BODY_JSON the body of the console's job PUT
(both captured by tests/e2e/jobs-yaml.spec.ts). The SDK path is the one `ml.jobs.create_or_update`
takes: `load_job` → resolve code/environment/compute to ARM ids (a service round trip) → add the
git properties of the working directory → `to_rest_job_object(job).as_dict()` (the request body).
The service round trips are replaced by the ids the console resolved; see NORMALISATIONS.
Prints "ok ..." or the differences; exit status 1 on any difference.
"""
import copy
import json
import sys

from azure.ai.ml import load_job
from azure.ai.ml.sweep import SweepJob
from azure.ai.ml.operations._job_operations import to_rest_job_object

# Every difference this script forgives, and why. Anything else is a failure.
NORMALISATIONS = [
    # 1. `code: ./<folder>`: the SDK hashes + uploads the folder and puts the code version's ARM id
    #    in `codeId` (a service round trip). We check the YAML names the picked folder, then use
    #    the console's `codeId`.
    "codeId: ./<picked folder> resolved to the console's code version id",
    # 2. `compute: azureml:<name>`: the SDK GETs the compute and uses its ARM id. We check the
    #    name matches the last segment of the console's `computeId`, then use that id.
    "computeId: azureml:<name> resolved to the console's compute ARM id",
    # 3. `environment: azureml:<name>@latest` / `azureml:<name>:<version>`: the SDK resolves the
    #    label or name:version to an ARM id through the service (load_job already strips the
    #    `azureml:` prefix). We check both name the same environment, then use the console's id.
    "environmentId: azureml:<name>@latest|<name>:<version> resolved to the console's id",
    # 4. Git properties (`mlflow.source.git.*`, `azureml.git.dirty`) are not part of the YAML: the
    #    SDK adds them at submission from its working directory, the console from the picked
    #    folder. Dropped from the console's body.
    "git properties dropped (added at submission time, not in the YAML)",
    # 5. The SDK sends `isArchived: false` and empty maps (`properties: {}`, `resources.properties:
    #    {}`, `environmentVariables: {}` …) that the console leaves out; the service treats both
    #    the same. Empty maps and `isArchived: false` are removed on both sides.
    "empty maps and isArchived=false removed on both sides",
    # 6. Top-level `name` is the job id in the URL (read-only in the body).
    "top-level name dropped (it is the URL's job id)",
    # 7. Sweep `objective.goal`: the SDK passes the YAML's lowercase `maximize` through, the console
    #    sends the spec's enum value `Maximize`; the service accepts both (the SDK's own sweeps are
    #    sent lowercase). Compared case-insensitively; nothing else in the body is.
    "sweep objective.goal compared case-insensitively",
]

GIT_KEYS = ("mlflow.source.git.", "azureml.git.")


def prune(v):
    """Removes empty maps and `isArchived: false`, recursively (normalisation 5)."""
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            x = prune(x)
            if x == {} or (k == "isArchived" and x is False):
                continue
            out[k] = x
        return out
    if isinstance(v, list):
        return [prune(x) for x in v]
    return v


def env_name(ref: str) -> str:
    """`azureml:n@latest`, `n@latest`, `n:v`, ARM id …/environments/n/versions/v → `n`."""
    ref = ref.removeprefix("azureml:")
    if "/environments/" in ref:
        return ref.split("/environments/")[1].split("/")[0]
    return ref.split("@")[0].split(":")[0]


def sdk_body(yml: str, sent: dict, code_dir: str) -> dict:
    job = load_job(yml)
    props = sent["properties"]
    # A sweep keeps code and environment in its trial (the SDK's `SweepJob.trial`, the body's
    # `properties.trial`); compute stays on the job.
    sweep = isinstance(job, SweepJob)
    if sweep != (props.get("jobType") == "Sweep"):
        raise AssertionError(f"the SDK read a {type(job).__name__}, the console sent {props.get('jobType')}")
    trial, sent_trial = (job.trial, props["trial"]) if sweep else (job, props)
    problems = []
    expected_code = f"./{code_dir}" if code_dir else None
    if expected_code and str(trial.code).rstrip("/") != expected_code:
        problems.append(f"code: YAML has {trial.code!r}, expected {expected_code!r}")
    trial.code = sent_trial["codeId"]
    compute_id = props.get("computeId")
    if compute_id:
        if str(job.compute).removeprefix("azureml:") != compute_id.rsplit("/", 1)[-1]:
            problems.append(f"compute: YAML has {job.compute!r}, the console sent {compute_id!r}")
        job.compute = compute_id
    elif job.compute is not None:
        problems.append(f"compute: YAML has {job.compute!r}, the console sent none (serverless)")
    env = trial.environment if isinstance(trial.environment, str) else None
    if env is None or env_name(env) != env_name(sent_trial["environmentId"]):
        problems.append(f"environment: YAML has {trial.environment!r}, the console sent {sent_trial['environmentId']!r}")
    trial.environment = sent_trial["environmentId"]
    if problems:
        raise AssertionError("; ".join(problems))
    body = to_rest_job_object(job).as_dict()
    body.pop("name", None)
    return fold_goal(body)


def fold_goal(body: dict) -> dict:
    """Lower-cases a sweep's `objective.goal` (normalisation 7)."""
    objective = body.get("properties", {}).get("objective")
    if isinstance(objective, dict) and isinstance(objective.get("goal"), str):
        objective["goal"] = objective["goal"].lower()
    return body


def ours(sent: dict) -> dict:
    sent = copy.deepcopy(sent)
    p = sent["properties"].get("properties", {})
    for k in [k for k in p if k.startswith(GIT_KEYS)]:
        del p[k]
    sent.pop("name", None)
    return fold_goal(sent)


def diff(a, b, path="") -> list:
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            if k not in a:
                out.append(f"{path}/{k}: only the console sent {json.dumps(b[k])}")
            elif k not in b:
                out.append(f"{path}/{k}: only the SDK sends {json.dumps(a[k])}")
            else:
                out.extend(diff(a[k], b[k], f"{path}/{k}"))
        return out
    return [] if a == b else [f"{path}: SDK {json.dumps(a)} vs console {json.dumps(b)}"]


def main() -> int:
    yml, sent_path = sys.argv[1], sys.argv[2]
    code_dir = sys.argv[3] if len(sys.argv) > 3 else ""
    with open(sent_path) as f:
        sent = json.load(f)
    try:
        sdk = prune(sdk_body(yml, sent, code_dir))
    except AssertionError as e:
        print(f"FAIL {e}")
        return 1
    mine = prune(ours(sent))
    problems = diff(sdk, mine)
    if problems:
        print("FAIL the SDK's body differs from the console's:")
        for p in problems:
            print("  " + p)
        print("SDK body:", json.dumps(sdk, indent=1, sort_keys=True))
        return 1
    print("ok the SDK builds the console's job body from its YAML (normalised: " + "; ".join(NORMALISATIONS) + ")")
    return 0


if __name__ == "__main__":
    sys.exit(main())
