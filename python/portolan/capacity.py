"""The capacity planner from Python: the cheapest cluster of candidate node shapes on which a
scenario's workload meets its requirements (docs/capacity.md). The search runs in C++
(capacity/capacity_planner.h) on all cores, the GIL released, or sends its waves of seeds to an
executor (a concurrent.futures executor or a dask.distributed Client); the answer is what
`portolan capacity` writes: plan.json as attributes, candidates.csv as a DataFrame."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field

import pandas as pd
from tqdm import tqdm

from .result import _as_scenario


@dataclass(frozen=True)
class CapacityPlan:
    """The answer. counts: {shape: nodes} (None when no cluster within the bounds meets the
    requirements); binding_dimension / binding_requirement: what the cluster just smaller than
    the best fails on ("cpu", "memory", "disk", "static ports", "dynamic ports", "constraint";
    "fit", "ports", "N+k", "rack", "datacenter", "update"); margins: {dimension: share free} at
    the best; candidates: one row per candidate considered (docs/capacity.md)."""

    feasible: bool
    counts: dict | None
    nodes: int | None
    cost_per_hour: float | None
    binding_dimension: str
    binding_requirement: str
    binding_candidate: dict | None
    margins: dict | None
    simulations: int
    candidates: pd.DataFrame = field(repr=False)
    plan: dict = field(repr=False)  # plan.json as a dict


def _judge_seed(state, mix, seed) -> dict:
    """One seed of one candidate, in whichever process executes it (the scenario travels as its
    text and assignments)."""
    from . import _core
    from .scenario import Scenario

    return _core.capacity_judge_seed(Scenario._from_state(*state)._core, list(mix), seed)


def _wave_runner(state, executor):
    """Judges a wave's seeds on `executor`; the outcomes in the seeds' order."""
    from .sweep import _is_dask_client

    def run(mix, seeds):
        if _is_dask_client(executor):
            futures = [executor.submit(_judge_seed, state, list(mix), seed, pure=False)
                       for seed in seeds]
            return executor.gather(futures)
        futures = [executor.submit(_judge_seed, state, list(mix), seed) for seed in seeds]
        return [f.result() for f in futures]

    return run


def plan_capacity(scenario, jobs: int | None = None, exhaustive: bool = False,
                  progress: bool = True, executor=None, **request) -> CapacityPlan:
    """Plans the scenario's `capacity` request (a Scenario or a path).

    request: fields of the capacity request to set first, by path below `capacity.`:
        plan_capacity(s, seeds=5, node_failures=1, **{"shapes[1].cost_per_hour": 0.7}).
    jobs: threads (default every core); the plan does not depend on it.
    executor: None (threads of this process), a concurrent.futures executor or a
        dask.distributed Client: each wave of seeds is judged there, one task per seed; the
        search stays here, and the plan is the same.
    exhaustive: simulate every mix within the bounds, no pruning (the planner's reference).
    progress: a tqdm counter of the candidates simulated, on stderr.
    Raises ScenarioError for an invalid scenario or request.
    """
    s = _as_scenario(scenario).copy()
    for path, value in request.items():
        s.set(f"capacity.{path}", value)
    from . import _core

    bar = tqdm(desc=f"capacity {s.name}", unit="candidate", disable=not progress)
    try:
        def tick(candidates, runs):
            bar.update(candidates - bar.n)
            bar.set_postfix(runs=runs, refresh=False)

        runner = None if executor is None else _wave_runner(s._state(), executor)
        plan_text, csv_text = _core.plan_capacity(s._core, jobs or 0, exhaustive,
                                                  tick if progress else None, runner)
    finally:
        bar.close()
    plan = json.loads(plan_text)
    candidates = pd.read_csv(io.StringIO(csv_text), keep_default_na=False,
                             dtype={"requirement": str, "dimension": str, "why": str})
    for column in ["verdict", "evaluation", "requirement", "dimension"]:
        candidates[column] = candidates[column].astype("category")
    binding = plan["binding"]
    return CapacityPlan(
        feasible=plan["feasible"],
        counts=plan["counts"],
        nodes=plan.get("nodes"),
        cost_per_hour=plan.get("cost_per_hour"),
        binding_dimension=binding["dimension"],
        binding_requirement=binding["requirement"],
        binding_candidate=binding["candidate"],
        margins=plan.get("margins"),
        simulations=plan["simulations"],
        candidates=candidates,
        plan=plan,
    )


__all__ = ["CapacityPlan", "plan_capacity"]
