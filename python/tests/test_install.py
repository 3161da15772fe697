"""After the README's set-up, the Debian interpreter imports portolan without PYTHONPATH."""

import os
import site
import subprocess

import portolan
import pytest


@pytest.mark.skipif(not os.access(site.getsitepackages()[0], os.W_OK),
                    reason="the build registers the package only where it may write (as root)")
def test_debian_python_imports_portolan_without_pythonpath(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    # The last checkout built registers itself: import it, compiled core included.
    out = subprocess.run(
        ["/usr/bin/python3", "-c",
         "import portolan, portolan._core; print(portolan.Scenario.__name__, portolan.__version__)"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert out == f"Scenario {portolan.__version__}"
