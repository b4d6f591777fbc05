#pragma once
// Finds SAM 2 checkpoints the user has installed (models/fetch-model.sh puts them in the
// user data dir). No Qt types leak out so the CLI can share it.
#include <string>
#include <vector>

namespace masklet::ui {

// Every *.pt file under the user model dir and $MASKLET_MODEL_DIR, sorted by name.
std::vector<std::string> findInstalledCheckpoints();

// What to tell a user who has no model yet.
std::string noModelHelpText();

}  // namespace masklet::ui
