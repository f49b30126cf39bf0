#include "cli/argv_check.hpp"

#include "core/util/escape.hpp"
#include "core/util/nearest.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sipsurv::cli {
namespace {

bool
is_option_word(const std::string& w)
{
  return w.size() > 1 && w.front() == '-' && w != "--";
}

// "--timeout=3" → "--timeout"
std::string
option_name(const std::string& w)
{
  return w.substr(0, w.find('='));
}

const OptionDoc*
find_option(const std::vector<OptionDoc>& options, const std::string& name)
{
  const auto it = std::find_if(options.begin(), options.end(), [&](const OptionDoc& o) {
    return !o.positional && (o.name == name || (!o.short_name.empty() && o.short_name == name));
  });
  return it == options.end() ? nullptr : &*it;
}

std::vector<std::string>
names_of(const std::vector<OptionDoc>& options)
{
  std::vector<std::string> out;
  for (const auto& o : options) {
    if (!o.positional) {
      out.push_back(o.name);
    }
  }
  return out;
}

std::string
command_names(const CliDoc& cli)
{
  std::vector<std::string> names;
  for (const auto& c : cli.commands) {
    names.push_back(c.name);
  }
  return fmt::format("{}", fmt::join(names, ", "));
}

std::string
did_you_mean(const std::string& typed, const std::vector<std::string>& candidates)
{
  const auto near = nearest(typed, candidates);
  return near ? fmt::format("; did you mean '{}'?", *near) : std::string();
}

// The commands that have an option called `name`.
std::vector<std::string>
commands_with(const CliDoc& cli, const std::string& name)
{
  std::vector<std::string> out;
  for (const auto& c : cli.commands) {
    if (find_option(c.options, name) != nullptr) {
      out.push_back(c.name);
    }
  }
  return out;
}

} // namespace

std::optional<std::string>
check_argv_shape(const std::vector<std::string>& argv, const CliDoc& cli)
{
  std::size_t i = 1;
  // Before the command: only --help and --version.
  for (; i < argv.size() && is_option_word(argv[i]); ++i) {
    const std::string name = option_name(argv[i]);
    if (name == "-h" || name == "--help" || name == "-V" || name == "--version" ||
        find_option(cli.global_options, name) != nullptr) {
      continue;
    }
    const auto owners = commands_with(cli, name);
    if (!owners.empty()) {
      // Name the command the user gave, if it takes the option.
      std::string command = owners.front();
      for (std::size_t k = i + 1; k < argv.size(); ++k) {
        if (std::find(owners.begin(), owners.end(), argv[k]) != owners.end()) {
          command = argv[k];
          break;
        }
      }
      return fmt::format("{} goes after the command: sipsurv {} … {} …", name, command, name);
    }
    return fmt::format("unknown option '{}'; before the command only --help and --version are allowed; see "
                       "'sipsurv --help'",
                       escape_for_terminal(name));
  }
  if (i >= argv.size()) {
    return std::nullopt; // --help, --version, or nothing (which CLI11's caller reports)
  }
  const std::string& word = argv[i];
  const auto command =
    std::find_if(cli.commands.begin(), cli.commands.end(), [&](const CommandDoc& c) { return c.name == word; });
  if (command == cli.commands.end()) {
    std::vector<std::string> names;
    for (const auto& c : cli.commands) {
      names.push_back(c.name);
    }
    return fmt::format("unknown command '{}'{}; allowed: {}", escape_for_terminal(word), did_you_mean(word, names),
                       command_names(cli));
  }
  for (++i; i < argv.size(); ++i) {
    const std::string& w = argv[i];
    if (w == "--") {
      break; // the rest are positional
    }
    if (!is_option_word(w)) {
      continue;
    }
    const std::string name = option_name(w);
    if (name == "--help" || name == "-h") {
      continue;
    }
    const OptionDoc* o = find_option(command->options, name);
    if (o == nullptr) {
      const auto owners = commands_with(cli, name);
      const std::string elsewhere =
        owners.empty() ? std::string() : fmt::format(" ({} is an option of {})", name, fmt::join(owners, ", "));
      return fmt::format("unknown option '{}' for {}{}{}; see 'sipsurv {} --help'", escape_for_terminal(name),
                         command->name, did_you_mean(name, names_of(command->options)), elsewhere, command->name);
    }
    const bool takes_value = !o->value_name.empty();
    const bool inline_value = w.find('=') != std::string::npos;
    if (!takes_value && inline_value) {
      return fmt::format("{} takes no value; see 'sipsurv {} --help'", name, command->name);
    }
    if (takes_value && !inline_value) {
      if (i + 1 >= argv.size()) {
        return fmt::format("{} needs a value ({}); see 'sipsurv {} --help'", name, o->value_name, command->name);
      }
      ++i; // its value, whatever it looks like ("--timeout -1" is a bad value, not an option)
    }
  }
  return std::nullopt;
}

} // namespace sipsurv::cli
