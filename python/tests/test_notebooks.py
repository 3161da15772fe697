"""The notebooks run end to end (nbclient, the Debian interpreter's python3 kernel) and save
their figures under results/figures/; and they are committed executed, with their outputs and
figures, so that they read on their own (scripts/execute-notebooks regenerates them).

The run executes an in-memory copy of each committed notebook: the committed files are never
rewritten by the tests."""

import os
import time

import nbclient
import nbformat
import pytest

from conftest import REPO

NOTEBOOKS = {
    "capacity_planning": ["capacity_timeseries.png", "capacity_port_conflicts.png",
                          "capacity_nodes_needed.png", "capacity_failures_heatmap.png",
                          "capacity_binding_by_load.png", "capacity_cost_headroom.png"],
    "discovery_whatif": ["discovery_nomad_vs_consul.png", "discovery_template_wait.png",
                         "discovery_dns_ttl.png"],
    "policy_regression": ["policy_failures.png"],
}
REGENERATE = "run scripts/execute-notebooks and commit the notebooks it rewrites"


def _read(name):
    return nbformat.read(REPO / "notebooks" / f"{name}.ipynb", as_version=4)


def _code_cells(nb):
    return [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]


def _shape(cell):
    """What a cell's outputs are, without their values: (output type, stream name or mime
    types) per output. stderr is left out: a library's warning is not the notebook's content."""
    return [(o.output_type, o.get("name") or tuple(sorted(o.get("data", {}))))
            for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")]


def test_every_notebook_is_tested():
    assert sorted(p.stem for p in (REPO / "notebooks").glob("*.ipynb")) == sorted(NOTEBOOKS)


@pytest.mark.parametrize("name", sorted(NOTEBOOKS))
def test_notebook_is_committed_executed(name):
    """Every code cell executed in order, outputs and at least one figure embedded, no error,
    no per-run timing metadata: the notebook reads in a browser without running it."""
    cells = _code_cells(_read(name))
    counts = [c.execution_count for _, c in cells]
    assert counts == list(range(1, len(cells) + 1)), f"{name}: execution counts {counts}: {REGENERATE}"
    with_outputs = [i for i, c in cells if c.outputs]
    assert len(with_outputs) >= len(cells) // 2, f"{name}: outputs stripped: {REGENERATE}"
    outputs = [o for _, c in cells for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"], f"{name}: an error is committed"
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= len(NOTEBOOKS[name]), f"{name}: {len(images)} figures embedded: {REGENERATE}"
    assert not [i for i, c in cells if "execution" in c.metadata], (
        f"{name}: execution timestamps in the cells' metadata: {REGENERATE}")


@pytest.mark.parametrize("name", sorted(NOTEBOOKS))
def test_notebook_runs(name, monkeypatch):
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # debugpy's frozen-modules note
    path = REPO / "notebooks" / f"{name}.ipynb"
    committed = _read(name)
    nb = _read(name)
    started = time.time()
    # A cell that raises fails the test with its traceback (CellExecutionError). The kernel
    # runs from notebooks/, as scripts/execute-notebooks runs it.
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    for figure in NOTEBOOKS[name]:
        saved = REPO / "results" / "figures" / figure
        assert saved.exists() and os.path.getmtime(saved) >= started - 1, figure
    # The committed outputs are those of the committed code: each cell has the outputs a fresh
    # run gives it (their kinds, not their values, which a model change may move).
    for (i, fresh), (_, old) in zip(_code_cells(nb), _code_cells(committed)):
        assert _shape(old) == _shape(fresh), (
            f"{name} cell {i}: committed outputs {_shape(old)}, a fresh run gives "
            f"{_shape(fresh)}: {REGENERATE}")
