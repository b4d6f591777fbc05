#include "model/model_config.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include "common/error.h"
#include "model/model_config_fields.h"

namespace masklet::model {
namespace {

// Writes "path: value" lines; doubles with full precision so equal dumps mean equal values.
class DumpWriter {
 public:
  void add(const std::string& key, int64_t value) { line(key) << value << "\n"; }
  void add(const std::string& key, bool value) { line(key) << (value ? "true" : "false") << "\n"; }
  void add(const std::string& key, double value) {
    std::ostringstream text;
    text.precision(17);
    text << value;
    line(key) << text.str() << "\n";
  }
  void add(const std::string& key, const std::string& value) { line(key) << value << "\n"; }
  void add(const std::string& key, const std::vector<int64_t>& values) {
    auto& out = line(key);
    out << "[";
    for (size_t i = 0; i < values.size(); ++i) out << (i ? ", " : "") << values[i];
    out << "]\n";
  }
  void add(const std::string& key, const std::vector<std::string>& values) {
    auto& out = line(key);
    out << "[";
    for (size_t i = 0; i < values.size(); ++i) out << (i ? ", " : "") << values[i];
    out << "]\n";
  }
  void add(const std::string& key, const std::array<int64_t, 2>& values) {
    add(key, std::vector<int64_t>(values.begin(), values.end()));
  }
  void add(const std::string& key, const std::optional<int64_t>& value) {
    if (value) {
      add(key, *value);
    } else {
      add(key, std::string("null"));
    }
  }
  void add(const std::string& key, const std::optional<double>& value) {
    if (value) {
      add(key, *value);
    } else {
      add(key, std::string("null"));
    }
  }
  std::string text() const { return m_out.str(); }

 private:
  std::ostringstream& line(const std::string& key) {
    m_out << key << ": ";
    return m_out;
  }
  std::ostringstream m_out;
};

[[noreturn]] void invalid(const std::string& source, const std::string& message) {
  throw Error(source + ": invalid model config: " + message);
}

void requirePositive(const std::string& source, const std::string& key, int64_t value) {
  if (value <= 0) invalid(source, key + " must be positive, got " + std::to_string(value));
}

}  // namespace

int64_t HieraConfig::depth() const {
  return std::accumulate(stages.begin(), stages.end(), int64_t{0});
}

std::vector<int64_t> HieraConfig::outIndices() const {
  // TimmBackbone: int(f[len("layer"):]) for each feature name.
  std::vector<int64_t> indices;
  for (const auto& feature : features) {
    int64_t index = -1;
    if (feature.size() > 5 && feature.compare(0, 5, "layer") == 0 &&
        feature.find_first_not_of("0123456789", 5) == std::string::npos && feature.size() < 9)
      index = std::stoll(feature.substr(5));
    indices.push_back(index);
  }
  return indices;
}

int64_t MaskDownSamplerConfig::numLayers() const {
  if (stride <= 1 || total_stride <= 0) return 0;
  return static_cast<int64_t>(
      std::floor(std::log2(double(total_stride)) / std::log2(double(stride)) + 1e-9));
}

int64_t ModelConfig::memDim() const {
  return memory_encoder.out_dim != memory_encoder.in_dim ? memory_encoder.out_dim : hiddenDim();
}

std::string ModelConfig::variant() const {
  if (hasTimmTrunk()) return "edgetam";
  return (no_obj_embed_spatial || proj_tpos_enc_in_obj_ptrs) ? "sam2.1" : "sam2";
}

bool ModelConfig::fieldApplies(const std::string& path) const {
  std::string key;  // the path below the section's prefix
  const auto under = [&](const std::string& prefix) {
    if (path.compare(0, prefix.size(), prefix) != 0) return false;
    key = path.substr(prefix.size());
    return true;
  };
  if (under("image_encoder.trunk.")) {
    if (key == "target") return true;
    return hasTimmTrunk() == (key == "name" || key == "features");
  }
  if (under("memory_attention.layer.cross_attention.")) {
    const bool v2 = memory_attention.layer.cross_attention.isV2();
    if (key == "q_sizes" || key == "k_sizes") return v2;
    if (key == "rope_k_repeat" || key == "feat_sizes") return !v2;
    return true;
  }
  if (under("spatial_perceiver.")) return hasSpatialPerceiver();
  return true;
}

void ModelConfig::validate(const std::string& source) const {
  const auto& trunk = image_encoder.trunk;
  // A field of a class the config does not use must keep its default: it is not written to
  // YAML, so anything else would not survive a round trip.
  {
    const ModelConfig defaults;
    std::vector<std::string> paths;
    forEachModelConfigField(
        *this, [&](const ModelConfigField& field, const auto&) { paths.push_back(field.path); });
    std::stringstream mine(dump());
    std::stringstream theirs(defaults.dump());
    std::string a;
    std::string b;
    for (const auto& path : paths) {
      std::getline(mine, a);
      std::getline(theirs, b);
      if (a != b && !fieldApplies(path))
        invalid(source, path + " is set, but the class of its section does not have it");
    }
  }
  if (trunk.target != kHieraTrunk && trunk.target != kTimmTrunk)
    invalid(source, "image_encoder.trunk: unknown class '" + trunk.target + "'");
  if (memory_attention.layer.self_attention.target != kRoPEAttention)
    invalid(source, "memory_attention.layer.self_attention must be " + std::string(kRoPEAttention));
  if (memory_attention.layer.cross_attention.target != kRoPEAttention &&
      memory_attention.layer.cross_attention.target != kRoPEAttentionV2)
    invalid(source, "memory_attention.layer.cross_attention: unknown class '" +
                        memory_attention.layer.cross_attention.target + "'");
  if (hasSpatialPerceiver()) validatePerceiver(source);
  if (hasTimmTrunk()) {
    validateTimmTrunk(source);
  } else {
    validateHieraTrunk(source);
  }
  validateRest(source);
}

void ModelConfig::validateTimmTrunk(const std::string& source) const {
  const auto& trunk = image_encoder.trunk;
  // timm builds the same network for the bare name and its pretrained tag.
  if (trunk.name != "repvit_m1" && trunk.name != "repvit_m1.dist_in1k")
    invalid(source, "image_encoder.trunk.name '" + trunk.name +
                        "' is not supported (masklet builds the timm trunk repvit_m1.dist_in1k)");
  const auto indices = trunk.outIndices();
  if (indices.empty()) invalid(source, "image_encoder.trunk.features is empty");
  for (size_t i = 0; i < indices.size(); ++i)
    if (indices[i] < 0 || indices[i] > 3 || (i > 0 && indices[i] <= indices[i - 1]))
      invalid(source,
              "image_encoder.trunk.features must name increasing levels among layer0..layer3, "
              "got '" +
                  trunk.features[i] + "'");
}

void ModelConfig::validatePerceiver(const std::string& source) const {
  const auto& p = spatial_perceiver;
  if (p.target != kPerceiverResampler)
    invalid(source, "spatial_perceiver: unknown class '" + p.target + "'");
  requirePositive(source, "spatial_perceiver.dim", p.dim);
  requirePositive(source, "spatial_perceiver.depth", p.depth);
  requirePositive(source, "spatial_perceiver.dim_head", p.dim_head);
  requirePositive(source, "spatial_perceiver.heads", p.heads);
  if (p.num_latents <= 0 && p.num_latents_2d <= 0)
    invalid(source, "spatial_perceiver needs num_latents or num_latents_2d to be positive");
  if (!(p.ff_mult > 0)) invalid(source, "spatial_perceiver.ff_mult must be positive");
}

void ModelConfig::validateHieraTrunk(const std::string& source) const {
  const auto& trunk = image_encoder.trunk;
  requirePositive(source, "image_encoder.trunk.embed_dim", trunk.embed_dim);
  requirePositive(source, "image_encoder.trunk.num_heads", trunk.num_heads);
  if (trunk.stages.empty()) invalid(source, "image_encoder.trunk.stages is empty");
  for (int64_t count : trunk.stages)
    requirePositive(source, "each of image_encoder.trunk.stages", count);
  if (trunk.window_spec.size() != trunk.stages.size())
    invalid(source, "image_encoder.trunk.window_spec has " +
                        std::to_string(trunk.window_spec.size()) + " entries but stages has " +
                        std::to_string(trunk.stages.size()));
  if (trunk.q_pool < 0 || trunk.q_pool > int64_t(trunk.stages.size()) - 1)
    invalid(source, "image_encoder.trunk.q_pool must be within 0.." +
                        std::to_string(trunk.stages.size() - 1) + ", got " +
                        std::to_string(trunk.q_pool));
  for (int64_t block : trunk.global_att_blocks)
    if (block < 0 || block >= trunk.depth())
      invalid(source, "image_encoder.trunk.global_att_blocks names block " + std::to_string(block) +
                          ", but the trunk has " + std::to_string(trunk.depth()) + " blocks");
}

void ModelConfig::validateRest(const std::string& source) const {
  const auto& neck = image_encoder.neck;
  requirePositive(source, "image_encoder.neck.d_model", neck.d_model);
  if (neck.backbone_channel_list.empty())
    invalid(source, "image_encoder.neck.backbone_channel_list is empty");
  if (neck.fuse_type != "sum" && neck.fuse_type != "avg")
    invalid(source,
            "image_encoder.neck.fuse_type must be 'sum' or 'avg', got '" + neck.fuse_type + "'");
  if (neck.fpn_interp_model != "nearest" && neck.fpn_interp_model != "bilinear" &&
      neck.fpn_interp_model != "bicubic")
    invalid(source, "image_encoder.neck.fpn_interp_model '" + neck.fpn_interp_model +
                        "' is not supported (nearest, bilinear, bicubic)");
  for (int64_t level : neck.fpn_top_down_levels)
    if (level < 0 || level >= int64_t(neck.backbone_channel_list.size()))
      invalid(source, "image_encoder.neck.fpn_top_down_levels names level " +
                          std::to_string(level) + " of " +
                          std::to_string(neck.backbone_channel_list.size()));
  if (image_encoder.scalp < 0 || image_encoder.scalp >= int64_t(neck.backbone_channel_list.size()))
    invalid(source, "image_encoder.scalp out of range: " + std::to_string(image_encoder.scalp));
  requirePositive(source, "memory_attention.num_layers", memory_attention.num_layers);
  const auto& layer = memory_attention.layer;
  if (layer.activation != "relu" && layer.activation != "gelu")
    invalid(source, "memory_attention.layer.activation must be relu or gelu, got '" +
                        layer.activation + "'");
  for (const RoPEAttentionConfig* attention : {&layer.self_attention, &layer.cross_attention}) {
    const int64_t internal =
        attention->embedding_dim / std::max<int64_t>(1, attention->downsample_rate);
    if (attention->num_heads <= 0 || internal % attention->num_heads != 0)
      invalid(source, "memory_attention.layer attention: num_heads " +
                          std::to_string(attention->num_heads) + " must divide " +
                          std::to_string(internal));
  }
  if (layer.cross_attention.isV2())
    for (const auto& sizes : {layer.cross_attention.q_sizes, layer.cross_attention.k_sizes})
      if (sizes[0] <= 0 || sizes[1] <= 0)
        invalid(source,
                "memory_attention.layer.cross_attention: q_sizes and k_sizes must be "
                "positive");
  const auto& downsampler = memory_encoder.mask_downsampler;
  const int64_t layers = downsampler.numLayers();
  int64_t reached = 1;
  for (int64_t i = 0; i < layers; ++i) reached *= downsampler.stride;
  if (layers <= 0 || reached != downsampler.total_stride)
    invalid(source, "memory_encoder.mask_downsampler: stride " +
                        std::to_string(downsampler.stride) + " does not reach total_stride " +
                        std::to_string(downsampler.total_stride) + " by repeated steps");
  requirePositive(source, "memory_encoder.out_dim", memory_encoder.out_dim);
  if (memory_encoder.fuser.input_projection && !memory_encoder.fuser.dim)
    invalid(source, "memory_encoder.fuser.input_projection needs memory_encoder.fuser.dim");
  requirePositive(source, "num_maskmem", num_maskmem);
  requirePositive(source, "image_size", image_size);
  requirePositive(source, "backbone_stride", backbone_stride);
  if (image_size % backbone_stride != 0)
    invalid(source, "image_size " + std::to_string(image_size) +
                        " is not a multiple of backbone_stride " + std::to_string(backbone_stride));
  // The assertions of SAM2Base.__init__.
  if (proj_tpos_enc_in_obj_ptrs && !add_tpos_enc_to_obj_ptrs)
    invalid(source, "proj_tpos_enc_in_obj_ptrs needs add_tpos_enc_to_obj_ptrs");
  if (fixed_no_obj_ptr && !(pred_obj_scores && use_obj_ptrs_in_encoder))
    invalid(source, "fixed_no_obj_ptr needs pred_obj_scores and use_obj_ptrs_in_encoder");
}

std::string ModelConfig::dump() const {
  DumpWriter writer;
  forEachModelConfigField(*this, [&](const ModelConfigField& field, const auto& value) {
    writer.add(field.path, value);
  });
  return writer.text();
}

bool operator==(const ModelConfig& a, const ModelConfig& b) {
  return a.dump() == b.dump();
}

}  // namespace masklet::model
