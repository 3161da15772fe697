// HCL2 through the hcl2json converter: variables, locals, dynamic blocks, functions, runtime
// references kept literal, and errors with file, line and column.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/time.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "importers/hcl_jobspec.h"
#include "importers/importer.h"

namespace portolan::importers {
namespace {

// One file per test process: ctest runs the tests of this suite in parallel processes, and
// two of them writing one shared name raced (a reader saw the file truncated by the writer).
std::string write(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("portolan-hcl-" + std::to_string(getpid()) + "-" + name);
  std::ofstream(path) << text;
  return path.string();
}

#if PORTOLAN_HAVE_HCL2JSON
const char* kVars = R"(variable "count" { type = number }
variable "image" {
  type    = string
  default = "redis:7"
}
locals { ports = { http = 8080, admin = 9090 } }
job "web" {
  group "app" {
    count = var.count
    network {
      dynamic "port" {
        for_each = local.ports
        labels   = [port.key]
        content { to = port.value }
      }
    }
    task "app" {
      driver = "docker"
      config {
        image = upper(var.image)
        ports = keys(local.ports)
      }
      env {
        ADDR = "${NOMAD_ADDR_http}"
        HOST = "${attr.unique.hostname}:${meta.rack}"
        HOME = "${env["HOME"]}"
      }
    }
  }
}
)";

TEST(HclImport, RequiredVariableUnsetIsAnErrorNamingIt) {
  const std::string file = write("vars.nomad", kVars);
  try {
    convert_hcl(file, {});
    FAIL() << "expected an error";
  } catch (const ImportError& e) {
    ASSERT_EQ(e.problems().size(), 1u);
    EXPECT_EQ(e.problems()[0].rfind(file + ":1:1: Unset variable \"count\"", 0), 0u)
        << e.problems()[0];
  }
}

TEST(HclImport, VariablesLocalsDynamicBlocksAndFunctions) {
  const ImportedJob j = import_job_file(write("vars.nomad", kVars), {"count=3"});
  ASSERT_EQ(j.job.groups_size(), 1);
  const auto& g = j.job.groups(0);
  EXPECT_EQ(g.count(), 3);
  ASSERT_EQ(g.network().ports_size(), 2);  // for_each over a map: keys in order
  EXPECT_EQ(g.network().ports(0).label(), "admin");
  EXPECT_EQ(g.network().ports(0).to(), 9090);
  EXPECT_EQ(g.network().ports(1).label(), "http");
  EXPECT_EQ(g.network().ports(1).to(), 8080);
  EXPECT_EQ(g.tasks(0).ports_size(), 2);
  // Runtime references stay literal, as Nomad's jobspec2 keeps them.
  EXPECT_EQ(g.tasks(0).env().at("ADDR"), "${NOMAD_ADDR_http}");
  EXPECT_EQ(g.tasks(0).env().at("HOST"), "${attr.unique.hostname}:${meta.rack}");
  EXPECT_EQ(g.tasks(0).env().at("HOME"), "${env[\"HOME\"]}");
  // Nomad's defaults: datacenters ["*"], 100 MHz, 300 MB.
  ASSERT_EQ(j.job.datacenters_size(), 1);
  EXPECT_EQ(j.job.datacenters(0), "*");
  EXPECT_EQ(g.tasks(0).cpu_mhz(), 100);
  EXPECT_EQ(g.tasks(0).memory_mb(), 300);
}

TEST(HclImport, VarFileAndFlagOrder) {
  const std::string vf = write("vars.hcl", "count = 5\nimage = \"x\"\n");
  EXPECT_EQ(import_job_file(write("vars.nomad", kVars), {}, {vf}).job.groups(0).count(), 5);
  // -var wins over -var-file.
  EXPECT_EQ(import_job_file(write("vars.nomad", kVars), {"count=2"}, {vf}).job.groups(0).count(),
            2);
}

TEST(HclImport, UndeclaredVariableIsAnError) {
  EXPECT_THROW(import_job_file(write("vars.nomad", kVars), {"count=1", "nope=2"}), ImportError);
}

// A timer signal arriving while the converter runs (libFuzzer's, a profiler's) interrupted
// waitpid, and an unfinished conversion read as a success with no output: a JSON parse error
// escaped the import. Found by job_json_fuzzer (an input starting "\n\f{" reached the converter).
TEST(HclImport, ATimerSignalDuringTheConversionIsNotASuccess) {
  struct sigaction tick {};
  tick.sa_handler = [](int) {};
  sigemptyset(&tick.sa_mask);
  tick.sa_flags = 0;  // no SA_RESTART: waitpid returns EINTR
  struct sigaction before {};
  ASSERT_EQ(sigaction(SIGALRM, &tick, &before), 0);
  itimerval every_100us{{0, 100}, {0, 100}};
  ASSERT_EQ(setitimer(ITIMER_REAL, &every_100us, nullptr), 0);
  const std::string file = write("eintr.nomad", "job \"x\" {\n  cont = 2\n}\n");
  std::string message;
  for (int i = 0; i < 20; ++i) {  // each conversion takes milliseconds: many ticks each
    try {
      convert_hcl(file, {});
      message = "no error";
    } catch (const ImportError& e) {
      message = e.problems().at(0);
    }
    if (message.find("Unsupported argument") == std::string::npos) break;
  }
  itimerval off{};
  setitimer(ITIMER_REAL, &off, nullptr);
  sigaction(SIGALRM, &before, nullptr);
  EXPECT_EQ(message, file +
                         ":2:3: Unsupported argument: An argument named \"cont\" is not "
                         "expected here.");
}

TEST(HclImport, SyntaxAndSchemaErrorsCarryFileLineColumn) {
  const std::string file = write("bad.nomad",
                                 "job \"x\" {\n  group \"g\" {\n    cont = 2\n"
                                 "    task \"t\" { driver = \"docker\" }\n  }\n}\n");
  try {
    convert_hcl(file, {});
    FAIL();
  } catch (const ImportError& e) {
    EXPECT_EQ(
        e.problems().at(0),
        file + ":3:5: Unsupported argument: An argument named \"cont\" is not expected here.");
  }
}

TEST(HclImport, WarningsCarryTheLineOfTheBlock) {
  const ImportedJob j = import_job_file(write("vault.nomad", R"(job "x" {
  group "g" {
    task "t" {
      driver = "docker"
      vault {
        policies = ["p"]
      }
    }
  }
}
)"));
  ASSERT_EQ(j.warnings.size(), 1u);
  EXPECT_EQ(j.warnings[0].line, 5);
  EXPECT_EQ(j.warnings[0].column, 7);
  EXPECT_EQ(j.warnings[0].where, "job \"x\" group \"g\" task \"t\"");
  EXPECT_EQ(j.warnings[0].message, "vault is not modelled");
}
#else
TEST(HclImport, UnavailableSaysSo) {
  try {
    convert_hcl(write("x.nomad", "job \"x\" {}"), {});
    FAIL();
  } catch (const ImportError& e) {
    EXPECT_NE(e.problems()[0].find("hcl2json"), std::string::npos);
  }
}
#endif

}  // namespace
}  // namespace portolan::importers
