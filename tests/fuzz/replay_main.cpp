// Replay runner: feeds every file of the given corpus and regression folders
// to a fuzz target's LLVMFuzzerTestOneInput, without libFuzzer, so the
// inputs run as ordinary ctests under gcc (label "fuzz") and past crashes
// stay fixed. A broken contract aborts, which fails the test.
//
//   replay_<target> [--min-inputs N] DIR_OR_FILE...
#include "tests/fuzz/fuzz_support.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

namespace fs = std::filesystem;

namespace {

// Bounds, so a stray huge file or folder cannot make the test hang.
constexpr std::uintmax_t k_max_input_bytes = 4U << 20U;
constexpr std::size_t k_max_inputs = 100000;

bool
collect(const fs::path& p, std::vector<fs::path>& out)
{
  std::error_code ec;
  if (fs::is_regular_file(p, ec)) {
    out.push_back(p);
    return true;
  }
  if (!fs::is_directory(p, ec)) {
    std::fprintf(stderr, "replay: %s: no such file or folder\n", p.c_str());
    return false;
  }
  for (const auto& entry : fs::directory_iterator(p, ec)) {
    // README files and .gitkeep describe a folder; they are not inputs.
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file(ec) && !name.starts_with(".") && !name.starts_with("README")) {
      out.push_back(entry.path());
    }
    if (out.size() > k_max_inputs) {
      std::fprintf(stderr, "replay: more than %zu inputs under %s\n", k_max_inputs, p.c_str());
      return false;
    }
  }
  return !ec;
}

} // namespace

int
main(int argc, char** argv)
{
  std::size_t min_inputs = 0;
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--min-inputs" && i + 1 < argc) {
      const std::string n = argv[++i];
      if (std::from_chars(n.data(), n.data() + n.size(), min_inputs).ec != std::errc{}) {
        std::fprintf(stderr, "replay: --min-inputs wants a number, not '%s'\n", n.c_str());
        return 2;
      }
      continue;
    }
    if (!collect(arg, inputs)) {
      return 2;
    }
  }
  std::sort(inputs.begin(), inputs.end()); // a stable order makes failures repeatable
  for (const auto& path : inputs) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec || size > k_max_input_bytes) {
      std::fprintf(stderr, "replay: %s: unreadable or larger than %ju bytes\n", path.c_str(), k_max_input_bytes);
      return 2;
    }
    std::ifstream file(path, std::ios::binary);
    const std::vector<char> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    std::fprintf(stderr, "replay: %s\n", path.c_str());
    std::fflush(stderr);
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  }
  std::printf("replay: %zu input(s) ran clean\n", inputs.size());
  if (inputs.size() < min_inputs) {
    std::printf("replay: expected at least %zu input(s): is the corpus missing?\n", min_inputs);
    return 1;
  }
  return 0;
}
