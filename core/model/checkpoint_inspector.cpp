#include "model/checkpoint_inspector.h"

#include <numeric>
#include <regex>
#include <set>
#include <sstream>

#include "common/error.h"
#include "common/list_text.h"

namespace masklet::model {
namespace {

const std::vector<int64_t>* shapeOf(const ShapeMap& shapes, const std::string& key) {
  const auto found = shapes.find(key);
  return found == shapes.end() ? nullptr : &found->second;
}

std::vector<int64_t> officialBkgSize(const ModelConfig& config) {
  const auto& size = config.image_encoder.trunk.window_pos_embed_bkg_spatial_size;
  return {size[0], size[1]};
}

// timm's repvit_m1 (the only timm trunk EdgeTAM names): blocks and channels of its 4 stages.
const std::vector<int64_t> kRepVitM1Stages{2, 2, 14, 2};
const std::vector<int64_t> kRepVitM1Widths{48, 96, 192, 384};

// The values of the first index group of `pattern` over all keys, e.g. layer numbers.
std::set<int64_t> indicesOf(const ShapeMap& shapes, const std::string& prefix,
                            const std::regex& pattern) {
  std::set<int64_t> indices;
  std::smatch match;
  for (auto it = shapes.lower_bound(prefix); it != shapes.end(); ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    if (std::regex_match(it->first, match, pattern)) indices.insert(std::stoll(match[1].str()));
  }
  return indices;
}

bool contiguousFromZero(const std::set<int64_t>& indices) {
  return !indices.empty() && *indices.begin() == 0 &&
         *indices.rbegin() + 1 == static_cast<int64_t>(indices.size());
}

// RepViT (timm features_only): image_encoder.trunk.body.stages_<s>.blocks.<b>.*
void inspectRepVitTrunk(const ShapeMap& shapes, CheckpointSignature& s) {
  static const std::regex stageKey(R"(image_encoder\.trunk\.body\.stages_(\d+)\..*)");
  const std::string prefix = "image_encoder.trunk.body.stages_";
  const std::set<int64_t> stages = indicesOf(shapes, prefix, stageKey);
  if (!contiguousFromZero(stages)) return;
  std::vector<int64_t> blocks;
  std::vector<int64_t> widths;
  for (int64_t stage : stages) {
    const std::string stagePrefix = prefix + std::to_string(stage) + ".blocks.";
    const std::regex blockKey(R"(image_encoder\.trunk\.body\.stages_)" + std::to_string(stage) +
                              R"(\.blocks\.(\d+)\..*)");
    const std::set<int64_t> stageBlocks = indicesOf(shapes, stagePrefix, blockKey);
    if (!contiguousFromZero(stageBlocks)) return;
    const auto* conv = shapeOf(shapes, stagePrefix + "0.token_mixer.conv.c.weight");
    if (conv == nullptr || conv->empty()) return;
    blocks.push_back(static_cast<int64_t>(stageBlocks.size()));
    widths.push_back((*conv)[0]);
  }
  s.stages = blocks;
  s.stageWidths = widths;
  s.blockCount = std::accumulate(blocks.begin(), blocks.end(), int64_t{0});
}

void inspectPerceiver(const ShapeMap& shapes, CheckpointSignature& s) {
  const std::string prefix = "spatial_perceiver.";
  const auto first = shapes.lower_bound(prefix);
  s.hasPerceiver = first != shapes.end() && first->first.compare(0, prefix.size(), prefix) == 0;
  if (!s.hasPerceiver) return;
  for (const auto& [key, count] :
       {std::pair{"spatial_perceiver.latents", &s.perceiverLatents},
        std::pair{"spatial_perceiver.latents_2d", &s.perceiverLatents2d}}) {
    if (const auto* latents = shapeOf(shapes, key); latents && latents->size() == 2) {
      *count = (*latents)[0];
      s.perceiverDim = (*latents)[1];
    }
  }
  static const std::regex layerKey(R"(spatial_perceiver\.layers\.(\d+)\..*)");
  const std::set<int64_t> layers = indicesOf(shapes, prefix + "layers.", layerKey);
  s.perceiverDepth = contiguousFromZero(layers) ? static_cast<int64_t>(layers.size()) : 0;
  if (const auto* toQ = shapeOf(shapes, "spatial_perceiver.layers.0.attn.to_q.weight");
      toQ && toQ->size() == 2)
    s.perceiverInnerDim = (*toQ)[0];
  s.perceiverSelfAttn = shapes.count("spatial_perceiver.layers.0.self_attn.to_q.weight") > 0;
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
  if (hasRepVitTrunk || hasPerceiver) {
    const bool edgetam = hasRepVitTrunk && hasPerceiver && !hasHieraTrunk &&
                         !hasNoObjEmbedSpatial && !hasObjPtrTposProj;
    return edgetam ? "edgetam" : "";
  }
  if (hasNoObjEmbedSpatial && hasObjPtrTposProj) return "sam2.1";
  if (!hasNoObjEmbedSpatial && !hasObjPtrTposProj) return "sam2";
  return "";
}

std::string CheckpointSignature::describe() const {
  if (!hasTrunk)
    return "no image_encoder.trunk.patch_embed.proj.weight, so not a SAM 2 (Hiera) checkpoint, "
           "nor image_encoder.trunk.body.stem.*, so not an EdgeTAM (RepViT) one";
  std::ostringstream out;
  const std::string v = variant();
  if (hasRepVitTrunk || hasPerceiver) {
    if (v == "edgetam")
      out << "EdgeTAM keys (RepViT trunk, spatial perceiver)";
    else if (hasRepVitTrunk && hasHieraTrunk)
      out << "both a Hiera and a RepViT trunk";
    else if (!hasPerceiver)
      out << "a RepViT trunk without EdgeTAM's spatial_perceiver";
    else if (!hasRepVitTrunk)
      out << "EdgeTAM's spatial_perceiver without its RepViT trunk";
    else
      out << "EdgeTAM keys with SAM 2.1 additions";
    out << ", trunk stages " << listText(stages) << " of widths " << listText(stageWidths);
    if (!neckChannels.empty()) out << ", neck inputs " << listText(neckChannels);
    if (dModel >= 0) out << ", d_model " << dModel;
    if (memDim >= 0) out << ", memory dim " << memDim;
    if (hasPerceiver)
      out << ", perceiver " << perceiverLatents << " + " << perceiverLatents2d << " latents of dim "
          << perceiverDim << " (" << perceiverDepth << " layers)";
    out << ", " << memoryAttentionLayers << " memory-attention layers";
    if (numMaskmem >= 0) out << ", " << numMaskmem << " mask memories";
    return out.str();
  }
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
    s.hasHieraTrunk = true;
    if (!patch->empty()) s.embedDim = (*patch)[0];
  }
  s.hasRepVitTrunk = shapes.count("image_encoder.trunk.body.stem.conv1.c.weight") > 0;
  s.hasTrunk = s.hasHieraTrunk || s.hasRepVitTrunk;
  if (s.hasRepVitTrunk && !s.hasHieraTrunk) {
    if (const auto* stem = shapeOf(shapes, "image_encoder.trunk.body.stem.conv2.c.weight");
        stem && !stem->empty())
      s.embedDim = (*stem)[0];
    inspectRepVitTrunk(shapes, s);
  }
  inspectPerceiver(shapes, s);
  {
    static const std::regex neckKey(R"(image_encoder\.neck\.convs\.(\d+)\.conv\.weight)");
    const std::set<int64_t> levels = indicesOf(shapes, "image_encoder.neck.convs.", neckKey);
    if (contiguousFromZero(levels))
      for (int64_t level : levels) {
        const auto* conv =
            shapeOf(shapes, "image_encoder.neck.convs." + std::to_string(level) + ".conv.weight");
        s.neckChannels.push_back(conv != nullptr && conv->size() >= 2 ? (*conv)[1] : -1);
      }
    static const std::regex layerKey(R"(memory_attention\.layers\.(\d+)\..*)");
    const std::set<int64_t> layers = indicesOf(shapes, "memory_attention.layers.", layerKey);
    s.memoryAttentionLayers = contiguousFromZero(layers) ? static_cast<int64_t>(layers.size()) : 0;
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
  if (s.hasHieraTrunk) s.blockCount = static_cast<int64_t>(blocks.size());
  if (s.hasHieraTrunk && !blocks.empty() && *blocks.rbegin() + 1 == s.blockCount) {  // 0..n-1
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
  if (model.variant == "edgetam") {
    const auto& p = c.spatial_perceiver;
    const auto& neck = c.image_encoder.neck.backbone_channel_list;
    std::vector<int64_t> widths(neck.rbegin(), neck.rend());  // the neck lists them deepest first
    return s.variant() == "edgetam" && c.hasTimmTrunk() && s.stages == kRepVitM1Stages &&
           s.stageWidths == kRepVitM1Widths && widths == kRepVitM1Widths &&
           s.neckChannels == neck && s.dModel == c.hiddenDim() && s.memDim == c.memDim() &&
           s.numMaskmem == c.num_maskmem &&
           s.memoryAttentionLayers == c.memory_attention.num_layers && c.hasSpatialPerceiver() &&
           s.perceiverLatents == (p.num_latents > 0 ? p.num_latents : -1) &&
           s.perceiverLatents2d == (p.num_latents_2d > 0 ? p.num_latents_2d : -1) &&
           s.perceiverDim == p.dim && s.perceiverDepth == p.depth &&
           s.perceiverInnerDim == p.dim_head * p.heads && s.perceiverSelfAttn == p.use_self_attn;
  }
  return s.hasHieraTrunk && s.variant() == model.variant && s.embedDim == trunk.embed_dim &&
         s.blockCount == trunk.depth() && s.stages == trunk.stages &&
         s.bkgSpatialSize == officialBkgSize(c) && s.firstWindow == trunk.window_spec.front() &&
         s.dModel == c.hiddenDim() && s.memDim == c.memDim() && s.numMaskmem == c.num_maskmem;
}

const OfficialModel& detectOfficialModel(const ShapeMap& shapes, const std::string& source) {
  const CheckpointSignature signature = inspectCheckpoint(shapes);
  for (const auto& model : officialModels())
    if (signatureMatches(signature, model)) return model;
  if (signature.hasRepVitTrunk || signature.hasPerceiver) {
    std::string expected;
    for (const auto& model : officialModels()) {
      if (model.variant != "edgetam") continue;
      const ModelConfig& c = model.config;
      const auto& p = c.spatial_perceiver;
      expected = "; " + model.name + ".pt has trunk stages " + listText(kRepVitM1Stages) +
                 " of widths " + listText(kRepVitM1Widths) + ", d_model " +
                 std::to_string(c.hiddenDim()) + ", memory dim " + std::to_string(c.memDim()) +
                 ", perceiver " + std::to_string(p.num_latents) + " + " +
                 std::to_string(p.num_latents_2d) + " latents of dim " + std::to_string(p.dim);
    }
    throw Error(source + " matches no official EdgeTAM model (saw: " + signature.describe() +
                expected +
                "). Image size and RoPE grids are not stored in the weights: pass the model's "
                "config YAML (--config FILE) to load it.");
  }
  throw Error(source + " matches no official SAM 2 model (saw: " + signature.describe() +
              "). Heads, window sizes and global-attention blocks are not stored in the "
              "weights: pass the model's config YAML (--config FILE) to load it.");
}

}  // namespace masklet::model
