// The one bindings file: thin wrappers over the C++ engine; the logic lives in C++
// (analysis/, models/, scenarios/). The Python package python/portolan builds its API on these.
//
// - Runs release the GIL. A placement policy written in Python is a PyPlacementPolicy: each
//   fit_score call re-acquires the GIL and makes one Python call (see the README for its cost).
// - Result columns become numpy arrays that own the C++ vectors (no copy, no Python object per
//   row); text columns come as (codes, categories) for pandas.Categorical.
// - JSON (summaries) crosses as text, parsed by Python's json module: exact floats both ways.
#include <google/protobuf/text_format.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <limits>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "analysis/compare.h"
#include "analysis/editable_scenario.h"
#include "analysis/paired_compare.h"
#include "importers/importer.h"
#include "models/placement/placement_policy.h"
#include "models/results/results_writer.h"
#include "models/results/tables.h"
#include "models/runtime/engine.h"
#include "scenarios/field_path.h"
#include "scenarios/loader.h"

namespace py = pybind11;

namespace {

namespace analysis = portolan::analysis;
namespace models = portolan::models;
namespace scenario = portolan::scenario;
namespace importers = portolan::importers;

// What a Python policy's fit_score receives: the FitInput with its names copied, so that the
// object stays valid after the call.
struct PyFit {
  double free_cpu = 0;
  double free_memory = 0;
  int node = 0;
  std::string node_name;
  std::string pool;
  std::string job;
  std::string group;
  double ask_cpu_mhz = 0;
  double ask_memory_mb = 0;
};

// Python subclasses of portolan.PlacementPolicy override fit_score (and optionally name).
class PyPlacementPolicy : public models::PlacementPolicy {
 public:
  std::string name() const override {
    PYBIND11_OVERRIDE_IMPL(std::string, models::PlacementPolicy, "name");
    return "python";
  }
  double fit_score(const models::FitInput& in) const override {
    py::gil_scoped_acquire gil;
    const py::function override = py::get_override(this, "fit_score");
    if (!override) py::pybind11_fail("portolan.PlacementPolicy: define fit_score or score");
    return override(PyFit{.free_cpu = in.free_cpu,
                          .free_memory = in.free_memory,
                          .node = in.node,
                          .node_name = std::string(in.node_name),
                          .pool = std::string(in.pool),
                          .job = std::string(in.job),
                          .group = std::string(in.group),
                          .ask_cpu_mhz = in.ask_cpu_mhz,
                          .ask_memory_mb = in.ask_memory_mb})
        .cast<double>();
  }
};

template <typename T>
py::array_t<T> to_numpy(std::vector<T>&& values) {
  auto owner = std::make_unique<std::vector<T>>(std::move(values));
  const auto size = static_cast<py::ssize_t>(owner->size());
  T* data = owner->data();
  py::capsule keep(owner.get(), [](void* p) { delete static_cast<std::vector<T>*>(p); });
  owner.release();  // now owned by the capsule
  return py::array_t<T>({size}, {static_cast<py::ssize_t>(sizeof(T))}, data, keep);
}

// [(name, ndarray | (codes ndarray, [categories]))], in the files' column order.
py::list to_python(models::Table table) {
  py::list out;
  for (auto& column : table) {
    py::object values = std::visit(
        [](auto&& v) -> py::object {
          using V = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<V, models::TextColumn>) {
            return py::make_tuple(to_numpy(std::move(v.codes)), py::cast(v.categories));
          } else if constexpr (std::is_same_v<V, models::TimeColumn>) {
            std::vector<double> seconds;  // a missing time is NaN
            seconds.reserve(v.ns.size());
            for (const portolan::sim::Time t : v.ns) {
              seconds.push_back(v.optional && t < 0 ? std::numeric_limits<double>::quiet_NaN()
                                                    : portolan::sim::to_seconds(t));
            }
            return to_numpy(std::move(seconds));
          } else {
            return to_numpy(std::move(v));
          }
        },
        column.values);
    out.append(py::make_tuple(column.name, values));
  }
  return out;
}

nlohmann::json json_from_text(const std::string& text) { return nlohmann::json::parse(text); }

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "portolan engine (C++ core); use the portolan package";
  m.attr("__version__") = "0.1.0";

  // ScenarioError(message) with .problems: every problem, each a line as the CLI prints it.
  static py::exception<scenario::ScenarioError> scenario_error(m, "ScenarioError",
                                                               PyExc_ValueError);
  scenario_error.attr("__doc__") = py::str(
      "An invalid scenario or --set value. .problems lists every problem, each a line as the CLI "
      "prints it: file:line: path: message.");
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const scenario::ScenarioError& e) {
      std::string message;
      for (const auto& line : e.problems()) message += (message.empty() ? "" : "\n") + line;
      py::object error = py::handle(scenario_error.ptr())(message);
      error.attr("problems") = py::cast(e.problems());
      PyErr_SetObject(scenario_error.ptr(), error.ptr());
    }
  });

  py::class_<analysis::EditableScenario>(m, "Scenario")
      .def_static("_load", &analysis::EditableScenario::from_file, py::arg("path"))
      .def_static("_from_text", &analysis::EditableScenario::from_text, py::arg("text"),
                  py::arg("source_name"))
      .def("_set", &analysis::EditableScenario::set, py::arg("path"), py::arg("value"))
      .def(
          "_field_type",
          [](const analysis::EditableScenario& s, const std::string& path) {
            return scenario::field_type(s.loaded().scenario, path);
          },
          py::arg("path"))
      .def("problems", &analysis::EditableScenario::problems)
      .def("validate", &analysis::EditableScenario::validate)
      .def("to_text", &analysis::EditableScenario::to_text)
      .def_property_readonly("name", &analysis::EditableScenario::name)
      .def_property_readonly("source_name", &analysis::EditableScenario::source_name)
      .def_property_readonly("_text", &analysis::EditableScenario::text)
      .def_property_readonly("assignments", &analysis::EditableScenario::assignments);

  py::class_<models::FitInput>(m, "FitInput",
                               "What a placement policy's fit_score(fit) receives for one node: "
                               "free_cpu and free_memory (fractions after the placement), node, "
                               "node_name, pool, job, group, ask_cpu_mhz, ask_memory_mb.")
      .def(py::init([](double free_cpu, double free_memory, int node) {
             return models::FitInput{free_cpu, free_memory, node};
           }),
           py::arg("free_cpu"), py::arg("free_memory"), py::arg("node") = 0)
      .def_readonly("free_cpu", &models::FitInput::free_cpu)
      .def_readonly("free_memory", &models::FitInput::free_memory)
      .def_readonly("node", &models::FitInput::node)
      .def("__repr__", [](const models::FitInput& f) {
        return "FitInput(free_cpu=" + std::to_string(f.free_cpu) +
               ", free_memory=" + std::to_string(f.free_memory) +
               ", node=" + std::to_string(f.node) + ")";
      });

  py::class_<PyFit>(m, "Fit")
      .def_readonly("free_cpu", &PyFit::free_cpu)
      .def_readonly("free_memory", &PyFit::free_memory)
      .def_readonly("node", &PyFit::node)
      .def_readonly("node_name", &PyFit::node_name)
      .def_readonly("pool", &PyFit::pool)
      .def_readonly("job", &PyFit::job)
      .def_readonly("group", &PyFit::group)
      .def_readonly("ask_cpu_mhz", &PyFit::ask_cpu_mhz)
      .def_readonly("ask_memory_mb", &PyFit::ask_memory_mb)
      .def("__repr__", [](const PyFit& f) {
        return "Fit(node=" + f.node_name + ", free_cpu=" + std::to_string(f.free_cpu) +
               ", free_memory=" + std::to_string(f.free_memory) + ", ask=" + f.job + "." + f.group +
               ")";
      });

  py::class_<models::PlacementPolicy, PyPlacementPolicy>(m, "PlacementPolicy")
      .def(py::init<>())
      .def("name", &models::PlacementPolicy::name)
      .def("fit_score", &models::PlacementPolicy::fit_score, py::arg("fit"));
  m.def(
      "builtin_policy",
      [](const std::string& name) {
        auto p = models::make_policy(name);
        if (!p) throw py::value_error("no built-in policy \"" + name + "\"");
        return p;
      },
      py::arg("name"));

  py::class_<models::RunResult>(m, "RunResult")
      .def_readonly("scenario", &models::RunResult::scenario)
      .def_readonly("seed", &models::RunResult::seed)
      .def_readonly("wall_s", &models::RunResult::wall_seconds)
      .def("summary_json", [](const models::RunResult& r) { return models::summarize(r).dump(); })
      .def("placements",
           [](const models::RunResult& r) { return to_python(models::placements_table(r)); })
      .def("discovery",
           [](const models::RunResult& r) { return to_python(models::discovery_table(r)); })
      .def("stale", [](const models::RunResult& r) { return to_python(models::stale_table(r)); })
      .def("allocations",
           [](const models::RunResult& r) { return to_python(models::allocations_table(r)); })
      .def("node_events",
           [](const models::RunResult& r) { return to_python(models::node_events_table(r)); })
      .def("placement_metrics",
           [](const models::RunResult& r) {
             std::string lines;
             for (std::size_t i = 0; i < r.placements.size(); ++i) {
               lines += models::placement_metric_record(r, i).dump() + "\n";
             }
             return lines;
           })
      .def("timeseries",
           [](const models::RunResult& r) { return to_python(models::timeseries_table(r)); })
      .def(
          "write",
          [](const models::RunResult& r, const std::filesystem::path& out_dir) {
            py::gil_scoped_release release;
            models::write_results(r, out_dir);
          },
          py::arg("out_dir"));

  m.def(
      "run",
      [](const analysis::EditableScenario& s, std::optional<std::uint64_t> seed,
         const models::PlacementPolicy* policy) {
        models::RunOptions options;
        options.seed = seed.has_value() ? seed : std::optional(s.loaded().scenario.run().seed());
        options.policy = policy;
        py::gil_scoped_release release;
        return analysis::run_scenario(s, options);
      },
      py::arg("scenario"), py::arg("seed") = py::none(), py::arg("policy") = py::none());

  // Import errors reach Python as ScenarioError, with the same problem lines.
  m.def(
      "import_scenario",
      [](const std::vector<std::string>& job_files, const std::vector<std::string>& vars,
         const std::vector<std::string>& var_files, const std::string& nodes,
         const std::string& allocs) {
        try {
          const auto imported =
              importers::import_scenario({job_files, vars, var_files, nodes, allocs});
          std::vector<std::string> warnings;
          for (const auto& w : imported.warnings) warnings.push_back(w.to_string());
          return std::make_pair(imported.to_text(), warnings);
        } catch (const importers::ImportError& e) {
          throw scenario::ScenarioError(e.problems());
        }
      },
      py::arg("job_files"), py::arg("vars"), py::arg("var_files"), py::arg("nodes"),
      py::arg("allocs") = "");
  // One jobspec as a `jobs { ... }` block of scenario text, and its warnings.
  m.def(
      "import_job_text",
      [](const std::string& file, const std::vector<std::string>& vars,
         const std::vector<std::string>& var_files) {
        try {
          const importers::ImportedJob job = importers::import_job_file(file, vars, var_files);
          std::string body;
          google::protobuf::TextFormat::PrintToString(job.job, &body);
          std::vector<std::string> warnings;
          for (const auto& w : job.warnings) warnings.push_back(w.to_string());
          return std::make_pair("jobs {\n" + body + "}\n", warnings);
        } catch (const importers::ImportError& e) {
          throw scenario::ScenarioError(e.problems());
        }
      },
      py::arg("file"), py::arg("vars"), py::arg("var_files"));

  m.def("flatten_summary", [](const std::string& summary_json) {
    nlohmann::json flat = nlohmann::json::object();
    for (auto& [name, value] : analysis::flatten_summary(json_from_text(summary_json))) {
      flat[name] = std::move(value);
    }
    return flat.dump();
  });
  m.def("load_summary",
        [](const std::filesystem::path& path) { return analysis::load_summary(path).dump(); });

  py::class_<analysis::Comparison>(m, "Comparison")
      .def_property_readonly("passed", &analysis::Comparison::passed)
      .def_property_readonly("failed_metrics", &analysis::Comparison::failed_metrics)
      .def_readonly("unused_tolerances", &analysis::Comparison::unused_patterns)
      .def_property_readonly("rows",
                             [](const analysis::Comparison& c) {
                               py::list rows;
                               for (const auto& r : c.rows) {
                                 rows.append(py::make_tuple(
                                     r.metric, r.baseline, r.candidate,
                                     r.tolerance ? py::object(py::str(r.tolerance->to_string()))
                                                 : py::object(py::none()),
                                     r.allowed, std::string(analysis::verdict_name(r.verdict))));
                               }
                               return rows;
                             })
      .def("table", [](const analysis::Comparison& c) {
        std::ostringstream out;
        analysis::print_comparison(c, out);
        return out.str();
      });
  m.def(
      "compare",
      [](const std::string& baseline_json, const std::string& candidate_json,
         const std::vector<std::string>& tolerances) {
        std::vector<analysis::Tolerance> parsed;  // std::invalid_argument -> ValueError
        for (const auto& t : tolerances) parsed.push_back(analysis::Tolerance::parse(t));
        return analysis::compare(json_from_text(baseline_json), json_from_text(candidate_json),
                                 parsed);
      },
      py::arg("baseline_json"), py::arg("candidate_json"), py::arg("tolerances"));

  // Paired comparison over seeds (analysis/paired_compare.h). Each side: summaries as JSON
  // texts (nested or flattened) and whether it is a replication set; a bad pairing raises
  // ValueError. Rows of a paired Comparison: (metric, n, baseline, candidate, diff, ci_low,
  // ci_high, tolerance, allowed, verdict).
  m.def(
      "compare_runs",
      [](const std::vector<std::string>& baseline, bool baseline_replicated,
         const std::vector<std::string>& candidate, bool candidate_replicated,
         const std::vector<std::string>& tolerances) {
        std::vector<analysis::Tolerance> parsed;
        for (const auto& t : tolerances) parsed.push_back(analysis::Tolerance::parse(t));
        const auto side = [](const std::vector<std::string>& texts, bool replicated) {
          analysis::RunSet set{.summaries = {}, .replicated = replicated};
          for (const auto& t : texts) set.summaries.push_back(json_from_text(t));
          return set;
        };
        return analysis::compare_runs(side(baseline, baseline_replicated),
                                      side(candidate, candidate_replicated), parsed);
      },
      py::arg("baseline"), py::arg("baseline_replicated"), py::arg("candidate"),
      py::arg("candidate_replicated"), py::arg("tolerances"));
  m.def("load_run_set", [](const std::filesystem::path& path) {
    const auto set = analysis::load_run_set(path);
    std::vector<std::string> texts;
    for (const auto& s : set.summaries) texts.push_back(s.dump());
    return py::make_tuple(texts, set.replicated);
  });
  m.def("comparison_seeds", [](const analysis::Comparison& c) { return c.seeds; });
  m.def("paired_rows", [](const analysis::Comparison& c) {
    py::list rows;
    for (const auto& r : c.rows) {
      rows.append(py::make_tuple(
          r.metric, r.n, r.baseline, r.candidate, r.diff, r.ci_low, r.ci_high,
          r.tolerance ? py::object(py::str(r.tolerance->to_string())) : py::object(py::none()),
          r.allowed, std::string(analysis::verdict_name(r.verdict))));
    }
    return rows;
  });
}
