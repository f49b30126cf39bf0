#include "core/util/escape.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

using sipsurv::escape_for_terminal;

TEST(Escape, PrintableAsciiUnchanged)
{
  EXPECT_EQ(escape_for_terminal("Kamailio (5.6.3 (x86_64/linux))"), "Kamailio (5.6.3 (x86_64/linux))");
}

TEST(Escape, AnsiEscapeIsNeutralised)
{
  EXPECT_EQ(escape_for_terminal("\x1b[2Jpwned\r\n"), "\\x1b[2Jpwned\\x0d\\x0a");
}

TEST(Escape, BackslashDoubled)
{
  EXPECT_EQ(escape_for_terminal("a\\b"), "a\\\\b");
}

TEST(Escape, Utf8KeptC1AndInvalidEscaped)
{
  EXPECT_EQ(escape_for_terminal("Gr\xc3\xbc\xc3\x9f"
                                "e"),
            "Gr\xc3\xbc\xc3\x9f"
            "e");
  EXPECT_EQ(escape_for_terminal("\xc2\x9b"
                                "31m"),
            "\\xc2\\x9b31m"); // C1 CSI
  EXPECT_EQ(escape_for_terminal("\xff\xfe"), "\\xff\\xfe");
  EXPECT_EQ(escape_for_terminal(std::string_view("a\0b", 3)), "a\\x00b");
}

namespace {

std::string
utf8(char32_t cp)
{
  std::string s;
  if (cp < 0x80) {
    s += static_cast<char>(cp);
  } else if (cp < 0x800) {
    s += static_cast<char>(0xC0 | (cp >> 6));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    s += static_cast<char>(0xE0 | (cp >> 12));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (cp >> 18));
    s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return s;
}

struct CodePointRange {
  char32_t first;
  char32_t last;
  const char* name;
};

// The ranges that must be escaped, and which must not be (their neighbours).
constexpr CodePointRange k_escaped_ranges[] = {
  {0x061C, 0x061C, "ALM"},
  {0x200E, 0x200F, "LRM, RLM"},
  {0x202A, 0x202E, "LRE, RLE, PDF, LRO, RLO"},
  {0x2066, 0x2069, "LRI, RLI, FSI, PDI"},
  {0x2028, 0x2029, "LINE SEPARATOR, PARAGRAPH SEPARATOR"},
};

} // namespace

TEST(Escape, BidiAndSeparatorControlsNamedByCodePoint)
{
  for (const auto& range : k_escaped_ranges) {
    for (char32_t cp = range.first; cp <= range.last; ++cp) {
      const std::string want = fmt::format("a\\u{{{:04x}}}b", static_cast<unsigned>(cp));
      EXPECT_EQ(escape_for_terminal("a" + utf8(cp) + "b"), want) << range.name;
    }
  }
}

TEST(Escape, NeighboursOfTheBidiRangesPassThrough)
{
  // Arabic semicolon and letter, ZWJ, hyphen, narrow no-break space, and the
  // invisible operators just below the isolates: printable text, not controls.
  for (char32_t cp : {0x061BU, 0x061DU, 0x200DU, 0x2010U, 0x2027U, 0x202FU, 0x2065U, 0x206AU}) {
    const std::string text = "a" + utf8(cp) + "b";
    EXPECT_EQ(escape_for_terminal(text), text) << fmt::format("U+{:04X}", static_cast<unsigned>(cp));
  }
}

TEST(Escape, TrojanSourceLineCannotReorder)
{
  // "evil RLO txt.exe PDF" would show as "evil exe.txt" on a bidi terminal.
  const std::string server = "evil " + utf8(0x202E) + "txt.exe" + utf8(0x202C) + " " + utf8(0x2028) + "next";
  EXPECT_EQ(escape_for_terminal(server), "evil \\u{202e}txt.exe\\u{202c} \\u{2028}next");
}

TEST(Escape, BackslashKeepsEscapesUnambiguous)
{
  // A peer that sends the text of an escape gets its backslash doubled, so
  // the reader can tell it from a real control.
  EXPECT_EQ(escape_for_terminal("\\u{202e}"), "\\\\u{202e}");
  EXPECT_EQ(escape_for_terminal("\\x1b"), "\\\\x1b");
}
