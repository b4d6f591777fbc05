#pragma once
// The generator's options from / to JSON under the official argument names (a fixture's
// `runs[k].opts`, a batch job, the options recorded next to a dataset): absent keys keep the
// official defaults, unknown keys are refused so a typo never silently runs the defaults.
#include <nlohmann/json.hpp>

#include <string>

#include "tracker/amg_options.h"

namespace masklet::tracker {

// Throws masklet::Error naming `where` and the key for unknown keys and wrong types.
AmgOptions amgOptionsFromJson(const nlohmann::json& object, const std::string& where);
nlohmann::json amgOptionsToJson(const AmgOptions& options);

}  // namespace masklet::tracker
