#include "model/checkpoint_inspector.h"

#include <regex>
#include <set>
#include <sstream>

#include "common/error.h"

namespace masklet::model {
namespace {

const std::vector<int64_t>* shapeOf(const ShapeMap& shapes, const std::string& key) {
  const auto found = shapes.find(key);
  return found == shapes.end() ? nullptr : &found->second;
}

std::string listText(const std::vector<int64_t>& values) {
  std::ostringstream out;
  out << "[";
  for (size_t i = 0; i < values.size(); ++i) out << (i ? ", " : "") << values[i];
  out << "]";
  return out.str();
}

std::vector<int64_t> officialBkgSize(const ModelConfig& config) {
  const auto& size = config.image_encoder.trunk.window_pos_embed_bkg_spatial_size;
  return {size[0], size[1]};
}

}  // namespace

ShapeMap shapesOf(const TensorMap& weights) {
  ShapeMap shapes;
  for (const auto& [key, tensor] : weights) shapes[key] = tensor.sizes().vec();
  return shapes;
}

int64_t elementCount(const ShapeMap& shapes) {
  int64_t total = 0;
  for (const auto& [key, shape] : shapes) {
    int64_t count = 1;
    for (int64_t size : shape) count *= size;
    total += count;
  }
  return total;
}

std::string CheckpointSignature::variant() const {
  if (hasNoObjEmbedSpatial && hasObjPtrTposProj) return "sam2.1";
  if (!hasNoObjEmbedSpatial && !hasObjPtrTposProj) return "sam2";
  return "";
}

std::string CheckpointSignature::describe() const {
  if (!hasTrunk)
    return "no image_encoder.trunk.patch_embed.proj.weight, so not a SAM 2 (Hiera) checkpoint";
  std::ostringstream out;
  const std::string v = variant();
  out << (v == "sam2.1" ? "SAM 2.1 keys"
          : v == "sam2" ? "SAM 2.0 keys"
                        : (hasNoObjEmbedSpatial ? "no_obj_embed_spatial without obj_ptr_tpos_proj"
                                                : "obj_ptr_tpos_proj without no_obj_embed_spatial"))
      << ", trunk embed dim " << embedDim << ", " << blockCount << " trunk blocks";
  if (!stages.empty()) out << " (stages " << listText(stages) << ")";
  if (dModel >= 0) out << ", d_model " << dModel;
  if (memDim >= 0) out << ", memory dim " << memDim;
  if (numMaskmem >= 0) out << ", " << numMaskmem << " mask memories";
  return out.str();
}

CheckpointSignature inspectCheckpoint(const ShapeMap& shapes) {
  CheckpointSignature s;
  s.hasNoObjEmbedSpatial = shapes.count("no_obj_embed_spatial") > 0;
  s.hasObjPtrTposProj = shapes.count("obj_ptr_tpos_proj.weight") > 0;
  if (const auto* patch = shapeOf(shapes, "image_encoder.trunk.patch_embed.proj.weight")) {
    s.hasTrunk = true;
    if (!patch->empty()) s.embedDim = (*patch)[0];
  }
  static const std::regex blockKey(R"(image_encoder\.trunk\.blocks\.(\d+)\..*)");
  std::set<int64_t> blocks;
  std::set<int64_t> stageStarts;  // blocks that change the dim carry a `proj`
  std::smatch match;
  for (const auto& [key, shape] : shapes) {
    if (!std::regex_match(key, match, blockKey)) continue;
    const int64_t index = std::stoll(match[1].str());
    blocks.insert(index);
    if (key == "image_encoder.trunk.blocks." + match[1].str() + ".proj.weight")
      stageStarts.insert(index);
  }
  s.blockCount = static_cast<int64_t>(blocks.size());
  if (!blocks.empty() && *blocks.rbegin() + 1 == s.blockCount) {  // contiguous 0..n-1
    int64_t start = 0;
    for (int64_t next : stageStarts) {
      if (next <= start) continue;
      s.stages.push_back(next - start);
      start = next;
    }
    s.stages.push_back(s.blockCount - start);
  }
  if (const auto* pos = shapeOf(shapes, "image_encoder.trunk.pos_embed"); pos && pos->size() == 4)
    s.bkgSpatialSize = {(*pos)[2], (*pos)[3]};
  if (const auto* win = shapeOf(shapes, "image_encoder.trunk.pos_embed_window");
      win && win->size() == 4)
    s.firstWindow = (*win)[2];
  if (const auto* noMem = shapeOf(shapes, "no_mem_embed"); noMem && !noMem->empty())
    s.dModel = noMem->back();
  if (const auto* tpos = shapeOf(shapes, "maskmem_tpos_enc"); tpos && tpos->size() == 4) {
    s.numMaskmem = (*tpos)[0];
    s.memDim = (*tpos)[3];
  }
  return s;
}

bool signatureMatches(const CheckpointSignature& s, const OfficialModel& model) {
  const ModelConfig& c = model.config;
  const auto& trunk = c.image_encoder.trunk;
  return s.hasTrunk && s.variant() == model.variant && s.embedDim == trunk.embed_dim &&
         s.blockCount == trunk.depth() && s.stages == trunk.stages &&
         s.bkgSpatialSize == officialBkgSize(c) && s.firstWindow == trunk.window_spec.front() &&
         s.dModel == c.hiddenDim() && s.memDim == c.memDim() && s.numMaskmem == c.num_maskmem;
}

const OfficialModel& detectOfficialModel(const ShapeMap& shapes, const std::string& source) {
  const CheckpointSignature signature = inspectCheckpoint(shapes);
  for (const auto& model : officialModels())
    if (signatureMatches(signature, model)) return model;
  throw Error(source + " matches no official SAM 2 model (saw: " + signature.describe() +
              "). Heads, window sizes and global-attention blocks are not stored in the "
              "weights: pass the model's config YAML (--config FILE) to load it.");
}

}  // namespace masklet::model
