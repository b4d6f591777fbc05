#pragma once
// One mapping of a YAML config ("model.image_encoder.trunk") read strictly: typed reads by key
// with errors that name the key and what was expected, the `_target_` class checked against the
// classes the port builds, and a final check that every key present was read or deliberately
// ignored, so a typo never silently falls back to a default.
#include <array>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/yaml_tree.h"

namespace masklet::model {

class YamlSection {
 public:
  // Throws (through the tree) when `path` is absent or not a mapping.
  YamlSection(const YamlTree& tree, YamlPath path);

  const YamlPath& path() const { return m_path; }
  bool has(const std::string& key) const { return value(key).IsDefined(); }
  bool isNull(const std::string& key) const;

  // `_target_` must be present and name one of `allowed` (the classes this port builds).
  void requireTarget(const std::vector<std::string>& allowed);
  // The child mapping `key`, which must be present.
  YamlSection section(const std::string& key);

  // Each read marks `key` as understood; absent keeps `out` unless `required`, null is refused
  // (except for the optionals, where null clears them).
  void read(const std::string& key, int64_t& out, bool required = false);
  void read(const std::string& key, double& out, bool required = false);
  void read(const std::string& key, bool& out, bool required = false);
  void read(const std::string& key, std::string& out, bool required = false);
  void read(const std::string& key, std::optional<double>& out);
  void read(const std::string& key, std::optional<int64_t>& out);
  void read(const std::string& key, std::vector<int64_t>& out, bool required = false);
  void read(const std::string& key, std::vector<std::string>& out, bool required = false);
  void read(const std::string& key, std::array<int64_t, 2>& out, bool required = false);

  // The section's class (checked against the schema on entry).
  std::string target() const;
  // A key that the section's class does not have must be absent.
  void refuseForClass(const std::string& key);

  // Keys the Python constructor accepts but that change nothing at inference (training or
  // compilation knobs): accepted and ignored.
  void ignore(std::initializer_list<const char*> keys);
  // A key the port cannot honour unless it has the value the port implements.
  void requireNullOrAbsent(const std::string& key, const std::string& why);

  // Any key not read or ignored is a mistake in the config (Python would refuse it too).
  void finish() const;

 private:
  YamlPath childPath(const std::string& key, const std::string& more = "") const;
  YAML::Node value(const std::string& key) const { return m_tree.at(childPath(key)); }
  YAML::Node take(const std::string& key, bool required);
  template <typename T>
  T convert(const std::string& key, const YAML::Node& node, const char* expected) const;

  const YamlTree& m_tree;
  YamlPath m_path;
  YAML::Node m_node;
  std::set<std::string> m_used;
};

}  // namespace masklet::model
