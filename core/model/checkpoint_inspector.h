#pragma once
// Recognising a bare official SAM 2 or EdgeTAM checkpoint from what its weights reveal: the 2.1
// additions (`no_obj_embed_spatial`, `obj_ptr_tpos_proj.*`), the trunk (Hiera: embed dim and
// stage layout; EdgeTAM's timm RepViT: `image_encoder.trunk.body.*`, its blocks and widths), the
// spatial perceiver of EdgeTAM (latents, depth), the neck and memory widths and the memory
// attention's depth. Heads, window sizes, global-attention blocks and RoPE grids are not visible
// in the weights; the matching entry of the official table supplies them.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/no_dangling.h"
#include "model/checkpoint_reader.h"
#include "model/official_models.h"

namespace masklet::model {

using ShapeMap = std::map<std::string, std::vector<int64_t>>;

ShapeMap shapesOf(const TensorMap& weights);

// Sum of the element counts of all tensors (the checkpoint's parameter count).
int64_t elementCount(const ShapeMap& shapes);

// What the weights say about the architecture; -1 / empty where the key is absent.
struct CheckpointSignature {
  bool hasTrunk = false;              // a Hiera or a RepViT trunk (hasHieraTrunk || hasRepVitTrunk)
  bool hasHieraTrunk = false;         // image_encoder.trunk.patch_embed.proj.weight present
  bool hasRepVitTrunk = false;        // image_encoder.trunk.body.stem.conv1.c.weight (EdgeTAM)
  bool hasNoObjEmbedSpatial = false;  // SAM 2.1
  bool hasObjPtrTposProj = false;     // SAM 2.1
  int64_t embedDim = -1;              // trunk embed dim (Hiera; RepViT: its stem's width)
  int64_t blockCount = 0;             // trunk blocks
  std::vector<int64_t> stages;        // blocks per stage (Hiera: a stage starts where dims change)
  std::vector<int64_t> stageWidths;   // RepViT: channels of each stage
  std::vector<int64_t> bkgSpatialSize;  // trunk.pos_embed spatial size
  int64_t firstWindow = -1;             // trunk.pos_embed_window size (window_spec[0])
  std::vector<int64_t> neckChannels;    // input channels of image_encoder.neck.convs.<k>
  int64_t dModel = -1;                  // neck / SAM hidden dim
  int64_t memDim = -1;                  // memory channels (maskmem_tpos_enc)
  int64_t numMaskmem = -1;
  int64_t memoryAttentionLayers = 0;  // memory_attention.layers.<k>
  // EdgeTAM's spatial_perceiver: present, its latents (global, 2-D) and their width, layers,
  // attention width (dim_head * heads) and whether its layers self-attend.
  bool hasPerceiver = false;
  int64_t perceiverLatents = -1;
  int64_t perceiverLatents2d = -1;
  int64_t perceiverDim = -1;
  int64_t perceiverDepth = 0;
  int64_t perceiverInnerDim = -1;
  bool perceiverSelfAttn = false;

  // "sam2.1", "sam2", "edgetam" (a RepViT trunk and a spatial perceiver, no 2.1 additions), or
  // "" when the keys mix families (one of the 2.1 additions only, a RepViT trunk without a
  // perceiver, ...).
  std::string variant() const;
  // One line for error messages: "SAM 2.1 keys, trunk embed dim 24, 9 trunk blocks (stages ...";
  // "EdgeTAM keys (RepViT trunk, spatial perceiver), trunk stages [2, 2, 14, 2] ...".
  std::string describe() const;
};

CheckpointSignature inspectCheckpoint(const ShapeMap& shapes);

// True when an official model's weights would have this signature.
bool signatureMatches(const CheckpointSignature& signature, const OfficialModel& model);

// The official model these weights belong to. Throws masklet::Error "<source> matches no
// official SAM 2 model (saw: ...)" ("no official EdgeTAM model" for EdgeTAM-family weights),
// telling the user to pass the config YAML.
MASKLET_NO_DANGLING const OfficialModel& detectOfficialModel(const ShapeMap& shapes,
                                                             const std::string& source);

}  // namespace masklet::model
