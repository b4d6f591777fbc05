#include "model/yaml_tree.h"

#include <sstream>
#include <stdexcept>

#include "common/error.h"

namespace masklet::model {

std::string joinYamlPath(const YamlPath& path) {
  std::string out;
  for (const auto& part : path) out += (out.empty() ? "" : ".") + part;
  return out;
}

YamlPath splitYamlPath(const std::string& dotted) {
  YamlPath path;
  std::stringstream rest(dotted);
  std::string part;
  while (std::getline(rest, part, '.')) path.push_back(part);
  return path;
}

YamlTree::YamlTree(YAML::Node root, std::string source)
    : m_root(std::move(root)), m_source(std::move(source)) {}

void YamlTree::fail(const YamlPath& path, const std::string& message) const {
  throw Error(m_source + ": key " + joinYamlPath(path) + ": " + message);
}

YAML::Node YamlTree::child(const YAML::Node& node, const std::string& key) {
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

YAML::Node YamlTree::lookup(const YamlPath& path) const {
  YAML::Node current = m_root;
  for (const auto& key : path) {
    YAML::Node next = child(current, key);
    if (!next.IsDefined()) return next;
    current.reset(next);
  }
  return current;
}

YAML::Node YamlTree::resolve(const YAML::Node& node, const YamlPath& path, int depth) const {
  if (!node.IsDefined() || !node.IsScalar()) return node;
  const std::string& text = node.Scalar();
  if (text == "?\?\?") fail(path, "mandatory value '?\?\?' is not set");
  if (text.find("${") == std::string::npos) return node;
  if (depth > 32) fail(path, "interpolation cycle (more than 32 nested references)");
  const size_t close = text.find('}');
  if (text.compare(0, 2, "${") == 0 && close == text.size() - 1 &&
      text.find("${", 2) == std::string::npos) {
    const YamlPath target = targetPath(text.substr(2, close - 2), path);
    const YAML::Node found = lookup(target);
    if (!found.IsDefined())
      fail(path,
           "interpolation " + text + " refers to " + joinYamlPath(target) + ", which is not set");
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
    const YamlPath target = targetPath(text.substr(open + 2, end - open - 2), path);
    const YAML::Node found = resolve(lookup(target), target, depth + 1);
    if (!found.IsDefined() || !found.IsScalar())
      fail(path, "interpolation in '" + text + "' refers to " + joinYamlPath(target) +
                     ", which is not a set scalar value");
    out += found.Scalar();
    pos = end + 1;
  }
  return YAML::Node(out);
}

YamlPath YamlTree::targetPath(const std::string& reference, const YamlPath& from) const {
  if (reference.find(':') != std::string::npos || reference.find("${") != std::string::npos)
    fail(from, "uses the OmegaConf resolver expression '${" + reference +
                   "}', which masklet does not evaluate; write the value instead");
  size_t dots = 0;
  while (dots < reference.size() && reference[dots] == '.') ++dots;
  YamlPath target;
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

}  // namespace masklet::model
