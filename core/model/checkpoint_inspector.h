#pragma once
// Recognising a bare official SAM 2 checkpoint from what its weights reveal: the 2.1 additions
// (`no_obj_embed_spatial`, `obj_ptr_tpos_proj.*`), the trunk's embed dim and stage layout, the
// neck and memory widths. Heads, window sizes and global-attention blocks are not visible in the
// weights; the matching entry of the official table supplies them.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/checkpoint_reader.h"
#include "model/official_models.h"

namespace masklet::model {

using ShapeMap = std::map<std::string, std::vector<int64_t>>;

ShapeMap shapesOf(const TensorMap& weights);

// Sum of the element counts of all tensors (the checkpoint's parameter count).
int64_t elementCount(const ShapeMap& shapes);

// What the weights say about the architecture; -1 / empty where the key is absent.
struct CheckpointSignature {
  bool hasTrunk = false;                // image_encoder.trunk.patch_embed.proj.weight present
  bool hasNoObjEmbedSpatial = false;    // SAM 2.1
  bool hasObjPtrTposProj = false;       // SAM 2.1
  int64_t embedDim = -1;                // trunk embed dim
  int64_t blockCount = 0;               // trunk blocks
  std::vector<int64_t> stages;          // blocks per stage (a stage starts where dims change)
  std::vector<int64_t> bkgSpatialSize;  // trunk.pos_embed spatial size
  int64_t firstWindow = -1;             // trunk.pos_embed_window size (window_spec[0])
  int64_t dModel = -1;                  // neck / SAM hidden dim
  int64_t memDim = -1;                  // memory channels (maskmem_tpos_enc)
  int64_t numMaskmem = -1;

  // "sam2.1", "sam2", or "" when only one of the 2.1 additions is present.
  std::string variant() const;
  // One line for error messages: "SAM 2.1 keys, trunk embed dim 24, 9 trunk blocks (stages ...".
  std::string describe() const;
};

CheckpointSignature inspectCheckpoint(const ShapeMap& shapes);

// True when an official model's weights would have this signature.
bool signatureMatches(const CheckpointSignature& signature, const OfficialModel& model);

// The official model these weights belong to. Throws masklet::Error "<source> matches no
// official SAM 2 model (saw: ...)", telling the user to pass the config YAML.
const OfficialModel& detectOfficialModel(const ShapeMap& shapes, const std::string& source);

}  // namespace masklet::model
