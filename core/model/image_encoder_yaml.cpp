#include "model/image_encoder_yaml.h"

#include <array>
#include <type_traits>
#include <vector>

#include "common/error.h"

namespace masklet::model {

namespace {

template <typename T>
T scalar(const YAML::Node& node, const std::string& where) {
  try {
    return node.as<T>();
  } catch (const YAML::Exception&) {
    throw Error(where + ": cannot read '" + YAML::Dump(node) + "' as a " +
                (std::is_same_v<T, bool>          ? "boolean"
                 : std::is_same_v<T, std::string> ? "string"
                 : std::is_integral_v<T>          ? "integer"
                                                  : "number") +
                " (Hydra ${...} interpolations are not resolved)");
  }
}

std::vector<int64_t> intList(const YAML::Node& node, const std::string& where) {
  if (!node.IsSequence()) throw Error(where + ": expected a list of integers");
  std::vector<int64_t> values;
  for (size_t i = 0; i < node.size(); ++i)
    values.push_back(scalar<int64_t>(node[i], where + "[" + std::to_string(i) + "]"));
  return values;
}

std::array<int64_t, 2> intPair(const YAML::Node& node, const std::string& where) {
  const auto values = intList(node, where);
  if (values.size() != 2)
    throw Error(where + ": expected 2 integers, got " + std::to_string(values.size()));
  return {values[0], values[1]};
}

// Assigns node[key] to `target` when the key is present and not null.
template <typename T, typename Read>
void readIfPresent(const YAML::Node& parent, const char* key, const std::string& where, T& target,
                   Read read) {
  const YAML::Node node = parent[key];
  if (node && !node.IsNull()) target = read(node, where + "." + key);
}

template <typename T>
void readScalarIfPresent(const YAML::Node& parent, const char* key, const std::string& where,
                         T& target) {
  readIfPresent(parent, key, where, target, scalar<T>);
}

YAML::Node required(const YAML::Node& parent, const char* key, const std::string& where) {
  const YAML::Node node = parent[key];
  if (!node || node.IsNull()) throw Error(where + "." + key + ": missing");
  return node;
}

HieraOptions trunkOptions(const YAML::Node& node, const std::string& where) {
  HieraOptions options;
  readScalarIfPresent(node, "embed_dim", where, options.embedDim);
  readScalarIfPresent(node, "num_heads", where, options.numHeads);
  readScalarIfPresent(node, "q_pool", where, options.qPool);
  readIfPresent(node, "q_stride", where, options.qStride, intPair);
  readIfPresent(node, "stages", where, options.stages, intList);
  readScalarIfPresent(node, "dim_mul", where, options.dimMul);
  readScalarIfPresent(node, "head_mul", where, options.headMul);
  readIfPresent(node, "window_pos_embed_bkg_spatial_size", where,
                options.windowPosEmbedBkgSpatialSize, intPair);
  readIfPresent(node, "window_spec", where, options.windowSpec, intList);
  readIfPresent(node, "global_att_blocks", where, options.globalAttBlocks, intList);
  readScalarIfPresent(node, "return_interm_layers", where, options.returnIntermLayers);
  return options;
}

FpnNeckOptions neckOptions(const YAML::Node& node, const std::string& where) {
  FpnNeckOptions options;
  const std::string peWhere = where + ".position_encoding";
  const YAML::Node pe = required(node, "position_encoding", where);
  options.positionEncoding.numPosFeats =
      scalar<int64_t>(required(pe, "num_pos_feats", peWhere), peWhere + ".num_pos_feats");
  readScalarIfPresent(pe, "temperature", peWhere, options.positionEncoding.temperature);
  readScalarIfPresent(pe, "normalize", peWhere, options.positionEncoding.normalize);
  if (pe["scale"] && !pe["scale"].IsNull())
    options.positionEncoding.scale = scalar<double>(pe["scale"], peWhere + ".scale");
  options.dModel = scalar<int64_t>(required(node, "d_model", where), where + ".d_model");
  options.backboneChannelList =
      intList(required(node, "backbone_channel_list", where), where + ".backbone_channel_list");
  readScalarIfPresent(node, "kernel_size", where, options.kernelSize);
  readScalarIfPresent(node, "stride", where, options.stride);
  readScalarIfPresent(node, "padding", where, options.padding);
  readScalarIfPresent(node, "fpn_interp_model", where, options.fpnInterpModel);
  readScalarIfPresent(node, "fuse_type", where, options.fuseType);
  if (node["fpn_top_down_levels"] && !node["fpn_top_down_levels"].IsNull())
    options.fpnTopDownLevels = intList(node["fpn_top_down_levels"], where + ".fpn_top_down_levels");
  return options;
}

}  // namespace

ImageEncoderOptions imageEncoderOptionsFromYaml(const YAML::Node& imageEncoder,
                                                const std::string& where) {
  if (!imageEncoder || !imageEncoder.IsMap()) throw Error(where + ": missing or not a mapping");
  ImageEncoderOptions options;
  options.trunk = trunkOptions(required(imageEncoder, "trunk", where), where + ".trunk");
  options.neck = neckOptions(required(imageEncoder, "neck", where), where + ".neck");
  readScalarIfPresent(imageEncoder, "scalp", where, options.scalp);
  return options;
}

ImageEncoderOptions imageEncoderOptionsFromYamlFile(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw Error("model config " + path + ": cannot open the file");
  } catch (const YAML::Exception& error) {
    throw Error("model config " + path + ": not valid YAML (" + error.what() + ")");
  }
  const YAML::Node model = root["model"];
  if (!model || !model.IsMap())
    throw Error("model config " + path +
                ": no 'model:' section (expected the official SAM 2 "
                "YAML schema)");
  return imageEncoderOptionsFromYaml(model["image_encoder"], path + ": model.image_encoder");
}

}  // namespace masklet::model
