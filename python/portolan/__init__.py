"""portolan: a discrete-event simulator of a Nomad cluster's scheduling and service discovery.

    import portolan
    s = portolan.Scenario.load("scenarios/examples/capacity.textproto")
    s.set("cluster.pools[0].count", 200)
    r = portolan.run(s, seed=7)
    r.summary["placements"]["failed"], r.placements().groupby("reason").size()
    portolan.sweep(s, grid={"cluster.pools[0].count": [200, 250]}, seeds=[1, 2])
    portolan.compare("results/baselines/capacity", r).passed
    portolan.plan_capacity(s).counts   # the cheapest cluster of the request's shapes
    portolan.import_job("web.nomad", vars={"count": 3})   # a Nomad jobspec as a Scenario
    portolan.compare("results/baselines/3_consul_discovery",   # 10 replications, seeds 1..10
                     [portolan.run("scenarios/seed/3_consul_discovery.textproto", seed=k)
                      for k in range(1, 11)]).passed

The engine is C++ (portolan._core); runs release the GIL.
"""

from ._core import FitInput, ScenarioError, __version__, builtin_policy
from .policy import Ask, Node, PlacementPolicy
from .capacity import CapacityPlan, plan_capacity
from .compare import Comparison, compare
from .importer import import_cluster, import_job, import_warnings
from .result import Result, run
from .scenario import Scenario
from .sweep import smallest_cluster, sweep

__all__ = [
    "Ask",
    "CapacityPlan",
    "Node",
    "Comparison",
    "FitInput",
    "PlacementPolicy",
    "Result",
    "Scenario",
    "ScenarioError",
    "__version__",
    "builtin_policy",
    "compare",
    "import_cluster",
    "import_job",
    "import_warnings",
    "plan_capacity",
    "run",
    "smallest_cluster",
    "sweep",
]
