// Resolves a validated scenario (defaults applied) into the engine's Model.
//
// This is where Nomad's job-submit mutations happen (nomad/job_endpoint_hooks.go): a Connect
// sidecar service adds its proxy task "connect-proxy-<service>" (250 MHz, 128 MB; driver
// docker; constraints ${attr.consul.version} semver ">= 1.8.0" and ${attr.consul.grpc} > 0)
// and a dynamic port "connect-proxy-<service>" mapped to -1 (job_endpoint_hook_connect.go
// newConnectSidecarTask, connectSidecarResources, injectPort). A node's Consul agent shows as
// the attributes consul.version and consul.grpc, as Nomad's Consul fingerprint sets them.
#ifndef PORTOLAN_MODELS_SPEC_MODEL_BUILDER_H_
#define PORTOLAN_MODELS_SPEC_MODEL_BUILDER_H_

#include "models/spec/model.h"
#include "scenarios/scenario.pb.h"

namespace portolan::models {

// Throws std::invalid_argument naming the offending path when the scenario refers to
// something that does not exist (the validator reports these first).
Model build_model(const scenario::Scenario& scenario);

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_SPEC_MODEL_BUILDER_H_
