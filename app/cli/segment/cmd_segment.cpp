// masklet-cli segment --images DIR|FILE... --prompts P.json --out PATH --format sa1b|coco
// --checkpoint FILE [--config YAML]: headless image mode. Each image is embedded once
// (tracker::ImageSession, the SAM2ImagePredictor port) and prompted with its prompts; every
// prompt gives one mask, written as SA-1B (one JSON per image in the folder PATH) or as one
// COCO file PATH.
#include <opencv2/core.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/segment/segment_everything.h"
#include "cli/segment/segment_images.h"
#include "cli/segment/segment_options.h"
#include "cli/segment/segment_prompts.h"
#include "cli/shared/command.h"
#include "common/error.h"
#include "dataset/image_set_writer.h"
#include "dataset/rle.h"
#include "dataset/stability_score.h"
#include "model/precision.h"
#include "model/sam2_model.h"
#include "tracker/image_preprocess.h"
#include "tracker/image_session.h"

namespace masklet::cli {
namespace {

namespace fs = std::filesystem;

void printHelp() {
  std::cout << "Usage: masklet-cli segment --images DIR|FILE... --prompts P.json --out PATH\n"
               "                           [--format sa1b|coco] --checkpoint FILE [--config YAML]\n"
               "                           [--precision auto|fp32|bf16]\n"
               "Image mode (SAM 2 image predictor): each image is embedded once and prompted;\n"
               "one mask per prompt. sa1b: PATH is a folder with one SA-1B JSON per image\n"
               "(<image stem>.json: predicted_iou, stability_score, point_coords, crop_box);\n"
               "coco: PATH is one COCO JSON file for all images. A DIR adds its images\n"
               "(jpg, png, bmp, tif, webp) in natural name order. --precision auto (default)\n"
               "uses bf16 where the device computes it natively, else fp32.\n"
               "segment --everything: every object without prompts (see segment --everything "
               "--help).\n\n"
            << segmentPromptsHelp();
}

SegmentOptions parseArgs(const std::vector<std::string>& args) {
  SegmentOptions out;
  OptionParser parser(
      {"{} needs a value (see segment --help)", "unknown option '{}' (see segment --help)"});
  declareSegmentOptions(parser, out);
  parser.value("--prompts", out.prompts).parse(args);
  checkSegmentOptions(out, /*prompted=*/true);
  return out;
}

tracker::ImagePrompt toImagePrompt(const SegmentPrompt& prompt) {
  tracker::ImagePrompt out;
  if (!prompt.points.empty()) out = tracker::ImagePrompt::fromPoints(prompt.points, prompt.labels);
  if (prompt.hasBox) out.box = tracker::ImagePrompt::fromBox(prompt.box).box;
  out.multimask = prompt.multimask;
  return out;
}

// The prompt's mask: the best candidate by predicted IoU (or the single one), binarised at 0,
// with the model's IoU and the stability score of its logits.
dataset::MaskAnnotation toMask(const tracker::ImagePrediction& prediction,
                               const SegmentPrompt& prompt) {
  const int64_t best = prediction.bestIndex();
  const auto logits = prediction.masks[best].contiguous();
  const int height = static_cast<int>(logits.size(0)), width = static_cast<int>(logits.size(1));
  const auto binary = (logits > 0).to(torch::kUInt8).contiguous();
  const cv::Mat mask(height, width, CV_8U, binary.data_ptr<uint8_t>());
  dataset::MaskAnnotation out;
  out.rle = dataset::encodeMask(mask);
  out.predictedIou = prediction.ious[best].item<double>();
  out.stabilityScore =
      dataset::stabilityScore(logits.data_ptr<float>(), static_cast<size_t>(logits.numel()));
  for (size_t i = 0; i < prompt.points.size(); ++i)
    out.points.push_back({prompt.points[i][0], prompt.points[i][1], prompt.labels[i]});
  return out;
}

void checkPromptKeys(const SegmentPrompts& prompts, const std::vector<fs::path>& images) {
  for (const auto& entry : prompts.byImage) {
    const std::string& key = entry.first;  // not a structured binding: clang 14 cannot capture one
    const bool matches = std::any_of(images.begin(), images.end(), [&](const fs::path& image) {
      return key == image.string() || key == image.filename().string();
    });
    if (!matches)
      throw Error("prompts for '" + key + "' match none of the " + std::to_string(images.size()) +
                  " images (keys are image file names or \"*\")");
  }
}

int runSegment(const std::vector<std::string>& args) {
  if (std::find(args.begin(), args.end(), "--help") != args.end() ||
      std::find(args.begin(), args.end(), "-h") != args.end()) {
    if (std::find(args.begin(), args.end(), "--everything") != args.end()) {
      printSegmentEverythingHelp();
      return 0;
    }
    printHelp();
    return 0;
  }
  // Without prompts: the automatic mask generator on every image.
  if (std::find(args.begin(), args.end(), "--everything") != args.end())
    return runSegmentEverything(args);
  const SegmentOptions parsed = parseArgs(args);
  const auto precisionRequest = model::parsePrecisionRequest(parsed.precision);
  const auto images = listSegmentImages(parsed.images);
  const SegmentPrompts prompts = readSegmentPrompts(parsed.prompts);
  checkPromptKeys(prompts, images);
  std::shared_ptr<const model::Sam2Model> model =
      model::Sam2Model::load(parsed.checkpoint, parsed.config);
  const auto precision = model::choosePrecision(precisionRequest, model->device());
  tracker::ImageSession session(model, precision.precision);
  std::cout << "precision " << precision.reason << "\n";

  std::vector<dataset::AnnotatedImage> annotated;
  size_t maskCount = 0;
  for (const auto& path : images) {
    const auto imagePrompts = prompts.forImage(path);
    const cv::Mat rgb = tracker::readRgbImage(path.string());
    dataset::AnnotatedImage image{path.filename().string(), rgb.cols, rgb.rows, {}};
    if (!imagePrompts.empty()) session.setImage(rgb);
    for (size_t i = 0; i < imagePrompts.size(); ++i) {
      try {
        image.masks.push_back(
            toMask(session.predict(toImagePrompt(imagePrompts[i])), imagePrompts[i]));
      } catch (const Error& e) {
        throw Error(path.filename().string() + ", prompt " + std::to_string(i) + ": " + e.what());
      }
      if (dataset::rleArea(image.masks.back().rle) == 0)
        std::cout << path.filename().string() << ", prompt " << i << ": empty mask (not written)\n";
      else
        ++maskCount;
    }
    annotated.push_back(std::move(image));
  }
  writeSegmentOutput(annotated, parsed);
  std::cout << "segmented " << images.size() << " images, " << maskCount << " masks -> "
            << parsed.out << " (" << parsed.format << ")\n";
  return 0;
}

const CommandRegistration registration{
    {"segment",
     "segment --images DIR|FILE... --prompts P.json --out PATH --format sa1b|coco "
     "--checkpoint FILE",
     "Image mode: prompt still images with points/boxes (or --everything), write SA-1B or COCO",
     &runSegment}};

}  // namespace
}  // namespace masklet::cli
