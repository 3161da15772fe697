"""Nomad jobspecs (HCL2 or API JSON) and cluster snapshots as scenarios: `portolan import`.

    s = portolan.import_job("web.nomad", vars={"count": 3})          # a Scenario
    text = portolan.import_job(["web.nomad", "db.json"], nodes="nodes/", text=True)
    today = portolan.import_cluster("nodes.json", allocs="allocations.json")
    today.add_job("api.nomad")                                      # one more job beside them

Warnings (what portolan does not model) are comments in the scenario text, and
`import_warnings(...)` lists them. Errors raise ScenarioError with FILE:LINE:COLUMN lines.
"""

from __future__ import annotations

import os
from typing import Iterable, Mapping

from . import _core
from .scenario import Scenario


def _var_flags(vars) -> list[str]:
    return [f"{k}={v}" for k, v in (vars or {}).items()]


def _call(paths, vars, var_files, nodes, allocs=None):
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return _core.import_scenario(
        [os.fspath(p) for p in paths],
        _var_flags(vars),
        [os.fspath(f) for f in (var_files or [])],
        os.fspath(nodes) if nodes else "",
        os.fspath(allocs) if allocs else "",
    )


def import_job(
    paths: str | os.PathLike | Iterable[str | os.PathLike],
    vars: Mapping[str, object] | None = None,
    var_files: Iterable[str | os.PathLike] | None = None,
    nodes: str | os.PathLike | None = None,
    text: bool = False,
    allocs: str | os.PathLike | None = None,
) -> Scenario | str:
    """The scenario `portolan import` writes for these jobspecs (and cluster snapshot).

    `nodes`: node JSON (`/v1/nodes?resources=true` or `/v1/node/:id`), a file or a directory;
    without it the cluster is a pool "client" of 3 default nodes. `allocs`: allocation JSON
    (`/v1/allocations?resources=true`), placed at t = 0; needs `nodes`. `text=True` returns
    the scenario text, warnings as comments. Raises ScenarioError with FILE:LINE:COLUMN lines.
    """
    scenario_text, _ = _call(paths, vars, var_files, nodes, allocs)
    return scenario_text if text else Scenario.from_text(scenario_text, name="imported")


def import_cluster(
    nodes: str | os.PathLike,
    allocs: str | os.PathLike | None = None,
    text: bool = False,
) -> Scenario | str:
    """Today's cluster as a scenario: the snapshot's ready nodes, and with `allocs` the
    allocations running on them, placed at t = 0 (a job with no jobspec is made from its
    allocations, with a warning). Add jobs with Scenario.add_job(path)."""
    return import_job([], nodes=nodes, allocs=allocs, text=text)


def import_job_text(path, vars=None, var_files=None) -> tuple[str, list[str]]:
    """One jobspec as a `jobs { ... }` block of scenario text, and its warnings."""
    text, warnings = _core.import_job_text(
        os.fspath(path), _var_flags(vars), [os.fspath(f) for f in (var_files or [])]
    )
    return text, list(warnings)


def import_warnings(paths, vars=None, var_files=None, nodes=None, allocs=None) -> list[str]:
    """The import's warnings, one "FILE:LINE:COLUMN: WHERE: MESSAGE" line each."""
    return list(_call(paths, vars, var_files, nodes, allocs)[1])
