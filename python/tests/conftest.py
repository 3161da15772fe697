"""Shared set-up: the build directory (PORTOLAN_BUILD_DIR, default <repo>/build) provides the
`portolan` CLI and the package (<build>/python); subprocesses, dask workers and notebook kernels
inherit PYTHONPATH so they import the same build."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("PORTOLAN_BUILD_DIR", REPO / "build"))
if not BUILD.is_absolute():
    BUILD = (REPO / BUILD).resolve()
PACKAGE_DIR = BUILD / "python"
CLI = BUILD / "cli" / "portolan"

if str(PACKAGE_DIR) not in sys.path:
    sys.path.insert(0, str(PACKAGE_DIR))
_paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
if str(PACKAGE_DIR) not in _paths:
    os.environ["PYTHONPATH"] = os.pathsep.join([str(PACKAGE_DIR), *_paths])
os.environ.setdefault("MPLBACKEND", "Agg")

SEED_SCENARIOS = sorted((REPO / "scenarios" / "seed").glob("*.textproto"))
CAPACITY = REPO / "scenarios" / "examples" / "capacity.textproto"
HELLO = REPO / "scenarios" / "examples" / "hello.textproto"
FRAGMENTATION = Path(__file__).parent / "data" / "fragmentation.textproto"


@pytest.fixture(scope="session")
def cli() -> Path:
    if not CLI.exists():
        pytest.fail(f"no {CLI}: build first, or set PORTOLAN_BUILD_DIR")
    return CLI


def run_cli(cli, *args, check=True):
    """Runs the CLI; returns the CompletedProcess (text)."""
    proc = subprocess.run([str(cli), *map(str, args)], capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"portolan {' '.join(map(str, args))}: exit {proc.returncode}\n"
                             f"{proc.stdout}\n{proc.stderr}")
    return proc


def cli_summary(cli, scenario, out_dir, *args) -> dict:
    """`portolan run SCENARIO --out OUT_DIR -q ARGS...` and its summary.json."""
    run_cli(cli, "run", scenario, "--out", out_dir, "-q", *args)
    return json.loads((Path(out_dir) / "summary.json").read_text())


def flatten(d: dict, prefix: str = "") -> dict:
    """The test's own flattening of a summary (independent of the C++ one)."""
    out = {}
    for key, value in d.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            out.update(flatten(value, name))
        else:
            out[name] = value
    return out
