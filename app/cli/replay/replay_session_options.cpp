#include "cli/replay/replay_session_options.h"

#include <iostream>
#include <string>

#include "cli/replay/replay_fixture.h"
#include "common/error.h"

namespace masklet::cli {

using nlohmann::json;

tracker::VideoTrackingOptions replaySessionOptions(const json& session,
                                                   const model::ModelConfig& config) {
  auto options = tracker::VideoTrackingOptions::forModel(config);
  options.addAllFramesToCorrectAsCond = config.add_all_frames_to_correct_as_cond;
  if (!session.contains("predictor")) return options;
  const json& predictor = session["predictor"];
  const std::string where = "predictor";
  auto modelOption = [&](const std::string& key, double modelValue) {
    const json& raw = predictor[key];
    const double value =
        raw.is_boolean() ? (raw.get<bool>() ? 1.0 : 0.0) : field<double>(predictor, key, where);
    if (std::abs(value - modelValue) > 1e-12)
      throw Error("replay: session.json predictor." + key + " = " + std::to_string(value) +
                  " but the model config has " + std::to_string(modelValue) +
                  "; model options come from config.yaml, make them agree");
  };
  for (const auto& [key, value] : predictor.items()) {
    if (key == "fill_hole_area") {
      options.fillHoleArea = field<int64_t>(predictor, key, where);
    } else if (key == "non_overlap_masks") {
      options.nonOverlapMasks = field<bool>(predictor, key, where);
    } else if (key == "add_all_frames_to_correct_as_cond") {
      options.addAllFramesToCorrectAsCond = field<bool>(predictor, key, where);
    } else if (key == "clear_non_cond_mem_around_input") {
      options.clearNonCondMemAroundInput = field<bool>(predictor, key, where);
    } else if (key == "binarize_mask_from_pts_for_mem_enc") {
      modelOption(key, config.binarize_mask_from_pts_for_mem_enc ? 1.0 : 0.0);
    } else if (key == "dynamic_multimask_via_stability") {
      modelOption(key, config.sam_mask_decoder_extra_args.dynamic_multimask_via_stability);
    } else if (key == "dynamic_multimask_stability_delta") {
      modelOption(key, config.sam_mask_decoder_extra_args.dynamic_multimask_stability_delta);
    } else if (key == "dynamic_multimask_stability_thresh") {
      modelOption(key, config.sam_mask_decoder_extra_args.dynamic_multimask_stability_thresh);
    } else {
      std::cout << "note: session.json predictor." << key << " is not a result-changing option "
                << "Masklet knows; ignored\n";
    }
  }
  return options;
}

}  // namespace masklet::cli
