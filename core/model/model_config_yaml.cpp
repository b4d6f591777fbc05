#include "model/model_config_yaml.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

#include "common/error.h"

namespace masklet::model {
namespace {

using Path = std::vector<std::string>;

std::string joinPath(const Path& path) {
  std::string out;
  for (const auto& part : path) out += (out.empty() ? "" : ".") + part;
  return out;
}

// The YAML document with OmegaConf-style interpolations resolved on access. Nodes are never
// modified (yaml-cpp's Node assignment writes through, so lookups only ever create new handles).
class YamlTree {
 public:
  YamlTree(YAML::Node root, std::string source)
      : m_root(std::move(root)), m_source(std::move(source)) {}

  [[noreturn]] void fail(const Path& path, const std::string& message) const {
    throw Error(m_source + ": key " + joinPath(path) + ": " + message);
  }
  const std::string& source() const { return m_source; }

  // The node at `path` with interpolations resolved; undefined when absent.
  YAML::Node at(const Path& path) const { return resolve(lookup(path), path, 0); }

 private:
  static YAML::Node child(const YAML::Node& node, const std::string& key) {
    if (node.IsMap()) {
      for (auto it = node.begin(); it != node.end(); ++it)
        if (it->first.IsScalar() && it->first.Scalar() == key) return it->second;
    } else if (node.IsSequence()) {
      try {
        const size_t index = std::stoul(key);
        if (index < node.size()) return node[index];
      } catch (const std::exception&) {
      }
    }
    return YAML::Node(YAML::NodeType::Undefined);
  }

  YAML::Node lookup(const Path& path) const {
    YAML::Node current = m_root;
    for (const auto& key : path) {
      YAML::Node next = child(current, key);
      if (!next.IsDefined()) return next;
      current.reset(next);
    }
    return current;
  }

  // Resolves "${...}" (whole value: the referenced node, any type; embedded: text).
  YAML::Node resolve(const YAML::Node& node, const Path& path, int depth) const {
    if (!node.IsDefined() || !node.IsScalar()) return node;
    const std::string& text = node.Scalar();
    if (text == "?\?\?") fail(path, "mandatory value '?\?\?' is not set");
    if (text.find("${") == std::string::npos) return node;
    if (depth > 32) fail(path, "interpolation cycle (more than 32 nested references)");
    const size_t close = text.find('}');
    if (text.compare(0, 2, "${") == 0 && close == text.size() - 1 &&
        text.find("${", 2) == std::string::npos) {
      const Path target = targetPath(text.substr(2, close - 2), path);
      const YAML::Node found = lookup(target);
      if (!found.IsDefined())
        fail(path,
             "interpolation " + text + " refers to " + joinPath(target) + ", which is not set");
      return resolve(found, target, depth + 1);
    }
    std::string out;
    size_t pos = 0;
    while (pos < text.size()) {
      const size_t open = text.find("${", pos);
      if (open == std::string::npos) {
        out += text.substr(pos);
        break;
      }
      const size_t end = text.find('}', open);
      if (end == std::string::npos) fail(path, "unterminated interpolation in '" + text + "'");
      out += text.substr(pos, open - pos);
      const Path target = targetPath(text.substr(open + 2, end - open - 2), path);
      const YAML::Node found = resolve(lookup(target), target, depth + 1);
      if (!found.IsDefined() || !found.IsScalar())
        fail(path, "interpolation in '" + text + "' refers to " + joinPath(target) +
                       ", which is not a set scalar value");
      out += found.Scalar();
      pos = end + 1;
    }
    return YAML::Node(out);
  }

  // "a.b" is absolute; ".x" is a sibling of the key at `from`, "..x" one level further up.
  Path targetPath(const std::string& reference, const Path& from) const {
    if (reference.find(':') != std::string::npos || reference.find("${") != std::string::npos)
      fail(from, "uses the OmegaConf resolver expression '${" + reference +
                     "}', which masklet does not evaluate; write the value instead");
    size_t dots = 0;
    while (dots < reference.size() && reference[dots] == '.') ++dots;
    Path target;
    if (dots > 0) {
      if (from.size() < dots)
        fail(from, "relative interpolation '${" + reference + "}' goes above the root");
      target.assign(from.begin(), from.end() - static_cast<long>(dots));
    }
    std::stringstream rest(reference.substr(dots));
    std::string part;
    while (std::getline(rest, part, '.')) {
      if (part.empty()) fail(from, "malformed interpolation '${" + reference + "}'");
      target.push_back(part);
    }
    return target;
  }

  YAML::Node m_root;
  std::string m_source;
};

// One mapping of the config ("model.image_encoder.trunk"): typed reads by key, and a check that
// every key present was understood, so a typo never silently falls back to a default.
class Section {
 public:
  Section(const YamlTree& tree, Path path) : m_tree(tree), m_path(std::move(path)) {
    m_node.reset(m_tree.at(m_path));
    if (!m_node.IsDefined()) m_tree.fail(m_path, "missing section");
    if (!m_node.IsMap()) m_tree.fail(m_path, "expected a mapping of options");
  }

  const Path& path() const { return m_path; }
  bool has(const std::string& key) const { return value(key).IsDefined(); }
  bool isNull(const std::string& key) const {
    const YAML::Node node = value(key);
    return node.IsDefined() && node.IsNull();
  }

  // `_target_` must be present and name one of `allowed` (the classes this port builds).
  void requireTarget(const std::vector<std::string>& allowed) {
    const YAML::Node node = value("_target_");
    std::string expected;
    for (const auto& name : allowed) expected += (expected.empty() ? "" : " or ") + name;
    if (!node.IsDefined() || !node.IsScalar())
      m_tree.fail(m_path, "missing _target_ (expected " + expected + ")");
    const std::string target = node.Scalar();
    for (const auto& name : allowed)
      if (target == name) return;
    m_tree.fail(childPath("_target_"),
                "unknown class '" + target + "': masklet builds only " + expected + " here");
  }

  Section section(const std::string& key) {
    m_used.insert(key);
    if (!has(key)) m_tree.fail(childPath(key), "missing required section");
    return Section(m_tree, childPath(key));
  }

  void read(const std::string& key, int64_t& out, bool required = false) {
    if (const auto node = take(key, required)) out = convert<int64_t>(key, node, "an integer");
  }
  void read(const std::string& key, double& out, bool required = false) {
    if (const auto node = take(key, required)) out = convert<double>(key, node, "a number");
  }
  void read(const std::string& key, bool& out, bool required = false) {
    if (const auto node = take(key, required)) out = convert<bool>(key, node, "true or false");
  }
  void read(const std::string& key, std::string& out, bool required = false) {
    if (const auto node = take(key, required)) out = convert<std::string>(key, node, "a string");
  }
  void read(const std::string& key, std::optional<double>& out) {
    if (isNull(key)) {
      m_used.insert(key);
      out.reset();
    } else if (has(key)) {
      double value = 0;
      read(key, value);
      out = value;
    }
  }
  void read(const std::string& key, std::optional<int64_t>& out) {
    if (isNull(key)) {
      m_used.insert(key);
      out.reset();
    } else if (has(key)) {
      int64_t value = 0;
      read(key, value);
      out = value;
    }
  }
  void read(const std::string& key, std::vector<int64_t>& out, bool required = false) {
    const YAML::Node node = take(key, required);
    if (!node) return;
    if (!node.IsSequence()) m_tree.fail(childPath(key), "expected a list of integers");
    std::vector<int64_t> values;
    for (size_t i = 0; i < node.size(); ++i) {
      const Path itemPath = childPath(key, std::to_string(i));
      const YAML::Node item = m_tree.at(itemPath);
      try {
        values.push_back(item.as<int64_t>());
      } catch (const YAML::Exception&) {
        m_tree.fail(itemPath, "expected an integer, got '" + describe(item) + "'");
      }
    }
    out = values;
  }
  void read(const std::string& key, std::array<int64_t, 2>& out, bool required = false) {
    std::vector<int64_t> values(out.begin(), out.end());
    read(key, values, required);
    if (values.size() != 2)
      m_tree.fail(childPath(key), "expected 2 integers, got " + std::to_string(values.size()));
    out = {values[0], values[1]};
  }

  // Keys the Python constructor accepts but that change nothing at inference (training or
  // compilation knobs): accepted and ignored.
  void ignore(std::initializer_list<const char*> keys) {
    for (const char* key : keys) m_used.insert(key);
  }
  // A key the port cannot honour unless it has the value the port implements.
  void requireNullOrAbsent(const std::string& key, const std::string& why) {
    m_used.insert(key);
    if (has(key) && !isNull(key)) m_tree.fail(childPath(key), why);
  }

  // Any key not read or ignored is a mistake in the config (Python would refuse it too).
  void finish() const {
    for (auto it = m_node.begin(); it != m_node.end(); ++it) {
      const std::string key = it->first.as<std::string>();
      if (key == "_target_" || key == "_recursive_" || key == "_convert_") continue;
      if (m_used.count(key) == 0)
        m_tree.fail(childPath(key), "unknown option for this class (misspelt, or not supported)");
    }
  }

 private:
  Path childPath(const std::string& key, const std::string& more = "") const {
    Path path = m_path;
    path.push_back(key);
    if (!more.empty()) path.push_back(more);
    return path;
  }
  YAML::Node value(const std::string& key) const { return m_tree.at(childPath(key)); }

  YAML::Node take(const std::string& key, bool required) {
    m_used.insert(key);
    YAML::Node node = value(key);
    if (!node.IsDefined()) {
      if (required) m_tree.fail(childPath(key), "missing required option");
      return YAML::Node(YAML::NodeType::Undefined);
    }
    if (node.IsNull()) m_tree.fail(childPath(key), "must not be null");
    return node;
  }

  static std::string describe(const YAML::Node& node) {
    if (node.IsScalar()) return node.Scalar();
    if (node.IsSequence()) return "a list";
    if (node.IsMap()) return "a mapping";
    return "null";
  }

  template <typename T>
  T convert(const std::string& key, const YAML::Node& node, const char* expected) const {
    if (!node.IsScalar())
      m_tree.fail(childPath(key), std::string("expected ") + expected + ", got " + describe(node));
    try {
      return node.as<T>();
    } catch (const YAML::Exception&) {
      m_tree.fail(childPath(key),
                  std::string("expected ") + expected + ", got '" + node.Scalar() + "'");
    }
  }

  const YamlTree& m_tree;
  Path m_path;
  YAML::Node m_node;
  std::set<std::string> m_used;
};

const char* const kPositionEmbeddingSine = "sam2.modeling.position_encoding.PositionEmbeddingSine";
const char* const kRoPEAttention = "sam2.modeling.sam.transformer.RoPEAttention";

void readPositionEncoding(Section s, PositionEncodingConfig& c) {
  s.requireTarget({kPositionEmbeddingSine});
  s.read("num_pos_feats", c.num_pos_feats, true);
  s.read("temperature", c.temperature);
  s.read("normalize", c.normalize);
  s.read("scale", c.scale);
  s.ignore({"warmup_cache", "image_size", "strides"});  // compile-time cache warm-up only
  s.finish();
}

void readTrunk(Section s, HieraConfig& c) {
  s.requireTarget({"sam2.modeling.backbones.hieradet.Hiera"});
  s.read("embed_dim", c.embed_dim);
  s.read("num_heads", c.num_heads);
  s.read("drop_path_rate", c.drop_path_rate);
  s.read("q_pool", c.q_pool);
  s.read("q_stride", c.q_stride);
  s.read("stages", c.stages);
  s.read("dim_mul", c.dim_mul);
  s.read("head_mul", c.head_mul);
  s.read("window_pos_embed_bkg_spatial_size", c.window_pos_embed_bkg_spatial_size);
  s.read("window_spec", c.window_spec);
  s.read("global_att_blocks", c.global_att_blocks);
  s.read("return_interm_layers", c.return_interm_layers);
  s.requireNullOrAbsent("weights_path",
                        "separate trunk weights are not supported: put them in the checkpoint");
  s.finish();
}

void readNeck(Section s, FpnNeckConfig& c) {
  s.requireTarget({"sam2.modeling.backbones.image_encoder.FpnNeck"});
  readPositionEncoding(s.section("position_encoding"), c.position_encoding);
  s.read("d_model", c.d_model, true);
  s.read("backbone_channel_list", c.backbone_channel_list, true);
  s.read("kernel_size", c.kernel_size);
  s.read("stride", c.stride);
  s.read("padding", c.padding);
  s.read("fpn_interp_model", c.fpn_interp_model);
  s.read("fuse_type", c.fuse_type);
  c.fpn_top_down_levels.clear();
  if (s.has("fpn_top_down_levels") && !s.isNull("fpn_top_down_levels")) {
    s.read("fpn_top_down_levels", c.fpn_top_down_levels);
  } else {  // None: top-down features on all levels
    s.ignore({"fpn_top_down_levels"});
    for (size_t i = 0; i < c.backbone_channel_list.size(); ++i)
      c.fpn_top_down_levels.push_back(int64_t(i));
  }
  s.finish();
}

void readImageEncoder(Section s, ImageEncoderConfig& c) {
  s.requireTarget({"sam2.modeling.backbones.image_encoder.ImageEncoder"});
  readTrunk(s.section("trunk"), c.trunk);
  readNeck(s.section("neck"), c.neck);
  s.read("scalp", c.scalp);
  s.finish();
}

void readRoPEAttention(Section s, RoPEAttentionConfig& c) {
  s.requireTarget({kRoPEAttention});
  s.read("embedding_dim", c.embedding_dim, true);
  s.read("num_heads", c.num_heads, true);
  s.read("downsample_rate", c.downsample_rate);
  s.read("dropout", c.dropout);
  s.read("kv_in_dim", c.kv_in_dim);
  s.read("rope_theta", c.rope_theta);
  s.read("rope_k_repeat", c.rope_k_repeat);
  s.read("feat_sizes", c.feat_sizes);
  s.finish();
}

void readMemoryAttention(Section s, MemoryAttentionConfig& c) {
  s.requireTarget({"sam2.modeling.memory_attention.MemoryAttention"});
  s.read("d_model", c.d_model, true);
  s.read("pos_enc_at_input", c.pos_enc_at_input, true);
  s.read("num_layers", c.num_layers, true);
  s.read("batch_first", c.batch_first);
  Section layer = s.section("layer");
  layer.requireTarget({"sam2.modeling.memory_attention.MemoryAttentionLayer"});
  auto& l = c.layer;
  layer.read("activation", l.activation, true);
  layer.read("d_model", l.d_model, true);
  layer.read("dim_feedforward", l.dim_feedforward, true);
  layer.read("dropout", l.dropout, true);
  layer.read("pos_enc_at_attn", l.pos_enc_at_attn, true);
  layer.read("pos_enc_at_cross_attn_keys", l.pos_enc_at_cross_attn_keys, true);
  layer.read("pos_enc_at_cross_attn_queries", l.pos_enc_at_cross_attn_queries, true);
  readRoPEAttention(layer.section("self_attention"), l.self_attention);
  readRoPEAttention(layer.section("cross_attention"), l.cross_attention);
  layer.finish();
  s.finish();
}

void readMemoryEncoder(Section s, MemoryEncoderConfig& c) {
  s.requireTarget({"sam2.modeling.memory_encoder.MemoryEncoder"});
  s.read("out_dim", c.out_dim, true);
  s.read("in_dim", c.in_dim);
  readPositionEncoding(s.section("position_encoding"), c.position_encoding);
  Section down = s.section("mask_downsampler");
  down.requireTarget({"sam2.modeling.memory_encoder.MaskDownSampler"});
  down.read("embed_dim", c.mask_downsampler.embed_dim);
  down.read("kernel_size", c.mask_downsampler.kernel_size);
  down.read("stride", c.mask_downsampler.stride);
  down.read("padding", c.mask_downsampler.padding);
  down.read("total_stride", c.mask_downsampler.total_stride);
  down.requireNullOrAbsent("activation", "only the default nn.GELU activation is supported");
  down.finish();
  Section fuser = s.section("fuser");
  fuser.requireTarget({"sam2.modeling.memory_encoder.Fuser"});
  fuser.read("num_layers", c.fuser.num_layers, true);
  fuser.read("dim", c.fuser.dim);
  fuser.read("input_projection", c.fuser.input_projection);
  Section block = fuser.section("layer");
  block.requireTarget({"sam2.modeling.memory_encoder.CXBlock"});
  block.read("dim", c.fuser.layer.dim, true);
  block.read("kernel_size", c.fuser.layer.kernel_size);
  block.read("padding", c.fuser.layer.padding);
  block.read("drop_path", c.fuser.layer.drop_path);
  block.read("layer_scale_init_value", c.fuser.layer.layer_scale_init_value);
  block.read("use_dwconv", c.fuser.layer.use_dwconv);
  block.finish();
  fuser.finish();
  s.finish();
}

void readModel(Section s, ModelConfig& c) {
  // build_sam2_video_predictor replaces SAM2Base by the predictor; the VOS variant only adds
  // torch.compile. All three describe the same network.
  s.requireTarget({"sam2.modeling.sam2_base.SAM2Base",
                   "sam2.sam2_video_predictor.SAM2VideoPredictor",
                   "sam2.sam2_video_predictor.SAM2VideoPredictorVOS"});
  readImageEncoder(s.section("image_encoder"), c.image_encoder);
  readMemoryAttention(s.section("memory_attention"), c.memory_attention);
  readMemoryEncoder(s.section("memory_encoder"), c.memory_encoder);
  s.read("num_maskmem", c.num_maskmem);
  s.read("image_size", c.image_size);
  s.read("backbone_stride", c.backbone_stride);
  s.read("sigmoid_scale_for_mem_enc", c.sigmoid_scale_for_mem_enc);
  s.read("sigmoid_bias_for_mem_enc", c.sigmoid_bias_for_mem_enc);
  s.read("binarize_mask_from_pts_for_mem_enc", c.binarize_mask_from_pts_for_mem_enc);
  s.read("use_mask_input_as_output_without_sam", c.use_mask_input_as_output_without_sam);
  s.read("max_cond_frames_in_attn", c.max_cond_frames_in_attn);
  s.read("directly_add_no_mem_embed", c.directly_add_no_mem_embed);
  s.read("use_high_res_features_in_sam", c.use_high_res_features_in_sam);
  s.read("multimask_output_in_sam", c.multimask_output_in_sam);
  s.read("multimask_min_pt_num", c.multimask_min_pt_num);
  s.read("multimask_max_pt_num", c.multimask_max_pt_num);
  s.read("multimask_output_for_tracking", c.multimask_output_for_tracking);
  s.read("use_multimask_token_for_obj_ptr", c.use_multimask_token_for_obj_ptr);
  s.read("iou_prediction_use_sigmoid", c.iou_prediction_use_sigmoid);
  s.read("memory_temporal_stride_for_eval", c.memory_temporal_stride_for_eval);
  s.read("non_overlap_masks_for_mem_enc", c.non_overlap_masks_for_mem_enc);
  s.read("use_obj_ptrs_in_encoder", c.use_obj_ptrs_in_encoder);
  s.read("max_obj_ptrs_in_encoder", c.max_obj_ptrs_in_encoder);
  s.read("add_tpos_enc_to_obj_ptrs", c.add_tpos_enc_to_obj_ptrs);
  s.read("proj_tpos_enc_in_obj_ptrs", c.proj_tpos_enc_in_obj_ptrs);
  s.read("use_signed_tpos_enc_to_obj_ptrs", c.use_signed_tpos_enc_to_obj_ptrs);
  s.read("only_obj_ptrs_in_the_past_for_eval", c.only_obj_ptrs_in_the_past_for_eval);
  s.read("pred_obj_scores", c.pred_obj_scores);
  s.read("pred_obj_scores_mlp", c.pred_obj_scores_mlp);
  s.read("fixed_no_obj_ptr", c.fixed_no_obj_ptr);
  s.read("soft_no_obj_ptr", c.soft_no_obj_ptr);
  s.read("use_mlp_for_obj_ptr_proj", c.use_mlp_for_obj_ptr_proj);
  s.read("no_obj_embed_spatial", c.no_obj_embed_spatial);
  s.read("compile_image_encoder", c.compile_image_encoder);
  // Null or absent: the values build_sam2_video_predictor forces (the struct defaults).
  if (s.has("sam_mask_decoder_extra_args") && !s.isNull("sam_mask_decoder_extra_args")) {
    Section extra = s.section("sam_mask_decoder_extra_args");
    auto& e = c.sam_mask_decoder_extra_args;
    extra.read("dynamic_multimask_via_stability", e.dynamic_multimask_via_stability);
    extra.read("dynamic_multimask_stability_delta", e.dynamic_multimask_stability_delta);
    extra.read("dynamic_multimask_stability_thresh", e.dynamic_multimask_stability_thresh);
    extra.finish();
  } else {
    s.ignore({"sam_mask_decoder_extra_args"});
  }
  s.read("fill_hole_area", c.fill_hole_area);
  s.read("non_overlap_masks", c.non_overlap_masks);
  s.read("clear_non_cond_mem_around_input", c.clear_non_cond_mem_around_input);
  s.read("add_all_frames_to_correct_as_cond", c.add_all_frames_to_correct_as_cond);
  s.finish();
}

}  // namespace

ModelConfig modelConfigFromYamlText(const std::string& text, const std::string& source) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& error) {
    throw Error(source + ": not valid YAML: " + error.what());
  }
  if (!root.IsMap()) throw Error(source + ": not a SAM 2 model config (expected a YAML mapping)");
  const YamlTree tree(root, source);
  if (!tree.at({"model"}).IsDefined())
    throw Error(source +
                ": not a SAM 2 model config: no top-level 'model:' section (as in the official "
                "sam2/configs/sam2.1/sam2.1_hiera_*.yaml)");
  ModelConfig config;
  readModel(Section(tree, {"model"}), config);
  config.validate(source);
  return config;
}

ModelConfig ModelConfig::fromYaml(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw Error("cannot read model config '" + path + "': file not found");
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) throw Error("cannot read model config '" + path + "'");
  return modelConfigFromYamlText(text.str(), "'" + path + "'");
}

}  // namespace masklet::model
