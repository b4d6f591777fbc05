#pragma once
// Where Masklet keeps user data and settings (XDG base directories).
#include <string>

namespace masklet {

// $XDG_DATA_HOME/masklet, or ~/.local/share/masklet.
std::string userDataDir();
// $XDG_CONFIG_HOME/masklet, or ~/.config/masklet.
std::string userConfigDir();
// userDataDir()/models: where models/fetch-model.sh stores checkpoints.
std::string userModelDir();

}  // namespace masklet
