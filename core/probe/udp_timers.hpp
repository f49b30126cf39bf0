#pragma once

#include <chrono>
#include <vector>

namespace sipsurv::probe {

// RFC 3261 §17.1.2.2 non-INVITE client transaction over UDP: the request is
// sent at 0 and retransmitted when Timer E fires, first after T1, the
// interval doubling up to T2; Timer F (64·T1) ends the transaction. `cap`
// (the run's deadline, from the start of this probe) ends it earlier.
struct UdpSchedule {
  std::vector<std::chrono::milliseconds> sends; // offsets from the first send, the first is 0
  std::chrono::milliseconds give_up{0};         // min(Timer F, cap)
};

UdpSchedule udp_schedule(std::chrono::milliseconds t1, std::chrono::milliseconds t2, std::chrono::milliseconds cap);

} // namespace sipsurv::probe
