#include "tracker/mask_generator.h"

#include <algorithm>

#include "common/error.h"
#include "tracker/amg_batch.h"
#include "tracker/amg_geometry.h"
#include "tracker/box_nms.h"

namespace masklet::tracker {
namespace {

struct CropMask {
  AmgCropMask mask;  // box and point already uncropped
  AmgBox crop;
};

std::array<double, 4> xywh(const std::array<float, 4>& b) {
  return {b[0], b[1], double(b[2] - b[0]), double(b[3] - b[1])};
}

int64_t batchesOf(size_t points, int perBatch) {
  return (int64_t(points) + perBatch - 1) / perBatch;
}

}  // namespace

MaskGenerator::MaskGenerator(AmgPredictor& predictor, AmgOptions options)
    : m_predictor(predictor), m_options(std::move(options)) {
  m_options.validate();
  m_pointGrids = m_options.points_per_side
                     ? buildAllLayerPointGrids(*m_options.points_per_side, m_options.crop_n_layers,
                                               m_options.crop_n_points_downscale_factor)
                     : m_options.point_grids;
}

AmgResult MaskGenerator::generate(const cv::Mat& rgb,
                                  const std::function<void(const AmgProgress&)>& progress,
                                  const std::atomic<bool>* cancel) {
  if (rgb.empty() || rgb.type() != CV_8UC3)
    throw Error("segment everything: the image must be a non-empty 8-bit RGB image");
  const AmgOptions& o = m_options;
  const auto crops = generateCropBoxes(rgb.rows, rgb.cols, o.crop_n_layers, o.crop_overlap_ratio);
  AmgProgress status;
  for (const auto& crop : crops)
    status.batchesTotal += batchesOf(m_pointGrids[size_t(crop.layer)].size(), o.points_per_batch);

  std::vector<CropMask> all;
  for (const auto& crop : crops) {
    const AmgBox& b = crop.box;
    const int cropW = b[2] - b[0], cropH = b[3] - b[1];
    m_predictor.setImage(rgb(cv::Rect(b[0], b[1], cropW, cropH)).clone());
    // The grid scaled to the crop in float64, then float32 (torch.as_tensor of the batch).
    std::vector<std::array<float, 2>> points;
    for (const auto& p : m_pointGrids[size_t(crop.layer)])
      points.push_back({static_cast<float>(p[0] * cropW), static_cast<float>(p[1] * cropH)});
    const AmgCropContext ctx{b, rgb.rows, rgb.cols};
    std::vector<AmgCropMask> found;
    for (size_t start = 0; start < points.size(); start += size_t(o.points_per_batch)) {
      if (cancel && cancel->load()) {
        m_predictor.reset();
        return {{}, true};
      }
      const auto end = std::min(points.size(), start + size_t(o.points_per_batch));
      auto batch = processAmgBatch(m_predictor, o,
                                   {points.begin() + long(start), points.begin() + long(end)}, ctx);
      std::move(batch.begin(), batch.end(), std::back_inserter(found));
      ++status.batchesDone;
      if (progress) progress(status);
    }
    m_predictor.reset();

    // Duplicates within the crop, by predicted IoU.
    std::vector<std::array<float, 4>> boxes;
    std::vector<float> scores;
    for (const auto& m : found) {
      boxes.push_back(m.box);
      scores.push_back(m.predictedIou);
    }
    for (int64_t i : nms(boxes, scores, o.box_nms_thresh)) {
      CropMask kept{std::move(found[size_t(i)]), b};
      const auto x0 = float(b[0]), y0 = float(b[1]);
      auto& box = kept.mask.box;
      box = {box[0] + x0, box[1] + y0, box[2] + x0, box[3] + y0};
      kept.mask.point = {kept.mask.point[0] + x0, kept.mask.point[1] + y0};
      all.push_back(std::move(kept));
    }
  }

  std::vector<int64_t> order(all.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = int64_t(i);
  if (crops.size() > 1) {  // duplicates across crops: prefer masks from smaller crops
    std::vector<std::array<float, 4>> boxes;
    std::vector<float> scores;
    for (const auto& m : all) {
      boxes.push_back(m.mask.box);
      const int64_t area = int64_t(m.crop[2] - m.crop[0]) * (m.crop[3] - m.crop[1]);
      scores.push_back(1.0f / static_cast<float>(area));
    }
    order = nms(boxes, scores, o.crop_nms_thresh);
  }

  AmgResult result;
  for (int64_t i : order) {
    auto& m = all[size_t(i)];
    AmgMask out;
    out.area = int64_t(dataset::rleArea(m.mask.rle));
    out.segmentation = std::move(m.mask.rle);
    out.bbox = xywh(m.mask.box);
    out.predicted_iou = m.mask.predictedIou;
    out.point_coords = {m.mask.point[0], m.mask.point[1]};
    out.stability_score = m.mask.stability;
    out.crop_box = xywh({float(m.crop[0]), float(m.crop[1]), float(m.crop[2]), float(m.crop[3])});
    result.masks.push_back(std::move(out));
  }
  return result;
}

}  // namespace masklet::tracker
