// masklet-cli preprocess IMAGE --size S --mode video|image --out PNG: the S×S RGB image the
// model gets, before normalisation, so the resize can be checked against the reference
// libraries: video mode = the video predictor's loader (Pillow bicubic, video/pillow_resize.h:
// bit-exact with PIL's Image.resize((S, S))); image mode = the image predictor's torchvision
// Resize((S, S)) bilinear with antialias on [0, 1] floats (tracker/image_preprocess.h), scaled
// to 0-255 and rounded.
#include <torch/torch.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "cli/shared/command.h"
#include "cli/shared/option_parser.h"
#include "cli/shared/usage_error.h"
#include "dataset/atomic_output.h"
#include "tracker/image_preprocess.h"
#include "video/pillow_resize.h"

namespace masklet::cli {
namespace {

const char* kHelp =
    "Usage: masklet-cli preprocess IMAGE --size S --mode video|image --out PNG\n"
    "Writes the S×S RGB model input made from IMAGE, before normalisation:\n"
    "  video  the video predictor's loader: Pillow bicubic resize (Image.resize((S, S))),\n"
    "         bit for bit\n"
    "  image  the image predictor's torchvision Resize((S, S)) bilinear with antialias on\n"
    "         ToTensor() floats, times 255, rounded to 8 bits\n"
    "S is the model's image_size (1024 for the official models). Exit codes: 0 written,\n"
    "1 unreadable image or unwritable output, 2 usage.\n";

// The image predictor's resize without its normalisation: imagePredictorInput normalises
// with ImageNet mean/std, undone here (exact to ~1e-7 of the 0-1 range before rounding).
cv::Mat imageModeResize(const cv::Mat& rgb, int size) {
  torch::NoGradGuard noGrad;
  const auto normalized = tracker::imagePredictorInput(rgb, size);
  const auto mean = torch::tensor({0.485f, 0.456f, 0.406f}).view({3, 1, 1});
  const auto std = torch::tensor({0.229f, 0.224f, 0.225f}).view({3, 1, 1});
  const auto bytes = normalized.mul(std)
                         .add(mean)
                         .mul(255)
                         .round()
                         .clamp(0, 255)
                         .to(torch::kUInt8)
                         .permute({1, 2, 0})
                         .contiguous();
  return cv::Mat(size, size, CV_8UC3, bytes.data_ptr<uint8_t>()).clone();
}

int preprocessBody(const std::vector<std::string>& args) {
  std::string image, mode, out;
  int size = 0;
  OptionParser()
      .custom("--size",
              [&](const std::string&, const std::string& value) {
                if (value.empty() || value.size() > 5 ||
                    !std::all_of(value.begin(), value.end(),
                                 [](unsigned char c) { return std::isdigit(c); }))
                  throw UsageError("--size needs a whole number of pixels, got '" + value + "'");
                size = std::stoi(value);
              })
      .value("--mode", mode)
      .value("--out", out)
      .positional([&](const std::string& arg) {
        if (!image.empty())
          throw UsageError("one IMAGE only, got '" + image + "' and '" + arg + "'");
        image = arg;
      })
      .parse(args);
  if (image.empty()) throw UsageError("IMAGE is required");
  if (size <= 0) throw UsageError("--size S is required (a positive number of pixels)");
  if (mode != "video" && mode != "image")
    throw UsageError("--mode must be video or image, got '" + mode + "'");
  if (out.empty()) throw UsageError("--out PNG is required");

  const cv::Mat rgb = tracker::readRgbImage(image);
  const cv::Mat resized =
      mode == "video" ? video::pillowResizeBicubic(rgb, size, size) : imageModeResize(rgb, size);
  cv::Mat bgr;
  cv::cvtColor(resized, bgr, cv::COLOR_RGB2BGR);
  std::vector<uchar> png;
  if (!cv::imencode(".png", bgr, png)) throw Error("cannot encode the PNG for " + out);
  dataset::writeFileAtomically(out, std::string(png.begin(), png.end()));
  std::cout << "wrote " << out << ": " << size << "x" << size << " RGB, " << mode << " mode, from "
            << image << " (" << rgb.cols << "x" << rgb.rows << ")\n";
  return 0;
}

int runPreprocess(const std::vector<std::string>& args) {
  if (args.empty() || std::find(args.begin(), args.end(), "--help") != args.end() ||
      std::find(args.begin(), args.end(), "-h") != args.end()) {
    std::cout << kHelp;
    return args.empty() ? kExitUsage : 0;
  }
  return runGuarded("preprocess", &preprocessBody, args);
}

const CommandRegistration registration{
    {"preprocess", "preprocess IMAGE --size S --mode video|image --out PNG",
     "Write the model's S×S input image (before normalisation) to check the resize",
     &runPreprocess}};

}  // namespace
}  // namespace masklet::cli
