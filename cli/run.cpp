#include "cli/run.hpp"

#include "cli/app.hpp"
#include "cli/diagnostics.hpp"

#include <fmt/format.h>

#include <csignal>
#include <exception>

namespace sipsurv::cli {

int
run(int argc, char** argv)
{
  // A peer closing a TCP/TLS connection must not kill us with SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  try {
    Args args;
    const std::vector<std::string> argv_list(argv, argv + argc);
    const ParseOutcome parsed = parse_command_line(argv_list, args);
    if (parsed.exit_now) {
      if (!parsed.output.empty()) {
        print_report(parsed.output);
      }
      if (!parsed.error.empty()) {
        print_error(parsed.error);
      }
      return parsed.exit_code;
    }
    return to_int(parsed.command->run(args));
  } catch (const std::exception& e) {
    print_error(fmt::format("internal error: {}; please report this as a bug with the command line used", e.what()));
  } catch (...) {
    print_error("internal error: unknown exception; please report this as a bug with the command line used");
  }
  return to_int(ExitCode::internal);
}

} // namespace sipsurv::cli
