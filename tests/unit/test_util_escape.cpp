#include "core/util/escape.hpp"

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
