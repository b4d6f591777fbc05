#include "model/checkpoint_probe.h"

#include <exception>
#include <filesystem>

#include "common/error.h"
#include "model/checkpoint_inspector.h"
#include "model/checkpoint_reader.h"
#include "model/model_config.h"

namespace masklet::model {
namespace {

std::string sizeText(const std::string& officialSize) {
  return officialSize == "base_plus" ? "base+" : officialSize;
}

std::string versionText(const std::string& variant) {
  if (variant == "sam2.1") return "2.1";
  if (variant == "sam2") return "2.0";
  return "";
}

std::string familyText(const std::string& variant) {
  if (variant == "edgetam") return "edgetam";
  if (variant == "sam2.1" || variant == "sam2") return "sam2";
  return "";
}

// Fills in what the shapes (and a YAML next to the file, if any) say; throws masklet::Error
// when Sam2Model::load would refuse the file.
void inspect(CheckpointProbe& probe) {
  const ShapeMap shapes = shapesOf(readStateDictLayout(probe.path));
  probe.parameters = elementCount(shapes);
  const CheckpointSignature signature = inspectCheckpoint(shapes);
  if (!signature.hasTrunk)
    throw Error("not a SAM 2 or EdgeTAM checkpoint: " + signature.describe());
  probe.version = versionText(signature.variant());
  probe.family = familyText(signature.variant());
  std::error_code ec;
  if (std::filesystem::is_regular_file(probe.configPath, ec)) {
    const ModelConfig config = ModelConfig::fromYaml(probe.configPath);
    const OfficialModel* official = matchOfficialModel(config);
    probe.size = official != nullptr ? sizeText(official->size) : "custom";
    if (official != nullptr) probe.officialName = official->name;
    // The YAML decides the model (Sam2Model::load builds what it says).
    probe.family = familyText(config.variant());
  } else {
    probe.configPath.clear();
    const OfficialModel& official = detectOfficialModel(shapes, "'" + probe.path + "'");
    probe.size = sizeText(official.size);
    probe.officialName = official.name;
    probe.version = versionText(official.variant);
    probe.family = familyText(official.variant);
  }
  probe.loadable = true;
}

std::string firstLine(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

}  // namespace

std::string CheckpointProbe::modelText() const {
  if (family == "edgetam") return size == "custom" ? "EdgeTAM custom" : "EdgeTAM";
  std::string text = version.empty() ? "SAM 2" : "SAM " + version;
  if (!size.empty()) text += " " + size;
  return text;
}

CheckpointProbe probeCheckpoint(const std::string& path) {
  namespace fs = std::filesystem;
  CheckpointProbe probe;
  probe.path = path;
  const fs::path file(path);
  probe.name = file.stem().string();
  std::error_code ec;
  const auto bytes = fs::file_size(file, ec);
  probe.fileBytes = ec ? 0 : uint64_t(bytes);
  probe.configPath = (file.parent_path() / (probe.name + ".yaml")).string();
  try {
    inspect(probe);
  } catch (const c10::Error& error) {  // a LibTorch check: its message without the backtrace
    probe.reason = firstLine(error.what_without_backtrace());
  } catch (const std::exception& error) {
    probe.reason = firstLine(error.what());
  }
  return probe;
}

}  // namespace masklet::model
