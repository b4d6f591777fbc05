#include "dataset/json_util.h"

#include <cmath>
#include <fstream>
#include <sstream>

#include "common/error.h"
#include "dataset/atomic_output.h"

namespace masklet::dataset {
namespace {

std::string typeName(const Json& value) {
  return std::string(value.type_name());
}

void dumpInto(const Json& value, std::string& out) {
  if (value.is_object()) {
    out += '{';
    bool first = true;
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (!first) out += ", ";
      first = false;
      out += Json(it.key()).dump(-1, ' ', true);
      out += ": ";
      dumpInto(it.value(), out);
    }
    out += '}';
  } else if (value.is_array()) {
    out += '[';
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (i > 0) out += ", ";
      dumpInto(value[i], out);
    }
    out += ']';
  } else if (value.is_number_float() && !std::isfinite(value.get<double>())) {
    const double number = value.get<double>();
    out += std::isnan(number) ? "NaN" : (number > 0 ? "Infinity" : "-Infinity");
  } else {
    out += value.dump(-1, ' ', true);
  }
}

}  // namespace

Json readJsonFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read " + path.string() + ": no such file or not readable");
  std::stringstream buffer;
  buffer << in.rdbuf();
  try {
    return Json::parse(buffer.str());
  } catch (const nlohmann::json::exception& error) {
    // parse_error, and out_of_range for a number too large for a double ("1E777").
    std::string message = error.what();
    const auto bracket = message.find("] ");
    if (bracket != std::string::npos) message = message.substr(bracket + 2);
    throw Error(path.string() + ": malformed JSON: " + message);
  }
}

std::string dumpJson(const Json& value) {
  std::string out;
  dumpInto(value, out);
  return out;
}

void writeJsonFile(const std::filesystem::path& path, const Json& value) {
  writeFileAtomically(path, dumpJson(value));
}

const Json& member(const Json& object, const char* key, const std::string& where) {
  if (!object.is_object())
    throw Error(where + ": expected a JSON object, found " + typeName(object));
  const auto it = object.find(key);
  if (it == object.end()) throw Error(field(where, key) + ": missing");
  return *it;
}

const Json* optionalMember(const Json& object, const char* key, const std::string& where) {
  if (!object.is_object())
    throw Error(where + ": expected a JSON object, found " + typeName(object));
  const auto it = object.find(key);
  return (it == object.end() || it->is_null()) ? nullptr : &*it;
}

const Json& asArray(const Json& value, const std::string& where) {
  if (!value.is_array()) throw Error(where + ": expected a list, found " + typeName(value));
  return value;
}

std::int64_t asInteger(const Json& value, const std::string& where) {
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (value.is_number_float()) {
    const double number = value.get<double>();
    if (std::isfinite(number) && std::floor(number) == number && std::fabs(number) < 9.0e15)
      return static_cast<std::int64_t>(number);
    throw Error(where + ": expected a whole number, found " + value.dump());
  }
  throw Error(where + ": expected a whole number, found " + typeName(value));
}

double asNumber(const Json& value, const std::string& where) {
  if (!value.is_number()) throw Error(where + ": expected a number, found " + typeName(value));
  return value.get<double>();
}

std::string asString(const Json& value, const std::string& where) {
  if (!value.is_string()) throw Error(where + ": expected a string, found " + typeName(value));
  return value.get<std::string>();
}

std::string field(const std::string& where, const char* key) {
  // The first key after the file name reads "file.json: key", deeper ones "a.b".
  return where + (where.find(": ") == std::string::npos ? ": " : ".") + key;
}

std::string item(const std::string& where, std::size_t index) {
  return where + "[" + std::to_string(index) + "]";
}

}  // namespace masklet::dataset
