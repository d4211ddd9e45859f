"""Code-snapshot parity: aml_api::snapshot (via `cargo xtask snapshot DIR`) against azure-ai-ml.

Builds many temporary folders (ignore-file edge cases, symlinks, unicode, empty files...), then
for each compares the SDK's upload list (`get_ignore_file` + `get_upload_files_from_folder`,
sorted as `upload_directory` sorts it), the ignore file used and `get_content_hash` with ours.
A case the SDK raises on must make ours fail too.

    target/xtask/sdk-venv/bin/python tests/sdk/snapshot_parity.py
    AML_SNAPSHOT_BIN=/path/to/xtask  # optional: a prebuilt xtask binary instead of `cargo run`
"""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from azure.ai.ml._utils._asset_utils import get_content_hash, get_ignore_file, get_upload_files_from_folder

REPO = Path(__file__).resolve().parents[2]

# Each case: name -> {relative path: bytes | str | ("link", target) | ("dirlink", target)}.
# "@outside/..." paths are created next to the case folder (targets outside the root).
CASES = {
    "facts_example": {"a.txt": "a", "d/B.txt": "bb"},
    "no_ignore_file": {"x.py": "print(1)", "sub/y.py": "", "sub/deeper/z.bin": b"\x00\xff"},
    "negation": {".gitignore": "*.log\n!keep.log\n", "a.log": "1", "keep.log": "2", "x.py": "3"},
    "negation_under_excluded_dir": {".gitignore": "data/\n!data/keep.txt\n", "data/a.csv": "1",
                                    "data/keep.txt": "k", "data/sub/keep.txt": "k2", "m.py": "m"},
    "dir_pattern_vs_file": {".gitignore": "build/\n", "build": "file named build",
                            "build2/x": "x", "src/build/o": "o", "q/build/o": "o"},
    "anchored": {".gitignore": "/top.txt\n/sub/x\n", "top.txt": "t", "sub/top.txt": "t2",
                 "sub/x": "x", "other/sub/x": "x"},
    "double_star": {".gitignore": "**/foo\nbar/**\na/**/b\n", "foo": "1", "w/foo": "2",
                    "x/foo/y": "3", "bar/z": "4", "barx": "", "a/b": "5", "a/q/r/b": "6", "a/bb": "7"},
    "double_star_edge": {".gitignore": "**/\n", "root.txt": "r", "d/x": "x"},
    "double_star_only": {".gitignore": "**\n!keep\n", "keep": "k", "d/keep": "k", "z": "z"},
    "star_only": {".gitignore": "*\n!*.py\n", "a.py": "a", "d/b.py": "b", "c.txt": "c"},
    "classes": {".gitignore": "[abc].txt\n[!x]y.md\n[0-9]*.dat\n[]]z\n[!]]w\n[^q]u\n[a-]h\n",
                "a.txt": "", "d.txt": "", "ay.md": "", "xy.md": "", "1.dat": "", "x.dat": "",
                "]z": "", "qw": "", "]w": "", "^u": "", "qu": "", "-h": "", "ah": "", "bh": ""},
    "bad_range": {".gitignore": "[z-a]\n", "a": "a"},
    "unterminated_class": {".gitignore": "[abc\n", "[abc": "lit", "a": "a"},
    "escapes": {".gitignore": "\\#hash\n\\!bang\n#comment\n", "#hash": "", "!bang": "", "#comment": "",
                "keep": "k"},
    "question_mark": {".gitignore": "a?c\n", "abc": "", "ac": "", "a/c": "", "abbc": ""},
    "trailing_spaces": {".gitignore": "foo.txt   \n  lead.txt\nt\\ab\n", "foo.txt": "", "lead.txt": "",
                        "tab": "", "keep": ""},
    "escaped_trailing_space_error": {".gitignore": "bar\\ \n", "bar ": "", "k": ""},
    "lone_bang_error": {".gitignore": "!\n", "k": ""},
    "lone_slash": {".gitignore": "/\n!/\n", "k": "", "d/k": ""},
    "crlf_bom": {".gitignore": "\ufeffa.txt\r\nb.txt\rc.txt\r\n", "a.txt": "", "b.txt": "", "c.txt": "",
                 "d.txt": ""},
    "amlignore_wins": {".amlignore": "*.py\n", ".gitignore": "*.txt\n", "a.py": "", "a.txt": "t"},
    "empty_amlignore_wins": {".amlignore": "", ".gitignore": "*.txt\n", "a.txt": "t"},
    "nested_ignores_ignored": {".gitignore": "*.log\n", "sub/.gitignore": "*.txt\n",
                               "sub/.amlignore": "*\n", "sub/a.txt": "a", "sub/b.log": "b"},
    "git_included_by_default": {".git/HEAD": "ref: refs/heads/main\n", ".git/config": "[core]\n",
                                "train.py": "x"},
    "git_excluded": {".gitignore": ".git/\n", ".git/HEAD": "ref: refs/heads/main\n", "train.py": "x"},
    "all_excluded": {".gitignore": "*\n", "a": "a"},
    "empty_dir": {},
    "unicode_and_case": {"Ünïcode.txt": "u", "ß.txt": "s", "ΑΣ.txt": "sigma", "B.txt": "b", "a.txt": "a",
                         "C/x": "c", "b/y": "y", "İstanbul": "i", "é/ö.py": "o", "Z.txt": "z"},
    "empty_files": {"e1": "", "d/e2": "", "x": "x"},
    "names_with_specials": {"with space.txt": "s", "#hash.py": "h", "[br].txt": "b", "!bang": "!",
                            ".gitignore": "\\[br\\].txt\n"},
    "case_sensitive": {".gitignore": "*.TXT\nREADME\n", "a.txt": "", "b.TXT": "", "readme": "", "README": ""},
    "last_match_wins": {".gitignore": "!a.txt\na.txt\nb.txt\n!b.txt\n", "a.txt": "", "b.txt": ""},
    "name_matches_dir": {".gitignore": "logs\n", "logs/x": "", "a/logs/y": "", "logsx": ""},
    "inner_slash_anchors": {".gitignore": "dir/sub\nd/*.txt\n", "dir/sub/f": "", "x/dir/sub/f": "",
                            "d/x.txt": "", "d/e/x.txt": ""},
    "symlink_file": {"real.txt": "real bytes", "link.txt": ("link", "real.txt"), "d/l2": ("link", "../real.txt")},
    "symlink_file_outside": {"a": "a", "out.txt": ("link", "@outside/target.txt"),
                             "@outside/target.txt": "outside!"},
    "symlink_dir": {"pkg/m.py": "m", "alias": ("dirlink", "pkg"), "z": "z"},
    "symlink_dir_outside": {"a": "a", "ext": ("dirlink", "@outside/lib"), "@outside/lib/u.py": "u",
                            "@outside/lib/sub/v.py": "v"},
    "symlink_dir_ignore_uses_target": {".gitignore": "pkg/\n", "pkg/m.py": "m", "alias": ("dirlink", "pkg"),
                                       "k": "k"},
    "symlink_dir_ignore_link_name": {".gitignore": "alias/\n", "pkg/m.py": "m", "alias": ("dirlink", "pkg"),
                                     "k": "k"},
    "case_collision": {"A.txt": "upper", "a.txt": "lower", "D/x": "1", "d/x": "2"},
    "over_100mb_sparse": {"big.bin": ("sparse", 100_000_001), "s.py": "s"},
    "many_patterns": {".gitignore": "# comment\n\n__pycache__/\n*.pyc\n/outputs\n!outputs/keep.md\n"
                      "data/**/*.csv\n", "__pycache__/a.pyc": "", "m/__pycache__/b": "", "x.pyc": "",
                      "outputs/o": "", "outputs/keep.md": "k", "data/a.csv": "", "data/b/c.csv": "",
                      "data/readme": "r", "train.py": "t"},
}


def build(root: Path, outside: Path, spec: dict) -> None:
    def place(rel: str) -> Path:
        return outside / rel[len("@outside/"):] if rel.startswith("@outside/") else root / rel

    for rel, val in spec.items():
        if isinstance(val, tuple) and val[0] != "sparse":
            continue
        p = place(rel)
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(val, tuple):
            with open(p, "wb") as f:
                f.truncate(val[1])  # sparse: big without using the disk
            continue
        p.write_bytes(val if isinstance(val, bytes) else val.encode("utf-8"))
    for rel, val in spec.items():
        if not isinstance(val, tuple) or val[0] == "sparse":
            continue
        p = place(rel)
        p.parent.mkdir(parents=True, exist_ok=True)
        target = place(val[1]) if val[1].startswith("@outside/") else Path(val[1])
        os.symlink(target, p, target_is_directory=val[0] == "dirlink")


def sdk_result(root: Path):
    try:
        ignore = get_ignore_file(root)
        uploads = sorted(get_upload_files_from_folder(root.resolve(), prefix="", ignore_file=ignore))
        if not uploads:
            return {"error": "EmptyDirectoryError"}
        return {
            "files": [dest for _, dest in uploads],
            "ignoreFile": Path(ignore.path).name if ignore.exists() else None,
            "hash": get_content_hash(str(root), ignore),
            "totalBytes": sum(os.path.getsize(src) for src, _ in uploads),
        }
    except Exception as e:  # the SDK fails on some patterns; ours must fail too
        return {"error": type(e).__name__}


def ours(root: Path):
    binary = os.environ.get("AML_SNAPSHOT_BIN")
    cmd = [binary, "snapshot", str(root)] if binary else ["cargo", "run", "-q", "-p", "xtask", "--", "snapshot", str(root)]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip()[-200:]}
    out = json.loads(proc.stdout)
    return {k: out[k] for k in ("files", "ignoreFile", "hash", "totalBytes")}


def main() -> int:
    passed = failed = 0
    for name, spec in CASES.items():
        with tempfile.TemporaryDirectory() as tmp:
            root, outside = Path(tmp) / "code", Path(tmp) / "outside"
            root.mkdir()
            outside.mkdir()
            build(root, outside, spec)
            want, got = sdk_result(root), ours(root)
        same = ("error" in want and "error" in got) or want == got
        if same:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {name}\n  sdk:  {want}\n  ours: {got}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
