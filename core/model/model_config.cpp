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

int64_t MaskDownSamplerConfig::numLayers() const {
  if (stride <= 1 || total_stride <= 0) return 0;
  return static_cast<int64_t>(
      std::floor(std::log2(double(total_stride)) / std::log2(double(stride)) + 1e-9));
}

int64_t ModelConfig::memDim() const {
  return memory_encoder.out_dim != memory_encoder.in_dim ? memory_encoder.out_dim : hiddenDim();
}

std::string ModelConfig::variant() const {
  return (no_obj_embed_spatial || proj_tpos_enc_in_obj_ptrs) ? "sam2.1" : "sam2";
}

void ModelConfig::validate(const std::string& source) const {
  const auto& trunk = image_encoder.trunk;
  const auto& neck = image_encoder.neck;
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
  for (const auto* attention : {&layer.self_attention, &layer.cross_attention}) {
    const int64_t internal =
        attention->embedding_dim / std::max<int64_t>(1, attention->downsample_rate);
    if (attention->num_heads <= 0 || internal % attention->num_heads != 0)
      invalid(source, "memory_attention.layer attention: num_heads " +
                          std::to_string(attention->num_heads) + " must divide " +
                          std::to_string(internal));
  }
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
