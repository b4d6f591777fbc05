#include "model/precision.h"

#include <ATen/autocast_mode.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include <fstream>
#include <sstream>

#include "common/error.h"

namespace masklet::model {

PrecisionRequest parsePrecisionRequest(const std::string& text) {
  if (text == "auto") return PrecisionRequest::Auto;
  if (text == "fp32") return PrecisionRequest::Fp32;
  if (text == "bf16") return PrecisionRequest::Bf16;
  throw Error("precision '" + text + "' is not known: use auto, fp32 or bf16");
}

const char* toString(Precision precision) {
  return precision == Precision::Bf16 ? "bf16" : "fp32";
}

const char* toString(PrecisionRequest request) {
  switch (request) {
    case PrecisionRequest::Fp32:
      return "fp32";
    case PrecisionRequest::Bf16:
      return "bf16";
    case PrecisionRequest::Auto:
      break;
  }
  return "auto";
}

bool cpuHasNativeBf16() {
  static const bool native = [] {
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string line;
    while (std::getline(cpuinfo, line)) {
      if (line.rfind("flags", 0) != 0) continue;
      std::istringstream flags(line.substr(line.find(':') + 1));
      std::string flag;
      while (flags >> flag)
        if (flag == "avx512_bf16" || flag == "amx_bf16") return true;
      return false;  // the first CPU's flags stand for all
    }
    return false;
  }();
  return native;
}

PrecisionChoice choosePrecision(PrecisionRequest request, const c10::Device& device) {
  PrecisionChoice choice;
  if (request == PrecisionRequest::Fp32) {
    choice.reason = "fp32: as requested";
    return choice;
  }
  if (request == PrecisionRequest::Bf16) {
    choice.precision = Precision::Bf16;
    const bool native = device.is_cuda() || cpuHasNativeBf16();
    choice.reason = std::string("bf16: as requested") +
                    (native ? "" : " (this CPU has no bfloat16 instructions: slower than fp32)");
    return choice;
  }
  if (device.is_cuda()) {
    choice.precision = Precision::Bf16;
    choice.reason = "auto: bf16 on the CUDA device";
  } else if (cpuHasNativeBf16()) {
    choice.precision = Precision::Bf16;
    choice.reason = "auto: bf16, this CPU has bfloat16 instructions (AVX512_BF16/AMX)";
  } else {
    choice.reason = "auto: fp32, this CPU has no bfloat16 instructions (AVX512_BF16/AMX)";
  }
  return choice;
}

namespace {
thread_local bool t_lowPrecision = false;
}

bool lowPrecisionActive() {
  return t_lowPrecision;
}
namespace {
// LibTorch 2.4 replaced the per-device autocast switches by ones taking the device type.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
bool autocastEnabled(bool cuda) {
  return at::autocast::is_autocast_enabled(cuda ? at::kCUDA : at::kCPU);
}
void setAutocastEnabled(bool cuda, bool on) {
  at::autocast::set_autocast_enabled(cuda ? at::kCUDA : at::kCPU, on);
}
at::ScalarType autocastDtype(bool cuda) {
  return at::autocast::get_autocast_dtype(cuda ? at::kCUDA : at::kCPU);
}
void setAutocastDtype(bool cuda, at::ScalarType dtype) {
  at::autocast::set_autocast_dtype(cuda ? at::kCUDA : at::kCPU, dtype);
}
#else
bool autocastEnabled(bool cuda) {
  return cuda ? at::autocast::is_enabled() : at::autocast::is_cpu_enabled();
}
void setAutocastEnabled(bool cuda, bool on) {
  if (cuda)
    at::autocast::set_enabled(on);
  else
    at::autocast::set_cpu_enabled(on);
}
at::ScalarType autocastDtype(bool cuda) {
  return cuda ? at::autocast::get_autocast_gpu_dtype() : at::autocast::get_autocast_cpu_dtype();
}
void setAutocastDtype(bool cuda, at::ScalarType dtype) {
  if (cuda)
    at::autocast::set_autocast_gpu_dtype(dtype);
  else
    at::autocast::set_autocast_cpu_dtype(dtype);
}
#endif
}  // namespace

PrecisionScope::PrecisionScope(Precision precision, const c10::Device& device)
    : m_cuda(device.is_cuda()),
      m_wasEnabled(autocastEnabled(m_cuda)),
      m_wasLow(t_lowPrecision),
      m_previousDtype(autocastDtype(m_cuda)) {
  const bool low = precision == Precision::Bf16;
  if (low) setAutocastDtype(m_cuda, at::kBFloat16);
  setAutocastEnabled(m_cuda, low);
  if (low) at::autocast::increment_nesting();
  t_lowPrecision = low;
  m_enteredLow = low;
}

PrecisionScope::~PrecisionScope() {
  // Leaving the outermost scope drops autocast's cache of cast weights, as torch.autocast does.
  if (m_enteredLow && at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
  setAutocastEnabled(m_cuda, m_wasEnabled);
  setAutocastDtype(m_cuda, m_previousDtype);
  t_lowPrecision = m_wasLow;
}

bool cudaAvailable() {
  return torch::cuda::is_available();
}

}  // namespace masklet::model
