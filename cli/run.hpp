#pragma once

namespace sipsurv::cli {

// The whole program: parse, dispatch, map to an exit code. Holds the one
// top-level catch: an exception here is a bug, never a probe result.
int run(int argc, char** argv);

} // namespace sipsurv::cli
