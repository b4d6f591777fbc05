#include "cli/shared/model_lookup.h"

#include <cstdlib>
#include <filesystem>
#include <vector>

#include "common/error.h"
#include "common/paths.h"

namespace fs = std::filesystem;

namespace masklet::cli {
namespace {

std::string siblingYaml(const fs::path& checkpoint) {
  fs::path yaml = checkpoint;
  yaml.replace_extension(".yaml");
  return fs::is_regular_file(yaml) ? yaml.string() : std::string();
}

}  // namespace

ModelFiles locateModel(const std::string& checkpoint, const std::string& config,
                       const std::string& name) {
  if (!checkpoint.empty()) {
    if (!fs::is_regular_file(checkpoint))
      throw Error("checkpoint " + checkpoint + " does not exist");
    if (!config.empty() && !fs::is_regular_file(config))
      throw Error("config " + config + " does not exist");
    return {checkpoint, config.empty() ? siblingYaml(checkpoint) : config};
  }
  std::vector<fs::path> dirs{userModelDir()};
  if (const char* extra = std::getenv("MASKLET_MODEL_DIR"); extra && *extra)
    dirs.emplace_back(extra);
  std::string searched;
  for (const auto& dir : dirs) {
    for (const fs::path& candidate : {dir / (name + ".pt"), dir / name})
      if (fs::is_regular_file(candidate)) return {candidate.string(), siblingYaml(candidate)};
    searched += (searched.empty() ? "" : ", ") + dir.string();
  }
  throw Error("no model '" + name + "' in " + searched + " (models/fetch-model.sh " + name +
              " installs an official one; --checkpoint FILE uses any .pt file)");
}

}  // namespace masklet::cli
