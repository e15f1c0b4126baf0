#include "diagram/graph.h"

#include <algorithm>

namespace snr::diagram {

void Graph::add_cluster(Cluster c) {
  if (!cluster(c.id)) clusters.push_back(std::move(c));
}

void Graph::add_node(Node n) {
  if (!node(n.id)) nodes.push_back(std::move(n));
}

void Graph::add_edge(Edge e) {
  for (const auto& x : edges)
    if (x.from == e.from && x.to == e.to && x.label == e.label) return;
  edges.push_back(std::move(e));
}

const Node* Graph::node(const std::string& id) const {
  auto it = std::find_if(nodes.begin(), nodes.end(), [&](const Node& n) { return n.id == id; });
  return it == nodes.end() ? nullptr : &*it;
}

const Cluster* Graph::cluster(const std::string& id) const {
  auto it =
      std::find_if(clusters.begin(), clusters.end(), [&](const Cluster& c) { return c.id == id; });
  return it == clusters.end() ? nullptr : &*it;
}

const Edge* Graph::edge(const std::string& from, const std::string& to,
                        const std::string& label_part) const {
  for (const auto& e : edges)
    if (e.from == from && e.to == to && e.label.find(label_part) != std::string::npos) return &e;
  return nullptr;
}

bool Graph::inside(const std::string& node_id, const std::string& cluster_id) const {
  const Node* n = node(node_id);
  if (!n) return false;
  std::string c = n->cluster;
  for (int depth = 0; !c.empty() && depth < 32; ++depth) {
    if (c == cluster_id) return true;
    const Cluster* p = cluster(c);
    c = p ? p->parent : std::string();
  }
  return false;
}

}  // namespace snr::diagram
