#include "cli/help_text.hpp"

#include "cli/render/wrap.hpp"

#include <fmt/format.h>

namespace sipsurv::cli {
namespace {

constexpr std::size_t k_label_column = 28; // where descriptions start

std::string
label_of(const OptionDoc& o)
{
  if (o.positional) {
    return o.repeatable ? o.name + "..." : o.name;
  }
  std::string label = o.short_name.empty() ? "    " + o.name : o.short_name + ", " + o.name;
  if (!o.value_name.empty()) {
    label += " " + o.value_name;
  }
  return label;
}

std::string
description_of(const OptionDoc& o)
{
  std::string d = o.help;
  if (!o.choices.empty()) {
    d += fmt::format(" ({})", fmt::join(o.choices, ", "));
  }
  if (!o.default_value.empty()) {
    d += fmt::format(" [default: {}]", o.default_value);
  }
  if (o.repeatable && !o.positional) {
    d += " [repeatable]";
  }
  return d;
}

// "  LABEL   description…" with the description wrapped under its column;
// a label too wide for the column gets the description on the next line.
std::string
entry(const std::string& label, const std::string& description, std::size_t width)
{
  const std::string head = "  " + label;
  if (columns(head) + 2 <= k_label_column) {
    const std::string first = head + std::string(k_label_column - columns(head), ' ');
    return wrap(description, width, first, k_label_column) + "\n";
  }
  return head + "\n" + wrap(description, width, std::string(k_label_column, ' '), k_label_column) + "\n";
}

} // namespace

std::string
main_help(const CliDoc& cli, std::size_t width)
{
  std::string out = wrap("sipsurv: does a SIP site survive the loss of a server? DNS SRV failover and "
                         "survivability diagnostics, as the desk phone sees them.",
                         width, "", 0) +
    "\n\nUsage: sipsurv COMMAND [OPTIONS] [PHONE SETTINGS] [DOMAIN]\n"
    "       sipsurv --help | --version\n\nCommands:\n";
  for (const auto& c : cli.commands) {
    out += entry(c.name, c.summary, width);
  }
  out += "\nOptions:\n";
  out += entry("-h, --help", "Print help (for sipsurv or the command it follows) and exit", width);
  out += entry("-V, --version", "Print the version of sipsurv and of c-ares, OpenSSL and sofia-sip, then exit", width);
  for (const auto& o : cli.global_options) {
    out += entry(label_of(o), description_of(o), width);
  }
  out += "\n" +
    wrap("'sipsurv COMMAND --help' lists a command's options and the phone settings it takes; "
         "'man sipsurv' has every option, finding, exit status and output field.",
         width, "", 0) +
    "\n";
  return out;
}

std::string
command_help(const CommandDoc& command, std::size_t width)
{
  std::string positionals;
  for (const auto& o : command.options) {
    if (o.positional) {
      positionals += " " + label_of(o);
    }
  }
  std::string out = wrap(command.summary, width, "", 0) + "\n\n";
  out +=
    wrap(fmt::format("Usage: sipsurv {} [OPTIONS] [PHONE SETTINGS]{}", command.name, positionals), width, "", 7) + "\n";
  std::string current_group;
  for (const auto& o : command.options) {
    const std::string group = o.positional ? std::string("Arguments") : o.group;
    if (group != current_group) {
      out += "\n" + group + ":\n";
      current_group = group;
      if (group == OptionDoc::k_command_group) {
        out += entry("-h, --help", "Print this help and exit", width);
      }
    }
    out += entry(label_of(o), description_of(o), width);
  }
  return out;
}

} // namespace sipsurv::cli
