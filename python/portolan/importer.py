"""Nomad jobspecs (HCL2 or API JSON) and node snapshots as scenarios: `portolan import`.

    s = portolan.import_job("web.nomad", vars={"count": 3})          # a Scenario
    text = portolan.import_job(["web.nomad", "db.json"], nodes="nodes/", text=True)

Warnings (what portolan does not model) are comments in the scenario text, and
`import_warnings(...)` lists them. Errors raise ScenarioError with FILE:LINE:COLUMN lines.
"""

from __future__ import annotations

import os
from typing import Iterable, Mapping

from . import _core
from .scenario import Scenario


def _call(paths, vars, var_files, nodes):
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    flags = [f"{k}={v}" for k, v in (vars or {}).items()]
    return _core.import_scenario(
        [os.fspath(p) for p in paths],
        flags,
        [os.fspath(f) for f in (var_files or [])],
        os.fspath(nodes) if nodes else "",
    )


def import_job(
    paths: str | os.PathLike | Iterable[str | os.PathLike],
    vars: Mapping[str, object] | None = None,
    var_files: Iterable[str | os.PathLike] | None = None,
    nodes: str | os.PathLike | None = None,
    text: bool = False,
) -> Scenario | str:
    """The scenario `portolan import` writes for these jobspecs (and node snapshot)."""
    scenario_text, _ = _call(paths, vars, var_files, nodes)
    return scenario_text if text else Scenario.from_text(scenario_text, name="imported")


def import_warnings(paths, vars=None, var_files=None, nodes=None) -> list[str]:
    """The import's warnings, one "FILE:LINE:COLUMN: WHERE: MESSAGE" line each."""
    return list(_call(paths, vars, var_files, nodes)[1])
