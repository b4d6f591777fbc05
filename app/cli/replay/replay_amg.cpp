#include "cli/replay/replay_amg.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/shared/command.h"
#include "common/error.h"
#include "model/checkpoint_reader.h"
#include "tracker/amg_compare.h"
#include "tracker/amg_options_json.h"
#include "tracker/amg_synthetic_predictor.h"
#include "tracker/image_preprocess.h"
#include "tracker/mask_generator.h"

namespace masklet::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const char* kKind = "automatic_mask_generator";

std::string fixtureDir(const std::vector<std::string>& args) {
  for (const auto& arg : args)
    if (arg.rfind("-", 0) != 0) return arg;
  return {};
}

json readSession(const fs::path& dir) {
  std::ifstream in(dir / "session.json");
  if (!in) return json();
  try {
    return json::parse(in);
  } catch (const json::exception&) {
    return json();
  }
}

}  // namespace

bool isAmgReplay(const std::vector<std::string>& args) {
  const auto dir = fixtureDir(args);
  if (dir.empty()) return false;
  const json session = readSession(dir);
  return session.is_object() && session.value("kind", "") == kKind;
}

int runAmgReplay(const std::vector<std::string>& args) {
  for (const auto& arg : args)
    if (arg.rfind("-", 0) == 0)
      throw UsageError("replay: an automatic-mask-generator fixture takes no option ('" + arg +
                       "'); the synthetic predictor has no precision");
  const fs::path dir = fixtureDir(args);
  const json session = readSession(dir);
  if (!session.contains("runs") || !session.contains("images") || !session.contains("image_size"))
    throw Error("replay: " + (dir / "session.json").string() +
                " needs \"runs\", \"images\" and \"image_size\"");
  if (!session.value("synthetic_predictor", false))
    throw Error("replay: only synthetic-predictor generator fixtures can be replayed");
  const auto trace = model::readTensorFile((dir / "trace.pt").string());
  const int imageSize = session["image_size"].get<int>();
  bool allOk = true;
  for (size_t k = 0; k < session["runs"].size(); ++k) {
    const json& run = session["runs"][k];
    const std::string where = "runs[" + std::to_string(k) + "]";
    const auto options = tracker::amgOptionsFromJson(run.value("opts", json::object()), where);
    const auto image = session["images"].at(run.at("image").get<size_t>()).get<std::string>();
    const cv::Mat rgb = tracker::readRgbImage((dir / image).string());
    tracker::AmgSyntheticPredictor predictor(imageSize);
    tracker::MaskGenerator generator(predictor, options);
    const auto start = std::chrono::steady_clock::now();
    const auto result = generator.generate(rgb);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto v = tracker::compareAmgRun(result.masks, trace, "run" + std::to_string(k));
    allOk = allOk && v.ok;
    std::cout << (v.ok ? "ok    " : "FAIL  ") << where << " " << image << ": "
              << result.masks.size() << " masks, min mask IoU " << v.minMaskIou
              << ", max |d predicted_iou| " << v.maxIouDiff << ", max |d stability| "
              << v.maxStabilityDiff << ", max |d point| " << v.maxPointDiff << " px, " << seconds
              << " s" << (v.ok ? "" : " -- " + v.problem) << "\n";
  }
  std::cout << (allOk ? "all runs match" : "MISMATCH") << "\n";
  return allOk ? 0 : 1;
}

}  // namespace masklet::cli
