"""Reads a code version's snapshot back from storage (Azurite), blob by blob, and compares it with
a local folder — so tests/e2e/jobs-incremental.spec.ts can check at the storage side which files
of a re-submit were copied inside storage and which were uploaded, and that the snapshot holds
exactly the folder's files with their bytes.

Usage: EMULATOR_URL=... AML_EMULATOR_BIN=... python tests/sdk/snapshot_blobs.py NAME:VERSION FOLDER
Prints one JSON line: {"prefix": ..., "blobs": [{"path", "size", "md5", "copy_status",
"copy_source", "same_as_local"}], "missing": [paths in FOLDER without a blob]}.
Only the paths of blobs are compared with FOLDER's files; which files belong to the selection
is the caller's knowledge (the ignore rules are not re-implemented here).
"""
import base64
import json
import os
import sys
import urllib.request
from urllib.parse import quote, unquote, urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator_client as emu  # noqa: E402  (first: sets the SDK base URL)
from azure.storage.blob import ContainerClient  # noqa: E402

# Azurite's well-known development account (public, documented by Microsoft).
ACCOUNT = "devstoreaccount1"
KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="


def main() -> int:
    name, version = sys.argv[1].split(":", 1)
    folder = sys.argv[2]
    # The code version as ARM returns it (GET …/codes/{name}/versions/{version}): its codeUri.
    req = urllib.request.Request(
        f"{emu.URL}{emu.WS_PATH}/codes/{quote(name)}/versions/{quote(version)}?api-version=2025-12-01",
        headers={"Authorization": "Bearer " + emu.TOKEN})
    code_uri = json.loads(urllib.request.urlopen(req).read())["properties"]["codeUri"]
    url = urlsplit(code_uri)
    # Azurite's path-style URL: /{account}/{container}/{prefix…}
    _, account, container, prefix = url.path.split("/", 3)
    assert account == ACCOUNT, url.path
    prefix = unquote(prefix).strip("/") + "/"
    client = ContainerClient(f"{url.scheme}://{url.netloc}/{ACCOUNT}", container,
                             credential={"account_name": ACCOUNT, "account_key": KEY})
    blobs = []
    for b in client.list_blobs(name_starts_with=prefix):
        path = b.name[len(prefix):]
        local = os.path.join(folder, path)
        data = client.download_blob(b.name).readall()
        same = os.path.isfile(local) and open(local, "rb").read() == data
        md5 = b.content_settings.content_md5
        blobs.append({
            "path": path,
            "size": b.size,
            "md5": base64.b64encode(md5).decode() if md5 else None,
            "copy_status": b.copy.status if b.copy else None,
            "copy_source": b.copy.source if b.copy else None,
            "same_as_local": same,
        })
    listed = {b["path"] for b in blobs}
    missing = []
    for root, _dirs, files in os.walk(folder):
        for f in files:
            rel = os.path.relpath(os.path.join(root, f), folder).replace(os.sep, "/")
            if rel not in listed:
                missing.append(rel)
    print(json.dumps({"prefix": prefix, "blobs": blobs, "missing": sorted(missing)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
