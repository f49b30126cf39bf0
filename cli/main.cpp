#include "cli/run.hpp"

int
main(int argc, char** argv)
{
  return sipsurv::cli::run(argc, argv);
}
