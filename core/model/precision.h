#pragma once
// Compute precision of the model (video and image engines). fp32 is the exact path checked
// against the fixtures; bf16 runs matmuls, linear layers, convolutions and attention products
// in bfloat16 with norms, softmax and accumulations in float32 (the official notebooks' autocast),
// which pays off only where the device computes bfloat16 natively.
// Only the c10 pieces it names: this header reaches the CLI and the video tracking options,
// which must not pay for all of <torch/torch.h> (tens of seconds of compiling per unit).
#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include <string>

namespace masklet::model {

enum class Precision { Fp32, Bf16 };
// What the user asked for; Auto picks bf16 where the device computes it natively.
enum class PrecisionRequest { Auto, Fp32, Bf16 };

struct PrecisionChoice {
  Precision precision = Precision::Fp32;
  std::string reason;  // one line for the status bar and `info`, e.g. "auto: CPU has AVX512_BF16"
};

// "auto", "fp32" or "bf16"; throws masklet::Error naming the accepted values otherwise.
PrecisionRequest parsePrecisionRequest(const std::string& text);
const char* toString(Precision precision);
const char* toString(PrecisionRequest request);

// True when this CPU has bfloat16 dot-product instructions (AVX512_BF16 or AMX-BF16), read
// from /proc/cpuinfo at run time.
bool cpuHasNativeBf16();

PrecisionChoice choosePrecision(PrecisionRequest request, const c10::Device& device);

// While alive, model code on this thread runs in `precision`: for Bf16 LibTorch's autocast
// (CPU or CUDA, by `device`) casts matmul/linear/conv inputs to bfloat16; Fp32 switches it
// off (so parts that need float32 can nest one inside a Bf16 scope). Restores the previous
// state on destruction.
class PrecisionScope {
 public:
  PrecisionScope(Precision precision, const c10::Device& device);
  ~PrecisionScope();
  PrecisionScope(const PrecisionScope&) = delete;
  PrecisionScope& operator=(const PrecisionScope&) = delete;

 private:
  bool m_cuda;
  bool m_wasEnabled;
  bool m_wasLow;
  bool m_enteredLow = false;
  c10::ScalarType m_previousDtype;
};

// True inside a Bf16 PrecisionScope (any device): ops that autocast leaves alone (our own
// attention kernel, layer norms) ask this to pick their compute dtype.
bool lowPrecisionActive();

// True when LibTorch sees a CUDA device (for settings that offer one).
bool cudaAvailable();

}  // namespace masklet::model
