"""The notebooks run end to end (nbclient, the Debian interpreter's python3 kernel) and save
their figures under results/figures/."""

import os
import time

import nbclient
import nbformat
import pytest

from conftest import REPO

NOTEBOOKS = {
    "capacity_planning": ["capacity_timeseries.png", "capacity_port_conflicts.png",
                          "capacity_nodes_needed.png", "capacity_failures_heatmap.png"],
    "discovery_whatif": ["discovery_nomad_vs_consul.png", "discovery_template_wait.png",
                         "discovery_dns_ttl.png"],
    "policy_regression": ["policy_failures.png"],
}


def test_every_notebook_is_tested():
    assert sorted(p.stem for p in (REPO / "notebooks").glob("*.ipynb")) == sorted(NOTEBOOKS)


@pytest.mark.parametrize("name", sorted(NOTEBOOKS))
def test_notebook_runs(name, monkeypatch):
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # debugpy's frozen-modules note
    path = REPO / "notebooks" / f"{name}.ipynb"
    nb = nbformat.read(path, as_version=4)
    started = time.time()
    # A cell that raises fails the test with its traceback (CellExecutionError).
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    for figure in NOTEBOOKS[name]:
        saved = REPO / "results" / "figures" / figure
        assert saved.exists() and os.path.getmtime(saved) >= started - 1, figure
