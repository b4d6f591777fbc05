#include "tracker/amg_options_json.h"

#include "common/error.h"

namespace masklet::tracker {

AmgOptions amgOptionsFromJson(const nlohmann::json& object, const std::string& where) {
  if (!object.is_object()) throw Error(where + ": the generator options must be a JSON object");
  AmgOptions o;
  for (const auto& [key, value] : object.items()) {
    try {
      if (key == "points_per_side") {
        o.points_per_side = value.is_null() ? std::nullopt : std::optional<int>(value.get<int>());
      } else if (key == "points_per_batch") {
        o.points_per_batch = value.get<int>();
      } else if (key == "pred_iou_thresh") {
        o.pred_iou_thresh = value.get<double>();
      } else if (key == "stability_score_thresh") {
        o.stability_score_thresh = value.get<double>();
      } else if (key == "stability_score_offset") {
        o.stability_score_offset = value.get<double>();
      } else if (key == "mask_threshold") {
        o.mask_threshold = value.get<double>();
      } else if (key == "box_nms_thresh") {
        o.box_nms_thresh = value.get<double>();
      } else if (key == "crop_n_layers") {
        o.crop_n_layers = value.get<int>();
      } else if (key == "crop_nms_thresh") {
        o.crop_nms_thresh = value.get<double>();
      } else if (key == "crop_overlap_ratio") {
        o.crop_overlap_ratio = value.get<double>();
      } else if (key == "crop_n_points_downscale_factor") {
        o.crop_n_points_downscale_factor = value.get<int>();
      } else if (key == "point_grids") {
        o.point_grids = value.is_null()
                            ? decltype(o.point_grids){}
                            : value.get<std::vector<std::vector<std::array<double, 2>>>>();
      } else if (key == "min_mask_region_area") {
        o.min_mask_region_area = value.get<int>();
      } else if (key == "output_mode") {
        o.output_mode = parseAmgOutputMode(value.get<std::string>());
      } else if (key == "use_m2m") {
        o.use_m2m = value.get<bool>();
      } else if (key == "multimask_output") {
        o.multimask_output = value.get<bool>();
      } else {
        throw Error(where + ": unknown generator option \"" + key + "\"");
      }
    } catch (const nlohmann::json::exception& e) {
      throw Error(where + ": option \"" + key + "\": " + e.what());
    }
  }
  if (!o.point_grids.empty() && !object.contains("points_per_side")) o.points_per_side.reset();
  return o;
}

nlohmann::json amgOptionsToJson(const AmgOptions& o) {
  nlohmann::json j;
  j["points_per_side"] = o.points_per_side ? nlohmann::json(*o.points_per_side) : nullptr;
  j["points_per_batch"] = o.points_per_batch;
  j["pred_iou_thresh"] = o.pred_iou_thresh;
  j["stability_score_thresh"] = o.stability_score_thresh;
  j["stability_score_offset"] = o.stability_score_offset;
  j["mask_threshold"] = o.mask_threshold;
  j["box_nms_thresh"] = o.box_nms_thresh;
  j["crop_n_layers"] = o.crop_n_layers;
  j["crop_nms_thresh"] = o.crop_nms_thresh;
  j["crop_overlap_ratio"] = o.crop_overlap_ratio;
  j["crop_n_points_downscale_factor"] = o.crop_n_points_downscale_factor;
  if (!o.point_grids.empty()) j["point_grids"] = o.point_grids;
  j["min_mask_region_area"] = o.min_mask_region_area;
  j["output_mode"] = amgOutputModeName(o.output_mode);
  j["use_m2m"] = o.use_m2m;
  j["multimask_output"] = o.multimask_output;
  return j;
}

}  // namespace masklet::tracker
