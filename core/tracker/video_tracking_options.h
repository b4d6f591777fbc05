#pragma once
// The video-predictor options of one VideoSession (SAM2VideoPredictor's constructor
// arguments) plus Masklet's own resource limits. Model hyper-parameters stay in ModelConfig.
#include <cstddef>
#include <cstdint>
#include <string>

#include "model/model_config.h"
#include "model/precision.h"
#include "tracker/sam2_tracking.h"

namespace masklet::tracker {

struct VideoTrackingOptions {
  // Background holes of a predicted low-res mask up to this many pixels become foreground
  // (8-connected components of the background, as fill_holes_in_mask_scores). 0 disables it.
  int64_t fillHoleArea = 8;
  // At each pixel of the returned video-resolution masks only the best-scoring object keeps a
  // positive logit.
  bool nonOverlapMasks = false;
  // After a correction, forget the non-conditioning memories around the corrected frame.
  bool clearNonCondMemAroundInput = false;
  // A correction on an already tracked frame becomes a conditioning frame, so it persists when
  // the user propagates again. Masklet's default is true; the reference's default is false
  // (then a later propagation overwrites corrected frames).
  bool addAllFramesToCorrectAsCond = true;
  // How many frames' image features stay cached (least recently used are dropped). Each entry
  // holds one frame's backbone features (about 16 MB for the 1024-pixel models).
  std::size_t featureCacheFrames = 8;
  // Image features of frames dropped from RAM are kept on disk up to this many bytes, so
  // re-tracking a stretch reads them back instead of encoding again (0: no disk tier).
  std::size_t featureCacheDiskBytes = std::size_t(2) << 30;
  // Memory-conditioned features of tracked (object, frame)s, so that a click on a tracked
  // frame runs only the decoder: RAM budget (about 4 MB per frame for the 1024-pixel models),
  // then disk.
  std::size_t conditionedCacheRamBytes = std::size_t(512) << 20;
  std::size_t conditionedCacheDiskBytes = std::size_t(2) << 30;
  // RAM for the per-frame tracking state (low-res mask logits and bfloat16 memory of every
  // tracked frame and object, about 0.75 MB each for the 1024-pixel SAM 2 models, 0.31 MB for
  // EdgeTAM, whose memory is 512 latents instead of a 64 x 64 map: trackStateBytesPerFrame in
  // memory_layout.h); the least recently used beyond it go to a scratch file and come back bit
  // for bit when needed.
  std::size_t trackStateRamBytes = std::size_t(1) << 30;
  // Where the disk tiers live (empty: $XDG_CACHE_HOME/masklet, ~/.cache/masklet).
  std::string cacheFolder;
  // How stored memory features are kept (the reference: bfloat16).
  MemoryPrecision memoryPrecision = MemoryPrecision::BFloat16;
  // Compute precision of every model call of the session (see model/precision.h).
  model::Precision precision = model::Precision::Fp32;

  // The predictor values a model config carries (fill_hole_area, non_overlap_masks,
  // clear_non_cond_mem_around_input) with Masklet's product defaults for everything else:
  // add_all_frames_to_correct_as_cond stays true whatever the YAML says, because official
  // YAMLs never set it (false there is only the Python default).
  static VideoTrackingOptions forModel(const model::ModelConfig& config);

  // Throws masklet::Error naming the option when a value cannot work (negative hole area, an
  // empty feature cache).
  void validate() const;
};

}  // namespace masklet::tracker
