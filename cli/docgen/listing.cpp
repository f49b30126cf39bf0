#include "cli/docgen/listing.hpp"

#include <fmt/format.h>

namespace sipsurv::cli::docgen {
namespace {

std::string_view
kind(const OptionDoc& o)
{
  if (o.positional) {
    return "positional";
  }
  if (o.value_name.empty()) {
    return "flag";
  }
  switch (o.path) {
  case OptionDoc::Path::directory:
    return "directory";
  case OptionDoc::Path::existing_file:
  case OptionDoc::Path::output_file:
    return "file";
  case OptionDoc::Path::none:
    break;
  }
  return "value";
}

std::string
option_rows(std::string_view scope, const std::vector<OptionDoc>& options)
{
  std::string out;
  for (const auto& o : options) {
    out += fmt::format("{}\t{}\t{}\t{}\n", scope, o.name, kind(o), fmt::join(o.choices, " "));
  }
  return out;
}

} // namespace

std::optional<std::string>
listing(std::string_view what, const ManInputs& in)
{
  std::string out;
  if (what == "commands") {
    for (const auto& c : in.cli.commands) {
      out += c.name + "\n";
    }
  } else if (what == "options") {
    out += option_rows("-", in.cli.global_options);
    for (const auto& c : in.cli.commands) {
      out += option_rows(c.name, c.options);
    }
  } else if (what == "phone-settings") {
    for (const auto& p : in.cli.phone_settings) {
      out += fmt::format("{}\t{}\t{}\t{}\n", p.option.name, kind(p.option), fmt::join(p.option.choices, " "),
                         fmt::join(p.commands, " "));
    }
  } else if (what == "findings") {
    for (const auto& f : in.findings) {
      out += fmt::format("{}\t{}\n", f.id, report::to_string(f.severity));
    }
  } else if (what == "exit-codes") {
    for (const auto& c : in.exit_codes) {
      out += fmt::format("{}\t{}\n", to_int(c.code), c.name);
    }
  } else if (what == "limits") {
    for (const auto& l : in.limits) {
      out += fmt::format("{}\t{}\n", l.name, l.value);
    }
  } else {
    return std::nullopt;
  }
  return out;
}

} // namespace sipsurv::cli::docgen
