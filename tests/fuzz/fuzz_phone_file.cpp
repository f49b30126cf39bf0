// Fuzz target: a --phone settings file (cli/phone_file.hpp), which a
// technician may be handed by a customer. The input is parsed as the file's
// text, and also written to a temporary file that a fixed command line names.
#include "cli/app.hpp"
#include "cli/phone_args.hpp"
#include "cli/phone_file.hpp"
#include "tests/fuzz/fuzz_support.hpp"

#include <fstream>
#include <unistd.h>

using namespace sipsurv;

namespace {

// One scratch file per process, removed at exit.
struct ScratchFile {
  std::string path = "/tmp/sipsurv-fuzz-phone-" + std::to_string(::getpid()) + ".ini";
  ScratchFile() = default;
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  ~ScratchFile() { ::unlink(path.c_str()); }
};

const std::string&
scratch_path()
{
  static const ScratchFile file;
  return file.path;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  if (const auto parsed = cli::parse_phone_text(std::string_view(reinterpret_cast<const char*>(data), size), "f");
      !parsed) {
    SIPSURV_FUZZ_CHECK(parsed.error().code == Errc::usage && fuzz::is_one_line_message(parsed.error()));
  }
  {
    std::ofstream file(scratch_path(), std::ios::binary | std::ios::trunc);
    file.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  cli::Args args;
  const std::vector<std::string> argv{"sipsurv", "resolve", "example.test", "--phone", scratch_path()};
  const cli::ParseOutcome out = cli::parse_command_line(argv, args);
  if (out.exit_now) {
    SIPSURV_FUZZ_CHECK(out.exit_code == 0 || out.exit_code == 64);
    if (out.exit_code == 64) {
      SIPSURV_FUZZ_CHECK(!out.error.empty() && out.error.find('\n') == std::string::npos);
    }
    return 0;
  }
  SIPSURV_FUZZ_CHECK(out.command != nullptr && out.command->name == "resolve");
  SIPSURV_FUZZ_CHECK(args.settings.connectivity_check.count() >= 0);
  if (const auto plan = cli::to_phone_plan(args.settings, args.resolve.domain); !plan) {
    SIPSURV_FUZZ_CHECK(plan.error().code == Errc::usage && fuzz::is_one_line_message(plan.error()));
  }
  return 0;
}
