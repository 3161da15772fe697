"""compare(): the regression check of `portolan compare`, from Python (one C++ implementation)."""

from __future__ import annotations

import json
import os

import pandas as pd

from . import _core


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
    def rows(self) -> pd.DataFrame:
        """metric, baseline, candidate, delta, tolerance, allowed, verdict."""
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
    """Compares two runs metric by metric, as `portolan compare BASELINE CANDIDATE` does.

    baseline, candidate: a results directory (or its summary.json), a Result, or a summary dict.
    tolerance: {metric or glob: allowed increase}, the increase absolute (2, 0.5) or relative to
        the baseline ("10%"); or a list of "metric=value" strings as the CLI takes them.

    Judged (higher is worse): placements.failed, placements.failed_by_reason.*, the
    discovery_latency_s and stale_s quantiles, failed requests. wall_s is never judged.
    """
    return Comparison(
        _core.compare(
            _summary_json(baseline), _summary_json(candidate), _tolerance_args(tolerance)
        )
    )
