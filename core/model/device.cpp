#include "model/device.h"

#include <torch/cuda.h>

#include "common/error.h"

namespace masklet::model {

std::optional<torch::Device> parseDeviceRequest(const std::string& text, const std::string& where) {
  if (text == "auto") return std::nullopt;
  if (text == "cpu") return torch::Device(torch::kCPU);
  if (text != "cuda") throw Error(where + ": unknown device '" + text + "' (auto, cpu or cuda)");
  if (!torch::cuda::is_available())
    throw Error(where + ": the device is set to CUDA but no CUDA device is available" +
                (torch::cuda::device_count() == 0 ? " (this build or this machine has none)" : ""));
  return torch::Device(torch::kCUDA, 0);
}

torch::Tensor toDevice(const torch::Tensor& host, const torch::Device& device,
                       torch::ScalarType dtype) {
  if (!device.is_cuda() || !host.device().is_cpu()) return host.to(device, dtype);
  return host.to(dtype).pin_memory().to(device, dtype, /*non_blocking=*/true);
}

}  // namespace masklet::model
