#include "cli/replay/replay_fixture.h"

#include <fstream>

namespace masklet::cli {

namespace fs = std::filesystem;
using nlohmann::json;

std::string requireFixtureFile(const fs::path& dir, const std::string& name) {
  const fs::path path = dir / name;
  if (!fs::is_regular_file(path))
    throw Error("replay: " + path.string() + " is missing (a fixture folder holds checkpoint.pt, " +
                "config.yaml, session.json and trace.pt)");
  return path.string();
}

json readFixtureJson(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error("replay: cannot open " + path);
  try {
    return json::parse(in);
  } catch (const json::exception& e) {
    throw Error("replay: " + path + " is not valid JSON: " + e.what());
  }
}

const torch::Tensor& traceTensor(const model::TensorMap& trace, const std::string& key) {
  auto it = trace.find(key);
  if (it == trace.end()) throw Error("replay: trace.pt has no tensor \"" + key + "\"");
  return it->second;
}

std::vector<int64_t> toIds(const torch::Tensor& t) {
  const auto flat = t.to(torch::kLong).flatten().contiguous();
  return {flat.data_ptr<int64_t>(), flat.data_ptr<int64_t>() + flat.numel()};
}

}  // namespace masklet::cli
