#include "cli/render/json_writer.hpp"

#include <charconv>

namespace sipsurv::cli {

// nlohmann's serializer writing into the same string; dump_json() uses the
// same settings through Json::dump.
struct JsonWriter::Serializer {
  explicit Serializer(std::string& out)
      : s(nlohmann::detail::output_adapter<char, std::string>(out), ' ', Json::error_handler_t::replace)
  {}
  nlohmann::detail::serializer<Json> s;
};

JsonWriter::JsonWriter(std::string& out) : m_out(out), m_serializer(std::make_unique<Serializer>(out)) {}

JsonWriter::~JsonWriter() = default;

void
JsonWriter::newline_indent()
{
  m_out += '\n';
  m_out.append(m_levels.size() * 2, ' ');
}

// What goes before a value: nothing after a key (key() wrote the
// separator), else the separator of an array element.
void
JsonWriter::before_value()
{
  if (m_after_key) {
    m_after_key = false;
    return;
  }
  if (m_levels.empty()) {
    return;
  }
  if (!m_levels.back().empty) {
    m_out += ',';
  }
  m_levels.back().empty = false;
  newline_indent();
}

void
JsonWriter::begin_object()
{
  before_value();
  m_out += '{';
  m_levels.push_back({});
}

void
JsonWriter::end_object()
{
  const bool empty = m_levels.back().empty;
  m_levels.pop_back();
  if (!empty) {
    newline_indent();
  }
  m_out += '}';
}

void
JsonWriter::begin_array()
{
  before_value();
  m_out += '[';
  m_levels.push_back({});
}

void
JsonWriter::end_array()
{
  const bool empty = m_levels.back().empty;
  m_levels.pop_back();
  if (!empty) {
    newline_indent();
  }
  m_out += ']';
}

JsonWriter&
JsonWriter::key(std::string_view name)
{
  before_value();
  quoted(name);
  m_out += ": ";
  m_after_key = true;
  return *this;
}

void
JsonWriter::quoted(std::string_view s)
{
  // Printable ASCII without a quote or backslash is written as it is, which
  // is what the serializer writes for it; anything else is the serializer's.
  bool plain = true;
  for (const char c : s) {
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
      plain = false;
      break;
    }
  }
  if (plain) {
    m_out += '"';
    m_out += s;
    m_out += '"';
    return;
  }
  m_serializer->s.dump(Json(std::string(s)), true, true, 2, 0);
}

void
JsonWriter::value(std::string_view s)
{
  before_value();
  quoted(s);
}

void
JsonWriter::value(bool b)
{
  before_value();
  m_out += b ? "true" : "false";
}

void
JsonWriter::value(double d)
{
  before_value();
  m_serializer->s.dump(Json(d), true, true, 2, 0);
}

void
JsonWriter::value(std::int64_t n)
{
  before_value();
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, n);
  m_out.append(buf, r.ptr);
}

void
JsonWriter::value(std::uint64_t n)
{
  before_value();
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, n);
  m_out.append(buf, r.ptr);
}

void
JsonWriter::value(std::span<const std::string> list)
{
  begin_array();
  for (const auto& s : list) {
    value(s);
  }
  end_array();
}

void
JsonWriter::null()
{
  before_value();
  m_out += "null";
}

void
JsonWriter::json(const Json& j)
{
  before_value();
  m_serializer->s.dump(j, true, true, 2, static_cast<unsigned>(m_levels.size() * 2));
}

} // namespace sipsurv::cli
