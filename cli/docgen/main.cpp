// sipsurv-docgen: writes the man page and the shell completions from the CLI
// definition (describe_command_line()) and the project's tables, at build
// time. Deliberately CLI11-free: its own command line is fixed and tiny.
#include "cli/command_options.hpp"
#include "cli/docgen/completions.hpp"
#include "cli/docgen/listing.hpp"
#include "cli/docgen/man_page.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace sipsurv::cli::docgen;

constexpr const char* k_usage = "usage: sipsurv-docgen man TEMPLATE OUTPUT | bash|zsh|fish OUTPUT | "
                                "list commands|options|findings|exit-codes|limits";

int
usage_error(const std::string& what)
{
  fmt::print(stderr, "sipsurv-docgen: {}\n{}\n", what, k_usage);
  return 64;
}

bool
read_file(const std::string& path, std::string& out)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return false;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  out = buf.str();
  return static_cast<bool>(in) || in.eof();
}

// Writes `text` to `path` through a temporary file, so a failed run never
// leaves a half-written page that the build would then consider current.
int
write_file(const std::string& path, const std::string& text)
{
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      fmt::print(stderr, "sipsurv-docgen: cannot write {}\n", tmp);
      return 1;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    fmt::print(stderr, "sipsurv-docgen: cannot rename {} to {}\n", tmp, path);
    return 1;
  }
  return 0;
}

ManInputs
inputs()
{
  return ManInputs{sipsurv::cli::describe_command_line(), sipsurv::cli::k_exit_codes,
                   sipsurv::report::finding_catalogue(), sipsurv::limits::k_limit_table, SIPSURV_VERSION};
}

} // namespace

int
main(int argc, char** argv)
{
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 3 && args[0] == "man") {
    std::string tmpl;
    if (!read_file(args[1], tmpl)) {
      return usage_error(fmt::format("cannot read the template {}", args[1]));
    }
    const auto page = render_man_page(tmpl, inputs());
    if (!page) {
      fmt::print(stderr, "sipsurv-docgen: {}: {}\n", args[1], page.error().message);
      return 1;
    }
    return write_file(args[2], *page);
  }
  if (args.size() == 2 && (args[0] == "bash" || args[0] == "zsh" || args[0] == "fish")) {
    const auto cli = sipsurv::cli::describe_command_line();
    const std::string text = args[0] == "bash" ? bash_completion(cli)
      : args[0] == "zsh"                       ? zsh_completion(cli)
                                               : fish_completion(cli);
    return write_file(args[1], text);
  }
  if (args.size() == 2 && args[0] == "list") {
    const auto text = listing(args[1], inputs());
    if (!text) {
      return usage_error(fmt::format("unknown list '{}'", args[1]));
    }
    fmt::print("{}", *text);
    return 0;
  }
  return usage_error(args.empty() ? "no arguments" : fmt::format("bad arguments starting with '{}'", args[0]));
}
