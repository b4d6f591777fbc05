#pragma once
// The official SAM 2 YAML schema as far as the port builds it: for each mapping below `model:`
// that ModelConfig's field list reaches, the classes its `_target_` may name and the keys it
// accepts besides the listed fields. The YAML reader checks configs against it; the writer
// takes each section's class from it.
#include <string>
#include <utility>
#include <vector>

#include "model/yaml_tree.h"

namespace masklet::model {

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

// Every section, parents before children.
const std::vector<SectionSchema>& sectionSchemas();
// The schema of the section at `path` (below `model`); throws std::logic_error when the field
// list names a section the schema lacks (a mistake in the program, not in a config).
const SectionSchema& schemaOf(const YamlPath& path);

}  // namespace masklet::model
