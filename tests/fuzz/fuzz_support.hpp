#pragma once

// Shared by every fuzz target: the libFuzzer entry point's signature and a
// check that aborts with a message. Targets assert the parsers' contracts
// (an error carries a one-line message; limits hold), not just "no crash",
// so a silent wrong answer is found as well as a crash. The same sources run
// under libFuzzer (clang, scripts/fuzz.sh) and under the replay runner
// (replay_main.cpp, gcc, ctest label "fuzz").
#include "core/util/error.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace sipsurv::fuzz {

[[noreturn]] inline void
contract_broken(const char* what, const char* file, int line)
{
  std::fprintf(stderr, "fuzz: contract broken at %s:%d: %s\n", file, line, what);
  std::abort();
}

// An error a parser returns must say what was wrong in one line.
inline bool
is_one_line_message(const Error& e)
{
  return !e.message.empty() && e.message.find('\n') == std::string::npos && e.message.find('\r') == std::string::npos;
}

// Reads fuzz input piece by piece; past the end every read yields zeros, so
// a harness never reads out of bounds and every input is meaningful.
class Bytes
{
public:
  Bytes(const std::uint8_t* data, std::size_t size) : m_data(data), m_size(size) {}

  bool empty() const { return m_pos >= m_size; }
  std::size_t left() const { return m_size - m_pos; }

  std::uint8_t u8() { return m_pos < m_size ? m_data[m_pos++] : 0; }
  // Big-endian; the reads are sequenced so every compiler decodes alike.
  std::uint16_t u16()
  {
    const unsigned high = u8();
    const unsigned low = u8();
    return static_cast<std::uint16_t>((high << 8U) | low);
  }
  std::uint32_t u32()
  {
    const std::uint32_t high = u16();
    const std::uint32_t low = u16();
    return (high << 16U) | low;
  }

  // The next `n` bytes (fewer at the end).
  std::string_view take(std::size_t n)
  {
    const std::size_t k = n < left() ? n : left();
    std::string_view out(reinterpret_cast<const char*>(m_data + m_pos), k);
    m_pos += k;
    return out;
  }

  // A piece prefixed by its 16-bit length.
  std::string_view piece() { return take(u16()); }

private:
  const std::uint8_t* m_data;
  std::size_t m_size;
  std::size_t m_pos = 0;
};

} // namespace sipsurv::fuzz

#define SIPSURV_FUZZ_CHECK(cond)                                                                                       \
  do {                                                                                                                 \
    if (!(cond)) {                                                                                                     \
      ::sipsurv::fuzz::contract_broken(#cond, __FILE__, __LINE__);                                                     \
    }                                                                                                                  \
  } while (false)
