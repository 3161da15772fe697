// Nodes of a cluster snapshot as explicit scenario nodes.
//
// Input: the JSON of `GET /v1/nodes?resources=true` (a list of node stubs) or `GET /v1/node/:id`
// (one node), a file or a directory of such files (read in name order). Each ready node becomes
// a pool of one node that keeps the node's name (NodePool.node_names): datacenter, node class,
// attributes and meta, NodeResources (cpu shares, memory, disk, dynamic port range, host
// networks and their addresses), ReservedResources (cpu, memory, disk, reserved host ports),
// the drivers detected and healthy, the CNI plugins fingerprinted (plugins.cni.version.NAME)
// and a Consul agent when the node fingerprints Consul (consul.version). A node down or
// ineligible, and a node pool other than default, are warnings: portolan's nodes start ready
// and eligible.
#ifndef PORTOLAN_IMPORTERS_NODE_JSON_H_
#define PORTOLAN_IMPORTERS_NODE_JSON_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "importers/import_warning.h"
#include "scenarios/scenario.pb.h"

namespace portolan::importers {

struct ImportedNodes {
  std::vector<scenario::NodePool> pools;
  std::vector<ImportWarning> warnings;
};

// One document (a node or a list of nodes) from `file`.
ImportedNodes nodes_from_api_json(const nlohmann::json& doc, const std::string& file);

// A file or every *.json file of a directory; throws ImportError when unreadable.
ImportedNodes nodes_from_path(const std::string& path);

}  // namespace portolan::importers

#endif  // PORTOLAN_IMPORTERS_NODE_JSON_H_
