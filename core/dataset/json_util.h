#pragma once
// JSON reading with errors that name the file and the place (e.g. "a.json: annotations[3].bbox"),
// and writing in Python's json.dumps layout so files written by Masklet look like the SA-V / COCO
// files produced by the official Python tools.
#include <cstdint>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "common/no_dangling.h"

namespace masklet::dataset {

// Key order is kept as written, so a file read and written again keeps its layout.
using Json = nlohmann::ordered_json;

// Throws masklet::Error "PATH: malformed JSON: ... line L, column C ..." or "cannot read PATH".
Json readJsonFile(const std::filesystem::path& path);
// Python json.dumps(value) layout: ", " and ": " separators, ASCII only, shortest round-trip
// floats ("483.0", "0.0035249812").
std::string dumpJson(const Json& value);
// dumpJson + writeFileAtomically.
void writeJsonFile(const std::filesystem::path& path, const Json& value);

// Accessors that throw masklet::Error naming `where` when the value has the wrong shape.
MASKLET_NO_DANGLING const Json& member(const Json& object, const char* key,
                                       const std::string& where);
const Json* optionalMember(const Json& object, const char* key, const std::string& where);
MASKLET_NO_DANGLING const Json& asArray(const Json& value, const std::string& where);
std::int64_t asInteger(const Json& value, const std::string& where);  // 4 or 4.0
double asNumber(const Json& value, const std::string& where);
std::string asString(const Json& value, const std::string& where);

// Places for messages: field("a.json", "k") = "a.json: k", field(that, "x") = "a.json: k.x",
// item(where, 3) = where[3].
std::string field(const std::string& where, const char* key);
std::string item(const std::string& where, std::size_t index);

}  // namespace masklet::dataset
