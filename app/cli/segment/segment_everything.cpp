#include "cli/segment/segment_everything.h"

#include <unistd.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/segment/segment_images.h"
#include "cli/segment/segment_options.h"
#include "cli/shared/command.h"
#include "common/error.h"
#include "dataset/image_set_writer.h"
#include "model/precision.h"
#include "model/sam2_model.h"
#include "tracker/amg_image_predictor.h"
#include "tracker/amg_options_json.h"
#include "tracker/image_preprocess.h"
#include "tracker/mask_generator.h"

namespace masklet::cli {
namespace {

using nlohmann::json;

struct EverythingArgs {
  SegmentOptions segment;
  json options = json::object();  // generator options under their official names
};

// --points-per-side -> points_per_side: every generator option is a flag of the same name.
const char* const kOptionNames[] = {"points_per_side",
                                    "points_per_batch",
                                    "pred_iou_thresh",
                                    "stability_score_thresh",
                                    "stability_score_offset",
                                    "mask_threshold",
                                    "box_nms_thresh",
                                    "crop_n_layers",
                                    "crop_nms_thresh",
                                    "crop_overlap_ratio",
                                    "crop_n_points_downscale_factor",
                                    "min_mask_region_area",
                                    "use_m2m",
                                    "multimask_output"};

std::string flagOf(const std::string& option) {
  std::string flag = "--" + option;
  for (auto& ch : flag)
    if (ch == '_') ch = '-';
  return flag;
}

json optionValue(const std::string& flag, const std::string& text) {
  if (text == "true" || text == "false") return text == "true";
  try {
    size_t used = 0;
    const double value = std::stod(text, &used);
    if (used == text.size())
      return value == static_cast<double>(static_cast<long long>(value)) &&
                     text.find('.') == std::string::npos
                 ? json(static_cast<long long>(value))
                 : json(value);
  } catch (const std::exception&) {
  }
  throw UsageError(flag + " needs a number or true/false, got '" + text + "'");
}

bool isBooleanOption(const std::string& name) {
  return name == "use_m2m" || name == "multimask_output";
}

EverythingArgs parseArgs(const std::vector<std::string>& args) {
  EverythingArgs out;
  OptionParser parser({"{} needs a value (see segment --help)",
                       "unknown option '{}' (see segment --everything --help)"});
  declareSegmentOptions(parser, out.segment);
  parser.flag("--everything", [] {});
  for (const char* name : kOptionNames) {
    if (isBooleanOption(name)) {
      // A bare boolean flag switches it on.
      parser.optionalValue(flagOf(name), [&out, name](const std::string& flag,
                                                      const std::optional<std::string>& value) {
        out.options[name] = value ? optionValue(flag, *value) : json(true);
      });
    } else {
      parser
          .custom(flagOf(name),
                  [&out, name](const std::string& flag, const std::string& value) {
                    out.options[name] = optionValue(flag, value);
                  })
          .whenMissing("{} needs a value (see segment --everything --help)");
    }
  }
  parser.parse(args);
  checkSegmentOptions(out.segment, /*prompted=*/false);
  return out;
}

// Progress over all images' point batches, with the time left at the rate so far.
class Progress {
 public:
  explicit Progress(size_t images) : m_images(images), m_terminal(isatty(2) != 0) {}
  void update(size_t image, const tracker::AmgProgress& p) {
    const double elapsed = seconds();
    const double share =
        (double(image) + double(p.batchesDone) / double(p.batchesTotal)) / double(m_images);
    const double left = share > 0 ? elapsed * (1 - share) / share : 0.0;
    const int percent = int(share * 100);
    if (!m_terminal && percent < m_nextPercent && share < 1) return;
    m_nextPercent = percent + 10;
    std::fprintf(stderr, "%simage %zu/%zu, batch %lld/%lld: %d%%, %.1f s, about %.0f s left%s",
                 m_terminal ? "\r\033[K" : "", image + 1, m_images,
                 static_cast<long long>(p.batchesDone), static_cast<long long>(p.batchesTotal),
                 percent, elapsed, left, m_terminal ? "" : "\n");
    std::fflush(stderr);
  }
  void finish() {
    if (m_terminal) std::fprintf(stderr, "\n");
  }
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
  }

 private:
  size_t m_images;
  bool m_terminal;
  int m_nextPercent = 0;
  std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
};

dataset::MaskAnnotation toAnnotation(const tracker::AmgMask& m) {
  dataset::MaskAnnotation out;
  out.rle = m.segmentation;
  out.predictedIou = m.predicted_iou;
  out.stabilityScore = m.stability_score;
  out.points.push_back({m.point_coords[0], m.point_coords[1], 1});
  out.cropBox = m.crop_box;
  return out;
}

}  // namespace

void printSegmentEverythingHelp() {
  std::cout << "Usage: masklet-cli segment --everything --images DIR|FILE... --out PATH\n"
               "                           [--format sa1b|coco] --checkpoint FILE [--config YAML]\n"
               "                           [--precision auto|fp32|bf16] [generator options]\n"
               "Segment everything (SAM 2's automatic mask generator): a grid of clicks per\n"
               "image (and per crop), filtered by predicted IoU and stability, deduplicated by\n"
               "box NMS. sa1b: one JSON per image in the folder PATH; coco: one file PATH.\n"
               "Generator options (the official names and defaults):\n";
  const tracker::AmgOptions defaults;
  const json d = tracker::amgOptionsToJson(defaults);
  for (const char* name : kOptionNames)
    std::cout << "  " << flagOf(name) << " (default " << d[name].dump() << ")\n";
  std::cout << "--use-m2m and --multimask-output take true/false (bare --use-m2m: true).\n";
}

int runSegmentEverything(const std::vector<std::string>& args) {
  const EverythingArgs parsed = parseArgs(args);
  tracker::AmgOptions options;
  try {  // out-of-range generator options are never valid: usage errors
    options = tracker::amgOptionsFromJson(parsed.options, "segment --everything");
    options.validate();
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
  const SegmentOptions& segment = parsed.segment;
  const auto images = listSegmentImages(segment.images);
  std::shared_ptr<const model::Sam2Model> model =
      model::Sam2Model::load(segment.checkpoint, segment.config);
  const auto precision =
      model::choosePrecision(model::parsePrecisionRequest(segment.precision), model->device());
  std::cout << "precision " << precision.reason << "\n";
  tracker::AmgImagePredictor predictor(model, options.min_mask_region_area, precision.precision,
                                       options.mask_threshold);
  tracker::MaskGenerator generator(predictor, options);

  Progress progress(images.size());
  std::vector<dataset::AnnotatedImage> annotated;
  size_t maskCount = 0;
  for (size_t i = 0; i < images.size(); ++i) {
    const cv::Mat rgb = tracker::readRgbImage(images[i].string());
    const auto result =
        generator.generate(rgb, [&](const tracker::AmgProgress& p) { progress.update(i, p); });
    dataset::AnnotatedImage image{images[i].filename().string(), rgb.cols, rgb.rows, {}};
    for (const auto& m : result.masks) image.masks.push_back(toAnnotation(m));
    maskCount += result.masks.size();
    annotated.push_back(std::move(image));
  }
  progress.finish();
  writeSegmentOutput(annotated, parsed.segment);
  std::cout << "segmented everything in " << images.size() << " images: " << maskCount
            << " masks in " << progress.seconds() << " s -> " << segment.out << " ("
            << segment.format << ")\n";
  return 0;
}

}  // namespace masklet::cli
