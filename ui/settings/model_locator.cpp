#include "ui/settings/model_locator.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "common/paths.h"

namespace masklet::ui {

std::vector<std::string> findInstalledCheckpoints(const std::string& extraFolder) {
  namespace fs = std::filesystem;
  std::vector<std::string> dirs{userModelDir()};
  if (const char* extra = std::getenv("MASKLET_MODEL_DIR")) dirs.emplace_back(extra);
  if (!extraFolder.empty()) dirs.push_back(extraFolder);
  std::vector<std::string> found;
  for (const auto& dir : dirs) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.is_regular_file(ec) && entry.path().extension() == ".pt")
        found.push_back(fs::absolute(entry.path(), ec).lexically_normal().string());
    }
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

std::string noModelHelpText() {
  return "No SAM 2 model found in " + userModelDir() + ". " + modelChoiceAdvice() +
         " Download one with models/fetch-model.sh edgetam or models/fetch-model.sh "
         "sam2.1_hiera_tiny (installed from the package: masklet-fetch-model edgetam), or "
         "copy an official edgetam.pt, sam2.1_hiera_*.pt or sam2_hiera_*.pt file there.";
}

std::string modelChoiceAdvice() {
  return "On a CPU, EdgeTAM is the fast choice (about 4× faster than SAM 2.1 tiny, a bit less "
         "accurate); SAM 2.1 is the accurate one.";
}

}  // namespace masklet::ui
