#pragma once

#include "cli/cli_doc.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sipsurv::cli {

// What takes an option's values once the command line is parsed: called
// only when the option was given, with every value in order (one for a
// plain option, "true" for a flag). Returns why a value is not allowed,
// worded to follow "--name 'value': " (cli/value_parse.hpp), or "".
using Assign = std::function<std::string(const std::vector<std::string>& values)>;

// One option of a command: its documentation and what parses it. The
// command table's declarations (cli/commands/) are lists of these; the
// CLI11 glue (cli/app.cpp), --help, the man page and the completions all
// read the same list.
struct DeclaredOption {
  OptionDoc doc;
  Assign assign;
};
using DeclaredOptions = std::vector<DeclaredOption>;

// Documentation builders.
OptionDoc option_doc(std::string name, std::string value_name, std::string help, std::string default_value = {},
                     std::vector<std::string> choices = {});
OptionDoc flag_doc(std::string name, std::string help);
OptionDoc positional_doc(std::string name, std::string help, bool repeatable = false);
OptionDoc with_path(OptionDoc d, OptionDoc::Path path);
OptionDoc repeatable(OptionDoc d);
OptionDoc with_short(OptionDoc d, std::string short_name);

// Assigners. The target keeps its default unless the option is given.
Assign assign_text(std::string& target);
Assign assign_texts(std::vector<std::string>& target); // every value, in order
Assign assign_choice(std::string& target, std::vector<std::string> choices);
Assign assign_number(double& target, double min, double max, std::string unit);
Assign assign_unsigned(unsigned& target, unsigned min, unsigned max, std::string unit);
Assign assign_u64(std::uint64_t& target);
Assign assign_flag(bool& target);

} // namespace sipsurv::cli
