// Every line of every golden text file fits 80 columns: text output is laid
// out at 80 when stdout is not a terminal (output_width()), and the goldens
// are that output. Counted in code points, as a terminal shows them.
//
// One exemption, by design: watch's event lines ("<UTC time>  <what>") are a
// log, one event a line, never wrapped (watch_render.hpp).
#include "cli/render/wrap.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

constexpr std::size_t k_width = 80;

bool
is_watch_event(const fs::path& file, const std::string& line)
{
  static const std::regex timestamp(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ  )");
  return file.filename().string().starts_with("watch") && std::regex_search(line, timestamp);
}

std::vector<fs::path>
golden_text_files()
{
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(SIPSURV_SOURCE_DIR "/tests/golden")) {
    if (entry.is_regular_file() && entry.path().extension() == ".txt") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(GoldenWidth, EveryGoldenTextLineFits80Columns)
{
  const auto files = golden_text_files();
  ASSERT_GT(files.size(), 30U) << "the golden text files were not found";
  std::size_t lines = 0;
  for (const auto& file : files) {
    std::ifstream in(file);
    ASSERT_TRUE(in) << file;
    std::string line;
    for (std::size_t n = 1; std::getline(in, line); ++n) {
      ++lines;
      const std::size_t width = sipsurv::cli::columns(line);
      if (width > k_width && !is_watch_event(file, line)) {
        ADD_FAILURE() << file.lexically_relative(SIPSURV_SOURCE_DIR).string() << ":" << n << ": " << width
                      << " columns (at most " << k_width << "): " << line;
      }
    }
  }
  EXPECT_GT(lines, 1000U);
}

TEST(GoldenWidth, CountsCodePointsNotBytes)
{
  EXPECT_EQ(sipsurv::cli::columns("RFC 3263 §4.1"), 13U); // § is two bytes, one column
  EXPECT_EQ(sipsurv::cli::columns(std::string(81, 'x')), 81U);
}

} // namespace
