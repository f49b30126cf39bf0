// cli/textfile: watch --textfile replaces its target atomically (mkstemp
// beside it, fsync, rename) and only when the target is a regular file or
// missing; never through a symlink, into a FIFO or over a device.
#include "cli/textfile.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace sipsurv;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir()
  {
    std::string name = (fs::temp_directory_path() / "sipsurv-textfile-XXXXXX").string();
    path = ::mkdtemp(name.data());
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() { fs::remove_all(path); }
  // Names in the directory: the target and nothing left behind.
  std::size_t entries() const
  {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(path), fs::directory_iterator()));
  }
};

std::string
content(const fs::path& p)
{
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

} // namespace

TEST(Textfile, NewTargetIsWrittenWithNoTemporaryLeft)
{
  TempDir dir;
  const auto target = dir.path / "sipsurv.prom";
  ASSERT_TRUE(cli::write_textfile(target.string(), "sipsurv_probe_up 1\n# EOF\n"));
  EXPECT_EQ(content(target), "sipsurv_probe_up 1\n# EOF\n");
  EXPECT_EQ(dir.entries(), 1U);
  // 0666 less the umask, as a file made by open(2): readable by the collector.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  EXPECT_EQ(fs::status(target).permissions(), static_cast<fs::perms>(0666 & ~mask));
}

TEST(Textfile, ExistingTargetIsReplacedAndKeepsItsMode)
{
  TempDir dir;
  const auto target = dir.path / "sipsurv.prom";
  std::ofstream(target) << "old\n";
  fs::permissions(target, static_cast<fs::perms>(0640));
  ASSERT_TRUE(cli::write_textfile(target.string(), "new\n"));
  EXPECT_EQ(content(target), "new\n");
  EXPECT_EQ(fs::status(target).permissions(), static_cast<fs::perms>(0640));
  EXPECT_EQ(dir.entries(), 1U);
}

TEST(Textfile, ReplacesByRenameSoAReaderNeverSeesHalfAFile)
{
  TempDir dir;
  const auto target = dir.path / "sipsurv.prom";
  std::ofstream(target) << "old\n";
  // A reader holding the old file keeps reading the old content: the
  // target was replaced, not truncated and rewritten.
  std::ifstream reader(target);
  ASSERT_TRUE(cli::write_textfile(target.string(), "new\n"));
  std::string line;
  std::getline(reader, line);
  EXPECT_EQ(line, "old");
  EXPECT_EQ(content(target), "new\n");
}

TEST(Textfile, SymlinkFifoDeviceAndDirectoryAreRefused)
{
  TempDir dir;
  const auto real = dir.path / "real.prom";
  std::ofstream(real) << "untouched\n";
  const auto link = dir.path / "link.prom";
  fs::create_symlink(real, link);
  const auto fifo = dir.path / "fifo.prom";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const auto sub = dir.path / "dir.prom";
  fs::create_directory(sub);
  const struct {
    fs::path path;
    const char* kind;
  } cases[] = {{link, "a symbolic link"},
               {fifo, "a FIFO (named pipe)"},
               {"/dev/null", "a character device"},
               {sub, "a directory"}};
  for (const auto& c : cases) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = cli::write_textfile(c.path.string(), "new\n");
    const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    ASSERT_FALSE(r) << c.path;
    EXPECT_EQ(r.error().code, Errc::io);
    EXPECT_EQ(r.error().message,
              "--textfile " + c.path.string() + ": is " + c.kind + "; allowed: a regular file or a new file name");
    EXPECT_EQ(cli::textfile_target_problem(c.path.string()), r.error().message);
    EXPECT_LT(ms, 100) << c.path;
  }
  EXPECT_EQ(content(real), "untouched\n"); // not written through the link
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_TRUE(fs::is_fifo(fifo));
  EXPECT_EQ(dir.entries(), 4U); // no temporary file left
}

TEST(Textfile, MissingDirectoryIsAnIoErrorNamingThePath)
{
  TempDir dir;
  const auto target = dir.path / "gone" / "sipsurv.prom";
  EXPECT_EQ(cli::textfile_target_problem(target.string()), std::nullopt); // may appear later
  const auto r = cli::write_textfile(target.string(), "x\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::io);
  EXPECT_EQ(r.error().message,
            "--textfile " + target.string() + ": cannot create a temporary file beside it: No such file or directory");
}
