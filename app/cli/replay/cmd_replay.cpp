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
#include "cli/replay/replay_image.h"
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
using tracker::FrameMasks;

// What one step produced, in the trace's layout.
struct StepOutput {
  std::optional<std::vector<int64_t>> objIds;
  std::optional<std::vector<int64_t>> frames;
  torch::Tensor masks;  // [objects, 1, H, W] or [frames, objects, 1, H, W]
};

struct StepVerdict {
  bool ok = true;
  std::string line;
  double maxAbsDiff = 0.0;
  double minShare = 1.0;
  double minIoU = 1.0;
};

std::string requireFile(const fs::path& dir, const std::string& name) {
  const fs::path path = dir / name;
  if (!fs::is_regular_file(path))
    throw Error("replay: " + path.string() + " is missing (a fixture folder holds checkpoint.pt, " +
                "config.yaml, session.json and trace.pt)");
  return path.string();
}

json readJson(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error("replay: cannot open " + path);
  try {
    return json::parse(in);
  } catch (const json::exception& e) {
    throw Error("replay: " + path + " is not valid JSON: " + e.what());
  }
}

// A typed field of a step, naming the step and key when it is missing or wrong.
template <typename T>
T field(const json& step, const std::string& key, const std::string& where) {
  if (!step.contains(key) || step[key].is_null())
    throw Error("replay: session.json " + where + " has no \"" + key + "\"");
  try {
    return step[key].get<T>();
  } catch (const json::exception& e) {
    throw Error("replay: session.json " + where + " key \"" + key + "\": " + e.what());
  }
}

template <typename T>
std::optional<T> optionalField(const json& step, const std::string& key, const std::string& where) {
  if (!step.contains(key) || step[key].is_null()) return std::nullopt;
  return field<T>(step, key, where);
}

const torch::Tensor& traceTensor(const model::TensorMap& trace, const std::string& key) {
  auto it = trace.find(key);
  if (it == trace.end()) throw Error("replay: trace.pt has no tensor \"" + key + "\"");
  return it->second;
}

std::vector<int64_t> toIds(const torch::Tensor& t) {
  const auto flat = t.to(torch::kLong).flatten().contiguous();
  return {flat.data_ptr<int64_t>(), flat.data_ptr<int64_t>() + flat.numel()};
}

// The session's options: the model config's predictor values, overridden by session.json's
// `predictor`. Options that belong to the (immutable) model must agree with config.yaml.
tracker::VideoTrackingOptions sessionOptions(const json& session,
                                             const model::ModelConfig& config) {
  auto options = tracker::VideoTrackingOptions::forModel(config);
  options.addAllFramesToCorrectAsCond = config.add_all_frames_to_correct_as_cond;
  if (!session.contains("predictor")) return options;
  const json& predictor = session["predictor"];
  const std::string where = "predictor";
  auto modelOption = [&](const std::string& key, double modelValue) {
    const json& raw = predictor[key];
    const double value =
        raw.is_boolean() ? (raw.get<bool>() ? 1.0 : 0.0) : field<double>(predictor, key, where);
    if (std::abs(value - modelValue) > 1e-12)
      throw Error("replay: session.json predictor." + key + " = " + std::to_string(value) +
                  " but the model config has " + std::to_string(modelValue) +
                  "; model options come from config.yaml, make them agree");
  };
  for (const auto& [key, value] : predictor.items()) {
    if (key == "fill_hole_area") {
      options.fillHoleArea = field<int64_t>(predictor, key, where);
    } else if (key == "non_overlap_masks") {
      options.nonOverlapMasks = field<bool>(predictor, key, where);
    } else if (key == "add_all_frames_to_correct_as_cond") {
      options.addAllFramesToCorrectAsCond = field<bool>(predictor, key, where);
    } else if (key == "clear_non_cond_mem_around_input") {
      options.clearNonCondMemAroundInput = field<bool>(predictor, key, where);
    } else if (key == "binarize_mask_from_pts_for_mem_enc") {
      modelOption(key, config.binarize_mask_from_pts_for_mem_enc ? 1.0 : 0.0);
    } else if (key == "dynamic_multimask_via_stability") {
      modelOption(key, config.sam_mask_decoder_extra_args.dynamic_multimask_via_stability);
    } else if (key == "dynamic_multimask_stability_delta") {
      modelOption(key, config.sam_mask_decoder_extra_args.dynamic_multimask_stability_delta);
    } else if (key == "dynamic_multimask_stability_thresh") {
      modelOption(key, config.sam_mask_decoder_extra_args.dynamic_multimask_stability_thresh);
    } else {
      std::cout << "note: session.json predictor." << key << " is not a result-changing option "
                << "Masklet knows; ignored\n";
    }
  }
  return options;
}

StepOutput fromFrameMasks(const FrameMasks& masks) {
  return StepOutput{masks.objectIds, std::nullopt, masks.maskLogits};
}

StepOutput runStep(tracker::VideoSession& session, const json& step, const std::string& op,
                   const std::string& where, const std::string& prefix,
                   const model::TensorMap& trace) {
  if (op == "points" || op == "box") {
    tracker::PointPrompt prompt;
    if (step.contains("points") && !step["points"].is_null()) {
      for (const auto& p : field<std::vector<std::vector<double>>>(step, "points", where)) {
        if (p.size() != 2) throw Error("replay: session.json " + where + ": a point needs [x, y]");
        prompt.points.push_back({static_cast<float>(p[0]), static_cast<float>(p[1])});
      }
      prompt.labels = field<std::vector<int>>(step, "labels", where);
    }
    if (op == "box") {
      const auto box = field<std::vector<double>>(step, "box", where);
      if (box.size() != 4)
        throw Error("replay: session.json " + where + ": \"box\" needs [x0, y0, x1, y1]");
      prompt.box = tracker::PromptBox{static_cast<float>(box[0]), static_cast<float>(box[1]),
                                      static_cast<float>(box[2]), static_cast<float>(box[3])};
    }
    prompt.clearOldPoints = optionalField<bool>(step, "clear", where).value_or(true);
    return fromFrameMasks(session.addPoints(field<int64_t>(step, "frame", where),
                                            field<int64_t>(step, "obj", where), prompt));
  }
  if (op == "mask") {
    const auto& mask = traceTensor(trace, prefix + ".input_mask");
    return fromFrameMasks(session.addMask(field<int64_t>(step, "frame", where),
                                          field<int64_t>(step, "obj", where), mask));
  }
  if (op == "propagate") {
    tracker::PropagateRequest request;
    request.startFrame = optionalField<int64_t>(step, "start", where);
    request.maxFrames = optionalField<int64_t>(step, "max_frames", where);
    request.reverse = optionalField<bool>(step, "reverse", where).value_or(false);
    StepOutput out;
    out.frames.emplace();
    std::vector<torch::Tensor> masks;
    session.propagate(request, [&](const FrameMasks& frame) {
      out.frames->push_back(frame.frame);
      out.objIds = frame.objectIds;
      masks.push_back(frame.maskLogits);
    });
    if (!out.objIds) out.objIds = session.objectIds();
    if (!masks.empty()) out.masks = torch::stack(masks, 0);
    return out;
  }
  if (op == "remove") {
    const auto result =
        session.removeObject(field<int64_t>(step, "obj", where),
                             optionalField<bool>(step, "strict", where).value_or(false));
    StepOutput out;
    out.objIds = result.objectIds;
    out.frames.emplace();
    std::vector<torch::Tensor> masks;
    for (const auto& frame : result.updatedFrames) {
      out.frames->push_back(frame.frame);
      masks.push_back(frame.maskLogits);
    }
    if (!masks.empty()) out.masks = torch::stack(masks, 0);
    return out;
  }
  if (op == "clear_frame") {
    return fromFrameMasks(session.clearFramePrompts(field<int64_t>(step, "frame", where),
                                                    field<int64_t>(step, "obj", where)));
  }
  if (op == "reset") {
    session.reset();
    StepOutput out;
    out.objIds = session.objectIds();
    return out;
  }
  throw Error("replay: session.json " + where + " has an unknown op \"" + op +
              "\" (known: points, box, mask, propagate, remove, clear_frame, reset)");
}

bool hasRecord(const model::TensorMap& trace, const std::string& prefix) {
  return trace.count(prefix + ".obj_ids") || trace.count(prefix + ".frames") ||
         trace.count(prefix + ".masks");
}

StepVerdict compareStep(const StepOutput& out, const std::string& prefix,
                        const model::TensorMap& trace, const tracker::MaskTolerance& tolerance) {
  StepVerdict verdict;
  std::ostringstream notes;
  auto fail = [&](const std::string& why) {
    verdict.ok = false;
    notes << "; " << why;
  };
  if (auto it = trace.find(prefix + ".obj_ids"); it != trace.end()) {
    const auto expected = toIds(it->second);
    if (!out.objIds || *out.objIds != expected)
      fail("object ids " + (out.objIds ? listText(*out.objIds) : std::string("none")) +
           ", expected " + listText(expected));
  }
  if (auto it = trace.find(prefix + ".frames"); it != trace.end()) {
    const auto expected = toIds(it->second);
    if (!out.frames || *out.frames != expected)
      fail("frames " + (out.frames ? listText(*out.frames) : std::string("none")) + ", expected " +
           listText(expected));
  }
  if (!hasRecord(trace, prefix))
    fail("trace.pt has no record of " + prefix + " (obj_ids, frames or masks)");
  std::ostringstream stats;
  if (auto it = trace.find(prefix + ".masks"); it != trace.end()) {
    const auto cmp = tracker::compareMaskLogits(out.masks, it->second, tolerance);
    verdict.maxAbsDiff = cmp.maxAbsDiff;
    verdict.minShare = cmp.minShareWithin;
    verdict.minIoU = cmp.minIoU;
    if (!cmp.ok()) fail(cmp.problem);
    if (cmp.shapeMatches)
      stats << "max|d| " << std::scientific << std::setprecision(2) << cmp.maxAbsDiff << std::fixed
            << "  within " << std::setprecision(3) << cmp.minShareWithin * 100.0 << "%  min IoU "
            << std::setprecision(4) << cmp.minIoU << "  (" << cmp.masksCompared << " masks)";
  } else {
    stats << "no masks recorded";
  }
  verdict.line = (verdict.ok ? "ok    " : "FAIL  ") + stats.str() + notes.str();
  return verdict;
}

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
  const std::string checkpoint = requireFile(dir, "checkpoint.pt");
  const std::string configYaml =
      fs::is_regular_file(dir / "config.yaml") ? (dir / "config.yaml").string() : "";
  const json session = readJson(requireFile(dir, "session.json"));
  const auto trace = model::readTensorFile(requireFile(dir, "trace.pt"));

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
  auto options = sessionOptions(session, config);
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
