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
    """One run's results, in memory: the files of a results directory (docs/metrics.md).

    summary              dict, the contents of summary.json
    metrics()            the summary flattened: {"placements.failed": 120, ...} (compare's names)
    placements(), allocations(), node_events(), discovery(), stale(), timeseries()
                         DataFrames with the columns of the CSV files; times in seconds
    placement_metrics()  one row per placement attempt with Nomad's AllocMetric
                         (placement_metrics.jsonl)
    write(out_dir)       writes the results directory exactly as `portolan run --out` does
    """

    def __init__(self, core: _core.RunResult, policy: str | None = None):
        self._core = core
        self.policy = policy
        self._summary = None
        self._metrics = None

    @property
    def summary(self) -> dict:
        """summary.json as a dict."""
        if self._summary is None:
            self._summary = json.loads(self._core.summary_json())
        return self._summary

    def metrics(self) -> dict:
        """The summary flattened to {dotted name: value}, the names compare and sweep use."""
        if self._metrics is None:
            self._metrics = json.loads(_core.flatten_summary(self._core.summary_json()))
        return dict(self._metrics)

    @property
    def scenario(self) -> str:
        """The scenario's name."""
        return self._core.scenario

    @property
    def seed(self) -> int:
        """The seed the run used."""
        return self._core.seed

    @property
    def wall_s(self) -> float:
        """Wall-clock seconds the run took (the one value that differs between equal runs)."""
        return self._core.wall_s

    def placements(self) -> pd.DataFrame:
        """placements.csv: one row per placement attempt (time_s, job, group, alloc_index,
        alloc_id, node, outcome, reason, ports)."""
        return _frame(self._core.placements())

    def allocations(self) -> pd.DataFrame:
        """allocations.csv: one row per allocation, with its id, previous and next allocation,
        the times of its status changes (NaN when they never came), client and desired status
        and why it ended."""
        return _frame(self._core.allocations())

    def node_events(self) -> pd.DataFrame:
        """node_events.csv: time_s, node, event (joined, failed, down, recovered, drain
        started, drain complete), detail."""
        return _frame(self._core.node_events())

    def placement_metrics(self) -> pd.DataFrame:
        """placement_metrics.jsonl: one row per placement attempt (the rows of placements()),
        with Nomad's AllocMetric: node counts, and dicts of nodes filtered by class and by
        constraint, exhausted by class and by dimension, available by datacenter, and the
        top-5 node scores."""
        lines = self._core.placement_metrics().splitlines()
        return pd.DataFrame([json.loads(line) for line in lines])

    def discovery(self) -> pd.DataFrame:
        """discovery.csv: when each consumer allocation first held each instance's address;
        kind "latency" (the instance appeared while the consumer ran) or "bootstrap" (it was
        there when the consumer started)."""
        return _frame(self._core.discovery())

    def stale(self) -> pd.DataFrame:
        """stale.csv: how long each consumer allocation held each dead instance's address,
        and the requests it sent there."""
        return _frame(self._core.stale())

    def timeseries(self) -> pd.DataFrame:
        """timeseries.csv: time_s, queued, running, cpu_util, memory_util, port_util,
        fragmentation."""
        return _frame(self._core.timeseries())

    def write(self, out_dir: str | os.PathLike) -> None:
        """Writes the results directory, atomically, as `portolan run --out` does."""
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
