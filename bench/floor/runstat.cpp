// Runs one command and prints what it cost, from wait4(2): wall time, user
// and system CPU, and peak memory (bench/run.sh's stopwatch). The command's
// output goes to /dev/null, or to --out FILE.
//
//   bench_runstat [--out FILE] -- CMD [ARGS...]
// Prints "wall_ms=W user_ms=U sys_ms=S maxrss_kb=R rc=C".

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string_view>

int
main(int argc, char** argv)
{
  const char* out = "/dev/null";
  int first = 1;
  for (; first < argc; ++first) {
    const std::string_view a(argv[first]);
    if (a == "--") {
      ++first;
      break;
    }
    if (a == "--out" && first + 1 < argc) {
      out = argv[++first];
    }
  }
  if (first >= argc) {
    std::fprintf(stderr, "usage: bench_runstat [--out FILE] -- CMD [ARGS...]\n");
    return 64;
  }
  const auto t0 = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid < 0) {
    std::perror("bench_runstat: fork");
    return 1;
  }
  if (pid == 0) {
    const int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    const int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (fd < 0 || null < 0) {
      _exit(126);
    }
    dup2(fd, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
    dup2(null, STDIN_FILENO);
    execvp(argv[first], argv + first);
    _exit(127);
  }
  int status = 0;
  rusage ru{};
  if (wait4(pid, &status, 0, &ru) != pid) {
    std::perror("bench_runstat: wait4");
    return 1;
  }
  const double wall = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  const auto ms = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) * 1e3 + static_cast<double>(tv.tv_usec) / 1e3;
  };
  std::printf("wall_ms=%.2f user_ms=%.2f sys_ms=%.2f maxrss_kb=%ld rc=%d\n", wall, ms(ru.ru_utime), ms(ru.ru_stime),
              ru.ru_maxrss, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
  return 0;
}
