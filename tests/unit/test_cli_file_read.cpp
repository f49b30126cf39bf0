// cli/file_read: the files given to --phone, --scenario, --dns-file and
// --targets are read only when they are regular files, bounded, and a FIFO
// or a device is refused at once instead of blocking the run.
#include "cli/file_read.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

using namespace sipsurv;
using Clock = std::chrono::steady_clock;

namespace {

// A fresh directory under /tmp, removed with everything in it.
struct TempDir {
  std::filesystem::path path;
  TempDir()
  {
    std::string name = (std::filesystem::temp_directory_path() / "sipsurv-file-read-XXXXXX").string();
    path = ::mkdtemp(name.data());
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string file(const std::string& name, const std::string& text) const
  {
    const auto p = path / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
};

std::chrono::milliseconds
since(Clock::time_point t0)
{
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0);
}

} // namespace

TEST(FileRead, RegularFileAndSymlinkToOneAreRead)
{
  TempDir dir;
  const auto f = dir.file("zone", "example.test. 60 IN A 127.0.0.1\n");
  const auto r = cli::read_bounded(f, 1024, "--dns-file");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, "example.test. 60 IN A 127.0.0.1\n");
  const auto link = (dir.path / "link").string();
  ASSERT_EQ(::symlink(f.c_str(), link.c_str()), 0);
  EXPECT_TRUE(cli::read_bounded(link, 1024, "--dns-file"));
}

TEST(FileRead, FifoIsRefusedAtOnce)
{
  TempDir dir;
  const auto fifo = (dir.path / "fifo").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // Without O_NONBLOCK the open alone would wait forever for a writer.
  const auto t0 = Clock::now();
  const auto r = cli::read_bounded(fifo, 1024, "--scenario");
  const auto took = since(t0);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::usage);
  EXPECT_EQ(r.error().message, "--scenario " + fifo + ": is a FIFO (named pipe); allowed: a regular file");
  EXPECT_LT(took.count(), 100) << "refusing a FIFO took " << took.count() << " ms";
}

TEST(FileRead, DevicesAndDirectoriesAreRefused)
{
  TempDir dir;
  for (const std::string dev : {"/dev/zero", "/dev/null", "/dev/urandom"}) {
    const auto r = cli::read_bounded(dev, 1024, "--targets");
    ASSERT_FALSE(r) << dev;
    EXPECT_EQ(r.error().message, "--targets " + dev + ": is a character device; allowed: a regular file");
  }
  const auto r = cli::read_bounded(dir.path.string(), 1024, "--phone");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("is a directory; allowed: a regular file"), std::string::npos) << r.error().message;
}

TEST(FileRead, SizeLimitNulAndMissingFile)
{
  TempDir dir;
  EXPECT_TRUE(cli::read_bounded(dir.file("at-limit", std::string(100, 'x')), 100, "--targets"));
  const auto big = cli::read_bounded(dir.file("big", std::string(101, 'x')), 100, "--targets");
  ASSERT_FALSE(big);
  EXPECT_NE(big.error().message.find("larger than 100 bytes"), std::string::npos) << big.error().message;
  const auto nul = cli::read_bounded(dir.file("nul", std::string("a\0b", 3)), 100, "--targets");
  ASSERT_FALSE(nul);
  EXPECT_NE(nul.error().message.find("contains NUL bytes"), std::string::npos) << nul.error().message;
  const auto missing = cli::read_bounded((dir.path / "none").string(), 100, "--targets");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("cannot open: No such file or directory"), std::string::npos)
    << missing.error().message;
}

TEST(FileRead, FileNameIsEscapedInTheMessage)
{
  const auto r = cli::read_bounded("/nonexistent/\x1b[2Jevil\xe2\x80\xae", 100, "--phone");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("/nonexistent/\\x1b[2Jevil\\u{202e}: cannot open"), std::string::npos)
    << r.error().message;
}
