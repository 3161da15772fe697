#include "importers/importer.h"

#include <google/protobuf/text_format.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "importers/alloc_json.h"
#include "importers/hcl_jobspec.h"
#include "importers/node_json.h"

namespace portolan::importers {
namespace {

using nlohmann::json;

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ImportError({path + ": cannot read"});
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool looks_like_json(const std::string& text) {
  for (const char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') continue;
    return c == '{';
  }
  return false;
}

std::string print(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::TextFormat::PrintToString(m, &out);
  return out;
}

// A warning as one comment line. Its text quotes the user's names and keys, which may hold a
// newline (a JSON string can): written raw, the rest of the warning would leave the comment
// and the scenario would no longer parse. Control characters are written as C escapes.
std::string warning_comment(const ImportWarning& w, const std::string& pad) {
  std::string line = pad + "# warning: ";
  for (const char c : w.to_string()) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n') {
      line += "\\n";
    } else if (c == '\r') {
      line += "\\r";
    } else if (u < 0x20 && c != '\t') {
      static constexpr char kHex[] = "0123456789abcdef";
      line += {'\\', 'x', kHex[u >> 4], kHex[u & 0xf]};
    } else {
      line += c;
    }
  }
  return line + "\n";
}

std::string indent(const std::string& text, const std::string& pad) {
  std::string out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out += pad + line + "\n";
  return out;
}

}  // namespace

std::string ImportWarning::to_string() const {
  std::string out = file;
  if (line > 0) {
    out += ':';
    out += std::to_string(line);
    out += ':';
    out += std::to_string(column);
  }
  out += ": ";
  out += where;
  out += ": ";
  out += message;
  return out;
}

ImportedJob import_job_file(const std::string& file, const std::vector<std::string>& vars,
                            const std::vector<std::string>& var_files) {
  const std::string text = read_file(file);
  if (looks_like_json(text)) {
    json doc;
    try {
      doc = json::parse(text);
    } catch (const json::exception& e) {  // parse_error, and out_of_range for "1e3080"
      throw ImportError({file + ": " + e.what()});
    }
    return job_from_api_json(doc, file);
  }
  const ConvertedJobspec converted = convert_hcl(file, vars, var_files);
  return job_from_api_json(converted.job, file, converted.positions);
}

ImportedScenario import_scenario(const ImportOptions& options) {
  ImportedScenario out;
  scenario::Scenario& s = out.scenario;
  s.set_name("imported");
  if (options.nodes.empty()) {
    scenario::NodePool* p = s.mutable_cluster()->add_pools();
    p->set_name("client");
    p->set_count(3);
  } else {
    ImportedNodes nodes = nodes_from_path(options.nodes);
    if (nodes.pools.empty()) throw ImportError({options.nodes + ": no ready node"});
    for (auto& p : nodes.pools) *s.mutable_cluster()->add_pools() = std::move(p);
    for (auto& w : nodes.warnings) out.warnings.push_back(std::move(w));
  }
  std::set<std::string> pools = {"", "default", "all"};
  for (const auto& p : s.cluster().pools()) pools.insert(p.node_pool());
  std::set<std::string> names;
  for (const auto& file : options.job_files) {
    ImportedJob job = import_job_file(file, options.vars, options.var_files);
    if (!names.insert(job.job.name()).second) {
      throw ImportError({file + ": job \"" + job.job.name() + "\" is imported twice"});
    }
    // One region is modelled: the first job's. Nomad would forward a job of another region
    // to that region's servers, so such a job is moved here with a warning.
    // api/jobs.go Canonicalize: region "global"; an empty region is the default, unwritten.
    const auto region_of = [](const std::string& r) { return r.empty() ? "global" : r; };
    if (s.jobs().empty() && !job.job.region().empty()) {
      s.mutable_cluster()->set_region(job.job.region());
    }
    if (region_of(job.job.region()) != region_of(s.cluster().region())) {
      ImportWarning w;
      w.file = file;
      w.job = job.job.name();
      w.where = "job \"" + job.job.name() + "\"";
      const std::string here = region_of(s.cluster().region());
      w.message = "region \"" + region_of(job.job.region()) + "\" is not the cluster's \"" + here +
                  "\" (one region is modelled): modelled in \"" + here + "\"";
      out.warnings.push_back(std::move(w));
      job.job.set_region(s.cluster().region());
    }
    // A node pool without an imported node: Nomad accepts a job into an existing empty pool
    // and places nothing, so the pool is declared and the job kept, with a warning.
    if (!pools.count(job.job.node_pool())) {
      pools.insert(job.job.node_pool());
      s.mutable_cluster()->add_node_pools()->set_name(job.job.node_pool());
      ImportWarning w;
      w.file = file;
      w.job = job.job.name();
      w.where = "job \"" + job.job.name() + "\"";
      w.message = "node_pool \"" + job.job.node_pool() +
                  "\" has no imported node: declared empty, the job cannot be placed";
      out.warnings.push_back(std::move(w));
    }
    *s.add_jobs() = std::move(job.job);
    for (auto& w : job.warnings) out.warnings.push_back(std::move(w));
  }
  // Services some imported group provides; templates over others have no producer here.
  std::set<std::string> provided;
  for (const auto& j : s.jobs()) {
    for (const auto& g : j.groups()) {
      for (const auto& svc : g.services()) provided.insert(svc.name());
    }
  }
  for (auto& j : *s.mutable_jobs()) {
    for (int g = 0; g < j.groups_size(); ++g) {
      for (int t = 0; t < j.groups(g).tasks_size(); ++t) {
        auto* templates = j.mutable_groups(g)->mutable_tasks(t)->mutable_templates();
        for (int k = templates->size() - 1; k >= 0; --k) {
          if (provided.count((*templates)[k].service())) continue;
          ImportWarning w;
          w.job = j.name();
          w.group = g;
          w.task = t;
          w.where = "job \"" + j.name() + "\" group \"" + j.groups(g).name() + "\" task \"" +
                    j.groups(g).tasks(t).name() + "\"";
          w.message = "template on service \"" + (*templates)[k].service() +
                      "\", which no imported job provides: not a consumer";
          out.warnings.push_back(std::move(w));
          templates->erase(templates->begin() + k);
        }
      }
    }
  }
  if (!options.allocs.empty()) {
    if (options.nodes.empty()) {
      throw ImportError(
          {options.allocs + ": allocations run on the snapshot's nodes: give --nodes as well"});
    }
    ImportedAllocations allocs = allocations_from_path(options.allocs, s);
    for (auto& j : allocs.jobs) *s.add_jobs() = std::move(j);
    for (auto& a : allocs.allocations) *s.add_allocations() = std::move(a);
    for (auto& w : allocs.warnings) out.warnings.push_back(std::move(w));
  }
  return out;
}

// Jobs are printed one by one so that each warning sits above the job, group or task it names:
// the i-th "groups {" of a job is its group i, the k-th "tasks {" within it its task k.
std::string ImportedScenario::to_text() const {
  std::string text = "# Imported by `portolan import`";
  text += warnings.empty() ? ".\n"
                           : "; " + std::to_string(warnings.size()) +
                                 " warning(s), each a comment where it applies.\n";
  scenario::Scenario rest = scenario;
  rest.clear_jobs();
  std::map<std::string, std::vector<const ImportWarning*>> by_job;
  for (const auto& w : warnings) {
    if (w.job.empty()) text += warning_comment(w, "");
    by_job[w.job].push_back(&w);
  }
  scenario::Scenario head;
  head.set_name(rest.name());
  *head.mutable_cluster() = rest.cluster();
  text += print(head);
  for (const auto& job : scenario.jobs()) {
    const auto& ws = by_job[job.name()];
    const auto comments = [&](int g, int t, const std::string& pad) {
      std::string c;
      for (const auto* w : ws) {
        if (w->group == g && w->task == t) c += warning_comment(*w, pad);
      }
      return c;
    };
    text += comments(-1, -1, "");
    std::string body = print(job);
    std::string annotated;
    std::istringstream in(body);
    int group = -1;
    int task = -1;
    for (std::string line; std::getline(in, line);) {
      if (line == "groups {") {
        ++group;
        task = -1;
        annotated += comments(group, -1, "");
      } else if (line == "  tasks {") {
        ++task;
        annotated += comments(group, task, "  ");
      }
      annotated += line + "\n";
    }
    text += "jobs {\n" + indent(annotated, "  ") + "}\n";
  }
  scenario::Scenario tail = rest;
  tail.clear_name();
  tail.clear_cluster();
  text += print(tail);
  return text;
}

}  // namespace portolan::importers
