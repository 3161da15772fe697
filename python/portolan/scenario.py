"""Scenario: a scenario file loaded, edited by field path, validated as the CLI does."""

from __future__ import annotations

import os

from . import _core


def _value_text(value) -> str:
    """A Python value as `--set` takes it: true/false, comma lists, or str()."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(_value_text(v) for v in value)
    return str(value)


_INTEGER_TYPES = {"int32", "int64", "uint32", "uint64"}


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def _type_problem(path: str, field_type: str, value) -> str | None:
    """Why `value` cannot go into a field of protobuf type `field_type`, or None."""
    repeated = field_type.startswith("repeated ")
    scalar = field_type.removeprefix("repeated ")
    values = list(value) if repeated and isinstance(value, (list, tuple)) else [value]
    for v in values:
        if scalar == "string":
            ok = isinstance(v, str)
            hint = ' (durations are strings, e.g. "60s")' if isinstance(v, (int, float)) else ""
        elif scalar in _INTEGER_TYPES:
            ok, hint = isinstance(v, int) and not isinstance(v, bool), ""
        elif scalar in ("double", "float"):
            ok, hint = isinstance(v, (int, float)) and not isinstance(v, bool), ""
        elif scalar == "bool":
            ok, hint = isinstance(v, bool), ""
        else:
            ok, hint = True, ""
        if not ok:
            got = type(v).__name__
            return (f"Scenario.set({path!r}, {value!r}): {path} is {_a(field_type)}, "
                    f"not {_a(got)}{hint}")
    return None


class Scenario:
    """A scenario (scenarios/scenario.proto) with the defaults applied.

    It remembers the text it was parsed from and the assignments made since, so a copy or a
    pickled scenario (sent to a sweep worker) is re-created exactly, and its validation problems
    name the lines of the original file.
    """

    __slots__ = ("_core",)

    def __init__(self, core: _core.Scenario):
        self._core = core

    @classmethod
    def load(cls, path: str | os.PathLike) -> "Scenario":
        """Parses a .textproto file; raises ScenarioError listing every syntax error."""
        return cls(_core.Scenario._load(os.fspath(path)))

    @classmethod
    def from_text(cls, text: str, name: str = "<text>") -> "Scenario":
        """Parses scenario text; `name` is used in messages (and as the scenario's default name)."""
        return cls(_core.Scenario._from_text(text, name))

    def set(self, path: str, value) -> "Scenario":
        """Sets a field by path, as `portolan run --set`: s.set("cluster.pools[0].count", 200),
        s.set('jobs["web"].groups["app"].count', 5). Returns the scenario, for chaining.

        The value's Python type is checked against the field's at once: a string field (a
        duration such as run.horizon, a name) takes a str, an integer field an int, a double an
        int or float, a bool field a bool; otherwise ScenarioError names the path and both
        types, and the scenario is unchanged."""
        problem = _type_problem(path, self._core._field_type(path), value)
        if problem is not None:
            error = _core.ScenarioError(problem)
            error.problems = [problem]
            raise error
        self._core._set(path, _value_text(value))
        return self

    def add_job(self, path: str | os.PathLike, vars=None, var_files=None) -> "Scenario":
        """Adds a Nomad jobspec (HCL2 or API JSON) to the scenario's jobs, as `portolan run
        SCENARIO JOBFILE` does; `vars`/`var_files` as for import_job. The scenario's own lines
        keep their numbers in messages. Returns the scenario, for chaining; raises
        ScenarioError when the jobspec does not parse."""
        from .importer import import_job_text

        job_text, _ = import_job_text(path, vars, var_files)
        text, source_name, assignments = self._state()
        rebuilt = Scenario._from_state(text.rstrip("\n") + "\n" + job_text, source_name, assignments)
        self._core = rebuilt._core
        return self

    def validate(self) -> "Scenario":
        """Raises ScenarioError (its .problems are the CLI's lines) when the scenario is invalid."""
        self._core.validate()
        return self

    def problems(self) -> list[str]:
        """Every validation problem, as `portolan validate` prints them; empty when valid."""
        return self._core.problems()

    def to_text(self) -> str:
        """The scenario as it stands, in text format, defaults included."""
        return self._core.to_text()

    @property
    def name(self) -> str:
        """The scenario's name (its `name` field, else the file name without extension)."""
        return self._core.name

    @property
    def source_name(self) -> str:
        """The file (or name) errors are reported against."""
        return self._core.source_name

    @property
    def assignments(self) -> list[tuple[str, str]]:
        """The set() calls made since loading, as (path, value text)."""
        return list(self._core.assignments)

    def _state(self) -> tuple[str, str, list[tuple[str, str]]]:
        return (self._core._text, self._core.source_name, self.assignments)

    @classmethod
    def _from_state(cls, text: str, source_name: str, assignments) -> "Scenario":
        s = cls.from_text(text, source_name)
        for path, value in assignments:
            s._core._set(path, value)
        return s

    def copy(self) -> "Scenario":
        """An independent copy, set() calls included."""
        return Scenario._from_state(*self._state())

    __copy__ = copy

    def __deepcopy__(self, memo) -> "Scenario":
        return self.copy()

    def __reduce__(self):
        return (Scenario._from_state, self._state())

    def __repr__(self) -> str:
        extra = f", {len(self.assignments)} field(s) set" if self.assignments else ""
        return f"<portolan.Scenario {self.name!r} from {self.source_name!r}{extra}>"
