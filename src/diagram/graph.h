#pragma once
/// A small graph model for `snr diagram`: nodes in nested clusters and labelled edges.
/// Built from the synthesized templates (diagram/from_templates.h), written as DOT or
/// Mermaid (diagram/render.h).

#include <optional>
#include <string>
#include <vector>

namespace snr::diagram {

/// What a node stands for; renderers pick a shape from it.
enum class Kind { external, network, compute, process, storage, service, monitoring, security };

struct Node {
  std::string id;  ///< [A-Za-z0-9_] only (both formats take it as is)
  std::string label;
  Kind kind = Kind::service;
  std::string cluster;  ///< "" = top level
};

struct Edge {
  std::string from;
  std::string to;
  std::string label;
  bool dashed = false;  ///< an access by API (IAM), not a network path
};

struct Cluster {
  std::string id;
  std::string label;
  std::string parent;  ///< "" = top level
};

struct Graph {
  std::string title;
  std::vector<Cluster> clusters;
  std::vector<Node> nodes;
  std::vector<Edge> edges;

  /// Adds (or, for an id already present, keeps the first).
  void add_cluster(Cluster c);
  void add_node(Node n);
  /// Adds unless the same from/to/label is there already.
  void add_edge(Edge e);

  const Node* node(const std::string& id) const;
  const Cluster* cluster(const std::string& id) const;
  /// The edge from → to whose label contains `label_part`, if any.
  const Edge* edge(const std::string& from, const std::string& to,
                   const std::string& label_part = "") const;
  /// True when `node_id` sits in `cluster_id` or in a cluster nested in it.
  bool inside(const std::string& node_id, const std::string& cluster_id) const;
};

}  // namespace snr::diagram
