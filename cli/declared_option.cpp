#include "cli/declared_option.hpp"

#include "cli/value_parse.hpp"

#include <limits>

namespace sipsurv::cli {

OptionDoc
option_doc(std::string name, std::string value_name, std::string help, std::string default_value,
           std::vector<std::string> choices)
{
  OptionDoc d;
  d.name = std::move(name);
  d.value_name = std::move(value_name);
  d.help = std::move(help);
  d.default_value = std::move(default_value);
  d.choices = std::move(choices);
  return d;
}

OptionDoc
flag_doc(std::string name, std::string help)
{
  return option_doc(std::move(name), "", std::move(help));
}

OptionDoc
positional_doc(std::string name, std::string help, bool repeatable)
{
  OptionDoc d = option_doc(std::move(name), "", std::move(help));
  d.positional = true;
  d.repeatable = repeatable;
  return d;
}

OptionDoc
with_path(OptionDoc d, OptionDoc::Path path)
{
  d.path = path;
  return d;
}

OptionDoc
repeatable(OptionDoc d)
{
  d.repeatable = true;
  return d;
}

OptionDoc
with_short(OptionDoc d, std::string short_name)
{
  d.short_name = std::move(short_name);
  return d;
}

Assign
assign_text(std::string& target)
{
  return [&target](const std::vector<std::string>& values) {
    target = values.back();
    return std::string();
  };
}

Assign
assign_texts(std::vector<std::string>& target)
{
  return [&target](const std::vector<std::string>& values) {
    target = values;
    return std::string();
  };
}

Assign
assign_choice(std::string& target, std::vector<std::string> choices)
{
  return [&target, choices = std::move(choices)](const std::vector<std::string>& values) {
    auto parsed = parse_choice(values.back(), choices);
    if (parsed.error.empty()) {
      target = parsed.value;
    }
    return parsed.error;
  };
}

Assign
assign_number(double& target, double min, double max, std::string unit)
{
  return [&target, min, max, unit = std::move(unit)](const std::vector<std::string>& values) {
    auto parsed = parse_number(values.back(), min, max, unit);
    if (parsed.error.empty()) {
      target = parsed.value;
    }
    return parsed.error;
  };
}

Assign
assign_unsigned(unsigned& target, unsigned min, unsigned max, std::string unit)
{
  return [&target, min, max, unit = std::move(unit)](const std::vector<std::string>& values) {
    auto parsed = parse_unsigned(values.back(), min, max, unit);
    if (parsed.error.empty()) {
      target = static_cast<unsigned>(parsed.value);
    }
    return parsed.error;
  };
}

Assign
assign_u64(std::uint64_t& target)
{
  return [&target](const std::vector<std::string>& values) {
    auto parsed = parse_unsigned(values.back(), 0, std::numeric_limits<std::uint64_t>::max(), "");
    if (parsed.error.empty()) {
      target = parsed.value;
    }
    return parsed.error;
  };
}

Assign
assign_flag(bool& target)
{
  return [&target](const std::vector<std::string>&) {
    target = true;
    return std::string();
  };
}

} // namespace sipsurv::cli
