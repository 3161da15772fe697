"""portolan: a discrete-event simulator of a Nomad-style cluster's scheduling and networking."""

from ._core import __version__  # noqa: F401
