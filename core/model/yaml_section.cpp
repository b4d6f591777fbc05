#include "model/yaml_section.h"

namespace masklet::model {
namespace {

// How a node that is not what was expected is named in a message.
std::string describe(const YAML::Node& node) {
  if (node.IsScalar()) return node.Scalar();
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  return "null";
}

}  // namespace

template <typename T>
T YamlSection::convert(const std::string& key, const YAML::Node& node, const char* expected) const {
  if (!node.IsScalar())
    m_tree.fail(childPath(key), std::string("expected ") + expected + ", got " + describe(node));
  try {
    return node.as<T>();
  } catch (const YAML::Exception&) {
    m_tree.fail(childPath(key),
                std::string("expected ") + expected + ", got '" + node.Scalar() + "'");
  }
}

YamlSection::YamlSection(const YamlTree& tree, YamlPath path)
    : m_tree(tree), m_path(std::move(path)) {
  m_node.reset(m_tree.at(m_path));
  if (!m_node.IsDefined()) m_tree.fail(m_path, "missing section");
  if (!m_node.IsMap()) m_tree.fail(m_path, "expected a mapping of options");
}

bool YamlSection::isNull(const std::string& key) const {
  const YAML::Node node = value(key);
  return node.IsDefined() && node.IsNull();
}

void YamlSection::requireTarget(const std::vector<std::string>& allowed) {
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

YamlSection YamlSection::section(const std::string& key) {
  m_used.insert(key);
  if (!has(key)) m_tree.fail(childPath(key), "missing required section");
  return YamlSection(m_tree, childPath(key));
}

void YamlSection::read(const std::string& key, int64_t& out, bool required) {
  if (const auto node = take(key, required)) out = convert<int64_t>(key, node, "an integer");
}

void YamlSection::read(const std::string& key, double& out, bool required) {
  if (const auto node = take(key, required)) out = convert<double>(key, node, "a number");
}

void YamlSection::read(const std::string& key, bool& out, bool required) {
  if (const auto node = take(key, required)) out = convert<bool>(key, node, "true or false");
}

void YamlSection::read(const std::string& key, std::string& out, bool required) {
  if (const auto node = take(key, required)) out = convert<std::string>(key, node, "a string");
}

void YamlSection::read(const std::string& key, std::optional<double>& out) {
  if (isNull(key)) {
    m_used.insert(key);
    out.reset();
  } else if (has(key)) {
    double value = 0;
    read(key, value);
    out = value;
  }
}

void YamlSection::read(const std::string& key, std::optional<int64_t>& out) {
  if (isNull(key)) {
    m_used.insert(key);
    out.reset();
  } else if (has(key)) {
    int64_t value = 0;
    read(key, value);
    out = value;
  }
}

void YamlSection::read(const std::string& key, std::vector<int64_t>& out, bool required) {
  const YAML::Node node = take(key, required);
  if (!node) return;
  if (!node.IsSequence()) m_tree.fail(childPath(key), "expected a list of integers");
  std::vector<int64_t> values;
  for (size_t i = 0; i < node.size(); ++i) {
    const YamlPath itemPath = childPath(key, std::to_string(i));
    const YAML::Node item = m_tree.at(itemPath);
    try {
      values.push_back(item.as<int64_t>());
    } catch (const YAML::Exception&) {
      m_tree.fail(itemPath, "expected an integer, got '" + describe(item) + "'");
    }
  }
  out = values;
}

void YamlSection::read(const std::string& key, std::vector<std::string>& out, bool required) {
  const YAML::Node node = take(key, required);
  if (!node) return;
  if (!node.IsSequence()) m_tree.fail(childPath(key), "expected a list of strings");
  std::vector<std::string> values;
  for (size_t i = 0; i < node.size(); ++i) {
    const YamlPath itemPath = childPath(key, std::to_string(i));
    const YAML::Node item = m_tree.at(itemPath);
    if (!item.IsScalar()) m_tree.fail(itemPath, "expected a string, got " + describe(item));
    values.push_back(item.Scalar());
  }
  out = values;
}

void YamlSection::read(const std::string& key, std::array<int64_t, 2>& out, bool required) {
  std::vector<int64_t> values(out.begin(), out.end());
  read(key, values, required);
  if (values.size() != 2)
    m_tree.fail(childPath(key), "expected 2 integers, got " + std::to_string(values.size()));
  out = {values[0], values[1]};
}

std::string YamlSection::target() const {
  const YAML::Node node = value("_target_");
  return node.IsDefined() && node.IsScalar() ? node.Scalar() : std::string();
}

void YamlSection::refuseForClass(const std::string& key) {
  m_used.insert(key);
  if (has(key))
    m_tree.fail(childPath(key), "not an option of " + target() + " (only of another class)");
}

void YamlSection::ignore(std::initializer_list<const char*> keys) {
  for (const char* key : keys) m_used.insert(key);
}

void YamlSection::requireNullOrAbsent(const std::string& key, const std::string& why) {
  m_used.insert(key);
  if (has(key) && !isNull(key)) m_tree.fail(childPath(key), why);
}

void YamlSection::finish() const {
  for (auto it = m_node.begin(); it != m_node.end(); ++it) {
    const std::string key = it->first.as<std::string>();
    if (key == "_target_" || key == "_recursive_" || key == "_convert_") continue;
    if (m_used.count(key) == 0)
      m_tree.fail(childPath(key), "unknown option for this class (misspelt, or not supported)");
  }
}

YamlPath YamlSection::childPath(const std::string& key, const std::string& more) const {
  YamlPath path = m_path;
  path.push_back(key);
  if (!more.empty()) path.push_back(more);
  return path;
}

YAML::Node YamlSection::take(const std::string& key, bool required) {
  m_used.insert(key);
  YAML::Node node = value(key);
  if (!node.IsDefined()) {
    if (required) m_tree.fail(childPath(key), "missing required option");
    return YAML::Node(YAML::NodeType::Undefined);
  }
  if (node.IsNull()) m_tree.fail(childPath(key), "must not be null");
  return node;
}

}  // namespace masklet::model
