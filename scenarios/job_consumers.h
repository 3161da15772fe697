// The consumers a scenario runs: its `consumers` entries and those its jobs imply.
//
// A task consumes a service without a `consumers` entry when its job says so:
//   - `templates { service: X }` on the task: path "template";
//   - an upstream to X in a `sidecar_service` of the task's group: path "connect", for the tasks
//     of the group whose env references ${NOMAD_UPSTREAM_ADDR_X}, or for every task of the group
//     when none does (the sidecar listens on the allocation's localhost for all its tasks);
//   - ${NOMAD_UPSTREAM_ADDR_X} in the task's env: path "connect" (the validator rejects it when
//     the group has no such upstream);
//   - ${NOMAD_ADDR_<label>} in the task's env: path "env", for each service of the task's own
//     group that advertises port <label>.
// A derived consumer requests 1 per second (Consumer.request_rate_per_s's default) and is named
// "<job>.<group>.<task>-><service>/<path>". An explicit entry with the same (job, group, task,
// service, path) replaces it: its name and rate win, and there is one consumer, not two.
//
// Order (it reaches the results and the discovery stream's draws): the explicit entries in file
// order, then the derived ones not replaced, by job, group, task, then templates, upstreams and
// env references (env keys in sorted order). The functions tolerate an invalid scenario (the
// validator calls them before it knows the names resolve).
#ifndef PORTOLAN_SCENARIOS_JOB_CONSUMERS_H_
#define PORTOLAN_SCENARIOS_JOB_CONSUMERS_H_

#include <string>
#include <vector>

#include "scenarios/loader.h"
#include "scenarios/scenario.pb.h"

namespace portolan::scenario {

struct RunConsumer {
  Consumer consumer;  // request_rate_per_s set, for derived ones too
  bool derived = false;
  int explicit_index = -1;  // its index in Scenario.consumers when explicit
  FieldPath source;         // what makes it a consumer: the consumers entry, or the task's field
  std::string source_what;  // derived: e.g. `template "redis"`, `env DB_ADDR`; "" when explicit
};

// "<job>.<group>.<task>-><service>/<path>".
std::string derived_consumer_name(const Consumer& c);

// The references ${NOMAD_ADDR_<x>} (upstream = false) or ${NOMAD_UPSTREAM_ADDR_<x>}
// (upstream = true) in one env value, each <x> once, in order of appearance.
std::vector<std::string> env_references(const std::string& value, bool upstream);

// Nomad's name cleaning for env variable names (helper.CleanEnvVar(name, '_')): every byte but
// [A-Za-z0-9_] becomes '_'. ${NOMAD_UPSTREAM_ADDR_<x>} matches a destination by its name or its
// cleaned name, as client/taskenv/env.go buildUpstreamsEnv sets both.
std::string clean_env_name(const std::string& name);

// Every consumer of the run, explicit first (see above).
std::vector<RunConsumer> run_consumers(const Scenario& s);

}  // namespace portolan::scenario

#endif  // PORTOLAN_SCENARIOS_JOB_CONSUMERS_H_
