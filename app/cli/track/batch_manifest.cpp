#include "cli/track/batch_manifest.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>

#include "cli/shared/usage_error.h"
#include "common/error.h"

namespace fs = std::filesystem;

namespace masklet::cli {
namespace {

using Fields = std::map<std::string, std::string>;

const std::set<std::string> kKnownFields{"id",         "video",  "prompts",     "format",
                                         "checkpoint", "config", "model",       "precision",
                                         "threads",    "frames", "save_project"};

std::string trim(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t\r") - begin + 1);
}

// One CSV row: commas separate, double quotes quote ("" inside quotes is a quote).
std::vector<std::string> csvRow(const std::string& line) {
  std::vector<std::string> cells{""};
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cells.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cells.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.emplace_back();
    } else {
      cells.back() += c;
    }
  }
  if (quoted) throw Error("a quoted CSV field is not closed");
  for (auto& cell : cells) cell = trim(cell);
  return cells;
}

Fields jsonFields(const std::string& line) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(line);
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("not valid JSON: ") + e.what());
  }
  if (!json.is_object()) throw Error("a JSON line must be an object {\"video\": ..., ...}");
  Fields fields;
  for (const auto& [key, value] : json.items()) {
    if (value.is_null()) continue;
    if (value.is_string())
      fields[key] = value.get<std::string>();
    else if (value.is_boolean())
      fields[key] = value.get<bool>() ? "true" : "false";
    else if (value.is_number_integer())
      fields[key] = std::to_string(value.get<long long>());
    else
      throw Error("\"" + key + "\" must be a string, a whole number or true/false");
  }
  return fields;
}

bool parseBool(const std::string& text, const std::string& key) {
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (lower == "true" || lower == "1" || lower == "yes") return true;
  if (lower == "false" || lower == "0" || lower == "no" || lower.empty()) return false;
  throw Error("\"" + key + "\" must be true or false, got '" + text + "'");
}

bool safeId(const std::string& id) {
  return !id.empty() && id.size() <= 128 && id[0] != '.' &&
         std::all_of(id.begin(), id.end(), [](unsigned char c) {
           return std::isalnum(c) || c == '-' || c == '_' || c == '.';
         });
}

std::string resolve(const std::string& path, const fs::path& base) {
  if (path.empty() || fs::path(path).is_absolute()) return path;
  return (base / path).lexically_normal().string();
}

// The job of one line's fields; problems become the job's `problem`.
BatchJob makeJob(const Fields& fields, int line, const TrackOptions& defaults,
                 const fs::path& base) {
  BatchJob job;
  job.line = line;
  job.track = defaults;
  try {
    for (const auto& [key, value] : fields)
      if (!kKnownFields.count(key))
        throw Error("unknown field \"" + key +
                    "\" (known: id, video, prompts, format, "
                    "checkpoint, config, model, precision, threads, frames, save_project)");
    auto get = [&](const char* key) {
      auto it = fields.find(key);
      return it == fields.end() ? std::string() : it->second;
    };
    job.track.video = resolve(get("video"), base);
    job.track.prompts = resolve(get("prompts"), base);
    if (!get("format").empty()) job.track.format = get("format");
    if (!get("checkpoint").empty() || !get("model").empty()) {
      job.track.checkpoint = resolve(get("checkpoint"), base);
      job.track.model = get("model");
      job.track.config = resolve(get("config"), base);
    } else if (!get("config").empty()) {
      job.track.config = resolve(get("config"), base);
    }
    if (!get("precision").empty()) job.track.precision = get("precision");
    if (!get("threads").empty()) {
      const std::string threads = get("threads");
      if (!std::all_of(threads.begin(), threads.end(), ::isdigit) || threads.size() > 4)
        throw Error("\"threads\" must be a whole number");
      job.track.threads = std::stoi(threads);
    }
    if (!get("frames").empty()) job.track.frames = parseFrameRange(get("frames"), "\"frames\"");
    job.saveProject = parseBool(get("save_project"), "save_project");
    const std::string stem = fs::path(job.track.video).lexically_normal().filename().empty()
                                 ? fs::path(job.track.video).parent_path().filename().string()
                                 : fs::path(job.track.video).stem().string();
    job.id = get("id");
    if (job.id.empty()) {
      char number[16];
      std::snprintf(number, sizeof(number), "%05d", line);
      std::string clean;
      for (unsigned char c : stem) clean += std::isalnum(c) || c == '-' || c == '_' ? char(c) : '_';
      job.id = "job-" + std::string(number) + (clean.empty() ? "" : "-" + clean);
    }
    if (!safeId(job.id))
      throw Error("id '" + job.id + "' is not a folder name (letters, digits, - _ . only)");
    if (job.track.video.empty()) throw Error("no \"video\"");
    if (job.track.prompts.empty()) throw Error("no \"prompts\"");
    if (job.track.format.empty()) throw Error("no \"format\" (and batch has no --format)");
    if (job.track.checkpoint.empty() == job.track.model.empty())
      throw Error("needs a \"checkpoint\" or a \"model\" (or batch --checkpoint / --model)");
  } catch (const Error& e) {
    job.problem = e.what();
  }
  if (job.id.empty()) job.id = "line-" + std::to_string(line);
  return job;
}

}  // namespace

std::vector<BatchJob> readManifest(const fs::path& path, const TrackOptions& defaults) {
  std::ifstream in(path);
  if (!in) throw Error("cannot read the manifest " + path.string());
  const fs::path base = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  std::vector<BatchJob> jobs;
  std::vector<std::string> header;
  bool csv = ext == ".csv";
  bool decided = csv;
  std::string text;
  for (int line = 1; std::getline(in, text); ++line) {
    const std::string row = trim(text);
    if (row.empty() || row[0] == '#') continue;
    if (!decided) {
      csv = row[0] != '{';
      decided = true;
    }
    if (csv && header.empty()) {
      header = csvRow(row);
      if (std::find(header.begin(), header.end(), "video") == header.end())
        throw Error(path.string() + ": line " + std::to_string(line) +
                    ": a CSV manifest starts with a header naming its columns (video, prompts, "
                    "...)");
      continue;
    }
    Fields fields;
    std::string problem;
    try {
      if (csv) {
        const auto cells = csvRow(row);
        if (cells.size() > header.size())
          throw Error(std::to_string(cells.size()) + " fields but the header has " +
                      std::to_string(header.size()));
        for (std::size_t i = 0; i < cells.size(); ++i)
          if (!cells[i].empty()) fields[header[i]] = cells[i];
      } else {
        fields = jsonFields(row);
      }
    } catch (const Error& e) {
      problem = e.what();
    }
    BatchJob job = makeJob(fields, line, defaults, base);
    if (!problem.empty()) job.problem = problem;
    jobs.push_back(std::move(job));
  }
  std::map<std::string, int> firstLine;
  for (auto& job : jobs) {
    auto [it, added] = firstLine.emplace(job.id, job.line);
    if (!added && job.problem.empty())
      job.problem = "id '" + job.id + "' is already used by line " + std::to_string(it->second);
    if (!job.problem.empty())
      job.problem = "manifest line " + std::to_string(job.line) + ": " + job.problem;
  }
  return jobs;
}

std::pair<int, int> parseShard(const std::string& text) {
  const auto slash = text.find('/');
  auto number = [&](const std::string& part) {
    if (part.empty() || part.size() > 6 || !std::all_of(part.begin(), part.end(), ::isdigit))
      throw UsageError("--shard needs i/N (0 <= i < N), got '" + text + "'");
    return std::stoi(part);
  };
  if (slash == std::string::npos)
    throw UsageError("--shard needs i/N (0 <= i < N), got '" + text + "'");
  const int index = number(text.substr(0, slash));
  const int count = number(text.substr(slash + 1));
  if (count < 1 || index >= count)
    throw UsageError("--shard " + text + ": the index must be 0 to N-1 (N >= 1)");
  return {index, count};
}

std::vector<BatchJob> shardJobs(const std::vector<BatchJob>& jobs, int index, int count) {
  std::vector<BatchJob> out;
  for (std::size_t k = 0; k < jobs.size(); ++k)
    if (static_cast<int>(k % static_cast<std::size_t>(count)) == index) out.push_back(jobs[k]);
  return out;
}

}  // namespace masklet::cli
