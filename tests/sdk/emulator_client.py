"""What every SDK script that talks to the emulator shares: the base-URL override, a token, the
credential and auth policy that send it over plain http, an MLClient for the demo workspace, the
test hooks, and a tiny check runner ("N passed, N failed").

Import this module before anything from azure.ai.ml: the SDK reads AZUREML_DEV_URL_MFE on import.
Env: EMULATOR_URL; EMULATOR_TOKEN (else `aml-emulator token --audience <EMULATOR_URL>`, with the
binary from AML_EMULATOR_BIN or `cargo run -q -p aml-emulator --`); SDK_TRACE=1 prints requests.
"""

import json
import os
import subprocess
import sys
import time
import traceback
import urllib.request

URL = os.environ.get("EMULATOR_URL", "http://127.0.0.1:17171").rstrip("/")
os.environ["AZUREML_DEV_URL_MFE"] = URL  # the SDK's base URL override (before importing it)

from azure.ai.ml import MLClient  # noqa: E402
from azure.core.credentials import AccessToken  # noqa: E402
from azure.core.pipeline.policies import SansIOHTTPPolicy  # noqa: E402

SUB = "0b1f6471-1bf0-4dda-aec3-cb9272f09590"
RG = "rg-ml-dev"
WS = "ws-demo"
WS_PATH = f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.MachineLearningServices/workspaces/{WS}"
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
        # The bearer policy this one replaces normally consumes this option; the transport
        # would reject it (code versions are created with it).
        request.context.options.pop("enforce_https", None)
        if TRACE:
            print("  >>", request.http_request.method, request.http_request.url, file=sys.stderr)

    def on_response(self, request, response):
        if TRACE:
            print("  <<", response.http_response.status_code, file=sys.stderr)


def ml_client() -> MLClient:
    """An MLClient for the demo workspace, authenticated with the emulator token."""
    return MLClient(EmulatorCredential(), subscription_id=SUB, resource_group_name=RG, workspace_name=WS,
                    authentication_policy=BearerOverHttp())


def hook(path: str, body: dict) -> None:
    """POSTs to an emulator test hook (`/_emulator/...`, emulator run with --test-hooks)."""
    req = urllib.request.Request(URL + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"content-type": "application/json"})
    urllib.request.urlopen(req).read()


results = {"passed": 0, "failed": 0}


def check(name, fn):
    """Runs one named check; a failure is printed with its traceback and the run carries on."""
    try:
        fn()
        results["passed"] += 1
        print(f"ok   {name}")
    except Exception:  # noqa: BLE001 - report every failure and carry on
        results["failed"] += 1
        print(f"FAIL {name}")
        traceback.print_exc()


def summary() -> int:
    """Prints "N passed, N failed"; the exit code for the script."""
    print(f"{results['passed']} passed, {results['failed']} failed")
    return 1 if results["failed"] else 0
