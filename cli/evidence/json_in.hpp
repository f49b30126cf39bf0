#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sipsurv::cli {

// Reads fields of an untrusted JSON document, each by its path, and keeps
// the first problem as one line ("probes[2].timings.total_ms: a string;
// allowed: a number from 0 to 1e+09"). After a problem every accessor
// returns a default value, so a reader is written straight through and
// checks error() once at the end: no exceptions, no early returns.
class JsonIn
{
public:
  using Json = nlohmann::json;

  // `doc` must outlive the reader and every reader made from it.
  explicit JsonIn(const Json& doc);

  // A member that must be there (null is allowed only where the accessor
  // says so); a missing one is a problem.
  JsonIn at(std::string_view key) const;
  // A member that may be missing or null: none then.
  std::optional<JsonIn> maybe(std::string_view key) const;
  bool is_null() const;
  bool has(std::string_view key) const;

  std::string text() const;
  bool boolean() const;
  double number(double min, double max) const;
  std::int64_t integer(std::int64_t min, std::int64_t max) const;
  // An array of at most `max_items`.
  std::vector<JsonIn> items(std::size_t max_items) const;
  std::vector<std::string> texts(std::size_t max_items) const;
  // One of `allowed` (a text); the first one after a problem.
  std::string choice(const std::vector<std::string>& allowed) const;
  // Members of an object that are not in `known`: a problem (strict, like
  // the schema), so a misspelt key is not silently ignored.
  void only(const std::vector<std::string_view>& known) const;

  // Record a problem at this path (for checks the accessors cannot make).
  void problem(std::string_view what) const;
  const std::string& path() const { return m_path; }
  // The first problem, empty when none.
  const std::string& error() const { return *m_error; }

private:
  JsonIn(const Json* node, std::string path, std::shared_ptr<std::string> error);
  bool ok() const { return m_error->empty() && m_node != nullptr; }
  const Json* m_node;
  std::string m_path;
  std::shared_ptr<std::string> m_error;
};

} // namespace sipsurv::cli
