#pragma once
// The steps of an image-predictor fixture (../shared/fixtures/README.md "Image-predictor
// fixtures") turned into ImageSession calls, and their outputs compared with trace.pt.
#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/checkpoint_reader.h"
#include "tracker/image_session.h"

namespace masklet::cli {

// Worst figures over the compared outputs (the summary line).
struct ImageReplayStats {
  double maskMaxAbsDiff = 0.0;
  double maskMinShare = 1.0;
  double maskMinIoU = 1.0;
  double scoreMaxAbsDiff = 0.0;
  double lowResMaxAbsDiff = 0.0;
  double inputMeanAbsDiff = 0.0;
  double embedMaxAbsDiff = 0.0;
};

struct ImageStepVerdict {
  bool ok = true;
  std::string line;  // "max|d| ...; why it failed"
};

class ImageReplayRunner {
 public:
  ImageReplayRunner(std::filesystem::path dir, const nlohmann::json& session,
                    const model::TensorMap& trace, tracker::ImageSession& imageSession);

  // Runs step `index`; throws masklet::Error when the session refuses it.
  void run(size_t index);
  // Compares what run() produced with the trace (call only after run succeeded).
  ImageStepVerdict compare(size_t index, ImageReplayStats& stats) const;

 private:
  const cv::Mat& image(int64_t index);
  tracker::ImagePrompt promptOf(const nlohmann::json& fields, const std::string& where,
                                std::optional<size_t> batchItem) const;
  std::string prefix(size_t index) const;

  std::filesystem::path m_dir;
  const nlohmann::json& m_session;
  const model::TensorMap& m_trace;
  tracker::ImageSession& m_imageSession;
  std::map<int64_t, cv::Mat> m_images;
  // Outputs of the step just run: predictions (one, or one per batch image) and model input.
  std::vector<tracker::ImagePrediction> m_outputs;
  torch::Tensor m_input;
  std::optional<tracker::ImagePrediction> m_previousPredict;
};

}  // namespace masklet::cli
