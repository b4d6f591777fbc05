#include "cli/track/batch_runner.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

#include "cli/track/batch_manifest.h"
#include "common/error.h"
#include "dataset/json_util.h"
#include "model/torch_threads.h"

namespace fs = std::filesystem;

namespace masklet::cli {
namespace {

using dataset::Json;
using Clock = std::chrono::steady_clock;

constexpr const char* kDoneMarker = "done.json";
constexpr const char* kLogName = "track.log";
constexpr const char* kProjectName = "project.masklet";

// What identifies a job's work: its track arguments without the output paths. A finished
// job with the same spec is skipped; another spec is done again.
std::string jobSpec(const BatchJob& job) {
  TrackOptions track = job.track;
  track.out = jobOutputName(track.format);
  track.saveProject = job.saveProject ? kProjectName : "";
  track.quiet = false;
  track.threads = 0;  // how fast, not what
  std::string spec;
  for (const auto& arg : trackArguments(track)) spec += (spec.empty() ? "" : " ") + arg;
  return spec;
}

std::optional<std::string> finishedSpec(const fs::path& folder) {
  const fs::path marker = folder / kDoneMarker;
  if (!fs::is_regular_file(marker)) return std::nullopt;
  try {
    const Json json = dataset::readJsonFile(marker);
    auto it = json.find("spec");
    if (it != json.end() && it->is_string()) return it->get<std::string>();
  } catch (const Error&) {
  }
  return std::string();  // a marker we cannot read: the job is done again
}

// Partial folders of a job left by killed runs (any process id).
void removePartials(const fs::path& out, const std::string& id) {
  const std::string prefix = "." + id + ".partial-";
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(out, error))
    if (entry.path().filename().string().rfind(prefix, 0) == 0) fs::remove_all(entry.path(), error);
}

std::string lastLine(const fs::path& log) {
  std::ifstream in(log);
  std::string line, last;
  while (std::getline(in, line))
    if (line.find_first_not_of(" \t\r") != std::string::npos) last = line;
  return last;
}

std::string nowText() {
  const std::time_t now = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

struct Running {
  BatchJob job;
  fs::path partial;
  Clock::time_point started;
};

// Starts `masklet-cli track` for the job with its output in `partial`; returns the child's pid.
pid_t startChild(const BatchJob& job, const fs::path& partial, int threads) {
  TrackOptions track = job.track;
  track.out = (partial / jobOutputName(track.format)).string();
  track.saveProject = job.saveProject ? (partial / kProjectName).string() : "";
  track.quiet = false;
  if (track.threads <= 0) track.threads = threads;
  std::vector<std::string> args{"masklet-cli", "track"};
  for (const auto& arg : trackArguments(track)) args.push_back(arg);
  const std::string log = (partial / kLogName).string();
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) throw Error(std::string("cannot start a job: fork failed: ") + std::strerror(errno));
  if (pid == 0) {
    // A killed batch takes its jobs with it (a restart must not race old children).
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    const int null = ::open("/dev/null", O_RDONLY);
    if (null >= 0) ::dup2(null, 0);
    ::execv("/proc/self/exe", argv.data());
    ::_exit(127);
  }
  return pid;
}

std::string exitReason(int status, const fs::path& log) {
  if (WIFSIGNALED(status))
    return std::string("killed by signal ") + std::to_string(WTERMSIG(status)) + " (" +
           strsignal(WTERMSIG(status)) + ")";
  const int code = WEXITSTATUS(status);
  std::string line = lastLine(log);
  if (line.empty()) line = "no output";
  return "exit " + std::to_string(code) + ": " + line;
}

class Batch {
 public:
  explicit Batch(const BatchOptions& options) : m_options(options), m_out(options.out) {}

  BatchResult run() {
    const auto started = Clock::now();
    const auto all = readManifest(m_options.manifest, m_options.defaults);
    const auto jobs = shardJobs(all, m_options.shardIndex, m_options.shardCount);
    m_result.jobs = static_cast<int>(jobs.size());
    fs::create_directories(m_out);
    // The machine's cores, or MASKLET_THREADS when set, shared out among the parallel jobs.
    const int parallel = std::max(1, m_options.parallelJobs);
    const int threads = std::max(1, model::defaultThreadBudget() / parallel);
    note("batch: " + std::to_string(jobs.size()) + " of " + std::to_string(all.size()) +
         " jobs in shard " + std::to_string(m_options.shardIndex) + "/" +
         std::to_string(m_options.shardCount) + ", " + std::to_string(parallel) + " at a time");

    std::size_t next = 0;
    int position = 0;
    std::map<pid_t, Running> running;
    while (next < jobs.size() || !running.empty()) {
      while (next < jobs.size() && static_cast<int>(running.size()) < parallel) {
        const BatchJob& job = jobs[next++];
        ++position;
        const std::string where =
            "[" + std::to_string(position) + "/" + std::to_string(jobs.size()) + "] " + job.id;
        if (!job.problem.empty()) {
          fail(job.id, job.problem, where);
          continue;
        }
        const fs::path folder = m_out / job.id;
        const auto spec = finishedSpec(folder);
        if (spec && *spec == jobSpec(job)) {
          m_result.skipped.push_back(job.id);
          note(where + ": already done, skipped");
          continue;
        }
        removePartials(m_out, job.id);
        const fs::path partial = m_out / ("." + job.id + ".partial-" + std::to_string(::getpid()));
        fs::create_directories(partial);
        try {
          const pid_t pid = startChild(job, partial, threads);
          running[pid] = Running{job, partial, Clock::now()};
          note(where + ": started (" + job.track.video + ")");
        } catch (const Error& e) {
          fs::remove_all(partial);
          fail(job.id, e.what(), where);
        }
      }
      if (running.empty()) continue;
      int status = 0;
      const pid_t pid = ::waitpid(-1, &status, 0);
      if (pid < 0) {
        if (errno == EINTR) continue;
        throw Error(std::string("batch: waiting for a job failed: ") + std::strerror(errno));
      }
      auto it = running.find(pid);
      if (it == running.end()) continue;
      finishJob(it->second, status);
      running.erase(it);
    }
    writeSummary(std::chrono::duration<double>(Clock::now() - started).count());
    return m_result;
  }

 private:
  void note(const std::string& text) {
    if (!m_options.quiet) std::cerr << text << std::endl;
  }

  void fail(const std::string& id, const std::string& reason, const std::string& where) {
    m_result.failed.emplace_back(id, reason);
    note(where + ": FAILED: " + reason);
  }

  void finishJob(const Running& run, int status) {
    const BatchJob& job = run.job;
    const double seconds = std::chrono::duration<double>(Clock::now() - run.started).count();
    const fs::path log = run.partial / kLogName;
    const fs::path failedLog = m_out / (job.id + ".failed.log");
    std::error_code ignored;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      const std::string reason = exitReason(status, log);
      fs::copy_file(log, failedLog, fs::copy_options::overwrite_existing, ignored);
      fs::remove_all(run.partial, ignored);
      fail(job.id, reason, job.id);
      return;
    }
    try {
      Json marker = Json::object();
      marker["id"] = job.id;
      marker["line"] = job.line;
      marker["video"] = job.track.video;
      marker["prompts"] = job.track.prompts;
      marker["format"] = job.track.format;
      marker["output"] = jobOutputName(job.track.format);
      if (job.saveProject) marker["project"] = kProjectName;
      marker["seconds"] = seconds;
      marker["finished"] = nowText();
      marker["result"] = lastLine(log);
      marker["spec"] = jobSpec(job);
      dataset::writeJsonFile(run.partial / kDoneMarker, marker);
      const fs::path folder = m_out / job.id;
      if (fs::exists(folder)) fs::remove_all(folder);  // an earlier run of another spec
      fs::rename(run.partial, folder);
    } catch (const std::exception& e) {
      fs::remove_all(run.partial, ignored);
      fail(job.id, std::string("could not finish the job folder: ") + e.what(), job.id);
      return;
    }
    fs::remove(failedLog, ignored);
    m_result.done.push_back(job.id);
    char text[32];
    std::snprintf(text, sizeof(text), "%.1f", seconds);
    note(job.id + ": done in " + text + " s");
  }

  void writeSummary(double seconds) {
    Json summary = Json::object();
    summary["manifest"] = m_options.manifest;
    summary["shard"] =
        std::to_string(m_options.shardIndex) + "/" + std::to_string(m_options.shardCount);
    summary["jobs"] = m_result.jobs;
    summary["done"] = m_result.done;
    summary["skipped"] = m_result.skipped;
    Json failed = Json::array();
    for (const auto& [id, reason] : m_result.failed) {
      Json entry = Json::object();
      entry["id"] = id;
      entry["reason"] = reason;
      failed.push_back(entry);
    }
    summary["failed"] = failed;
    summary["seconds"] = seconds;
    summary["finished"] = nowText();
    const std::string name = m_options.shardCount == 1
                                 ? std::string("summary.json")
                                 : "summary-" + std::to_string(m_options.shardIndex) + "-of-" +
                                       std::to_string(m_options.shardCount) + ".json";
    m_result.summaryPath = (m_out / name).string();
    dataset::writeJsonFile(m_result.summaryPath, summary);
  }

  const BatchOptions& m_options;
  fs::path m_out;
  BatchResult m_result;
};

}  // namespace

std::string jobOutputName(const std::string& format) {
  if (format == "coco") return "coco.json";
  if (format == "sav") return "sav.json";
  return format;  // sa1b/, png/: folders
}

BatchResult runBatch(const BatchOptions& options) {
  return Batch(options).run();
}

}  // namespace masklet::cli
