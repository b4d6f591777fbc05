#pragma once
// masklet-cli replay for image-predictor fixtures (session.json "kind": "image_predictor"):
// the official SAM2ImagePredictor session re-run through tracker::ImageSession.
#include <string>
#include <vector>

namespace masklet::cli {

// True when the replay arguments name a folder whose session.json says "image_predictor".
bool isImagePredictorReplay(const std::vector<std::string>& args);
// Arguments: FIXTURE_DIR [--precision fp32]. Returns the exit code (0 all steps match).
int runImageReplay(const std::vector<std::string>& args);

}  // namespace masklet::cli
