"""run() and its Result: the summary as a dict and the results files as DataFrames."""

from __future__ import annotations

import json
import os

import pandas as pd

from . import _core
from .scenario import Scenario


def _frame(columns) -> pd.DataFrame:
    """[(name, ndarray | (codes, categories))] -> DataFrame; text columns are Categoricals."""
    data = {}
    for name, values in columns:
        if isinstance(values, tuple):
            codes, categories = values
            data[name] = pd.Categorical.from_codes(codes, categories=categories)
        else:
            data[name] = values
    return pd.DataFrame(data, copy=False)


class Result:
    """One run's results: design section 6's files, in memory.

    summary        dict, the contents of summary.json
    metrics()      the summary flattened: {"placements.failed": 120, ...} (compare's names)
    placements(), discovery(), stale(), timeseries()
                   DataFrames with the columns of the CSV files; times in seconds
    write(out_dir) writes the results directory exactly as `portolan run --out` does
    """

    def __init__(self, core: _core.RunResult, policy: str | None = None):
        self._core = core
        self.policy = policy
        self._summary = None
        self._metrics = None

    @property
    def summary(self) -> dict:
        if self._summary is None:
            self._summary = json.loads(self._core.summary_json())
        return self._summary

    def metrics(self) -> dict:
        if self._metrics is None:
            self._metrics = json.loads(_core.flatten_summary(self._core.summary_json()))
        return dict(self._metrics)

    @property
    def scenario(self) -> str:
        return self._core.scenario

    @property
    def seed(self) -> int:
        return self._core.seed

    @property
    def wall_s(self) -> float:
        return self._core.wall_s

    def placements(self) -> pd.DataFrame:
        """time_s, job, group, alloc_index, node, outcome, reason, ports."""
        return _frame(self._core.placements())

    def discovery(self) -> pd.DataFrame:
        """service, instance, consumer, path, running_s, visible_s, latency_s."""
        return _frame(self._core.discovery())

    def stale(self) -> pd.DataFrame:
        """service, instance, consumer, dead_s, forgotten_s, stale_s, failed_requests."""
        return _frame(self._core.stale())

    def timeseries(self) -> pd.DataFrame:
        """time_s, queued, running, cpu_util, memory_util, port_util, fragmentation."""
        return _frame(self._core.timeseries())

    def write(self, out_dir: str | os.PathLike) -> None:
        self._core.write(os.fspath(out_dir))

    def __repr__(self) -> str:
        p = self.summary["placements"]
        return (
            f"<portolan.Result {self.scenario!r} seed={self.seed}: {p['placed']} placed, "
            f"{p['failed']} failed>"
        )


def _as_scenario(scenario) -> Scenario:
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, (str, os.PathLike)):
        return Scenario.load(scenario)
    raise TypeError(f"expected a portolan.Scenario or a path, not {type(scenario).__name__}")


def run(scenario, seed: int | None = None, policy=None) -> Result:
    """Runs a scenario (a Scenario or a path) and returns its Result.

    seed:   the master seed; default the scenario's run.seed.
    policy: None (the scenario's cluster.scheduler.algorithm), a name ("binpack", "spread",
            "optimal"), or an instance of a portolan.PlacementPolicy subclass whose
            fit_score(fit) returns a score in [0, 18] for fit.free_cpu, fit.free_memory (free
            fractions after the placement) and fit.node. A Python policy costs one GIL
            acquisition and one Python call per scored node (see the README).

    Raises ScenarioError when the scenario is invalid. The GIL is released while it runs.
    """
    s = _as_scenario(scenario)
    name = None
    if isinstance(policy, str):
        s = s.copy().set("cluster.scheduler.algorithm", policy)
        name, policy = policy, None
    elif policy is not None:
        if not isinstance(policy, _core.PlacementPolicy):
            raise TypeError(
                "policy must be a name or an instance of a portolan.PlacementPolicy subclass "
                f"(with fit_score(self, fit)), not {type(policy).__name__}"
            )
        name = policy.name()
    return Result(_core.run(s._core, seed, policy), policy=name)
