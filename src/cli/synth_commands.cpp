#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/env_option.h"
#include "infra/names.h"
#include "infra/operator_policy.h"
#include "infra/synth.h"
#include "util/error.h"

namespace snr::cli {
namespace {

void print_nag(const cfn::nag::Report& r, const std::string& id, std::ostream& out) {
  out << r.stack << " (" << id << ")\n";
  for (const auto& f : r.findings) {
    out << "  "
        << (f.suppressed ? "suppressed "
                         : (f.level == cfn::nag::Level::error ? "ERROR      " : "warning    "))
        << f.rule_id << " " << f.resource;
    if (!f.finding_id.empty()) out << " [" << f.finding_id << "]";
    out << ": " << (f.suppressed ? f.reason : f.info) << '\n';
  }
  for (const auto& e : r.suppression_errors)
    out << "  ERROR      " << e << '\n';
  for (const auto& w : r.suppression_warnings)
    out << "  warning    " << w << '\n';
  out << "  " << r.unsuppressed_errors() << " error(s), " << r.suppressed() << " suppressed\n";
}

}  // namespace

void add_synth_commands(CLI::App& app, Io io) {
  // snr synth [STACK_ID ...] [--env FILE] [--out DIR]
  CLI::App* synth = app.add_subcommand(
      "synth", "Write the CloudFormation templates and manifest.json (checks them with `snr nag`)");
  auto synth_env = add_env_option(synth);
  auto ids = std::make_shared<std::vector<std::string>>();
  auto out_dir = std::make_shared<std::string>("snr.out");
  synth->add_option("stack_ids", *ids,
                    "stacks-common, stacks-single-node, stacks-ha-nodes (default: all that apply)");
  synth->add_option("--out", *out_dir, "Output directory")->capture_default_str();
  synth->callback([synth_env, ids, out_dir, io] {
    if (std::error_code ec;
        std::filesystem::exists(*out_dir, ec) && !std::filesystem::is_directory(*out_dir, ec)) {
      throw UserError("--out", *out_dir +
                                   " exists and is not a directory; allowed: a directory "
                                   "(created when missing)");
    }
    config::Config c = load_config(*synth_env, io);
    infra::Synthesis s = infra::synthesize(c, *ids);
    if (!s.nag_ok()) {
      for (const auto& a : s.stacks)
        if (!a.nag.ok()) print_nag(a.nag, a.id, io.err);
      io.err << "error: the templates break nag rules (nothing written)\n";
      throw ExitWith{1};
    }
    infra::write_synthesis(s, *out_dir);
    for (const auto& [id, why] : s.skipped)
      io.err << "note: skipped " << id << ": " << why << '\n';
    for (const auto& a : s.stacks)
      io.out << (std::filesystem::path(*out_dir) / a.file).string() << "  (" << a.name << ", "
             << a.nag.suppressed() << " nag suppressions)\n";
    io.out << (std::filesystem::path(*out_dir) / "manifest.json").string() << '\n';
  });

  // snr list [--env FILE]
  CLI::App* list = app.add_subcommand("list", "Print the stack ids and stack names of this config");
  auto list_env = add_env_option(list);
  list->callback([list_env, io] {
    config::Config c = load_config(*list_env, io);
    std::vector<std::string> ids = infra::applicable_stack_ids(c);
    for (const auto& id : ids)
      io.out << id << '\t' << infra::stack_name(id, c) << '\n';
    if (ids.size() < infra::all_stack_ids().size())
      io.err << "note: stacks-ha-nodes is for followers only (this is a " << node::to_string(c.role)
             << ")\n";
  });

  // snr iam-policy [--env FILE]
  CLI::App* iam = app.add_subcommand(
      "iam-policy",
      "Print the least-privilege IAM policy to deploy, diff, status and destroy this config");
  auto iam_env = add_env_option(iam);
  iam->callback([iam_env, io] {
    config::Config c = load_config(*iam_env, io);
    std::vector<cfn::Json> parts = infra::operator_policy_parts(c);
    io.out << cfn::Json(parts).dump(2) << '\n';
    io.err << "note: " << parts.size() << " policy document(s) (a managed policy holds at most "
           << infra::kManagedPolicyMaxChars
           << " characters); create one managed policy from each and attach them all, e.g. "
              "snr iam-policy | jq '.[0]' > snr-operator-1.json (docs/iam.md)\n";
  });

  // snr nag [--env FILE]
  CLI::App* nag = app.add_subcommand(
      "nag", "Check the templates against the rule pack; exit 1 on an unsuppressed error");
  auto nag_env = add_env_option(nag);
  nag->callback([nag_env, io] {
    config::Config c = load_config(*nag_env, io);
    infra::Synthesis s = infra::synthesize(c, {});
    std::size_t errors = 0, suppressed = 0;
    for (const auto& a : s.stacks) {
      print_nag(a.nag, a.id, io.out);
      errors += a.nag.unsuppressed_errors() + a.nag.suppression_errors.size();
      suppressed += a.nag.suppressed();
    }
    io.out << "total: " << errors << " error(s), " << suppressed << " suppressed finding(s) in "
           << s.stacks.size() << " stack(s), " << cfn::nag::rules().size() << " rules\n";
    if (errors) throw ExitWith{1};
  });
}

}  // namespace snr::cli
