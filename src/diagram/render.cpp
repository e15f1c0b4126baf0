#include "diagram/render.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/error.h"
#include "util/strings.h"

extern char** environ;

namespace snr::diagram {
namespace {

std::string dot_escape(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (ch == '\n') {
      out += "\\n";
    } else {
      out += ch;
    }
  }
  return out;
}

const char* dot_style(Kind k) {
  switch (k) {
    case Kind::external:
      return "shape=ellipse, style=filled, fillcolor=\"#f2f2f2\"";
    case Kind::network:
      return "shape=box, style=filled, fillcolor=\"#d9e8fb\"";
    case Kind::compute:
      return "shape=box, style=\"rounded,filled\", fillcolor=\"#ffe6cc\"";
    case Kind::process:
      return "shape=box, style=\"rounded,filled\", fillcolor=\"#fff2cc\"";
    case Kind::storage:
      return "shape=cylinder, style=filled, fillcolor=\"#d5e8d4\"";
    case Kind::service:
      return "shape=box, style=\"rounded,filled\", fillcolor=\"#e1d5e7\"";
    case Kind::monitoring:
      return "shape=note, style=filled, fillcolor=\"#f8cecc\"";
    case Kind::security:
      return "shape=hexagon, style=filled, fillcolor=\"#fad9d5\"";
  }
  return "shape=box";
}

void dot_cluster(const Graph& g, const std::string& parent, int depth, std::ostringstream& o) {
  const std::string indent(static_cast<std::size_t>(depth) * 2 + 2, ' ');
  for (const auto& n : g.nodes) {
    if (n.cluster != parent) continue;
    o << indent << n.id << " [label=\"" << dot_escape(n.label) << "\", " << dot_style(n.kind)
      << "];\n";
  }
  for (const auto& c : g.clusters) {
    if (c.parent != parent) continue;
    o << indent << "subgraph cluster_" << c.id << " {\n"
      << indent << "  label=\"" << dot_escape(c.label) << "\";\n"
      << indent << "  style=\"rounded,dashed\"; color=\"#7f7f7f\"; fontname=\"Helvetica\";\n";
    dot_cluster(g, c.id, depth + 1, o);
    o << indent << "}\n";
  }
}

std::string mermaid_label(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '"')
      out += "#quot;";
    else if (ch == '\n')
      out += "<br/>";
    else
      out += ch;
  }
  return out;
}

std::string mermaid_shape(const Node& n) {
  const std::string l = "\"" + mermaid_label(n.label) + "\"";
  switch (n.kind) {
    case Kind::external:
      return n.id + "([" + l + "])";
    case Kind::storage:
      return n.id + "[(" + l + ")]";
    case Kind::security:
      return n.id + "{{" + l + "}}";
    case Kind::process:
    case Kind::service:
      return n.id + "(" + l + ")";
    default:
      return n.id + "[" + l + "]";
  }
}

void mermaid_cluster(const Graph& g, const std::string& parent, int depth, std::ostringstream& o) {
  const std::string indent(static_cast<std::size_t>(depth) * 2 + 2, ' ');
  for (const auto& n : g.nodes)
    if (n.cluster == parent) o << indent << mermaid_shape(n) << "\n";
  for (const auto& c : g.clusters) {
    if (c.parent != parent) continue;
    o << indent << "subgraph " << c.id << " [\"" << mermaid_label(c.label) << "\"]\n";
    mermaid_cluster(g, c.id, depth + 1, o);
    o << indent << "end\n";
  }
}

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (!path) return false;
  for (const auto& dir : util::split(path, ':')) {
    if (dir.empty()) continue;
    std::string f = std::string(dir) + "/" + program;
    if (::access(f.c_str(), X_OK) == 0) return true;
  }
  return false;
}

}  // namespace

std::string to_dot(const Graph& g) {
  std::ostringstream o;
  o << "digraph snr {\n"
    << "  graph [rankdir=LR, compound=true, newrank=true, nodesep=0.35, ranksep=0.7, "
       "forcelabels=true, fontname=\"Helvetica\", fontsize=12, labelloc=t, label=\""
    << dot_escape(g.title) << "\"];\n"
    << "  node [fontname=\"Helvetica\", fontsize=11];\n"
    << "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];\n";
  dot_cluster(g, "", 0, o);
  for (const auto& e : g.edges) {
    // API calls (dashed) take external labels, which Graphviz places after routing so they
    // do not pile up where many such edges leave the agent.
    o << "  " << e.from << " -> " << e.to << " [" << (e.dashed ? "xlabel" : "label") << "=\""
      << dot_escape(e.label) << "\"";
    if (e.dashed) o << ", style=dashed, fontcolor=\"#7f7f7f\"";
    o << "];\n";
  }
  o << "}\n";
  return o.str();
}

std::string to_mermaid(const Graph& g) {
  std::ostringstream o;
  o << "---\ntitle: " << g.title << "\n---\nflowchart LR\n";
  mermaid_cluster(g, "", 0, o);
  for (const auto& e : g.edges) {
    o << "  " << e.from << (e.dashed ? " -.->" : " -->");
    if (!e.label.empty()) o << "|\"" << mermaid_label(e.label) << "\"|";
    o << " " << e.to << "\n";
  }
  return o.str();
}

void run_dot(const std::string& dot_text, const std::string& format,
             const std::filesystem::path& out) {
  if (!on_path("dot"))
    throw Failure("--format " + format +
                  " needs Graphviz's `dot`, which is not on PATH: install the graphviz package "
                  "(Debian/Ubuntu: apt-get install graphviz), or use --format dot or mermaid");
  std::filesystem::path in = out;
  in += ".dot.tmp";
  {
    std::ofstream f(in, std::ios::binary | std::ios::trunc);
    f << dot_text;
    if (!f) throw Failure("cannot write " + in.string());
  }
  std::vector<std::string> args = {"dot", "-T" + format, "-o", out.string(), in.string()};
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = ::posix_spawnp(&pid, "dot", nullptr, nullptr, argv.data(), environ);
  if (rc != 0) {
    std::filesystem::remove(in);
    throw Failure("cannot run dot: " + std::string(std::strerror(rc)));
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  std::filesystem::remove(in);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw Failure("dot -T" + format + " failed (exit " +
                  std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")");
}

}  // namespace snr::diagram
