#include "tracker/image_engine.h"

#include <chrono>
#include <cmath>
#include <sstream>

#include "common/error.h"
#include "tracker/image_preprocess.h"
#include "tracker/video_engine.h"

namespace masklet::tracker {

namespace {

// The inputs in effect: those since the last one that clears the points or has a box.
std::vector<project::PromptInput> inEffect(const project::FramePrompts& prompts) {
  size_t first = 0;
  for (size_t i = 0; i < prompts.inputs.size(); ++i)
    if (prompts.inputs[i].clearOld || prompts.inputs[i].box) first = i;
  return {prompts.inputs.begin() + std::ptrdiff_t(first), prompts.inputs.end()};
}

}  // namespace

ImageEngine::ImageEngine(std::shared_ptr<const model::Sam2Model> model,
                         std::vector<std::string> imageFiles, model::Precision precision)
    : m_session(std::move(model), precision), m_files(std::move(imageFiles)) {
  if (m_files.empty()) throw Error("image mode needs at least one image");
}

void ImageEngine::prepareImage(int frame) {
  if (frame < 0 || frame >= int(m_files.size()))
    throw Error("image " + std::to_string(frame) + " is out of range (" +
                std::to_string(m_files.size()) + " images)");
  if (frame == m_current) return;
  const cv::Mat rgb = readRgbImage(m_files[size_t(frame)]);
  m_current = -1;  // a failed embedding leaves no image current
  m_session.setImage(rgb);
  m_current = frame;
  m_width = rgb.cols;
  m_height = rgb.rows;
}

void ImageEngine::checkInside(double x, double y) const {
  if (std::isfinite(x) && std::isfinite(y) && x >= 0 && y >= 0 && x <= m_width && y <= m_height)
    return;
  std::ostringstream text;
  text << "point (" << x << ", " << y << ") is outside the image (" << m_width << "x" << m_height
       << " pixels); click inside the image";
  throw Error(text.str());
}

PromptAnswer ImageEngine::setPrompts(int frame, int objectId,
                                     const project::FramePrompts& prompts) {
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  PromptAnswer answer;
  answer.result = masksFor(frame, objectId, prompts);
  answer.elapsedMs =
      int(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count());
  return answer;
}

DocumentFrame ImageEngine::masksFor(int frame, int objectId, const project::FramePrompts& prompts) {
  torch::NoGradGuard noGrad;
  prepareImage(frame);
  DocumentFrame out;
  out.frame = frame;
  project::ObjectMask mask;
  mask.source = project::MaskSource::Prompted;
  const auto inputs = inEffect(prompts);
  if (inputs.empty()) {
    mask.rle = dataset::emptyRle(m_height, m_width);
    mask.source = project::MaskSource::Tracked;  // no prompt: absent, as the video engine says
    out.masks.emplace(objectId, std::move(mask));
    return out;
  }
  if (inputs.back().mask) {
    const auto& rle = *inputs.back().mask;
    if (rle.width != m_width || rle.height != m_height)
      throw Error("a mask prompt of " + std::to_string(rle.width) + "x" +
                  std::to_string(rle.height) + " pixels does not fit the image (" +
                  std::to_string(m_width) + "x" + std::to_string(m_height) + ")");
    mask.rle = rle;
    out.masks.emplace(objectId, std::move(mask));
    return out;
  }
  std::vector<std::array<float, 2>> points;
  std::vector<int> labels;
  std::optional<project::Box> box;
  for (const auto& input : inputs) {
    if (input.box) box = input.box;
    for (const auto& point : input.points) {
      checkInside(point.x, point.y);
      points.push_back({float(point.x), float(point.y)});
      labels.push_back(point.label);
    }
  }
  ImagePrompt prompt = ImagePrompt::fromPoints(points, labels);
  if (points.empty()) prompt = ImagePrompt{};
  if (box) {
    checkInside((*box)[0], (*box)[1]);
    checkInside((*box)[2], (*box)[3]);
    prompt.box = ImagePrompt::fromBox(
                     {float((*box)[0]), float((*box)[1]), float((*box)[2]), float((*box)[3])})
                     .box;
  }
  prompt.multimask = points.size() == 1 && !box;
  const ImagePrediction prediction = m_session.predict(prompt);
  const int64_t best = prediction.bestIndex();
  auto rles = binaryMaskRles(prediction.masks);  // > 0: the predictor's mask threshold
  mask.rle = rles[size_t(best)];
  mask.quality.predictedIou = prediction.ious[best].item<double>();
  out.masks.emplace(objectId, std::move(mask));
  if (prompt.multimask) {
    out.candidateObject = objectId;
    for (size_t c = 0; c < rles.size(); ++c)
      out.candidates.push_back({std::move(rles[c]), prediction.ious[int64_t(c)].item<double>()});
  }
  return out;
}

PromptAnswer ImageEngine::addInput(int frame, int objectId, const project::FramePrompts& before,
                                   const project::PromptInput& input) {
  PromptAnswer answer;
  answer.result = masksFor(frame, objectId, before.with(input));
  return answer;
}

PropagateResult ImageEngine::propagate(const PropagateRequest&, const FrameSink&,
                                       const ProgressCallback&, const CancelToken*) {
  throw Error("image mode annotates each image on its own: no tracking");
}

cv::Mat ImageEngine::frameRgb(int frame) {
  if (frame < 0 || frame >= int(m_files.size()))
    throw Error("image " + std::to_string(frame) + " is out of range (" +
                std::to_string(m_files.size()) + " images)");
  return readRgbImage(m_files[size_t(frame)]);
}

}  // namespace masklet::tracker
