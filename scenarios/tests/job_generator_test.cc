// Generators: names from the pattern, the submission cadence, the same message as the jobs
// written out, problems at the generator's lines.
#include "scenarios/job_generator.h"

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scenarios/validator.h"

namespace portolan::scenario {
namespace {

using google::protobuf::util::MessageDifferencer;

std::string name_of(std::string_view pattern, std::int64_t index) {
  std::string error;
  const auto name = generated_name(pattern, index, &error);
  return name ? *name : "error: " + error;
}

TEST(JobGenerator, NamePatterns) {
  EXPECT_EQ(name_of("svc-%02d", 7), "svc-07");
  EXPECT_EQ(name_of("svc-%02d", 123), "svc-123");
  EXPECT_EQ(name_of("batch-%d", 0), "batch-0");
  EXPECT_EQ(name_of("web%4d", 42), "web  42");
  EXPECT_EQ(name_of("100%%-%03d", 5), "100%-005");
  EXPECT_EQ(name_of("svc", 1),
            "error: \"svc\" has 0 integer conversions; a name pattern needs exactly one %d (e.g. "
            "\"svc-%02d\")");
  EXPECT_EQ(name_of("%d-%d", 1),
            "error: \"%d-%d\" has 2 integer conversions; a name pattern needs exactly one %d "
            "(e.g. \"svc-%02d\")");
  EXPECT_EQ(name_of("svc-%s", 1),
            "error: \"svc-%s\": only %d (with an optional 0 flag and width, e.g. %02d) and %% "
            "may follow a %");
}

// Three services of two copies, submitted every 30 s from 60 s, after a job of the file's own.
const char kGenerated[] =
    "jobs { name: \"first\" groups { name: \"g\" tasks { name: \"t\" } } }\n"
    "timeline { at: \"10s\" submit_job { job: \"first\" } }\n"
    "generate {\n"
    "  name: \"svc-%02d\" count: 3 submit_at: \"60s\" submit_every: \"30s\"\n"
    "  job { groups { name: \"api\" count: 2 tasks { name: \"api\" cpu_mhz: 1000 } } }\n"
    "}\n";

const char kWrittenOut[] =
    "jobs { name: \"first\" groups { name: \"g\" tasks { name: \"t\" } } }\n"
    "jobs { name: \"svc-01\" groups { name: \"api\" count: 2 tasks { name: \"api\" cpu_mhz: 1000 "
    "} } }\n"
    "jobs { name: \"svc-02\" groups { name: \"api\" count: 2 tasks { name: \"api\" cpu_mhz: 1000 "
    "} } }\n"
    "jobs { name: \"svc-03\" groups { name: \"api\" count: 2 tasks { name: \"api\" cpu_mhz: 1000 "
    "} } }\n"
    "timeline { at: \"10s\" submit_job { job: \"first\" } }\n"
    "timeline { at: \"1m\" submit_job { job: \"svc-01\" } }\n"
    "timeline { at: \"1m30s\" submit_job { job: \"svc-02\" } }\n"
    "timeline { at: \"2m\" submit_job { job: \"svc-03\" } }\n";

TEST(JobGenerator, ExpandsToTheJobsWrittenOut) {
  const LoadedScenario generated = parse_text(kGenerated, "gen.textproto");
  const LoadedScenario written = parse_text(kWrittenOut, "gen.textproto");
  EXPECT_EQ(generated.scenario.generate_size(), 0);  // cleared once expanded
  EXPECT_TRUE(MessageDifferencer::Equals(generated.scenario, written.scenario))
      << to_text(generated.scenario);
  ASSERT_EQ(generated.generated.size(), 1u);
  EXPECT_EQ(generated.generated[0].first_job, 1);
  EXPECT_EQ(generated.generated[0].jobs, 3);
  EXPECT_EQ(generated.generated[0].first_event, 1);
  EXPECT_EQ(generated.generated[0].events, 3);
}

TEST(JobGenerator, WithoutSubmissionTimesJobsStartAtZeroAndFirstSetsTheIndex) {
  const LoadedScenario loaded = parse_text(
      "generate { name: \"b%d\" count: 2 first: 0 job { groups { name: \"g\" } } }\n", "x");
  ASSERT_EQ(loaded.scenario.jobs_size(), 2);
  EXPECT_EQ(loaded.scenario.jobs(0).name(), "b0");
  EXPECT_EQ(loaded.scenario.jobs(1).name(), "b1");
  EXPECT_EQ(loaded.scenario.timeline_size(), 0);  // submitted at t = 0, as unnamed jobs are
}

TEST(JobGenerator, BadGeneratorsAreListedAtTheirLines) {
  const std::string text =
      "generate {\n"
      "  name: \"svc\"\n"
      "  count: 0\n"
      "  submit_every: \"soon\"\n"
      "  job { name: \"x\" }\n"
      "}\n"
      "generate { name: \"ok-%d\" count: 2000000 }\n";
  try {
    parse_text(text, "bad.textproto");
    FAIL() << "no problem reported";
  } catch (const ScenarioError& e) {
    const std::vector<std::string> expected = {
        "bad.textproto:2: generate[0]: name \"svc\" has 0 integer conversions; a name pattern "
        "needs exactly one %d (e.g. \"svc-%02d\")",
        "bad.textproto:3: generate[0]: count 0 is not in 1..1000000",
        "bad.textproto:5: generate[0]: job has name \"x\": a generated job's name comes from the "
        "generator's name pattern",
        "bad.textproto:4: generate[0]: submit_every \"soon\" is not a duration (e.g. \"30s\", "
        "\"5m\")",
        "bad.textproto:7: generate[1]: count 2000000 is not in 1..1000000",
    };
    EXPECT_EQ(e.problems(), expected);
  }
}

TEST(JobGenerator, ValidationProblemsInGeneratedJobsNameTheTemplateLine) {
  const std::string text =
      "cluster { pools { name: \"web\" count: 2 } }\n"
      "jobs { name: \"svc-2\" groups { name: \"g\" tasks { name: \"t\" } } }\n"
      "generate {\n"
      "  name: \"svc-%d\" count: 2\n"
      "  job {\n"
      "    groups {\n"
      "      name: \"g\"\n"
      "      network { ports { label: \"http\" static: 70000 } }\n"
      "      tasks { name: \"t\" ports: \"http\" }\n"
      "    }\n"
      "  }\n"
      "}\n";
  const LoadedScenario loaded = parse_text(text, "gen.textproto");
  std::vector<std::string> lines;
  for (const auto& p : validate(loaded)) lines.push_back(p.to_string());
  // svc-1 and svc-2 each have the bad static port (line 8); the generated svc-2 repeats the
  // file's own job name (the pattern, line 4).
  ASSERT_EQ(lines.size(), 3u) << ::testing::PrintToString(lines);
  EXPECT_EQ(lines[0].rfind("gen.textproto:8: job \"svc-1\" group \"g\" port \"http\"", 0), 0u)
      << lines[0];
  EXPECT_EQ(lines[1].rfind("gen.textproto:4: job \"svc-2\"", 0), 0u) << lines[1];
  EXPECT_EQ(lines[2].rfind("gen.textproto:8: job \"svc-2\" group \"g\" port \"http\"", 0), 0u)
      << lines[2];
}

}  // namespace
}  // namespace portolan::scenario
