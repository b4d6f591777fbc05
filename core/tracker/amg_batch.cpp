#include "tracker/amg_batch.h"

#include <torch/torch.h>

#include <algorithm>

#include "dataset/stability_score.h"

namespace masklet::tracker {
namespace {

// Full-resolution masks are asked for in chunks: a batch's candidates at a large crop would
// otherwise hold hundreds of float images at once.
constexpr size_t kMaskChunk = 16;

struct Pending {
  AmgCandidate candidate;
  float iou = 0.0f;
  std::array<float, 2> point{};
};

// cv::Mat's copyTo into a zero image of the full size, then RLE: uncrop_masks + mask_to_rle.
dataset::Rle uncroppedRle(const cv::Mat& binary, const AmgCropContext& ctx) {
  const AmgBox& c = ctx.crop;
  if (c[0] == 0 && c[1] == 0 && c[2] == ctx.imageWidth && c[3] == ctx.imageHeight)
    return dataset::encodeMask(binary);
  cv::Mat full = cv::Mat::zeros(ctx.imageHeight, ctx.imageWidth, CV_8UC1);
  binary.copyTo(full(cv::Rect(c[0], c[1], c[2] - c[0], c[3] - c[1])));
  return dataset::encodeMask(full);
}

// Stability filter, threshold, box, crop-edge filter and RLE for candidates of the last predict.
void finish(AmgPredictor& predictor, const AmgOptions& o, const std::vector<Pending>& pending,
            const AmgCropContext& ctx, std::vector<AmgCropMask>& out) {
  const AmgBox image{0, 0, ctx.imageWidth, ctx.imageHeight};
  const float maskThreshold = static_cast<float>(o.mask_threshold);
  for (size_t start = 0; start < pending.size(); start += kMaskChunk) {
    const size_t end = std::min(pending.size(), start + kMaskChunk);
    std::vector<AmgCandidate> chunk;
    for (size_t i = start; i < end; ++i) chunk.push_back(pending[i].candidate);
    const auto logits = predictor.masks(chunk).to(torch::kFloat32).contiguous();
    const int h = int(logits.size(1)), w = int(logits.size(2));
    for (size_t i = start; i < end; ++i) {
      float* data = logits[int64_t(i - start)].data_ptr<float>();
      const auto stability =
          static_cast<float>(dataset::stabilityScore(data, size_t(h) * size_t(w), maskThreshold,
                                                     static_cast<float>(o.stability_score_offset)));
      if (o.stability_score_thresh > 0.0 &&
          !(stability >= static_cast<float>(o.stability_score_thresh)))
        continue;
      const cv::Mat binary = cv::Mat(h, w, CV_32F, data) > maskThreshold;
      const auto box = maskBox(binary);
      if (isBoxNearCropEdge(box, ctx.crop, image)) continue;
      out.push_back({uncroppedRle(binary, ctx), box, pending[i].iou, stability, pending[i].point});
    }
  }
}

bool passesIou(const AmgOptions& o, float iou) {
  return !(o.pred_iou_thresh > 0.0) || iou > static_cast<float>(o.pred_iou_thresh);
}

}  // namespace

std::vector<AmgCropMask> processAmgBatch(AmgPredictor& predictor, const AmgOptions& o,
                                         const std::vector<std::array<float, 2>>& points,
                                         const AmgCropContext& ctx) {
  const auto n = int64_t(points.size());
  auto coords = torch::empty({n, 2});
  for (int64_t i = 0; i < n; ++i) {
    coords[i][0] = points[size_t(i)][0];
    coords[i][1] = points[size_t(i)][1];
  }
  const auto pred = predictor.predict(coords, torch::Tensor(), o.multimask_output);
  const auto ious = pred.ious.to(torch::kFloat32).contiguous();
  const int64_t c = ious.size(1);
  const float* iouData = ious.data_ptr<float>();
  std::vector<AmgCropMask> out;

  if (!o.use_m2m) {
    std::vector<Pending> pending;
    for (int64_t i = 0; i < n; ++i)
      for (int64_t k = 0; k < c; ++k)
        if (passesIou(o, iouData[i * c + k]))
          pending.push_back({{i, k}, iouData[i * c + k], points[size_t(i)]});
    finish(predictor, o, pending, ctx, out);
    return out;
  }

  // use_m2m: every candidate (IoU filter after the refinement) is refined once, without
  // multimask, with its own low-res logits as the mask input, in batches of points_per_batch.
  const auto lowRes = pred.lowResLogits.flatten(0, 1).unsqueeze(1);  // [n*c, 1, h, w]
  const int64_t total = n * c;
  for (int64_t start = 0; start < total; start += o.points_per_batch) {
    const int64_t end = std::min(total, start + int64_t(o.points_per_batch));
    auto sub = torch::empty({end - start, 2});
    for (int64_t j = start; j < end; ++j) {
      sub[j - start][0] = points[size_t(j / c)][0];
      sub[j - start][1] = points[size_t(j / c)][1];
    }
    const auto refined = predictor.predict(sub, lowRes.slice(0, start, end), false);
    const auto refinedIous = refined.ious.to(torch::kFloat32).contiguous();
    std::vector<Pending> pending;
    for (int64_t j = start; j < end; ++j) {
      const float iou = refinedIous[j - start][0].item<float>();
      if (passesIou(o, iou)) pending.push_back({{j - start, 0}, iou, points[size_t(j / c)]});
    }
    finish(predictor, o, pending, ctx, out);
  }
  return out;
}

}  // namespace masklet::tracker
