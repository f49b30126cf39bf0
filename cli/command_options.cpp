#include "cli/command_options.hpp"

#include "cli/phone_file.hpp"
#include "cli/phone_setting_table.hpp"
#include "core/util/escape.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <sys/stat.h>

namespace sipsurv::cli {
namespace {

bool
takes_setting(const CommandSpec& c, const PhoneSettingRow& row)
{
  return (row.areas & c.setting_areas) != 0 &&
    std::find(c.settings_excluded.begin(), c.settings_excluded.end(), row.name) == c.settings_excluded.end();
}

DeclaredOption
phone_file_option(Args& args)
{
  OptionDoc doc = with_path(option_doc("--phone", "FILE",
                                       "Read phone settings from FILE (KEY = VALUE; the option names or the phone's "
                                       "web-interface labels as keys); options on the command line override it"),
                            OptionDoc::Path::existing_file);
  doc.group = OptionDoc::k_phone_group;
  return {doc, [&args](const std::vector<std::string>& values) {
            auto read = read_phone_file(values.back());
            if (!read) {
              return read.error().message;
            }
            if (auto applied = apply_phone_file(*read, values.back(), args.settings); !applied) {
              return applied.error().message;
            }
            for (const auto& setting : *read) {
              args.given.push_back(fmt::format("--{}", setting.row->name));
            }
            return std::string();
          }};
}

// The existence checks OptionDoc::Path promises, before the value is used.
std::string
path_problem(const OptionDoc& doc, const std::string& value)
{
  struct stat st {};
  switch (doc.path) {
  case OptionDoc::Path::existing_file:
    if (::stat(value.c_str(), &st) != 0) {
      return "no such file; allowed: an existing, readable file";
    }
    if (S_ISDIR(st.st_mode)) {
      return "a directory; allowed: a file";
    }
    return {};
  case OptionDoc::Path::directory:
    if (::stat(value.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      return "no such directory; allowed: an existing directory";
    }
    return {};
  case OptionDoc::Path::output_file:
  case OptionDoc::Path::none:
    break;
  }
  return {};
}

// Which option to assign first: the --phone file, the phone settings, the rest.
int
assign_rank(const OptionDoc& doc)
{
  if (doc.name == "--phone") {
    return 0;
  }
  return doc.group == OptionDoc::k_phone_group ? 1 : 2;
}

bool
in_header(const OptionDoc& doc)
{
  return !doc.positional && doc.group != OptionDoc::k_phone_group && doc.name != "--format" && doc.name != "--color";
}

} // namespace

DeclaredOptions
command_options(const CommandSpec& command, Args& args)
{
  DeclaredOptions out = command.options(args);
  out.push_back(phone_file_option(args));
  for (const auto& row : phone_setting_table()) {
    if (takes_setting(command, row)) {
      out.push_back({setting_option_doc(row), [&args, &row](const std::vector<std::string>& values) {
                       return row.apply(args.settings, values);
                     }});
    }
  }
  return out;
}

Result<void>
assign_in_order(const DeclaredOptions& options, const std::vector<std::vector<std::string>>& given, Args& args)
{
  std::vector<std::size_t> order(options.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return assign_rank(options[a].doc) < assign_rank(options[b].doc);
  });
  std::vector<std::string> header;
  for (const std::size_t i : order) {
    const auto& values = given[i];
    if (values.empty()) {
      continue;
    }
    const OptionDoc& doc = options[i].doc;
    const std::string shown = doc.name;
    for (const auto& v : values) {
      if (const std::string why = path_problem(doc, v); !why.empty()) {
        return fail(Errc::usage, fmt::format("{} '{}': {}", shown, escape_for_terminal(v), why));
      }
    }
    if (const std::string why = options[i].assign(values); !why.empty()) {
      // A --phone file's own errors already say "FILE:LINE: …".
      if (doc.name == "--phone") {
        return fail(Errc::usage, why);
      }
      return fail(Errc::usage, fmt::format("{} '{}': {}", shown, escape_for_terminal(values.back()), why));
    }
    args.given.push_back(doc.name);
    if (in_header(doc) && !doc.value_name.empty()) {
      for (const auto& v : doc.repeatable ? values : std::vector<std::string>{values.back()}) {
        if (v != doc.default_value) {
          header.push_back(fmt::format("{} {}", doc.name, v));
        }
      }
    } else if (in_header(doc)) {
      header.push_back(doc.name); // a flag
    }
  }
  args.report_settings = non_default_settings(args.settings);
  args.report_settings.insert(args.report_settings.end(), header.begin(), header.end());
  // Where the password came from, never the password: a pasted report says
  // the credentials were used (the file's name is already in the header).
  const auto was_given = [&](std::string_view name) {
    return std::find(args.given.begin(), args.given.end(), name) != args.given.end();
  };
  if (was_given("--auth-user") && !was_given("--auth-password-file") &&
      std::getenv("SIPSURV_AUTH_PASSWORD") != nullptr) {
    args.report_settings.emplace_back("password from SIPSURV_AUTH_PASSWORD");
  }
  return {};
}

CliDoc
describe_command_line()
{
  CliDoc doc;
  for (const auto& c : command_table()) {
    Args scratch;
    CommandDoc cmd{std::string(c.name), std::string(c.summary), {}};
    for (const auto& o : command_options(c, scratch)) {
      cmd.options.push_back(o.doc);
    }
    doc.commands.push_back(std::move(cmd));
  }
  for (const auto& row : phone_setting_table()) {
    std::vector<std::string> commands;
    for (const auto& c : command_table()) {
      if (takes_setting(c, row)) {
        commands.emplace_back(c.name);
      }
    }
    doc.phone_settings.push_back(setting_doc(row, std::move(commands)));
  }
  return doc;
}

} // namespace sipsurv::cli
