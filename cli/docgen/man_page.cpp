#include "cli/docgen/man_page.hpp"

#include "cli/docgen/roff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <vector>

namespace sipsurv::cli::docgen {
namespace {

constexpr std::string_view k_directive = ".\\\" @";

std::vector<std::string_view>
split_lines(std::string_view text)
{
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    lines.push_back(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
  }
  return lines;
}

std::string
replace_all(std::string s, std::string_view from, std::string_view to)
{
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
  return s;
}

const CommandDoc*
find_command(const CliDoc& cli, std::string_view name)
{
  const auto it =
    std::find_if(cli.commands.begin(), cli.commands.end(), [&](const CommandDoc& c) { return c.name == name; });
  return it == cli.commands.end() ? nullptr : &*it;
}

std::string
option_heading(const OptionDoc& o)
{
  if (o.positional) {
    return roff_italic(o.name);
  }
  std::string head = o.short_name.empty() ? roff_bold(o.name) : roff_bold(o.short_name) + ", " + roff_bold(o.name);
  if (!o.value_name.empty()) {
    head += " " + roff_italic(o.value_name);
  }
  return head;
}

std::string
option_body(const OptionDoc& o)
{
  std::string body = roff_text(sentence(o.help)) + "\n";
  if (!o.choices.empty()) {
    std::vector<std::string> values;
    for (const auto& c : o.choices) {
      values.push_back(roff_bold(c));
    }
    body += fmt::format("Allowed values: {}.\n", fmt::join(values, ", "));
  }
  if (!o.default_value.empty()) {
    body += fmt::format("Default: {}.\n", roff_bold(o.default_value));
  }
  switch (o.path) {
  case OptionDoc::Path::existing_file:
    body += "The file must exist and be readable.\n";
    break;
  case OptionDoc::Path::directory:
    body += "The directory must exist.\n";
    break;
  case OptionDoc::Path::output_file:
    body += "The file is created or replaced.\n";
    break;
  case OptionDoc::Path::none:
    break;
  }
  if (o.repeatable) {
    body += "May be given more than once.\n";
  }
  return body;
}

std::string
command_synopsis(const CommandDoc& c)
{
  std::string out = ".SY sipsurv\n" + fmt::format(".B {}\n", roff_literal(c.name));
  bool has_options = false;
  for (const auto& o : c.options) {
    has_options = has_options || !o.positional;
  }
  if (has_options) {
    out += ".RI [ option ]...\n";
  }
  out += ".RI [ phone-setting ]...\n";
  for (const auto& o : c.options) {
    if (o.positional) {
      out += fmt::format(".I {}{}\n", roff_literal(o.name), o.repeatable ? " ..." : "");
    }
  }
  return out + ".YS\n";
}

// The generic section for a command that has no prose in the template.
std::string
plain_command_section(const CommandDoc& c)
{
  return fmt::format(".SS \"sipsurv {0}\"\n{1}.PP\n{2}\n.PP\nOptions of\n.BR \"sipsurv {0}\" :\n{3}",
                     roff_literal(c.name), command_synopsis(c), roff_text(sentence(c.summary)),
                     man_command_options(c.options));
}

struct Renderer {
  const ManInputs& in;
  std::set<std::string> with_prose; // commands whose OPTIONS a block emits (from a first pass)
  std::set<std::string> documented; // commands whose OPTIONS were emitted so far
  std::set<std::string> seen_parts;

  Result<std::string> generated(std::string_view part, const CommandDoc* command)
  {
    seen_parts.insert(std::string(part));
    if (part == "SYNOPSIS") {
      return man_synopsis(in.cli);
    }
    if (part == "PHONE_SETTINGS") {
      return man_phone_settings(in.cli.phone_settings);
    }
    if (part == "EXIT_STATUS") {
      return man_exit_status(in.exit_codes);
    }
    if (part == "FINDINGS") {
      return man_findings(in.findings);
    }
    if (part == "LIMITS") {
      return man_limits(in.limits);
    }
    if (part == "COMMAND_SYNOPSIS" || part == "OPTIONS") {
      if (command == nullptr) {
        return fail(Errc::usage, fmt::format("@generated {} outside an @if-command block", part));
      }
      if (part == "COMMAND_SYNOPSIS") {
        return command_synopsis(*command);
      }
      documented.insert(command->name);
      return man_command_options(command->options);
    }
    if (part == "OTHER_COMMANDS") {
      std::string out;
      for (const auto& c : in.cli.commands) {
        if (!with_prose.contains(c.name)) {
          out += plain_command_section(c);
        }
      }
      return out;
    }
    return fail(Errc::usage, fmt::format("unknown part '@generated {}'", part));
  }
};

} // namespace

std::string
man_synopsis(const CliDoc& cli)
{
  std::string out = ".SY sipsurv\n.B \\-\\-version\n.YS\n.SY sipsurv\n.RB [ \\-\\-help ]\n.YS\n";
  for (const auto& c : cli.commands) {
    out += command_synopsis(c);
  }
  return out;
}

std::string
man_options(std::span<const OptionDoc> options)
{
  std::string out;
  for (const auto& o : options) {
    out += fmt::format(".TP\n{}\n{}", option_heading(o), option_body(o));
  }
  return out;
}

std::string
man_command_options(std::span<const OptionDoc> options)
{
  std::string out;
  std::vector<std::string> settings;
  for (const auto& o : options) {
    if (o.group == OptionDoc::k_phone_group) {
      settings.push_back(roff_bold(o.name));
    } else {
      out += fmt::format(".TP\n{}\n{}", option_heading(o), option_body(o));
    }
  }
  if (!settings.empty()) {
    out += fmt::format(".TP\n{}\n{}\n(see\n.BR \"PHONE SETTINGS\" ).\n", roff_italic("phone settings"),
                       fmt::join(settings, ",\n"));
  }
  return out;
}

std::string
man_phone_settings(std::span<const SettingDoc> settings)
{
  std::string out;
  for (const auto& s : settings) {
    out += fmt::format(".TP\n{}\n{}", option_heading(s.option), option_body(s.option));
    if (!s.web_label.empty()) {
      out += fmt::format("Web interface: {} ({}).\n", roff_text(s.web_label), roff_text(s.web_path));
    } else {
      out += "Not a phone setting: what sipsurv is told about the site.\n";
    }
    std::vector<std::string> commands;
    for (const auto& c : s.commands) {
      commands.push_back(roff_bold(c));
    }
    out += fmt::format("Taken by: {}.\n", fmt::join(commands, ", "));
  }
  return out;
}

std::string
man_exit_status(std::span<const ExitCodeInfo> codes)
{
  std::string out;
  for (const auto& c : codes) {
    out += fmt::format(".TP\n.B {}\n{}: {}\n", to_int(c.code), roff_bold(c.name), roff_text(c.meaning));
  }
  return out;
}

std::string
man_findings(std::span<const report::FindingInfo> findings)
{
  std::string out;
  for (const auto& f : findings) {
    out += fmt::format(".TP\n{} ({})\n{}\n.br\n\\fIFix:\\fR {}\n", roff_bold(f.id), report::to_string(f.severity),
                       roff_text(f.meaning), roff_text(f.hint));
  }
  return out;
}

std::string
man_limits(std::span<const limits::LimitInfo> limits)
{
  std::string out;
  for (const auto& l : limits) {
    out +=
      fmt::format(".TP\n{} = {} {}\n{}\n", roff_bold(l.name), l.value, roff_text(l.unit), roff_text(l.description));
  }
  return out;
}

namespace {

Result<std::string>
fill(std::string_view tmpl, const ManInputs& in, Renderer& r)
{
  std::string out;
  const CommandDoc* block = nullptr; // inside an @if-command block
  bool in_block = false;
  bool skipping = false;
  std::size_t line_no = 0;
  for (const std::string_view line : split_lines(tmpl)) {
    ++line_no;
    const auto where = [&](std::string_view what) {
      return fail(Errc::usage, fmt::format("man page template line {}: {}", line_no, what));
    };
    if (!line.starts_with(k_directive)) {
      if (!skipping) {
        out += replace_all(std::string(line), "@VERSION@", in.version);
        out += '\n';
      }
      continue;
    }
    const std::string_view directive = line.substr(k_directive.size());
    const auto space = directive.find(' ');
    const std::string_view verb = directive.substr(0, space);
    const std::string_view arg = space == std::string_view::npos ? std::string_view{} : directive.substr(space + 1);
    if (verb == "if-command") {
      if (in_block) {
        return where("@if-command inside another @if-command block");
      }
      in_block = true;
      block = find_command(in.cli, arg);
      skipping = block == nullptr;
    } else if (verb == "end-if") {
      if (!in_block) {
        return where("@end-if without @if-command");
      }
      in_block = false;
      skipping = false;
      block = nullptr;
    } else if (verb == "generated") {
      if (in_block && skipping) {
        continue;
      }
      auto part = r.generated(arg, block);
      if (!part) {
        return where(part.error().message);
      }
      out += *part;
    } else {
      return where(fmt::format("unknown directive '@{}'", verb));
    }
  }
  if (in_block) {
    return fail(Errc::usage, "man page template: @if-command block not closed with @end-if");
  }
  for (const std::string_view required :
       {"SYNOPSIS", "PHONE_SETTINGS", "EXIT_STATUS", "FINDINGS", "LIMITS", "OTHER_COMMANDS"}) {
    if (!r.seen_parts.contains(std::string(required))) {
      return fail(Errc::usage, fmt::format("man page template lacks '.\\\" @generated {}'", required));
    }
  }
  return out;
}

} // namespace

Result<std::string>
render_man_page(std::string_view tmpl, const ManInputs& in)
{
  // Two passes, so OTHER_COMMANDS may stand anywhere: the first only learns
  // which commands have prose blocks.
  Renderer first{in, {}, {}, {}};
  if (auto probe = fill(tmpl, in, first); !probe) {
    return probe;
  }
  Renderer second{in, first.documented, {}, {}};
  auto page = fill(tmpl, in, second);
  if (page) {
    page->insert(0, ".\\\" Generated by sipsurv-docgen from man/sipsurv.1.in: edit that file, not this one.\n");
  }
  return page;
}

} // namespace sipsurv::cli::docgen
