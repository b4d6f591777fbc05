#pragma once
// Where the model runs: the user's device choice ("auto", "cpu", "cuda") resolved against what
// this machine has, and host-to-device copies that do not stall the host on a GPU.
#include <torch/types.h>

#include <optional>
#include <string>

namespace masklet::model {

// "auto" -> nullopt (the model's default: CUDA when there is one), "cpu", or "cuda" (device 0).
// Throws masklet::Error for another word, or for "cuda" on a machine without a CUDA device,
// with a line the user can act on; `where` says which setting or flag it came from.
std::optional<torch::Device> parseDeviceRequest(const std::string& text, const std::string& where);

// `host` (a CPU tensor) on `device` as `dtype`. On CUDA the copy goes through pinned memory and
// does not block the host: the frame's upload overlaps the previous frame's work, and the stream
// orders it before any kernel that reads it. On the CPU it is a plain conversion.
torch::Tensor toDevice(const torch::Tensor& host, const torch::Device& device,
                       torch::ScalarType dtype);

}  // namespace masklet::model
