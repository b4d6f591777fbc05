#pragma once
// Starting a program from a test (ffmpeg for a clip, masklet-cli) with posix_spawn instead of
// QProcess. Debian's Qt 6.4 starts children through clone(CLONE_VM | CLONE_VFORK), and the
// ThreadSanitizer runtime (clang 14 and 16 alike) aborts in its clone interceptor
// ("CHECK failed: ... ForkAfter") as soon as a test starts one; posix_spawn goes through glibc's
// own path, which TSan handles, so the same tests run in the tsan build. Output goes to files,
// so a chatty child never blocks on a full pipe.
#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QTemporaryFile>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <chrono>
#include <csignal>
#include <thread>
#include <vector>

extern char** environ;

namespace masklet::test {

class ChildProcess {
 public:
  ChildProcess() = default;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess() {
    if (running()) {
      kill();
      waitForFinished(10000);
    }
  }

  // Starts `program` (searched in PATH when it has no slash) with the current environment,
  // stdin from /dev/null; false if it could not be started.
  bool start(const QString& program, const QStringList& args) {
    if (!m_out.open() || !m_err.open()) return false;
    std::vector<QByteArray> storage{program.toLocal8Bit()};
    for (const QString& arg : args) storage.push_back(arg.toLocal8Bit());
    std::vector<char*> argv;
    for (QByteArray& item : storage) argv.push_back(item.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, int(m_out.handle()), 1);
    posix_spawn_file_actions_adddup2(&actions, int(m_err.handle()), 2);
    const int rc = posix_spawnp(&m_pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) m_pid = -1;
    return rc == 0;
  }

  // True while the child has not ended (reaps it when it has).
  bool running() {
    if (m_pid <= 0 || m_finished) return false;
    int status = 0;
    if (waitpid(m_pid, &status, WNOHANG) != m_pid) return true;
    noteStatus(status);
    return false;
  }

  bool waitForFinished(int timeoutMs) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (running()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return m_pid > 0;
  }

  void kill() {
    if (m_pid > 0 && !m_finished) ::kill(m_pid, SIGKILL);
  }

  // The exit code of a child that ended normally; -2 if a signal ended it, -1 before it ended.
  int exitCode() const { return m_exitCode; }
  QByteArray readStdout() { return readAll(m_out); }
  QByteArray readStderr() { return readAll(m_err); }

 private:
  void noteStatus(int status) {
    m_finished = true;
    m_exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -2;
  }
  static QByteArray readAll(QTemporaryFile& file) {
    file.seek(0);
    return file.readAll();
  }

  QTemporaryFile m_out, m_err;
  pid_t m_pid = -1;
  bool m_finished = false;
  int m_exitCode = -1;
};

// Runs `program` to its end; its exit code, or -1 if it did not start or end within the time.
inline int runToEnd(const QString& program, const QStringList& args, int timeoutMs = 60000) {
  ChildProcess child;
  if (!child.start(program, args)) return -1;
  return child.waitForFinished(timeoutMs) ? child.exitCode() : -1;
}

}  // namespace masklet::test
