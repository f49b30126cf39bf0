#include "cli/progress.hpp"

#include <gtest/gtest.h>

using namespace sipsurv;
using namespace std::chrono_literals;

TEST(Progress, LineSaysDoneInFlightWaitingAndTimeLeft)
{
  probe::ProbeProgress p;
  p.done = 12;
  p.in_flight = 8;
  p.queued = 20;
  p.left = 3250ms;
  EXPECT_EQ(cli::progress_text(p), "probing: 12/40 done, 8 in flight, 20 waiting, 3.2 s left");
  p.queued = 0;
  EXPECT_EQ(cli::progress_text(p), "probing: 12/20 done, 8 in flight, 3.2 s left");
}

// Never for a machine reader: JSON, Nagios and OpenMetrics get no display
// (and under ctest stderr is not a terminal, so text gets none either).
TEST(Progress, NoDisplayForMachineFormatsOrWithoutATerminal)
{
  for (const auto f : {cli::Format::json, cli::Format::nagios, cli::Format::openmetrics, cli::Format::text}) {
    cli::OutputArgs out;
    out.format = f;
    EXPECT_FALSE(cli::progress_display(out)) << static_cast<int>(f);
  }
}
