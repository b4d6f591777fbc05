#pragma once
// What a checkpoint file is (SAM 2 / 2.1 or EdgeTAM, official or custom), told from its tensor
// layout without reading the weights: the model picker lists every file of a model folder this
// way in a moment, even multi-GB ones. A file is "loadable" when Sam2Model::load would find a
// config for it (an official model recognised from its shapes, or a YAML of the same name next to
// it); otherwise `reason` says why in one line. Thread-safety: a free function, callable from any
// thread.
#include <cstdint>
#include <string>

namespace masklet::model {

struct CheckpointProbe {
  std::string path;
  std::string name;  // the file name without .pt
  uint64_t fileBytes = 0;
  bool loadable = false;
  std::string reason;  // why it cannot be loaded (empty when loadable)
  // "sam2" or "edgetam" (from the YAML when there is one, else from the weights; set even for a
  // file that cannot be loaded when its weights tell); empty when not told.
  std::string family;
  std::string version;  // "2.1", "2.0" or "" (not told by the weights, or EdgeTAM)
  // "tiny", "small", "base+", "large", "standard" (EdgeTAM) or "custom"
  std::string size;
  std::string officialName;  // e.g. "sam2.1_hiera_tiny", "edgetam"; empty for a custom model
  std::string configPath;    // the YAML next to it, when there is one
  int64_t parameters = 0;    // elements of all tensors

  // "SAM 2.1 tiny", "SAM 2.1 custom", ..., "EdgeTAM", "EdgeTAM custom"
  std::string modelText() const;
};

// Never throws: a file that is not a checkpoint comes back with loadable = false and a reason.
CheckpointProbe probeCheckpoint(const std::string& path);

}  // namespace masklet::model
