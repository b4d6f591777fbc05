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
#include "model/model_config_schema.h"
#include "model/yaml_section.h"
#include "model/yaml_tree.h"

namespace masklet::model {
namespace {

// Opens the sections of `model:` as the listed fields go by and checks each one as it is left
// (its _target_ on entry, every key understood on exit). The list keeps the fields of a section
// together, so each section is opened once.
class SectionWalk {
 public:
  explicit SectionWalk(const YamlTree& tree) {
    YamlSection model(tree, {"model"});
    model.requireTarget(schemaOf({}).targets);
    m_open.push_back({{}, &schemaOf({}), std::move(model)});
  }

  // The section of a field whose parent path (below `model`) is `path`; nullptr inside a
  // nullable section that is null or absent.
  YamlSection* enter(const YamlPath& path) {
    while (!isPrefix(m_open.back().path, path)) leave();
    while (m_open.back().path.size() < path.size()) {
      const YamlPath next(path.begin(), path.begin() + long(m_open.back().path.size() + 1));
      if (m_left.count(next))
        throw std::logic_error("model_config_fields.h: the fields of '" + joinYamlPath(next) +
                               "' are not listed together");
      const SectionSchema& schema = schemaOf(next);
      YamlSection* parent = m_open.back().section ? &*m_open.back().section : nullptr;
      const std::string& key = next.back();
      if (!parent || (schema.nullable && (!parent->has(key) || parent->isNull(key)))) {
        if (parent) parent->ignore({key.c_str()});
        m_open.push_back({next, &schema, std::nullopt});
        continue;
      }
      YamlSection child = parent->section(key);
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
    YamlPath path;
    const SectionSchema* schema;
    std::optional<YamlSection> section;  // none: a nullable section that is null or absent
  };

  static bool isPrefix(const YamlPath& prefix, const YamlPath& path) {
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
  std::set<YamlPath> m_left;
};

template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};

void readModel(const YamlTree& tree, ModelConfig& config) {
  SectionWalk walk(tree);
  forEachModelConfigField(config, [&](const ModelConfigField& field, auto& value) {
    if (field.yaml == YamlKey::NotInYaml) return;
    YamlPath path = splitYamlPath(field.path);
    const std::string key = path.back();
    path.pop_back();
    YamlSection* section = walk.enter(path);
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
        tree.fail(splitYamlPath("model." + std::string(field.path)), "missing required option");
      section->read(key, value);
    } else {
      section->read(key, value, field.yaml == YamlKey::Required);
    }
  });
  walk.leaveAll();
}

// --- writing: the same schema, from the same list ---

YAML::Node childNode(const YAML::Node& parent, const YamlPath& path) {
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
      childNode(model, splitYamlPath(schema.path))["_target_"] = schema.targets.front();
  forEachModelConfigField(config, [&](const ModelConfigField& field, const auto& value) {
    if (field.yaml == YamlKey::NotInYaml || !config.fieldApplies(field.path)) return;
    YamlPath path = splitYamlPath(field.path);
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
