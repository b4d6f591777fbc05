#include "dataset/rle_json.h"

#include <limits>

#include "common/error.h"
#include "dataset/rle_string.h"

namespace masklet::dataset {

Rle rleFromJson(const Json& value, const std::string& where) {
  const Json& size = asArray(member(value, "size", where), field(where, "size"));
  if (size.size() != 2)
    throw Error(field(where, "size") + ": expected [height, width], found " + size.dump());
  Rle rle;
  const std::int64_t height = asInteger(size[0], item(field(where, "size"), 0));
  const std::int64_t width = asInteger(size[1], item(field(where, "size"), 1));
  if (height < 0 || width < 0)
    throw Error(field(where, "size") + ": negative mask size " + size.dump() +
                " (expected [height, width] >= 0)");
  if (height > std::numeric_limits<int>::max() || width > std::numeric_limits<int>::max() ||
      height * width > std::numeric_limits<std::uint32_t>::max())
    throw Error(field(where, "size") + ": mask size " + size.dump() + " is too large");
  rle.height = static_cast<int>(height);
  rle.width = static_cast<int>(width);
  const Json& counts = member(value, "counts", where);
  const std::string countsWhere = field(where, "counts");
  if (counts.is_string()) {
    rle.counts = countsFromString(counts.get<std::string>(), countsWhere);
  } else if (counts.is_array()) {
    rle.counts.reserve(counts.size());
    for (std::size_t i = 0; i < counts.size(); ++i) {
      const std::int64_t run = asInteger(counts[i], item(countsWhere, i));
      if (run < 0 || run > std::numeric_limits<std::uint32_t>::max())
        throw Error(item(countsWhere, i) + ": run length " + std::to_string(run) +
                    " is out of range");
      rle.counts.push_back(static_cast<std::uint32_t>(run));
    }
  } else {
    throw Error(countsWhere + ": expected a compressed string or a list of runs");
  }
  validateRle(rle, where);
  return rle;
}

Json rleToJson(const Rle& rle) {
  Json value = Json::object();
  value["size"] = Json::array({rle.height, rle.width});
  value["counts"] = countsToString(rle.counts);
  return value;
}

}  // namespace masklet::dataset
