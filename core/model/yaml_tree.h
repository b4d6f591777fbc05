#pragma once
// A YAML document read the way OmegaConf reads the official SAM 2 configs: interpolations
// `${a.b}` (absolute), `${.x}` (a sibling), `${..x}` (one level further up) are resolved on
// access, whole values keeping the referenced node's type and embedded ones becoming text;
// resolver calls (`${name:...}`) and the mandatory marker `???` are refused. Every error names
// the source and the key ("'cfg.yaml': key model.image_size: ...").
// Nodes are never modified: yaml-cpp's Node assignment writes through, so lookups only ever
// create new handles.
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace masklet::model {

// A key path below the document's root: {"model", "image_encoder", "trunk"}.
using YamlPath = std::vector<std::string>;
std::string joinYamlPath(const YamlPath& path);     // "model.image_encoder.trunk"
YamlPath splitYamlPath(const std::string& dotted);  // the reverse

class YamlTree {
 public:
  YamlTree(YAML::Node root, std::string source);

  // Throws masklet::Error "<source>: key <path>: <message>".
  [[noreturn]] void fail(const YamlPath& path, const std::string& message) const;
  const std::string& source() const { return m_source; }

  // The node at `path` with interpolations resolved; undefined when absent.
  YAML::Node at(const YamlPath& path) const { return resolve(lookup(path), path, 0); }

 private:
  static YAML::Node child(const YAML::Node& node, const std::string& key);
  YAML::Node lookup(const YamlPath& path) const;
  // Resolves "${...}" (whole value: the referenced node, any type; embedded: text).
  YAML::Node resolve(const YAML::Node& node, const YamlPath& path, int depth) const;
  // "a.b" is absolute; ".x" is a sibling of the key at `from`, "..x" one level further up.
  YamlPath targetPath(const std::string& reference, const YamlPath& from) const;

  YAML::Node m_root;
  std::string m_source;
};

}  // namespace masklet::model
