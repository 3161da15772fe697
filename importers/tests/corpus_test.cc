// The corpus (importers/tests/corpus/): each jobspec, HCL or API JSON, imports to exactly the
// scenario text beside it (NAME.expected.textproto, warnings as comments), and that scenario
// validates. Regenerate a golden after an intended change with
//   cd importers/tests/corpus && ../../../build/cli/portolan import FILE -o NAME.expected.textproto
// (with --var-file vars.hcl for 13_variables_required.nomad)
// and read the diff.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "importers/importer.h"
#include "scenarios/loader.h"
#include "scenarios/validator.h"

namespace portolan::importers {
namespace {

namespace fs = std::filesystem;
const fs::path kCorpus = fs::path(PORTOLAN_SOURCE_DIR) / "importers/tests/corpus";

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(Corpus, EveryJobspecImportsToItsExpectedScenario) {
  int checked = 0;
  for (const auto& e : fs::directory_iterator(kCorpus)) {
    const fs::path file = e.path();
    const std::string ext = file.extension().string();
    if (ext != ".nomad" && ext != ".json" && ext != ".hcl") continue;
    if (file.filename() == "vars.hcl") continue;
    if (ext != ".json" && !PORTOLAN_HAVE_HCL2JSON) continue;
    SCOPED_TRACE(file.filename().string());
    ImportOptions options;
    // Positions and file names are relative to the corpus, as the goldens were written there.
    const fs::path cwd = fs::current_path();
    fs::current_path(kCorpus);
    options.job_files = {file.filename().string()};
    // Only the jobspec that declares the required variable takes the var file (Nomad rejects
    // values of undeclared variables).
    if (file.stem().string().find("required") != std::string::npos)
      options.var_files = {"vars.hcl"};
    const ImportedScenario imported = import_scenario(options);
    fs::current_path(cwd);
    const fs::path golden = kCorpus / (file.stem().string() + ".expected.textproto");
    ASSERT_TRUE(fs::exists(golden)) << golden;
    EXPECT_EQ(imported.to_text(), read(golden));
    const auto loaded = scenario::parse_text(imported.to_text(), file.filename().string());
    for (const auto& p : scenario::validate(loaded)) ADD_FAILURE() << p.to_string();
    ++checked;
  }
  EXPECT_GE(checked, PORTOLAN_HAVE_HCL2JSON ? 25 : 1);
}

}  // namespace
}  // namespace portolan::importers
