"""docs/ stands alone and defines every result a run writes.

Convention (docs/README.md): in docs/metrics.md, a name is defined when it is the first cell, in
backticks, of a table row under the heading that names its file (## `summary.json`,
## `placements.csv`, ...; the section ends at the next heading of any level).
Summary keys and placement_metrics.jsonl fields are dotted paths; the names a scenario or a
run chooses are written in angle brackets (`<service>`, `<path>`, `<reason>`, `<job.group>`,
`<status>`, `<datacenter>`, `<class>`, `<filter>`, `<dimension>`, `<scorer>`), and the elements
of a list with `[]` (`deployments[]`, `scores[]`).
"""

import csv
import json
import re
from pathlib import Path

import pytest

import portolan

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
METRICS = DOCS / "metrics.md"
CSV_FILES = ["placements.csv", "allocations.csv", "node_events.csv", "discovery.csv", "stale.csv",
             "timeseries.csv"]
JSONL_FILES = ["placement_metrics.jsonl"]
RESULT_FILES = ["summary.json", *CSV_FILES, *JSONL_FILES]

# Every event kind that adds keys or rows: a deployment (update_job), task crashes, a drain,
# a node failure under consumers (lost allocations and their replacements, a consumer that
# starts after the instances: bootstrap rows), a node that joins and one that recovers,
# preemption by a system job, placement failures (with a node class) and waits.
RICH = """
name: "docs_rich"
cluster { pools { name: "web" count: 3 consul_agent: true node_class: "general" resources { cpu_mhz: 2000 memory_mb: 4096 } } }
jobs {
  name: "cache"
  update { canary: 1 auto_promote: true min_healthy_time: "5s" }
  groups {
    name: "redis"
    count: 2
    network { ports { label: "db" to: 6379 } }
    services { name: "redis" port: "db" provider: "nomad" }
    tasks { name: "redis" driver: "docker" cpu_mhz: 500 memory_mb: 256 ports: "db" }
  }
}
jobs {
  name: "app"
  groups {
    name: "app"
    count: 2
    network { ports { label: "http" } }
    tasks { name: "app" driver: "docker" ports: "http" templates { service: "redis" } }
  }
}
jobs { name: "big" groups { name: "big" count: 3 tasks { name: "b" cpu_mhz: 1200 } } }
jobs {
  name: "pinned"
  groups {
    name: "p"
    constraints { attribute: "${node.unique.name}" operator: "!=" value: "web-0" }
    tasks { name: "p" cpu_mhz: 100 memory_mb: 64 }
  }
}
jobs {
  name: "agent"
  type: "system"
  priority: 90
  groups { name: "agent" tasks { name: "a" cpu_mhz: 600 } }
}
consumers { name: "app-tpl" job: "app" group: "app" task: "app" service: "redis" path: "template" }
timeline { at: "30s" submit_job { job: "agent" } }
timeline { at: "1m" update_job { job: "cache" } }
timeline { at: "2m" fail_alloc { job: "cache" group: "redis" index: 0 times: 3 } }
timeline { at: "3m" drain_node { node: "web-1" deadline: "2m" } }
timeline { at: "4m" add_nodes { pool: "web" count: 1 } }
timeline { at: "5m" fail_node { node: "web-2" } }
timeline { at: "8m" recover_node { node: "web-2" } }
run { horizon: "10m" }
"""


def documented_names() -> dict:
    """{file name: set of names defined under its heading in docs/metrics.md}."""
    sections: dict = {}
    current = None
    for line in METRICS.read_text().splitlines():
        heading = re.match(r"^(#+)\s+(.*)$", line)
        if heading:
            title = heading.group(2)
            named = [f for f in RESULT_FILES if f"`{f}`" in title]
            current = named[0] if named else None
            if current:
                sections.setdefault(current, set())
            continue
        if current is None:
            continue
        row = re.match(r"^\|\s*`([^`]+)`\s*\|", line)
        if row:
            sections[current].add(row.group(1))
    return sections


# Objects whose keys are names a run chooses, by the generalised path of the object.
METRIC_MAPS = {  # in a placement metric: placement_metrics.jsonl, and last_failure
    "nodes_available": "<datacenter>",
    "class_filtered": "<class>",
    "constraint_filtered": "<filter>",
    "class_exhausted": "<class>",
    "dimension_exhausted": "<dimension>",
}
LAST_FAILURE = ("placements", "failed_by_group", "<job.group>", "last_failure")
SUMMARY_VARIABLE = {
    **{(section,): "<service>" for section in
       ("discovery_latency_s", "consumer_bootstrap_s", "stale_s", "failed_requests")},
    **{(section, "<service>"): "<path>" for section in
       ("discovery_latency_s", "consumer_bootstrap_s", "stale_s", "failed_requests")},
    ("placements", "failed_by_reason"): "<reason>",
    ("placements", "failed_by_group"): "<job.group>",
    ("allocations", "by_client_status"): "<status>",
    ("placement_quality",): "<when>",
    ("placement_quality", "<when>", "jobs"): "<job>",
    ("placement_quality", "<when>", "used_node_util"): "<dimension>",
    **{(*LAST_FAILURE, key): name for key, name in METRIC_MAPS.items()},
}
JSONL_VARIABLE = {
    **{(key,): name for key, name in METRIC_MAPS.items()},
    ("scores[]", "scores"): "<scorer>",
}


def key_paths(node, variable, path=()) -> set:
    """Every key path of a JSON value (objects and leaves), the names in `variable`
    generalised; a list of objects adds `[]` to its key."""
    out = set()
    if isinstance(node, dict):
        for key, child in node.items():
            part = variable.get(path, key)
            out.add(".".join((*path, part)))
            out |= key_paths(child, variable, (*path, part))
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, dict):
                last = path[-1] + "[]"
                for key, child in item.items():
                    out.add(".".join((*path[:-1], last, key)))
                    out |= key_paths(child, variable, (*path[:-1], last, key))
    return out


def summary_paths(summary) -> set:
    return key_paths(summary, SUMMARY_VARIABLE)


def jsonl_paths(out_dir, name) -> set:
    seen = set()
    for line in (out_dir / name).read_text().splitlines():
        seen |= key_paths(json.loads(line), JSONL_VARIABLE)
    return seen


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """[(name, results directory, Result)] for a few scenarios that together write every key."""
    runs = []
    sources = {
        "node_failure": portolan.Scenario.load(REPO / "scenarios/examples/node_failure.textproto"),
        "ingress": portolan.Scenario.load(REPO / "scenarios/seed/5_ingress.textproto"),
        "connect": portolan.Scenario.load(REPO / "scenarios/seed/4_connect.textproto"),
        "rich": portolan.Scenario.from_text(RICH, "docs_rich.textproto"),
    }
    for name, scenario in sources.items():
        result = portolan.run(scenario)
        out = tmp_path_factory.mktemp("docs") / name
        result.write(out)
        runs.append((name, out, result))
    return runs


def test_metrics_sections_exist():
    sections = documented_names()
    for f in RESULT_FILES:
        assert sections.get(f), f"docs/metrics.md has no table of {f} under a heading naming it"


def test_every_summary_key_is_defined(results):
    defined = documented_names()["summary.json"]
    seen = set()
    for _, out, _ in results:
        seen |= summary_paths(json.loads((out / "summary.json").read_text()))
    # The runs must exercise the variable parts, or the check proves little.
    for expected in ("deployments[].status", "placements.failed_by_reason.<reason>",
                     "discovery_latency_s.<service>.<path>.p99",
                     "consumer_bootstrap_s.<service>.<path>.p99", "stale_s.<service>.<path>.p99",
                     "failed_requests.<service>.<path>", "allocations.by_client_status.<status>",
                     "placements.failed_by_group.<job.group>.last_failure.reason",
                     ".".join((*LAST_FAILURE, "constraint_filtered", "<filter>")),
                     ".".join((*LAST_FAILURE, "dimension_exhausted", "<dimension>")),
                     ".".join((*LAST_FAILURE, "class_exhausted", "<class>"))):
        assert expected in seen, f"no run produced {expected}"
    missing = sorted(seen - defined)
    assert not missing, f"summary.json keys not defined in docs/metrics.md: {missing}"


@pytest.mark.parametrize("csv_name", CSV_FILES)
def test_every_csv_column_is_defined(results, csv_name):
    defined = documented_names()[csv_name]
    frames = {
        "placements.csv": lambda r: r.placements(),
        "allocations.csv": lambda r: r.allocations(),
        "node_events.csv": lambda r: r.node_events(),
        "discovery.csv": lambda r: r.discovery(),
        "stale.csv": lambda r: r.stale(),
        "timeseries.csv": lambda r: r.timeseries(),
    }
    for name, out, result in results:
        with open(out / csv_name, newline="") as f:
            header = next(csv.reader(f))
        assert list(frames[csv_name](result).columns) == header, (name, csv_name)
        missing = [c for c in header if c not in defined]
        assert not missing, f"{csv_name} columns not defined in docs/metrics.md: {missing}"
        # The columns are fixed: the docs define exactly them, no stale extra names.
        extra = sorted(defined - set(header))
        assert not extra, f"docs/metrics.md defines {extra} under {csv_name}, which has no such column"


def test_every_placement_metric_field_is_defined(results):
    defined = documented_names()["placement_metrics.jsonl"]
    seen = set()
    for name, out, result in results:
        lines = (out / "placement_metrics.jsonl").read_text().splitlines()
        assert len(lines) == len(result.placements()), f"{name}: one line per placements.csv row"
        seen |= jsonl_paths(out, "placement_metrics.jsonl")
    for expected in ("scores[].scores.<scorer>", "constraint_filtered.<filter>",
                     "dimension_exhausted.<dimension>", "class_filtered.<class>",
                     "nodes_available.<datacenter>"):
        assert expected in seen, f"no run produced {expected}"
    missing = sorted(seen - defined)
    assert not missing, f"placement_metrics.jsonl fields not defined in docs/metrics.md: {missing}"
    # The top-level fields are fixed: the docs define exactly them.
    top = {n for n in defined if "." not in n}
    assert top == {n for n in seen if "." not in n}


def test_runs_exercise_the_history_and_discovery_kinds(results):
    """The runs above write what the new files define: a lost allocation and a replaced one,
    every kind of node event, bootstrap as well as latency rows."""
    every = [r.allocations() for _, _, r in results]
    assert any((a.client_status == "lost").any() for a in every)
    assert any((a.previous_alloc_id != "").any() for a in every)
    events = set().union(*(set(r.node_events().event) for _, _, r in results))
    assert events == {"joined", "failed", "down", "recovered", "drain started", "drain complete"}
    kinds = set().union(*(set(r.discovery().kind) for _, _, r in results))
    assert kinds == {"latency", "bootstrap"}


def doc_files():
    return [REPO / "README.md", *sorted(DOCS.rglob("*.md"))]


def test_docs_stand_alone():
    assert (DOCS / "README.md").exists()
    for path in doc_files():
        text = path.read_text()
        for banned in ("../shared", "shared/design"):
            assert banned not in text, f"{path.relative_to(REPO)} refers to {banned}"
        assert not re.search(r"design section \d", text), (
            f"{path.relative_to(REPO)} cites a numbered design section outside the repository")


def test_doc_links_resolve():
    for path in doc_files():
        for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", path.read_text()):
            if "://" in target:
                continue
            assert (path.parent / target).exists(), f"{path.relative_to(REPO)}: broken link {target}"
