#include "model/model_config_yaml.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "common/error.h"
#include "model/model_config_fields.h"

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
  void read(const std::string& key, std::vector<std::string>& out, bool required = false) {
    const YAML::Node node = take(key, required);
    if (!node) return;
    if (!node.IsSequence()) m_tree.fail(childPath(key), "expected a list of strings");
    std::vector<std::string> values;
    for (size_t i = 0; i < node.size(); ++i) {
      const Path itemPath = childPath(key, std::to_string(i));
      const YAML::Node item = m_tree.at(itemPath);
      if (!item.IsScalar()) m_tree.fail(itemPath, "expected a string, got " + describe(item));
      values.push_back(item.Scalar());
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

  // The section's class (checked against the schema on entry).
  std::string target() const {
    const YAML::Node node = value("_target_");
    return node.IsDefined() && node.IsScalar() ? node.Scalar() : std::string();
  }
  // A key that the section's class does not have must be absent.
  void refuseForClass(const std::string& key) {
    m_used.insert(key);
    if (has(key))
      m_tree.fail(childPath(key), "not an option of " + target() + " (only of another class)");
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

// One mapping of the official schema that the field list reaches: the classes it may name and
// the keys it accepts besides the listed fields.
struct SectionSchema {
  using Refusals = std::vector<std::pair<std::string, std::string>>;
  SectionSchema(std::string path, std::vector<std::string> targets,
                std::vector<const char*> ignored = {}, Refusals nullOnly = {},
                bool nullable = false)
      : path(std::move(path)),
        targets(std::move(targets)),
        ignored(std::move(ignored)),
        nullOnly(std::move(nullOnly)),
        nullable(nullable) {}

  std::string path;                  // below `model`, "" for `model` itself
  std::vector<std::string> targets;  // accepted _target_ (the classes this port builds); none:
                                     // a plain mapping
  std::vector<const char*> ignored;  // changes nothing at inference: accepted and ignored
  Refusals nullOnly;  // keys the port cannot honour unless null or absent, with the reason
  bool nullable;      // null or absent: every field keeps its default
};

const std::vector<SectionSchema>& sectionSchemas() {
  static const std::vector<SectionSchema> schemas{
      // build_sam2_video_predictor replaces SAM2Base by the predictor; the VOS variant only adds
      // torch.compile. All three describe the same network.
      {"",
       {"sam2.modeling.sam2_base.SAM2Base", "sam2.sam2_video_predictor.SAM2VideoPredictor",
        "sam2.sam2_video_predictor.SAM2VideoPredictorVOS"}},
      {"image_encoder", {"sam2.modeling.backbones.image_encoder.ImageEncoder"}},
      {"image_encoder.trunk",
       {kHieraTrunk, kTimmTrunk},
       {},
       {{"weights_path", "separate trunk weights are not supported: put them in the checkpoint"}}},
      {"image_encoder.neck", {"sam2.modeling.backbones.image_encoder.FpnNeck"}},
      // warmup_cache, image_size, strides: the compile-time cache warm-up only
      {"image_encoder.neck.position_encoding",
       {kPositionEmbeddingSine},
       {"warmup_cache", "image_size", "strides"}},
      {"memory_attention", {"sam2.modeling.memory_attention.MemoryAttention"}},
      {"memory_attention.layer", {"sam2.modeling.memory_attention.MemoryAttentionLayer"}},
      {"memory_attention.layer.self_attention", {kRoPEAttention}},
      {"memory_attention.layer.cross_attention", {kRoPEAttention, kRoPEAttentionV2}},
      {"memory_encoder", {"sam2.modeling.memory_encoder.MemoryEncoder"}},
      {"memory_encoder.position_encoding",
       {kPositionEmbeddingSine},
       {"warmup_cache", "image_size", "strides"}},
      {"memory_encoder.mask_downsampler",
       {"sam2.modeling.memory_encoder.MaskDownSampler"},
       {},
       {{"activation", "only the default nn.GELU activation is supported"}}},
      {"memory_encoder.fuser", {"sam2.modeling.memory_encoder.Fuser"}},
      {"memory_encoder.fuser.layer", {"sam2.modeling.memory_encoder.CXBlock"}},
      // EdgeTAM; null or absent: no perceiver (SAM 2). hidden/attention dropout: training only.
      {"spatial_perceiver", {kPerceiverResampler}, {}, {}, true},
      {"spatial_perceiver.position_encoding",
       {kPositionEmbeddingSine},
       {"warmup_cache", "image_size", "strides"}},
      // Null or absent: the values build_sam2_video_predictor forces (the struct defaults).
      {"sam_mask_decoder_extra_args", {}, {}, {}, true},
  };
  return schemas;
}

Path splitPath(const std::string& dotted) {
  Path path;
  std::stringstream rest(dotted);
  std::string part;
  while (std::getline(rest, part, '.')) path.push_back(part);
  return path;
}

const SectionSchema& schemaOf(const Path& path) {
  const std::string dotted = joinPath(path);
  for (const auto& schema : sectionSchemas())
    if (schema.path == dotted) return schema;
  throw std::logic_error("model_config_yaml.cpp: no schema for the section '" + dotted +
                         "' of model_config_fields.h");
}

// Opens the sections of `model:` as the listed fields go by and checks each one as it is left
// (its _target_ on entry, every key understood on exit). The list keeps the fields of a section
// together, so each section is opened once.
class SectionWalk {
 public:
  explicit SectionWalk(const YamlTree& tree) {
    Section model(tree, {"model"});
    model.requireTarget(schemaOf({}).targets);
    m_open.push_back({{}, &schemaOf({}), std::move(model)});
  }

  // The section of a field whose parent path (below `model`) is `path`; nullptr inside a
  // nullable section that is null or absent.
  Section* enter(const Path& path) {
    while (!isPrefix(m_open.back().path, path)) leave();
    while (m_open.back().path.size() < path.size()) {
      const Path next(path.begin(), path.begin() + long(m_open.back().path.size() + 1));
      if (m_left.count(next))
        throw std::logic_error("model_config_fields.h: the fields of '" + joinPath(next) +
                               "' are not listed together");
      const SectionSchema& schema = schemaOf(next);
      Section* parent = m_open.back().section ? &*m_open.back().section : nullptr;
      const std::string& key = next.back();
      if (!parent || (schema.nullable && (!parent->has(key) || parent->isNull(key)))) {
        if (parent) parent->ignore({key.c_str()});
        m_open.push_back({next, &schema, std::nullopt});
        continue;
      }
      Section child = parent->section(key);
      if (!schema.targets.empty()) child.requireTarget(schema.targets);
      for (const char* ignored : schema.ignored) child.ignore({ignored});
      m_open.push_back({next, &schema, std::move(child)});
    }
    return m_open.back().section ? &*m_open.back().section : nullptr;
  }

  void leaveAll() {
    while (!m_open.empty()) leave();
  }

 private:
  struct Open {
    Path path;
    const SectionSchema* schema;
    std::optional<Section> section;  // none: a nullable section that is null or absent
  };

  static bool isPrefix(const Path& prefix, const Path& path) {
    return prefix.size() <= path.size() && std::equal(prefix.begin(), prefix.end(), path.begin());
  }

  void leave() {
    Open& top = m_open.back();
    if (top.section) {
      for (const auto& [key, why] : top.schema->nullOnly)
        top.section->requireNullOrAbsent(key, why);
      top.section->finish();
    }
    m_left.insert(top.path);
    m_open.pop_back();
  }

  std::vector<Open> m_open;
  std::set<Path> m_left;
};

template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};

void readModel(const YamlTree& tree, ModelConfig& config) {
  SectionWalk walk(tree);
  forEachModelConfigField(config, [&](const ModelConfigField& field, auto& value) {
    if (field.yaml == YamlKey::NotInYaml) return;
    Path path = splitPath(field.path);
    const std::string key = path.back();
    path.pop_back();
    Section* section = walk.enter(path);
    if (!section) return;
    using T = std::decay_t<decltype(value)>;
    if constexpr (std::is_same_v<T, std::string>) {
      if (field.yaml == YamlKey::Target) {
        value = section->target();  // checked against the schema when the section opened
        return;
      }
    }
    if (!config.fieldApplies(field.path)) {
      section->refuseForClass(key);
      return;
    }
    if constexpr (std::is_same_v<T, std::vector<int64_t>>) {
      if (field.yaml == YamlKey::NoneIsEveryLevel) {
        // FpnNeck's None: every level of backbone_channel_list (listed, so read, before).
        if (section->has(key) && !section->isNull(key)) {
          section->read(key, value);
        } else {
          section->ignore({key.c_str()});
          value.clear();
          for (size_t i = 0; i < config.image_encoder.neck.backbone_channel_list.size(); ++i)
            value.push_back(int64_t(i));
        }
        return;
      }
    }
    if constexpr (IsOptional<T>::value) {
      if (field.yaml == YamlKey::Required && !section->has(key))
        tree.fail(splitPath("model." + std::string(field.path)), "missing required option");
      section->read(key, value);
    } else {
      section->read(key, value, field.yaml == YamlKey::Required);
    }
  });
  walk.leaveAll();
}

// --- writing: the same schema, from the same list ---

YAML::Node childNode(const YAML::Node& parent, const Path& path) {
  YAML::Node node = parent;
  for (const auto& key : path) {
    YAML::Node next = node[key];
    node.reset(next);
  }
  return node;
}

YAML::Node yamlValue(int64_t value) {
  return YAML::Node(value);
}
YAML::Node yamlValue(double value) {
  return YAML::Node(value);
}
YAML::Node yamlValue(bool value) {
  return YAML::Node(value);
}
YAML::Node yamlValue(const std::string& value) {
  return YAML::Node(value);
}
template <typename T>
YAML::Node yamlValue(const std::optional<T>& value) {
  return value ? yamlValue(*value) : YAML::Node(YAML::NodeType::Null);
}
template <typename List>
YAML::Node yamlList(const List& values) {
  YAML::Node list(YAML::NodeType::Sequence);
  for (const int64_t value : values) list.push_back(value);
  list.SetStyle(YAML::EmitterStyle::Flow);
  return list;
}
YAML::Node yamlValue(const std::vector<int64_t>& values) {
  return yamlList(values);
}
YAML::Node yamlValue(const std::array<int64_t, 2>& values) {
  return yamlList(values);
}
YAML::Node yamlValue(const std::vector<std::string>& values) {
  YAML::Node list(YAML::NodeType::Sequence);
  for (const auto& value : values) list.push_back(value);
  list.SetStyle(YAML::EmitterStyle::Flow);
  return list;
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
  readModel(tree, config);
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

std::string modelConfigToYamlText(const ModelConfig& config) {
  YAML::Node root(YAML::NodeType::Map);
  YAML::Node model = childNode(root, {"model"});
  for (const auto& schema : sectionSchemas())
    if (!schema.targets.empty())
      childNode(model, splitPath(schema.path))["_target_"] = schema.targets.front();
  forEachModelConfigField(config, [&](const ModelConfigField& field, const auto& value) {
    if (field.yaml == YamlKey::NotInYaml || !config.fieldApplies(field.path)) return;
    Path path = splitPath(field.path);
    if (field.yaml == YamlKey::Target) path.back() = "_target_";
    YAML::Node node = childNode(model, path);
    node = yamlValue(value);
  });
  if (!config.hasSpatialPerceiver()) model.remove("spatial_perceiver");
  YAML::Emitter out;
  out << root;
  return std::string(out.c_str()) + "\n";
}

}  // namespace masklet::model
