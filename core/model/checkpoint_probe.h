#pragma once
// What a checkpoint file is, told from its tensor layout without reading the weights: the model
// picker lists every file of a model folder this way in a moment, even multi-GB ones. A file
// is "loadable" when Sam2Model::load would find a config for it (an official model recognised
// from its shapes, or a YAML of the same name next to it); otherwise `reason` says why in one
// line. Thread-safety: a free function, callable from any thread.
#include <cstdint>
#include <string>

namespace masklet::model {

struct CheckpointProbe {
  std::string path;
  std::string name;  // the file name without .pt
  uint64_t fileBytes = 0;
  bool loadable = false;
  std::string reason;        // why it cannot be loaded (empty when loadable)
  std::string version;       // "2.1", "2.0" or "" (not told by the weights)
  std::string size;          // "tiny", "small", "base+", "large" or "custom"
  std::string officialName;  // e.g. "sam2.1_hiera_tiny"; empty for a custom model
  std::string configPath;    // the YAML next to it, when there is one
  int64_t parameters = 0;    // elements of all tensors

  // "SAM 2.1 tiny", "SAM 2.1 custom", ...
  std::string modelText() const;
};

// Never throws: a file that is not a checkpoint comes back with loadable = false and a reason.
CheckpointProbe probeCheckpoint(const std::string& path);

}  // namespace masklet::model
