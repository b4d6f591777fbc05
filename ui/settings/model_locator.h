#pragma once
// Finds SAM 2 / EdgeTAM checkpoints the user has installed (models/fetch-model.sh puts them in
// the user data dir). No Qt types leak out so the CLI can share it.
#include <string>
#include <vector>

namespace masklet::ui {

// Every *.pt file in the user model dir, $MASKLET_MODEL_DIR and `extraFolder` (the model
// folder of the settings; empty = none), sorted by path, each once.
std::vector<std::string> findInstalledCheckpoints(const std::string& extraFolder = "");

// What to tell a user who has no model yet: where models go, which to choose (see
// modelChoiceAdvice) and how to download them.
std::string noModelHelpText();

// Which model to choose: EdgeTAM (fast on a CPU) or SAM 2.1 (accurate).
std::string modelChoiceAdvice();

}  // namespace masklet::ui
