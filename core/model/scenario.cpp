#include "core/model/scenario.hpp"

#include "core/util/escape.hpp"
#include "core/util/limits.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <sstream>
#include <utility>

namespace sipsurv::model {
namespace {

struct Keyword {
  std::string_view word;
  Action action;
};

constexpr std::array k_actions{
  Keyword{"up", Action::up},
  Keyword{"down", Action::down},
  Keyword{"refuse", Action::refuse},
  Keyword{"503", Action::unavailable},
  Keyword{"tls-fail", Action::tls_fail},
  Keyword{"register-reject", Action::register_reject},
  Keyword{"link-lost", Action::link_lost},
  Keyword{"link-restored", Action::link_restored},
  Keyword{"call", Action::call},
  Keyword{"dns-remove", Action::dns_remove},
  Keyword{"dns-add", Action::dns_add},
};

constexpr std::string_view k_allowed_actions =
  "up, down, refuse, 503, tls-fail, register-reject, link-lost, link-restored, call, dns-remove, dns-add";

// The forms each action takes, for "takes N words" errors.
std::string_view
form_of(Action a)
{
  switch (a) {
  case Action::call:
    return "TIME call [HOLD]";
  case Action::dns_add:
    return "TIME dns-add TARGET PRIORITY WEIGHT PORT";
  case Action::unavailable:
    return "TIME 503 TARGET [retry-after=SECONDS]";
  case Action::register_reject:
    return "TIME register-reject TARGET CODE";
  default:
    return "TIME ACTION TARGET";
  }
}

// How many words a line of this action may have: [min, max].
std::pair<std::size_t, std::size_t>
words_of(Action a)
{
  switch (a) {
  case Action::call:
    return {2, 3};
  case Action::dns_add:
    return {6, 6};
  case Action::unavailable:
    return {3, 4};
  case Action::register_reject:
    return {4, 4};
  default:
    return {3, 3};
  }
}

std::vector<std::string_view>
split_words(std::string_view line)
{
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
      ++i;
    }
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') {
      ++i;
    }
    if (i > start) {
      words.push_back(line.substr(start, i - start));
    }
  }
  return words;
}

Result<std::uint16_t>
parse_u16(std::string_view text, std::string_view what)
{
  unsigned value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size() || value > 65535) {
    return fail(Errc::usage, fmt::format("{} '{}' is not a number 0-65535", what, escape_for_terminal(text)));
  }
  return static_cast<std::uint16_t>(value);
}

} // namespace

std::string_view
to_string(Action a)
{
  for (const auto& k : k_actions) {
    if (k.action == a) {
      return k.word;
    }
  }
  return "?";
}

Result<Millis>
parse_duration(std::string_view text)
{
  const auto bad = [&] {
    return fail(Errc::usage,
                fmt::format("bad time '{}'; allowed: a number with an optional unit ms, s, m or h "
                            "(90, 90s, 1500ms, 2.5m), at most one week",
                            escape_for_terminal(text)));
  };
  std::size_t digits = 0;
  while (digits < text.size() && ((text[digits] >= '0' && text[digits] <= '9') || text[digits] == '.')) {
    ++digits;
  }
  const std::string_view number = text.substr(0, digits);
  const std::string_view unit = text.substr(digits);
  if (number.empty() || number.size() > 12 || std::count(number.begin(), number.end(), '.') > 1 ||
      number.front() == '.' || number.back() == '.') {
    return bad();
  }
  // Fixed point with three decimals, so "2.5s" is exact.
  const auto dot = number.find('.');
  const std::string_view whole = number.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view{} : number.substr(dot + 1);
  if (frac.size() > 3) {
    return bad();
  }
  std::int64_t w = 0;
  std::from_chars(whole.data(), whole.data() + whole.size(), w);
  std::int64_t f = 0;
  if (!frac.empty()) {
    std::from_chars(frac.data(), frac.data() + frac.size(), f);
    for (std::size_t k = frac.size(); k < 3; ++k) {
      f *= 10;
    }
  }
  const std::int64_t thousandths = w * 1000 + f; // number × 1000
  std::int64_t ms = 0;
  if (unit.empty() || unit == "s") {
    ms = thousandths;
  } else if (unit == "ms") {
    if (!frac.empty()) {
      return bad();
    }
    ms = w;
  } else if (unit == "m") {
    ms = thousandths * 60;
  } else if (unit == "h") {
    ms = thousandths * 3600;
  } else {
    return bad();
  }
  if (ms < 0 || ms > k_max_scenario_time) {
    return bad();
  }
  return ms;
}

Result<Scenario>
parse_scenario(std::string_view text, std::string_view file_name)
{
  Scenario sc;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  const std::string file = escape_for_terminal(file_name);
  while (pos < text.size()) {
    ++line_no;
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    const auto where = [&](const std::string& what) {
      return fail(Errc::usage, fmt::format("{}:{}: {}", file, line_no, what));
    };
    if (line_no > limits::k_max_file_lines) {
      return where(fmt::format("more than {} lines", limits::k_max_file_lines));
    }
    if (line.size() > k_max_scenario_line) {
      return where(fmt::format("line longer than {} characters", k_max_scenario_line));
    }
    if (const auto hash = line.find('#'); hash != std::string_view::npos) {
      line = line.substr(0, hash);
    }
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    const auto words = split_words(line);
    if (words.empty()) {
      continue;
    }
    if (sc.steps.size() >= k_max_scenario_steps) {
      return where(fmt::format("more than {} events", k_max_scenario_steps));
    }
    Step step;
    step.line = line_no;
    auto at = parse_duration(words[0]);
    if (!at) {
      return where(at.error().message);
    }
    step.at = *at;
    if (words.size() < 2) {
      return where(fmt::format("missing action; allowed: TIME ACTION [TARGET], ACTION one of {}", k_allowed_actions));
    }
    const auto kw =
      std::find_if(k_actions.begin(), k_actions.end(), [&](const Keyword& k) { return k.word == words[1]; });
    if (kw == k_actions.end()) {
      return where(fmt::format("unknown action '{}'; allowed: {}", escape_for_terminal(words[1]), k_allowed_actions));
    }
    step.action = kw->action;
    const auto [least, most] = words_of(step.action);
    if (words.size() < least || words.size() > most) {
      const std::string count =
        least == most ? fmt::format("{} words", least) : fmt::format("{} or {} words", least, most);
      return where(fmt::format("'{}' takes {}; allowed: {}", kw->word, count, form_of(step.action)));
    }
    if (step.action == Action::call) {
      if (words.size() == 3) {
        auto hold = parse_duration(words[2]);
        if (!hold || *hold == 0) {
          return where(fmt::format("call HOLD '{}': {}", escape_for_terminal(words[2]),
                                   hold ? std::string("must be more than 0; allowed: a TIME above 0 (90s, 2m)")
                                        : hold.error().message));
        }
        step.hold = *hold;
      }
      sc.steps.push_back(std::move(step));
      continue;
    }
    step.target = std::string(words[2]);
    if (step.target.size() > 253) {
      return where("target longer than 253 characters");
    }
    if (step.action == Action::unavailable && words.size() == 4) {
      constexpr std::string_view k_key = "retry-after=";
      if (!words[3].starts_with(k_key)) {
        return where(
          fmt::format("unknown 503 argument '{}'; allowed: retry-after=SECONDS", escape_for_terminal(words[3])));
      }
      auto after = parse_duration(words[3].substr(k_key.size()));
      if (!after || *after == 0) {
        return where(fmt::format("retry-after: {}",
                                 after ? std::string("must be more than 0; allowed: retry-after=SECONDS above 0")
                                       : after.error().message));
      }
      step.retry_after = *after;
    }
    if (step.action == Action::register_reject) {
      auto code = parse_u16(words[3], "CODE");
      if (!code || *code < 400 || *code > 699 || *code == 401 || *code == 407 || *code == 503) {
        return where(fmt::format("register-reject CODE '{}'; allowed: a SIP failure status 400-699 other than "
                                 "401 and 407 (challenges) and 503 (use the action 503)",
                                 escape_for_terminal(words[3])));
      }
      step.code = *code;
    }
    if (step.action == Action::dns_add) {
      auto prio = parse_u16(words[3], "PRIORITY");
      auto weight = parse_u16(words[4], "WEIGHT");
      auto port = parse_u16(words[5], "PORT");
      for (const auto* r : {&prio, &weight, &port}) {
        if (!*r) {
          return where(r->error().message);
        }
      }
      step.priority = *prio;
      step.weight = *weight;
      step.port = *port;
      if (step.port == 0) {
        return where("PORT must be 1-65535");
      }
    }
    sc.steps.push_back(std::move(step));
  }
  std::stable_sort(sc.steps.begin(), sc.steps.end(), [](const Step& a, const Step& b) { return a.at < b.at; });
  return sc;
}

} // namespace sipsurv::model
