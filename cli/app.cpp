#include "cli/app.hpp"

#include "cli/argv_check.hpp"
#include "cli/command_options.hpp"
#include "cli/exit_code.hpp"
#include "cli/help_text.hpp"
#include "cli/render/wrap.hpp"
#include "core/util/versions.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <unistd.h>

namespace sipsurv::cli {
namespace {

// One command's options as CLI11 sees them, and where CLI11 puts each
// option's values (every value a string: the assigners parse them).
struct BuiltCommand {
  const CommandSpec* spec = nullptr;
  CLI::App* app = nullptr;
  DeclaredOptions options;
  std::vector<std::vector<std::string>> values;
  std::vector<CLI::Option*> cli_options;
};

std::string
lowercase(std::string s)
{
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// The help line of an option: its sentence, its values and its default.
std::string
help_text(const OptionDoc& d)
{
  std::string text = d.help;
  if (!d.choices.empty()) {
    text += fmt::format(" ({})", fmt::join(d.choices, ", "));
  }
  if (d.repeatable && !d.positional) {
    text += "; repeatable";
  }
  return text;
}

void
declare(BuiltCommand& built)
{
  built.values.resize(built.options.size());
  for (std::size_t i = 0; i < built.options.size(); ++i) {
    const OptionDoc& d = built.options[i].doc;
    auto& target = built.values[i];
    CLI::Option* o = nullptr;
    if (d.positional) {
      o = built.app->add_option(lowercase(d.name), target, help_text(d));
      o->type_name(d.name);
      if (!d.repeatable) {
        o->expected(1);
      }
    } else {
      const std::string names = d.short_name.empty() ? d.name : d.short_name + "," + d.name;
      if (d.value_name.empty()) {
        const std::string help = help_text(d);
        o = built.app->add_flag(names, help);
      } else {
        o = built.app->add_option(names, target, help_text(d));
        o->type_name(d.value_name);
        o->allow_extra_args(false); // one value per occurrence
        if (!d.default_value.empty()) {
          o->default_str(d.default_value);
        }
      }
    }
    o->group(d.group);
    built.cli_options.push_back(o);
  }
}

struct BuiltApp {
  std::unique_ptr<CLI::App> app;
  std::vector<BuiltCommand> commands;
};

BuiltApp
build_app(Args& args)
{
  BuiltApp b;
  b.app = std::make_unique<CLI::App>("sipsurv: SIP DNS SRV failover and survivability diagnostics", "sipsurv");
  CLI::App& app = *b.app;
  app.require_subcommand(0, 1);
  app.set_help_flag("-h,--help", "Print help (for sipsurv or the command it follows) and exit");
  app.set_version_flag("-V,--version", fmt::format("sipsurv {}\n{}", SIPSURV_VERSION, library_versions_text()),
                       "Print the version of sipsurv and of c-ares, OpenSSL and sofia-sip, then exit");
  for (const auto& spec : command_table()) {
    BuiltCommand built;
    built.spec = &spec;
    built.app = app.add_subcommand(std::string(spec.name), std::string(spec.summary));
    built.app->set_help_flag("-h,--help", "Print this help and exit");
    built.options = command_options(spec, args);
    declare(built);
    b.commands.push_back(std::move(built));
  }
  return b;
}

// CLI11 messages can span lines; a usage error is one line.
std::string
one_line(std::string s)
{
  std::replace(s.begin(), s.end(), '\n', ' ');
  while (!s.empty() && s.back() == ' ') {
    s.pop_back();
  }
  return s;
}

// CLI11's wording for what check_argv_shape lets through ("domain: At Most
// 1 required but received 2"), in sipsurv's voice.
std::string
usage_message(const CLI::ParseError& e, const BuiltApp& built)
{
  const BuiltCommand* command = nullptr;
  for (const auto& c : built.commands) {
    if (c.app->parsed()) {
      command = &c;
    }
  }
  const std::string see = command != nullptr ? fmt::format("; see 'sipsurv {} --help'", command->spec->name)
                                             : std::string("; see 'sipsurv --help'");
  const std::string what = one_line(e.what());
  if (command != nullptr && dynamic_cast<const CLI::ArgumentMismatch*>(&e) != nullptr) {
    for (const auto& o : command->options) {
      if (o.doc.positional && what.starts_with(lowercase(o.doc.name) + ":")) {
        return fmt::format("{} takes one {}, and more arguments were given", command->spec->name, o.doc.name) + see;
      }
    }
  }
  if (const auto* extras = dynamic_cast<const CLI::ExtrasError*>(&e); extras != nullptr) {
    const auto colon = what.find(':');
    return fmt::format("unexpected argument(s):{}", colon == std::string::npos ? " " + what : what.substr(colon + 1)) +
      see;
  }
  return what + see;
}

// `sipsurv … --format nagios` wants Monitoring Plugins conventions even for
// a usage error: UNKNOWN (3) and a status line on stdout.
bool
wants_nagios(const std::vector<std::string>& argv)
{
  for (std::size_t i = 1; i < argv.size(); ++i) {
    const std::string& w = argv[i];
    if (w == "--format=nagios" || w == "-f=nagios" ||
        ((w == "--format" || w == "-f") && i + 1 < argv.size() && lowercase(argv[i + 1]) == "nagios")) {
      return true;
    }
  }
  return false;
}

ParseOutcome
usage_error(const std::vector<std::string>& argv, std::string message)
{
  ParseOutcome out;
  out.exit_now = true;
  out.error = std::move(message);
  out.exit_code = to_int(ExitCode::usage);
  if (wants_nagios(argv)) {
    out.exit_code = to_int(ExitCode::unknown);
    out.output = fmt::format("SIPSURV UNKNOWN - usage error: {}\n", out.error);
  }
  return out;
}

// Our own help (cli/help_text.hpp) for the command given, or the main one.
std::string
help_for(const BuiltApp& built, std::size_t width)
{
  const CliDoc doc = describe_command_line();
  for (const auto& c : built.commands) {
    if (c.app->parsed()) {
      for (const auto& d : doc.commands) {
        if (d.name == c.spec->name) {
          return command_help(d, width);
        }
      }
    }
  }
  return main_help(doc, width);
}

} // namespace

ParseOutcome
parse_command_line(const std::vector<std::string>& argv, Args& args)
{
  if (auto shape = check_argv_shape(argv, describe_command_line())) {
    return usage_error(argv, *shape);
  }
  BuiltApp built = build_app(args);
  ParseOutcome out;
  std::vector<std::string> reversed(argv.rbegin(), argv.rend() - (argv.empty() ? 0 : 1));
  try {
    built.app->parse(reversed);
  } catch (const CLI::CallForHelp&) {
    out.exit_now = true;
    out.output = help_for(built, output_width(STDOUT_FILENO));
    return out;
  } catch (const CLI::CallForVersion& e) {
    out.exit_now = true;
    out.output = std::string(e.what()) + "\n";
    return out;
  } catch (const CLI::ParseError& e) {
    return usage_error(argv, usage_message(e, built));
  }
  for (auto& c : built.commands) {
    if (!c.app->parsed()) {
      continue;
    }
    for (std::size_t i = 0; i < c.options.size(); ++i) {
      if (c.options[i].doc.value_name.empty() && !c.options[i].doc.positional && c.cli_options[i]->count() > 0) {
        c.values[i] = {"true"}; // a flag
      }
    }
    if (auto assigned = assign_in_order(c.options, c.values, args); !assigned) {
      return usage_error(argv, assigned.error().message + fmt::format("; see 'sipsurv {} --help'", c.spec->name));
    }
    out.command = c.spec;
    return out;
  }
  return usage_error(argv, fmt::format("no command given; allowed: {}; see 'sipsurv --help'", [] {
                       std::vector<std::string> names;
                       for (const auto& c : command_table()) {
                         names.emplace_back(c.name);
                       }
                       return fmt::format("{}", fmt::join(names, ", "));
                     }()));
}

std::vector<std::pair<std::string, std::string>>
cli11_option_names()
{
  Args args;
  BuiltApp built = build_app(args);
  std::vector<std::pair<std::string, std::string>> out;
  auto collect = [&](const CLI::App& a, const std::string& scope) {
    for (const CLI::Option* o : a.get_options()) {
      if (o->get_name() == "--help" || o->get_name() == "--version" || o->get_name() == "-h,--help" ||
          o->get_name() == "-V,--version") {
        continue;
      }
      const auto& lnames = o->get_lnames();
      out.emplace_back(scope, lnames.empty() ? o->get_name() : "--" + lnames.front());
    }
  };
  collect(*built.app, "");
  for (const auto& c : built.commands) {
    collect(*c.app, std::string(c.spec->name));
  }
  return out;
}

} // namespace sipsurv::cli
