#pragma once
// COCO RLE objects in JSON: {"size": [height, width], "counts": "<compressed>" | [runs...]}.
#include <string>

#include "dataset/json_util.h"
#include "dataset/rle.h"

namespace masklet::dataset {

// Accepts the compressed string and the uncompressed list form; checks sizes are
// non-negative and that the runs cover height*width exactly. Errors name `where`.
Rle rleFromJson(const Json& value, const std::string& where);
// Always the compressed form, as pycocotools writes it.
Json rleToJson(const Rle& rle);

}  // namespace masklet::dataset
