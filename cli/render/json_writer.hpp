#pragma once

#include "cli/render/common.hpp"

#include <concepts>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sipsurv::cli {

// Writes a JSON document straight into a string, byte for byte as
// dump_json() prints the same values (two-space indent, non-ASCII escaped,
// invalid UTF-8 replaced), without building the nlohmann tree first: for
// large reports (4096 probes) the tree cost more time and memory than the
// probes. Strings other than plain ASCII, and doubles, go through
// nlohmann's own serializer, so escaping and number format are its.
//
// Use: begin_object(), then key() before each member's value; begin_array()
// and values; json() embeds a tree built with nlohmann.
class JsonWriter
{
public:
  explicit JsonWriter(std::string& out);
  ~JsonWriter();
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  JsonWriter& key(std::string_view name);

  void value(std::string_view s);
  void value(const char* s) { value(std::string_view(s)); }
  void value(const std::string& s) { value(std::string_view(s)); }
  void value(bool b);
  void value(double d);
  void value(std::int64_t n);
  void value(std::uint64_t n);
  template <std::integral T>
    requires(!std::same_as<T, bool>)
  void value(T n)
  {
    if constexpr (std::is_signed_v<T>) {
      value(static_cast<std::int64_t>(n));
    } else {
      value(static_cast<std::uint64_t>(n));
    }
  }
  template <typename T>
  void value(const std::optional<T>& v)
  {
    v ? value(*v) : null();
  }
  void value(std::span<const std::string> list);
  void value(const std::vector<std::string>& list) { value(std::span<const std::string>(list)); }
  void null();
  // A string, or null when it is empty.
  void string_or_null(std::string_view s) { s.empty() ? null() : value(s); }
  // A subtree built with nlohmann, indented where it lands.
  void json(const Json& j);

private:
  void before_value();
  void newline_indent();
  void quoted(std::string_view s);

  struct Level {
    bool empty = true;
  };
  struct Serializer;
  std::string& m_out;
  std::vector<Level> m_levels;
  bool m_after_key = false;
  std::unique_ptr<Serializer> m_serializer;
};

} // namespace sipsurv::cli
