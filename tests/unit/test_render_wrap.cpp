// The layout helpers every text renderer uses: hanging indents, kept
// spacing, colour that takes no columns, and table rows that stay aligned.
#include "cli/render/table.hpp"
#include "cli/render/text_style.hpp"
#include "cli/render/wrap.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <sstream>
#include <string>

using namespace sipsurv::cli;

namespace {

std::size_t
widest_line(const std::string& text)
{
  std::istringstream in(text);
  std::size_t widest = 0;
  for (std::string line; std::getline(in, line);) {
    widest = std::max(widest, columns(line));
  }
  return widest;
}

TEST(RenderWrap, HangingLineIndentsUnderTheText)
{
  const std::string out = hanging_line("      evidence: ", std::string(30, 'a') + " " + std::string(40, 'b'), 60);
  EXPECT_EQ(out, "      evidence: " + std::string(30, 'a') + "\n                " + std::string(40, 'b') + "\n");
}

TEST(RenderWrap, KeepsSpacingInsideALine)
{
  EXPECT_EQ(hanging_line("  ", "text  [rule]", 80), "  text  [rule]\n");
}

TEST(RenderWrap, ColourTakesNoColumns)
{
  const TextStyle style{true, 80};
  EXPECT_EQ(columns(style.bold("SIM001")), 6U);
  const std::string out = hanging_line("  " + style.bold("SIM001") + " ", std::string(60, 'x') + " yy", 70);
  EXPECT_EQ(out, "  " + style.bold("SIM001") + " " + std::string(60, 'x') + "\n         yy\n");
}

TEST(RenderWrap, AWideLabelContinuesUnderAFixedIndent)
{
  const std::string label(50, 'L');
  const std::string out = hanging_line(label, "one two three four five six seven", 60);
  EXPECT_LE(widest_line(out), 60U);
  EXPECT_NE(out.find("\n    "), std::string::npos) << out;
}

TEST(RenderTable, RowsThatFitStayOnOneLine)
{
  const std::array<Column, 3> cols{Column{4}, Column{3, true}, Column{}};
  const std::array<std::size_t, 3> gaps{2, 2, 0};
  EXPECT_EQ(table_row(std::array<std::string, 3>{"ab", "7", "ok"}, cols, gaps, 2, 80), "  ab      7  ok\n");
}

TEST(RenderTable, AnOverflowingCellContinuesTheRowAtTheNextColumn)
{
  const std::array<Column, 3> cols{Column{4}, Column{3}, Column{}};
  const std::array<std::size_t, 3> gaps{1, 1, 0};
  // "x" belongs at column 2 + 5 = 7: the long cell passes it.
  EXPECT_EQ(table_row(std::array<std::string, 3>{"longer", "x", "y"}, cols, gaps, 2, 80), "  longer\n       x   y\n");
}

TEST(RenderTable, TheLastCellWrapsUnderItsColumnOrMovesToTheNextLine)
{
  const std::array<Column, 2> cols{Column{10}, Column{}};
  const std::array<std::size_t, 2> gaps{2, 0};
  const std::string words = "one two three four five six seven eight nine ten";
  // 46 columns left: wraps under its own column (12).
  const std::string under = table_row(std::array<std::string, 2>{"a", words + " " + words}, cols, gaps, 0, 58);
  EXPECT_EQ(under.substr(0, 12), "a           ");
  EXPECT_NE(under.find("\n            "), std::string::npos) << under;
  EXPECT_LE(widest_line(under), 58U);
  // 8 columns left, and the cell needs more: it goes on the next line, under the second column.
  const std::array<Column, 3> three{Column{3}, Column{10}, Column{}};
  const std::string next = table_row(std::array<std::string, 3>{"a", "b", "no answer at all"}, three, gaps, 0, 22);
  EXPECT_EQ(next, "a    b\n     no answer at all\n");
}

TEST(RenderTable, EveryRowFitsTheWidth)
{
  const std::array<Column, 4> cols{Column{30}, Column{12}, Column{5, true}, Column{}};
  const std::array<std::size_t, 4> gaps{1, 1, 2, 0};
  // From the width the fixed columns need (53) up.
  for (std::size_t width = 60; width <= 120; width += 7) {
    const std::string row =
      table_row(std::array<std::string, 4>{"primary.branch.example.test:5060", "127.0.0.103", "2.5",
                                           "not a SIP/2.0 status line: 'HTTP/1.1 400 Bad Request' from the server"},
                cols, gaps, 2, width);
    EXPECT_LE(widest_line(row), width) << width << "\n" << row;
  }
}

} // namespace

// Header items and options break between items, never inside one.
TEST(Wrap, ItemsBreakOnlyBetweenItems)
{
  const std::vector<std::string> items{"--dns 127.0.0.1:53530", "--transport tcp",
                                       "--backup-proxy backup.example:5060"};
  EXPECT_EQ(sipsurv::cli::wrap_items(items, " ", 40, "settings: ", 10),
            "settings: --dns 127.0.0.1:53530\n          --transport tcp\n          --backup-proxy backup.example:5060");
  EXPECT_EQ(sipsurv::cli::wrap_items(items, " ", 200, "", 2),
            "--dns 127.0.0.1:53530 --transport tcp --backup-proxy backup.example:5060");
}
