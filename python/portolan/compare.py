"""compare(): the regression check of `portolan compare`, from Python (one C++ implementation).

Either side is one run (a results directory, a Result, a summary dict) or a set of replications
(a directory of replication-NNN, a list of runs, a `sweep` DataFrame: one run per row); sets are
paired by seed (docs/regress.md)."""

from __future__ import annotations

import json
import os

import pandas as pd

from . import _core


def _side(source) -> tuple[list[str], bool]:
    """(summary JSON texts, is a replication set) of one side of compare()."""
    if isinstance(source, pd.DataFrame):
        return [_row_json(row) for _, row in source.iterrows()], True
    if isinstance(source, (list, tuple)):
        texts = []
        for item in source:
            texts.extend(_side(item)[0])
        return texts, True
    if isinstance(source, (str, os.PathLike)):
        try:
            texts, replicated = _core.load_run_set(os.fspath(source))
        except RuntimeError as e:
            raise FileNotFoundError(str(e)) from None
        return list(texts), replicated
    return [_summary_json(source)], False


def _plain(value):
    return value.item() if hasattr(value, "item") else value


def _row_json(row: pd.Series) -> str:
    """A sweep row as a flattened summary: its metric columns, NaN (absent in that run) dropped.
    Grid columns ride along; compare judges only the metrics it knows."""
    flat = {}
    for name, value in row.items():
        if isinstance(value, float) and value != value:
            continue
        if value is None or (not isinstance(value, (list, dict)) and pd.isna(value)):
            continue
        flat[str(name)] = _plain(value)
    if "seed" not in flat:
        raise ValueError("a sweep row without a 'seed' column cannot be paired")
    return json.dumps(flat)


def _summary_json(source) -> str:
    from .result import Result

    if isinstance(source, Result):
        return source._core.summary_json()
    if isinstance(source, dict):
        return json.dumps(source)
    if isinstance(source, (str, os.PathLike)):
        try:
            return _core.load_summary(os.fspath(source))
        except RuntimeError as e:
            raise FileNotFoundError(str(e)) from None
    raise TypeError(f"expected a results directory, a Result or a summary dict, not {source!r}")


def _tolerance_args(tolerance) -> list[str]:
    if tolerance is None:
        return []
    if isinstance(tolerance, dict):
        return [f"{metric}={value}" for metric, value in tolerance.items()]
    if isinstance(tolerance, str):
        return [tolerance]
    return list(tolerance)


class Comparison:
    """The outcome of compare(): passed, failed_metrics, rows (a DataFrame) and the table text,
    exactly what `portolan compare` prints."""

    def __init__(self, core: _core.Comparison):
        self._core = core

    @property
    def passed(self) -> bool:
        """True when no metric is worse than its baseline beyond its tolerance."""
        return self._core.passed

    @property
    def exit_code(self) -> int:
        """What `portolan compare` exits with: 0 passed, 1 worse beyond tolerance."""
        return 0 if self.passed else 1

    @property
    def failed_metrics(self) -> list[str]:
        """The metrics judged worse (WORSE or MISSING), by name."""
        return list(self._core.failed_metrics)

    @property
    def unused_tolerances(self) -> list[str]:
        """Tolerance patterns that matched no metric (a typo, or a metric not reported)."""
        return list(self._core.unused_tolerances)

    @property
    def paired(self) -> bool:
        """True for a comparison of replication sets paired by seed."""
        return bool(self.seeds)

    @property
    def seeds(self) -> list[int]:
        """The seeds paired (ascending); [] for a comparison of two single runs."""
        return list(_core.comparison_seeds(self._core))

    @property
    def rows(self) -> pd.DataFrame:
        """Two single runs: metric, baseline, candidate, delta, tolerance, allowed, verdict.
        Paired: metric, n, baseline and candidate (means), diff (mean paired difference),
        ci_low, ci_high (its 95% Student's t interval; NaN when n < 2), tolerance, allowed,
        verdict."""
        if self.paired:
            df = pd.DataFrame(
                _core.paired_rows(self._core),
                columns=["metric", "n", "baseline", "candidate", "diff", "ci_low", "ci_high",
                         "tolerance", "allowed", "verdict"],
            )
            for col in ["baseline", "candidate", "diff", "ci_low", "ci_high"]:
                df[col] = df[col].astype(float)
            return df
        df = pd.DataFrame(
            self._core.rows,
            columns=["metric", "baseline", "candidate", "tolerance", "allowed", "verdict"],
        )
        df["baseline"] = df["baseline"].astype(float)
        df["candidate"] = df["candidate"].astype(float)
        df.insert(3, "delta", df["candidate"] - df["baseline"])
        return df

    @property
    def table(self) -> str:
        """The comparison as `portolan compare` prints it."""
        return self._core.table()

    def __str__(self) -> str:
        return self.table

    def __repr__(self) -> str:
        state = "passed" if self.passed else f"FAILED on {', '.join(self.failed_metrics)}"
        return f"<portolan.Comparison {len(self._core.rows)} metrics, {state}>"


def compare(baseline, candidate, tolerance=None) -> Comparison:
    """Compares two runs, or two sets of replications paired by seed, metric by metric, as
    `portolan compare BASELINE CANDIDATE` does.

    baseline, candidate: one run (a results directory or its summary.json, a Result, a summary
        dict), or a set of runs on the same seeds: a directory of replication-NNN, a list of
        runs, or a `sweep` DataFrame (one run per row, filtered to one grid point). Sets are
        paired by seed; a seed on one side only raises ValueError naming it. Per metric the
        paired comparison reports n, both means, the mean difference and its 95% Student's t
        interval; WORSE when the whole interval lies above the tolerance (docs/regress.md).
    tolerance: {metric or glob: allowed increase}, the increase absolute (2, 0.5) or relative to
        the baseline ("10%"); or a list of "metric=value" strings as the CLI takes them.

    Judged (higher is worse): placements.failed, placements.failed_by_reason.*, the
    discovery_latency_s and stale_s quantiles, failed requests. wall_s is never judged.
    """
    base, base_set = _side(baseline)
    cand, cand_set = _side(candidate)
    return Comparison(_core.compare_runs(base, base_set, cand, cand_set, _tolerance_args(tolerance)))
