#include "cli/evidence/json_in.hpp"

#include "core/util/escape.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace sipsurv::cli {
namespace {

std::string_view
kind(const nlohmann::json& j)
{
  switch (j.type()) {
  case nlohmann::json::value_t::null:
    return "null";
  case nlohmann::json::value_t::object:
    return "an object";
  case nlohmann::json::value_t::array:
    return "an array";
  case nlohmann::json::value_t::string:
    return "a string";
  case nlohmann::json::value_t::boolean:
    return "a boolean";
  case nlohmann::json::value_t::number_integer:
  case nlohmann::json::value_t::number_unsigned:
  case nlohmann::json::value_t::number_float:
    return "a number";
  case nlohmann::json::value_t::binary:
  case nlohmann::json::value_t::discarded:
    break;
  }
  return "not JSON";
}

} // namespace

JsonIn::JsonIn(const Json& doc) : m_node(&doc), m_error(std::make_shared<std::string>()) {}

JsonIn::JsonIn(const Json* node, std::string path, std::shared_ptr<std::string> error)
    : m_node(node), m_path(std::move(path)), m_error(std::move(error))
{}

void
JsonIn::problem(std::string_view what) const
{
  if (m_error->empty()) {
    *m_error = fmt::format("{}: {}", m_path.empty() ? "the document" : m_path, what);
  }
}

JsonIn
JsonIn::at(std::string_view key) const
{
  const std::string path = m_path.empty() ? std::string(key) : fmt::format("{}.{}", m_path, key);
  if (!ok()) {
    return {nullptr, path, m_error};
  }
  if (!m_node->is_object()) {
    problem(fmt::format("{}; allowed: an object", kind(*m_node)));
    return {nullptr, path, m_error};
  }
  const auto it = m_node->find(key);
  if (it == m_node->end()) {
    JsonIn missing{nullptr, path, m_error};
    missing.problem("missing");
    return missing;
  }
  return {&*it, path, m_error};
}

bool
JsonIn::has(std::string_view key) const
{
  return ok() && m_node->is_object() && m_node->contains(key);
}

std::optional<JsonIn>
JsonIn::maybe(std::string_view key) const
{
  if (!has(key) || m_node->at(key).is_null()) {
    return std::nullopt;
  }
  return at(key);
}

bool
JsonIn::is_null() const
{
  return ok() && m_node->is_null();
}

std::string
JsonIn::text() const
{
  if (!ok()) {
    return {};
  }
  if (!m_node->is_string()) {
    problem(fmt::format("{}; allowed: a string", kind(*m_node)));
    return {};
  }
  return m_node->get<std::string>();
}

bool
JsonIn::boolean() const
{
  if (!ok()) {
    return false;
  }
  if (!m_node->is_boolean()) {
    problem(fmt::format("{}; allowed: true or false", kind(*m_node)));
    return false;
  }
  return m_node->get<bool>();
}

double
JsonIn::number(double min, double max) const
{
  if (!ok()) {
    return min;
  }
  if (!m_node->is_number()) {
    problem(fmt::format("{}; allowed: a number from {:g} to {:g}", kind(*m_node), min, max));
    return min;
  }
  const double v = m_node->get<double>();
  if (!std::isfinite(v) || v < min || v > max) {
    problem(fmt::format("{:g} is out of range; allowed: a number from {:g} to {:g}", v, min, max));
    return min;
  }
  return v;
}

std::int64_t
JsonIn::integer(std::int64_t min, std::int64_t max) const
{
  if (!ok()) {
    return min;
  }
  const bool integral = m_node->is_number_integer() || m_node->is_number_unsigned();
  if (!integral) {
    problem(fmt::format("{}; allowed: a whole number from {} to {}", m_node->is_number() ? "a fraction" : kind(*m_node),
                        min, max));
    return min;
  }
  if (m_node->is_number_unsigned() && m_node->get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
    problem(
      fmt::format("{} is out of range; allowed: a whole number from {} to {}", m_node->get<std::uint64_t>(), min, max));
    return min;
  }
  const auto v = m_node->get<std::int64_t>();
  if (v < min || v > max) {
    problem(fmt::format("{} is out of range; allowed: a whole number from {} to {}", v, min, max));
    return min;
  }
  return v;
}

std::vector<JsonIn>
JsonIn::items(std::size_t max_items) const
{
  std::vector<JsonIn> out;
  if (!ok()) {
    return out;
  }
  if (!m_node->is_array()) {
    problem(fmt::format("{}; allowed: an array", kind(*m_node)));
    return out;
  }
  if (m_node->size() > max_items) {
    problem(fmt::format("{} items; allowed: at most {}", m_node->size(), max_items));
    return out;
  }
  for (std::size_t i = 0; i < m_node->size(); ++i) {
    out.push_back({&(*m_node)[i], fmt::format("{}[{}]", m_path, i), m_error});
  }
  return out;
}

std::vector<std::string>
JsonIn::texts(std::size_t max_items) const
{
  std::vector<std::string> out;
  for (const auto& item : items(max_items)) {
    out.push_back(item.text());
  }
  return out;
}

std::string
JsonIn::choice(const std::vector<std::string>& allowed) const
{
  std::string v = text(); // not const: returned by move
  if (!ok()) {
    return allowed.empty() ? std::string() : allowed.front();
  }
  if (std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
    problem(fmt::format("'{}' is not allowed; allowed: {}", escape_for_terminal(v), fmt::join(allowed, ", ")));
    return allowed.empty() ? std::string() : allowed.front();
  }
  return v;
}

void
JsonIn::only(const std::vector<std::string_view>& known) const
{
  if (!ok() || !m_node->is_object()) {
    return;
  }
  for (const auto& [key, value] : m_node->items()) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      const std::string path = m_path.empty() ? key : fmt::format("{}.{}", m_path, key);
      JsonIn{nullptr, path, m_error}.problem(fmt::format("unknown key; allowed: {}", fmt::join(known, ", ")));
      return;
    }
  }
}

} // namespace sipsurv::cli
