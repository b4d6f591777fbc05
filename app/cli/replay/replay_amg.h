#pragma once
// masklet-cli replay for automatic-mask-generator fixtures (session.json "kind":
// "automatic_mask_generator"): every recorded run of the official SAM2AutomaticMaskGenerator
// re-run through tracker::MaskGenerator with the fixture's synthetic predictor.
#include <string>
#include <vector>

namespace masklet::cli {

// True when the replay arguments name a folder whose session.json says
// "automatic_mask_generator".
bool isAmgReplay(const std::vector<std::string>& args);
// Arguments: FIXTURE_DIR. Returns the exit code (0 when every run matches).
int runAmgReplay(const std::vector<std::string>& args);

}  // namespace masklet::cli
