#include "cli/replay/replay_image_steps.h"

#include <cstdio>
#include <iomanip>
#include <sstream>
#include <utility>

#include "common/error.h"
#include "tracker/image_preprocess.h"
#include "tracker/video_session_compare.h"

namespace masklet::cli {
namespace {

using nlohmann::json;

// Fixture bounds (../shared/fixtures/README.md): module outputs and scores elementwise, the
// preprocessed input on average.
constexpr double kModuleTol = 1e-4;
constexpr double kInputMeanTol = 1e-6;

std::string sci(double value) {
  std::ostringstream out;
  out << std::scientific << std::setprecision(2) << value;
  return out.str();
}

const json& member(const json& object, const std::string& key, const std::string& where) {
  if (!object.contains(key) || object[key].is_null())
    throw Error("replay: session.json " + where + " has no \"" + key + "\"");
  return object[key];
}

template <typename T>
T as(const json& value, const std::string& where) {
  try {
    return value.get<T>();
  } catch (const json::exception& e) {
    throw Error("replay: session.json " + where + ": " + e.what());
  }
}

// |a - b| <= tol + tol * |b| everywhere; returns max |a - b| (NaN counts as a miss).
bool closeElementwise(const torch::Tensor& a, const torch::Tensor& b, double tol, double& maxDiff) {
  if (!a.defined() || a.sizes() != b.sizes()) return false;
  const auto x = a.to(torch::kFloat64).cpu(), y = b.to(torch::kFloat64).cpu();
  const auto diff = (x - y).abs();
  maxDiff = diff.numel() ? diff.max().item<double>() : 0.0;
  return (diff <= tol + tol * y.abs()).all().item<bool>();
}

std::string shapeText(const torch::Tensor& t) {
  std::ostringstream out;
  if (t.defined())
    out << t.sizes();
  else
    out << "none";
  return out.str();
}

}  // namespace

ImageReplayRunner::ImageReplayRunner(std::filesystem::path dir, const json& session,
                                     const model::TensorMap& trace,
                                     tracker::ImageSession& imageSession)
    : m_dir(std::move(dir)), m_session(session), m_trace(trace), m_imageSession(imageSession) {}

std::string ImageReplayRunner::prefix(size_t index) const {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "step%02zu.", index);
  return buf + as<std::string>(m_session["steps"][index]["op"], "op");
}

const cv::Mat& ImageReplayRunner::image(int64_t index) {
  auto it = m_images.find(index);
  if (it != m_images.end()) return it->second;
  const json& names = member(m_session, "images", "top level");
  if (index < 0 || index >= static_cast<int64_t>(names.size()))
    throw Error("replay: image " + std::to_string(index) + " is not in session.json images (" +
                std::to_string(names.size()) + " images)");
  const auto path = m_dir / as<std::string>(names[size_t(index)], "images");
  return m_images.emplace(index, tracker::readRgbImage(path.string())).first->second;
}

tracker::ImagePrompt ImageReplayRunner::promptOf(const json& fields, const std::string& where,
                                                 std::optional<size_t> batchItem) const {
  // In a predict_batch step every prompt field is a list with one entry per image.
  auto get = [&](const char* key) -> std::optional<json> {
    if (!fields.contains(key) || fields[key].is_null()) return std::nullopt;
    if (!batchItem) return fields[key];
    const json& list = fields[key];
    if (!list.is_array() || *batchItem >= list.size())
      throw Error("replay: session.json " + where + " \"" + key + "\" needs an entry per image");
    return list[*batchItem];
  };
  tracker::ImagePrompt prompt;
  if (auto points = get("points")) {
    const auto xy = as<std::vector<std::vector<float>>>(*points, where + " points");
    prompt.pointCoords = torch::empty({static_cast<int64_t>(xy.size()), 2});
    for (size_t i = 0; i < xy.size(); ++i) {
      if (xy[i].size() != 2) throw Error("replay: session.json " + where + ": a point is [x, y]");
      prompt.pointCoords[int64_t(i)][0] = xy[i][0];
      prompt.pointCoords[int64_t(i)][1] = xy[i][1];
    }
  }
  if (auto labels = get("labels"))
    prompt.pointLabels =
        torch::tensor(as<std::vector<int>>(*labels, where + " labels"), torch::kInt32);
  auto boxesOf = [&](const json& value, const std::string& key) {
    const auto flat = value.is_array() && !value.empty() && value[0].is_array()
                          ? as<std::vector<std::vector<float>>>(value, where + " " + key)
                          : std::vector<std::vector<float>>{as<std::vector<float>>(value, key)};
    auto t = torch::empty({static_cast<int64_t>(flat.size()), 4});
    for (size_t i = 0; i < flat.size(); ++i) {
      if (flat[i].size() != 4)
        throw Error("replay: session.json " + where + ": a box is [x0, y0, x1, y1]");
      for (int k = 0; k < 4; ++k) t[int64_t(i)][k] = flat[i][size_t(k)];
    }
    return t;
  };
  if (auto box = get("box")) prompt.box = boxesOf(*box, "box").view({4});
  if (auto boxes = get("boxes")) prompt.box = boxesOf(*boxes, "boxes");
  prompt.multimask = fields.value("multimask", true);
  if (fields.contains("mask_input") && !fields["mask_input"].is_null()) {
    const auto kind = as<std::string>(fields["mask_input"], where + " mask_input");
    if (kind != "best_of_previous")
      throw Error("replay: session.json " + where + " mask_input \"" + kind +
                  "\" is unknown (known: best_of_previous)");
    if (!m_previousPredict || m_previousPredict->ious.dim() != 1)
      throw Error("replay: " + where + " wants the previous predict's best mask, but no " +
                  "single-prompt predict ran before it");
    const int64_t best = m_previousPredict->bestIndex();
    prompt.maskInput = m_previousPredict->lowResLogits[best].unsqueeze(0);
  }
  return prompt;
}

void ImageReplayRunner::run(size_t index) {
  const json& step = m_session["steps"][index];
  const std::string where = "steps[" + std::to_string(index) + "]";
  const auto op = as<std::string>(member(step, "op", where), where + " op");
  m_outputs.clear();
  m_input = torch::Tensor();
  const int64_t size = m_imageSession.model().config().image_size;
  if (op == "set_image") {
    const cv::Mat& rgb = image(as<int64_t>(member(step, "image", where), where + " image"));
    m_input = tracker::imagePredictorInput(rgb, size);
    m_imageSession.setImage(rgb);
  } else if (op == "set_image_batch") {
    std::vector<cv::Mat> images;
    std::vector<torch::Tensor> inputs;
    for (const auto i : as<std::vector<int64_t>>(member(step, "images", where), where)) {
      images.push_back(image(i));
      inputs.push_back(tracker::imagePredictorInput(images.back(), size));
    }
    m_input = inputs.empty() ? torch::Tensor() : torch::stack(inputs, 0);
    m_imageSession.setImageBatch(images);
  } else if (op == "predict") {
    m_outputs.push_back(m_imageSession.predict(promptOf(step, where, std::nullopt)));
    m_previousPredict = m_outputs.back();
  } else if (op == "predict_batch") {
    const int64_t count = m_imageSession.imageCount();
    std::vector<tracker::ImagePrompt> prompts;
    for (int64_t i = 0; i < count; ++i) prompts.push_back(promptOf(step, where, size_t(i)));
    m_outputs = m_imageSession.predictBatch(prompts);
  } else {
    throw Error("replay: session.json " + where + " has an unknown op \"" + op +
                "\" (known: set_image, predict, set_image_batch, predict_batch)");
  }
}

ImageStepVerdict ImageReplayRunner::compare(size_t index, ImageReplayStats& stats) const {
  ImageStepVerdict verdict;
  std::ostringstream figures, notes;
  auto fail = [&](const std::string& why) {
    verdict.ok = false;
    notes << "; " << why;
  };
  auto find = [&](const std::string& key) -> const torch::Tensor* {
    auto it = m_trace.find(key);
    return it == m_trace.end() ? nullptr : &it->second;
  };
  const std::string base = prefix(index);
  int recorded = 0;
  // fp32 is held to the fixtures' strict bounds; bf16 to their bfloat16 mask bound (signs and
  // IoU), which defines no bound for scores and features: those are reported only.
  const bool strict = m_imageSession.precision() == model::Precision::Fp32;
  const auto maskTolerance = strict ? tracker::MaskTolerance{} : tracker::MaskTolerance::bfloat16();
  if (const auto* input = find(base + ".input")) {
    ++recorded;
    const auto expected = input->dim() == 3 && m_input.dim() == 4 ? input->unsqueeze(0) : *input;
    if (!m_input.defined() || m_input.sizes() != expected.sizes()) {
      fail("model input shape " + shapeText(m_input) + ", expected " + shapeText(expected));
    } else {
      const double mean =
          (m_input.to(torch::kFloat64) - expected.to(torch::kFloat64)).abs().mean().item<double>();
      stats.inputMeanAbsDiff = std::max(stats.inputMeanAbsDiff, mean);
      figures << "input mean|d| " << sci(mean) << "  ";
      if (!(mean <= kInputMeanTol))
        fail("model input mean|d| " + sci(mean) + " > " + sci(kInputMeanTol));
    }
  }
  if (const auto* embed = find(base + ".image_embed")) {
    ++recorded;
    double maxDiff = 0.0;
    const auto& embedding = m_imageSession.imageEmbedding();
    const bool close = closeElementwise(embedding, *embed, kModuleTol, maxDiff);
    const bool ok =
        embedding.defined() && embedding.sizes() == embed->sizes() && (close || !strict);
    stats.embedMaxAbsDiff = std::max(stats.embedMaxAbsDiff, maxDiff);
    figures << "embed max|d| " << sci(maxDiff) << "  ";
    if (!ok)
      fail("image_embed " + shapeText(m_imageSession.imageEmbedding()) + " differs from " +
           shapeText(*embed) + " (max|d| " + sci(maxDiff) + ")");
  }
  const bool batch = m_session["steps"][index]["op"] == "predict_batch";
  for (size_t i = 0; i < m_outputs.size(); ++i) {
    const std::string key = batch ? base + "." + std::to_string(i) : base;
    const std::string label = batch ? "image " + std::to_string(i) + " " : "";
    const auto* masks = find(key + ".masks");
    const auto* scores = find(key + ".scores");
    const auto* lowRes = find(key + ".low_res_logits");
    if (!masks || !scores || !lowRes) {
      fail("trace.pt lacks " + key + ".masks/.scores/.low_res_logits");
      continue;
    }
    recorded += 3;
    const auto& out = m_outputs[i];
    const auto maskCmp = tracker::compareMaskLogits(out.masks, *masks, maskTolerance);
    if (!maskCmp.ok()) fail(label + "masks: " + maskCmp.problem);
    stats.maskMaxAbsDiff = std::max(stats.maskMaxAbsDiff, maskCmp.maxAbsDiff);
    stats.maskMinShare = std::min(stats.maskMinShare, maskCmp.minShareWithin);
    stats.maskMinIoU = std::min(stats.maskMinIoU, maskCmp.minIoU);
    const auto lowCmp = tracker::compareMaskLogits(out.lowResLogits, *lowRes, maskTolerance);
    if (!lowCmp.ok()) fail(label + "low-res logits: " + lowCmp.problem);
    stats.lowResMaxAbsDiff = std::max(stats.lowResMaxAbsDiff, lowCmp.maxAbsDiff);
    double scoreDiff = 0.0;
    const bool scoresClose = closeElementwise(out.ious, *scores, kModuleTol, scoreDiff);
    if (out.ious.sizes() != scores->sizes() || (!scoresClose && strict))
      fail(label + "scores " + shapeText(out.ious) + " differ from " + shapeText(*scores) +
           " (max|d| " + sci(scoreDiff) + ")");
    stats.scoreMaxAbsDiff = std::max(stats.scoreMaxAbsDiff, scoreDiff);
    figures << label << "masks max|d| " << sci(maskCmp.maxAbsDiff) << " IoU " << std::fixed
            << std::setprecision(4) << maskCmp.minIoU << "  low-res max|d| "
            << sci(lowCmp.maxAbsDiff) << "  scores max|d| " << sci(scoreDiff) << "  ";
  }
  if (recorded == 0) fail("trace.pt has no record of " + base);
  std::string text = figures.str();
  while (!text.empty() && text.back() == ' ') text.pop_back();
  verdict.line = (verdict.ok ? "ok    " : "FAIL  ") + text + notes.str();
  return verdict;
}

}  // namespace masklet::cli
