#pragma once
// Reading a video-predictor fixture folder (checkpoint.pt, config.yaml, session.json,
// trace.pt): its files, session.json's typed fields and trace.pt's tensors, each failure a
// masklet::Error that names the file, step and key.
#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "model/checkpoint_reader.h"

namespace masklet::cli {

// dir/name, which must be a file.
std::string requireFixtureFile(const std::filesystem::path& dir, const std::string& name);
nlohmann::json readFixtureJson(const std::string& path);

// A typed field of a step, naming the step and key when it is missing or wrong.
template <typename T>
T field(const nlohmann::json& step, const std::string& key, const std::string& where) {
  if (!step.contains(key) || step[key].is_null())
    throw Error("replay: session.json " + where + " has no \"" + key + "\"");
  try {
    return step[key].get<T>();
  } catch (const nlohmann::json::exception& e) {
    throw Error("replay: session.json " + where + " key \"" + key + "\": " + e.what());
  }
}

template <typename T>
std::optional<T> optionalField(const nlohmann::json& step, const std::string& key,
                               const std::string& where) {
  if (!step.contains(key) || step[key].is_null()) return std::nullopt;
  return field<T>(step, key, where);
}

const torch::Tensor& traceTensor(const model::TensorMap& trace, const std::string& key);
// A trace tensor of ids (object ids, frame indices) as a list.
std::vector<int64_t> toIds(const torch::Tensor& t);

}  // namespace masklet::cli
