#include "scenarios/job_generator.h"

#include <initializer_list>
#include <limits>
#include <vector>

#include "scenarios/duration.h"

namespace portolan::scenario {
namespace {

// Concatenation without operator+ chains, on which g++ 12's -Wrestrict misfires.
std::string cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (const auto part : parts) out.append(part);
  return out;
}

}  // namespace

std::optional<std::string> generated_name(std::string_view pattern, std::int64_t index,
                                          std::string* error) {
  std::string out;
  int conversions = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '%') {
      out += pattern[i];
      continue;
    }
    if (i + 1 < pattern.size() && pattern[i + 1] == '%') {
      out += '%';
      ++i;
      continue;
    }
    // %[0][width]d
    std::size_t j = i + 1;
    bool zero = false;
    if (j < pattern.size() && pattern[j] == '0') {
      zero = true;
      ++j;
    }
    std::size_t width = 0;
    const std::size_t digits_at = j;
    while (j < pattern.size() && pattern[j] >= '0' && pattern[j] <= '9') {
      width = width * 10 + static_cast<std::size_t>(pattern[j] - '0');
      ++j;
      if (j - digits_at > 2) break;
    }
    if (j >= pattern.size() || pattern[j] != 'd' || width > 20) {
      *error = cat({"\"", pattern,
                    "\": only %d (with an optional 0 flag and width, e.g. %02d) and %% may follow "
                    "a %"});
      return std::nullopt;
    }
    std::string number = std::to_string(index);
    if (number.size() < width) number.insert(0, width - number.size(), zero ? '0' : ' ');
    out += number;
    ++conversions;
    i = j;
  }
  if (conversions != 1) {
    *error = cat({"\"", pattern, "\" has ", std::to_string(conversions),
                  " integer conversions; a name pattern needs exactly one %d (e.g. \"svc-%02d\")"});
    return std::nullopt;
  }
  return out;
}

void expand_generators(LoadedScenario* loaded) {
  Scenario& s = loaded->scenario;
  if (s.generate().empty()) return;
  std::vector<std::string> problems;
  const auto problem = [&](int g, const char* field, const std::string& message) {
    FieldPath path = {{"generate", g}};
    if (field != nullptr) path.push_back({field});
    const int line = loaded->line_of(path);
    problems.push_back(
        cat({loaded->source_name, line > 0 ? ":" : "", line > 0 ? std::to_string(line) : "",
             ": generate[", std::to_string(g), "]: ", message}));
  };
  // Checked first, all generators, so that every problem is listed at once.
  for (int g = 0; g < s.generate_size(); ++g) {
    const JobGenerator& gen = s.generate(g);
    std::string error;
    if (gen.name().empty()) {
      problem(g, nullptr, "name is required: a pattern such as \"svc-%02d\"");
    } else if (!generated_name(gen.name(), 0, &error)) {
      problem(g, "name", "name " + error);
    }
    if (gen.count() < 1 || gen.count() > kMaxGeneratedJobs) {
      problem(g, "count",
              "count " + std::to_string(gen.count()) + " is not in 1.." +
                  std::to_string(kMaxGeneratedJobs));
    }
    if (gen.has_first() && gen.first() < 0) {
      problem(g, "first", "first " + std::to_string(gen.first()) + " is negative");
    }
    if (!gen.job().name().empty()) {
      problem(g, "job",
              "job has name \"" + gen.job().name() +
                  "\": a generated job's name comes from the generator's name pattern");
    }
    for (const auto& [field, text] :
         {std::pair{"submit_at", gen.submit_at()}, std::pair{"submit_every", gen.submit_every()}}) {
      if (!text.empty() && !parse_duration(text)) {
        problem(g, field,
                std::string(field) + " \"" + text + "\" is not a duration (e.g. \"30s\", \"5m\")");
      }
    }
    const auto at = parse_duration(gen.submit_at().empty() ? "0s" : gen.submit_at());
    const auto every = parse_duration(gen.submit_every().empty() ? "0s" : gen.submit_every());
    if (at && every && *every > 0 && gen.count() > 1 &&
        (std::numeric_limits<std::int64_t>::max() - *at) / *every < gen.count() - 1) {
      problem(g, "submit_every",
              "the last submission, submit_at + (count - 1) * submit_every, "
              "is beyond any simulated time");
    }
  }
  if (!problems.empty()) throw ScenarioError(std::move(problems));

  std::vector<GeneratedRange> ranges;
  for (int g = 0; g < s.generate_size(); ++g) {
    const JobGenerator& gen = s.generate(g);
    GeneratedRange range{.generator = g,
                         .first_job = s.jobs_size(),
                         .jobs = gen.count(),
                         .first_event = s.timeline_size(),
                         .events = 0};
    const bool timed = !gen.submit_at().empty() || !gen.submit_every().empty();
    const std::int64_t at = gen.submit_at().empty() ? 0 : *parse_duration(gen.submit_at());
    const std::int64_t every = gen.submit_every().empty() ? 0 : *parse_duration(gen.submit_every());
    const std::int64_t first = gen.has_first() ? gen.first() : 1;
    std::string unused;
    s.mutable_jobs()->Reserve(s.jobs_size() + gen.count());
    for (int k = 0; k < gen.count(); ++k) {
      Job* job = s.add_jobs();
      *job = gen.job();
      job->set_name(*generated_name(gen.name(), first + k, &unused));
    }
    if (timed) {
      s.mutable_timeline()->Reserve(s.timeline_size() + gen.count());
      for (int k = 0; k < gen.count(); ++k) {
        TimelineEvent* e = s.add_timeline();
        e->set_at(format_duration(at + k * every));
        e->mutable_submit_job()->set_job(s.jobs(range.first_job + k).name());
      }
      range.events = gen.count();
    }
    ranges.push_back(range);
  }
  s.clear_generate();
  loaded->generated = std::move(ranges);
}

}  // namespace portolan::scenario
