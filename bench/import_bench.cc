// Importing jobspecs: 1,000 per iteration, cycling over the corpus (importers/tests/corpus), as
// HCL2 (one hcl2json process per jobspec, then the mapping) and as API JSON (the mapping alone).
// items_per_second is jobspecs per second.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>
#include <vector>

#include "importers/hcl_jobspec.h"
#include "importers/importer.h"

namespace {

namespace fs = std::filesystem;
namespace importers = portolan::importers;

std::vector<std::string> corpus(const std::string& ext) {
  std::vector<std::string> files;
  for (const auto& e :
       fs::directory_iterator(fs::path(PORTOLAN_SOURCE_DIR) / "importers/tests/corpus")) {
    const std::string name = e.path().filename().string();
    if (e.path().extension() == ext && name.find("required") == std::string::npos &&
        name != "vars.hcl") {
      files.push_back(e.path().string());
    }
  }
  return files;
}

void import_many(benchmark::State& state, const std::vector<std::string>& files) {
  constexpr int kJobspecs = 1000;
  for (auto _ : state) {
    for (int i = 0; i < kJobspecs; ++i) {
      benchmark::DoNotOptimize(importers::import_job_file(files[i % files.size()]));
    }
  }
  state.SetItemsProcessed(state.iterations() * kJobspecs);
}

void BM_Import1000Hcl(benchmark::State& state) {
  if (importers::hcl2json_path().empty()) {
    state.SkipWithError("no hcl2json in this build");
    return;
  }
  import_many(state, corpus(".nomad"));
}
BENCHMARK(BM_Import1000Hcl)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

void BM_Import1000Json(benchmark::State& state) { import_many(state, corpus(".json")); }
BENCHMARK(BM_Import1000Json)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
