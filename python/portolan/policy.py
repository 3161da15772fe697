"""Placement policies written in Python.

A policy supplies the fit score of Nomad's ranking (0..18, higher preferred; Nomad's binpack
and spread scores are the built-in ones): feasibility, the other scorers, node sampling and the
max-score pick stay Nomad's. Define either

- ``fit_score(self, fit)``: ``fit`` has ``free_cpu`` and ``free_memory`` (the node's free
  shares after the proposed placement), ``node`` (index), ``node_name``, ``pool``, ``job``,
  ``group``, ``ask_cpu_mhz`` and ``ask_memory_mb``; or
- ``score(self, node, ask)``: the same as a :class:`Node` and an :class:`Ask`.

Cost: every call re-enters Python with the GIL held (a few microseconds, against well under a
microsecond for the built-in scores); a run makes one call per scored node, about
``log2(nodes)`` per placement.
"""

from typing import NamedTuple

from . import _core


class Node(NamedTuple):
    index: int
    name: str
    pool: str
    free_cpu: float
    free_memory: float


class Ask(NamedTuple):
    job: str
    group: str
    cpu_mhz: float
    memory_mb: float


class PlacementPolicy(_core.PlacementPolicy):
    """Subclass and define ``fit_score(fit)`` or ``score(node, ask)``; optionally ``name()``."""

    def fit_score(self, fit):
        if type(self).score is PlacementPolicy.score:
            raise NotImplementedError(
                f"{type(self).__name__}: define fit_score(fit) or score(node, ask)")
        return self.score(
            Node(fit.node, fit.node_name, fit.pool, fit.free_cpu, fit.free_memory),
            Ask(fit.job, fit.group, fit.ask_cpu_mhz, fit.ask_memory_mb))

    def score(self, node, ask):
        """The score of placing `ask` (an Ask) on `node` (a Node, free fractions after the
        placement), in [0, 18], higher preferred. Define this or fit_score(fit)."""
        raise NotImplementedError
