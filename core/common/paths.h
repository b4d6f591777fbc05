#pragma once
// Where Masklet keeps user data and settings (XDG base directories).
#include <string>

namespace masklet {

// $XDG_DATA_HOME/masklet, or ~/.local/share/masklet.
std::string userDataDir();
// $XDG_CONFIG_HOME/masklet, or ~/.config/masklet.
std::string userConfigDir();
// $XDG_CACHE_HOME/masklet, or ~/.cache/masklet: the disk tiers of the feature caches (on disk
// also where /tmp is a RAM file system).
std::string userCacheDir();
// userDataDir()/models: where models/fetch-model.sh stores checkpoints.
std::string userModelDir();

}  // namespace masklet
