#pragma once
/// A Graph as text: Graphviz DOT (for `dot -Tsvg|-Tpng`) and Mermaid (a flowchart for
/// READMEs); and running Graphviz's `dot` for SVG and PNG.

#include <filesystem>
#include <string>

#include "diagram/graph.h"

namespace snr::diagram {

std::string to_dot(const Graph& g);
std::string to_mermaid(const Graph& g);

/// Runs `dot -T<format> -o <out>` (format "svg" or "png") on the DOT text. Throws
/// snr::Failure naming the Debian package (graphviz) when `dot` is not on PATH, or with
/// dot's own message when it fails.
void run_dot(const std::string& dot_text, const std::string& format,
             const std::filesystem::path& out);

}  // namespace snr::diagram
