// masklet-cli replay FIXTURE_DIR: re-runs a recorded official SAM 2 video-predictor session
// (../shared/fixtures format: checkpoint.pt, config.yaml, session.json, trace.pt) through
// VideoSession and compares every step's output with the recorded one.
#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli/replay/replay_amg.h"
#include "cli/replay/replay_fixture.h"
#include "cli/replay/replay_image.h"
#include "cli/replay/replay_session_options.h"
#include "cli/replay/replay_video_step.h"
#include "cli/shared/command.h"
#include "common/error.h"
#include "common/list_text.h"
#include "model/checkpoint_reader.h"
#include "model/precision.h"
#include "model/sam2_model.h"
#include "model/torch_error.h"
#include "tracker/frame_provider.h"
#include "tracker/video_session.h"
#include "tracker/video_session_compare.h"

namespace masklet::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

int runReplay(const std::vector<std::string>& args) {
  // Image-predictor fixtures (session.json "kind": "image_predictor") have their own runner.
  if (isImagePredictorReplay(args)) return runImageReplay(args);
  if (isAmgReplay(args)) return runAmgReplay(args);  // "automatic_mask_generator"
  std::vector<std::string> positional;
  std::string precisionText = "fp32";
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--precision" && i + 1 < args.size())
      precisionText = args[++i];
    else
      positional.push_back(args[i]);
  }
  if (positional.size() != 1 || positional[0] == "--help" || positional[0] == "-h") {
    std::cout << "usage: masklet-cli replay FIXTURE_DIR [--precision fp32|bf16|auto]\n"
              << "Re-runs a recorded SAM 2 video-predictor session (checkpoint.pt, config.yaml,\n"
              << "session.json, trace.pt) and compares every step with the recording: at the\n"
              << "strict float32 bound, or with bf16 at the bfloat16 bound of the fixtures\n"
              << "README (default fp32; auto picks bf16 where the CPU computes it natively).\n";
    return positional.size() == 1 ? 0 : 2;
  }
  const auto precisionRequest =
      parseOptionValue("--precision", [&] { return model::parsePrecisionRequest(precisionText); });
  const auto started = std::chrono::steady_clock::now();
  at::set_num_threads(static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  fs::path dir = fs::path(positional[0]).lexically_normal();
  if (dir.filename().empty()) dir = dir.parent_path();  // "fixture/" names the folder too
  if (!fs::is_directory(dir)) throw Error("replay: " + dir.string() + " is not a folder");
  const std::string checkpoint = requireFixtureFile(dir, "checkpoint.pt");
  const std::string configYaml =
      fs::is_regular_file(dir / "config.yaml") ? (dir / "config.yaml").string() : "";
  const json session = readFixtureJson(requireFixtureFile(dir, "session.json"));
  const auto trace = model::readTensorFile(requireFixtureFile(dir, "trace.pt"));

  const auto width = field<int>(session, "video_width", "top level");
  const auto height = field<int>(session, "video_height", "top level");
  const auto& images = traceTensor(trace, "images");
  if (auto numFrames = optionalField<int64_t>(session, "num_frames", "top level");
      numFrames && images.dim() >= 1 && *numFrames != images.size(0))
    throw Error("replay: session.json says " + std::to_string(*numFrames) +
                " frames but trace.pt images has " + std::to_string(images.size(0)));

  std::shared_ptr<const model::Sam2Model> model = model::Sam2Model::load(checkpoint, configYaml);
  const auto& config = model->config();
  if (auto imageSize = optionalField<int64_t>(session, "image_size", "top level");
      imageSize && *imageSize != config.image_size)
    throw Error("replay: session.json image_size " + std::to_string(*imageSize) +
                " differs from the model's image_size " + std::to_string(config.image_size));
  const auto precision = model::choosePrecision(precisionRequest, model->device());
  const auto tolerance = precision.precision == model::Precision::Bf16
                             ? tracker::MaskTolerance::bfloat16()
                             : tracker::MaskTolerance{};
  std::cout << "precision " << precision.reason << "\n";
  auto options = replaySessionOptions(session, config);
  options.precision = precision.precision;
  tracker::VideoSession videoSession(
      model, std::make_shared<tracker::TensorFrameProvider>(images, width, height), options);

  if (!session.contains("steps") || !session["steps"].is_array())
    throw Error("replay: session.json has no \"steps\" list");
  const json& steps = session["steps"];
  int matched = 0;
  // A step that returns nothing (reset) has no record in trace.pt (fixtures README): it is
  // checked by what the steps after it return, so it matches when they all do.
  std::vector<bool> stepOk(steps.size(), false);
  std::vector<std::size_t> checkedByLaterSteps;
  double worstDiff = 0.0, worstShare = 1.0, worstIoU = 1.0;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const json& step = steps[i];
    const std::string where = "steps[" + std::to_string(i) + "]";
    const auto op = field<std::string>(step, "op", where);
    char prefixBuf[64];
    std::snprintf(prefixBuf, sizeof(prefixBuf), "step%02zu.", i);
    const std::string prefix = prefixBuf + op;
    const auto expectError = optionalField<std::string>(step, "expect_error", where);
    const bool refusedByReference = expectError.has_value() || trace.count(prefix + ".error") != 0;

    std::optional<StepOutput> out;
    std::string refusal;
    try {
      out = runStep(videoSession, step, op, where, prefix, trace);
    } catch (const Error& e) {
      refusal = e.what();
    } catch (const c10::Error& e) {
      refusal = internalErrorLine(model::internalErrorWithTorch(e));
    }
    std::ostringstream head;
    head << "step " << std::setw(2) << std::setfill('0') << i << std::setfill(' ') << " "
         << std::left << std::setw(11) << op << std::right << " ";
    StepVerdict verdict;
    if (refusedByReference) {
      verdict.ok = !out.has_value();
      verdict.line = verdict.ok ? "ok    refused as the reference: " + refusal
                                : "FAIL  the reference refused this step (" +
                                      expectError.value_or("error") + ") but Masklet ran it";
    } else if (!out) {
      verdict.ok = false;
      verdict.line = "FAIL  refused: " + refusal;
    } else if (op == "reset" && !hasRecord(trace, prefix)) {
      verdict.ok = true;
      checkedByLaterSteps.push_back(i);
      verdict.line = i + 1 < steps.size()
                         ? "ok    returns nothing (no record in trace.pt): checked by the steps "
                           "after it"
                         : "ok    returns nothing (no record in trace.pt) and no step follows "
                           "to check it";
    } else {
      verdict = compareStep(*out, prefix, trace, tolerance);
      worstDiff = std::max(worstDiff, verdict.maxAbsDiff);
      worstShare = std::min(worstShare, verdict.minShare);
      worstIoU = std::min(worstIoU, verdict.minIoU);
    }
    stepOk[i] = verdict.ok;
    std::cout << head.str() << verdict.line << std::endl;
  }
  for (const std::size_t reset : checkedByLaterSteps) {
    if (std::all_of(stepOk.begin() + reset + 1, stepOk.end(), [](bool ok) { return ok; })) continue;
    stepOk[reset] = false;
    std::cout << "step " << std::setw(2) << std::setfill('0') << reset << std::setfill(' ')
              << " reset       FAIL  a step after it differs from the recording" << std::endl;
  }
  matched = static_cast<int>(std::count(stepOk.begin(), stepOk.end(), true));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const bool allMatch = matched == static_cast<int>(steps.size());
  std::cout << (allMatch ? "MATCH " : "MISMATCH ") << matched << "/" << steps.size()
            << " steps match (" << dir.filename().string() << ", " << config.variant()
            << "): max|d| " << std::scientific << std::setprecision(2) << worstDiff << std::fixed
            << ", min within " << std::setprecision(3) << worstShare * 100.0 << "%, min IoU "
            << std::setprecision(4) << worstIoU << ", " << std::setprecision(1) << seconds << " s"
            << std::endl;
  return allMatch ? 0 : 1;
}

const CommandRegistration registration{
    {"replay", "replay FIXTURE_DIR [--precision fp32|bf16|auto]",
     "Re-run a recorded SAM 2 session fixture and compare every step with the recording",
     &runReplay}};

}  // namespace
}  // namespace masklet::cli
