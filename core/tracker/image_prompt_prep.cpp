#include "tracker/image_prompt_prep.h"

#include <sstream>
#include <string>

#include "common/error.h"

namespace masklet::tracker {
namespace {

std::string shapeText(const torch::Tensor& t) {
  std::ostringstream out;
  out << t.sizes();
  return out.str();
}

// transform_coords: (x / w, y / h) * S in float32, as the reference.
torch::Tensor toModelCoords(const torch::Tensor& coords, std::pair<int, int> originalSize,
                            int64_t imageSize, bool normalize) {
  auto out = coords;
  if (normalize) {
    out = coords.clone();
    out.select(-1, 0).div_(originalSize.second);
    out.select(-1, 1).div_(originalSize.first);
  }
  return out * imageSize;
}

}  // namespace

PreparedImagePrompt prepareImagePrompt(const ImagePrompt& prompt, std::pair<int, int> originalSize,
                                       int64_t imageSize,
                                       const std::array<int64_t, 2>& maskInputSize,
                                       const torch::Device& device) {
  PreparedImagePrompt out;
  const auto floats = torch::TensorOptions().dtype(torch::kFloat32).device(device);
  torch::Tensor coords, labels;
  if (prompt.pointCoords.defined()) {
    if (!prompt.pointLabels.defined())
      throw Error(
          "predict: point labels must be given with the point coords (1 positive, "
          "0 negative, one per point)");
    coords = prompt.pointCoords.to(floats);
    labels = prompt.pointLabels.to(torch::TensorOptions().dtype(torch::kInt32).device(device));
    if (coords.dim() < 2 || coords.dim() > 3 || coords.size(-1) != 2)
      throw Error("predict: point coords must be [N, 2] or [B, N, 2] (x, y), got " +
                  shapeText(coords));
    coords = toModelCoords(coords, originalSize, imageSize, prompt.normalizeCoords);
    if (coords.dim() == 2) {
      coords = coords.unsqueeze(0);
      labels = labels.unsqueeze(0);
    }
    if (labels.dim() != 2 || labels.size(0) != coords.size(0) || labels.size(1) != coords.size(1))
      throw Error("predict: " + shapeText(coords) + " point coords need labels of shape [" +
                  std::to_string(coords.size(0)) + ", " + std::to_string(coords.size(1)) +
                  "] (one per point), got " + shapeText(prompt.pointLabels));
  }
  if (prompt.box.defined()) {
    const auto box = prompt.box.to(floats);
    if (box.numel() == 0 || box.numel() % 4 != 0 || box.size(-1) != 4)
      throw Error("predict: a box is [x0, y0, x1, y1] ([4] or [B, 4]), got " + shapeText(box));
    // Boxes become two corner points each, labelled 2 and 3, before the clicks.
    const auto boxCoords =
        toModelCoords(box.reshape({-1, 2, 2}), originalSize, imageSize, prompt.normalizeCoords);
    const auto boxLabels =
        torch::tensor({2, 3}, torch::TensorOptions().dtype(torch::kInt32).device(device))
            .view({1, 2})
            .repeat({boxCoords.size(0), 1});
    if (coords.defined()) {
      if (coords.size(0) != boxCoords.size(0))
        throw Error("predict: " + std::to_string(boxCoords.size(0)) + " boxes but " +
                    std::to_string(coords.size(0)) +
                    " point sets; give one point set per box (or one box)");
      coords = torch::cat({boxCoords, coords}, 1);
      labels = torch::cat({boxLabels, labels}, 1);
    } else {
      coords = boxCoords;
      labels = boxLabels;
    }
  }
  if (coords.defined()) out.points = std::make_pair(coords, labels);

  if (prompt.maskInput.defined()) {
    auto mask = prompt.maskInput.to(floats);
    if (mask.dim() == 3) mask = mask.unsqueeze(0);
    if (mask.dim() != 4 || mask.size(1) != 1 || mask.size(2) != maskInputSize[0] ||
        mask.size(3) != maskInputSize[1])
      throw Error("predict: mask input must be low-res logits [1, " +
                  std::to_string(maskInputSize[0]) + ", " + std::to_string(maskInputSize[1]) +
                  "] or [B, 1, " + std::to_string(maskInputSize[0]) + ", " +
                  std::to_string(maskInputSize[1]) + "] (a previous prediction's low-res " +
                  "logits), got " + shapeText(prompt.maskInput));
    const int64_t batch = out.points ? out.points->first.size(0) : mask.size(0);
    if (mask.size(0) != batch)
      throw Error("predict: " + std::to_string(mask.size(0)) + " mask inputs for " +
                  std::to_string(batch) + " prompt sets; give one mask per prompt set");
    out.maskInput = mask;
  }
  return out;
}

}  // namespace masklet::tracker
