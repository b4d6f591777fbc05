// masklet-cli replay FIXTURE_DIR for an image-predictor fixture: re-runs the recorded
// SAM2ImagePredictor session (set_image / predict / set_image_batch / predict_batch) through
// tracker::ImageSession and compares every call at the fixture bounds: model input, image
// embedding, masks, scores and low-res logits, and the same refusals.
#include "cli/replay/replay_image.h"
#include "cli/shared/command.h"
#include "cli/shared/option_parser.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>

#include "cli/replay/replay_image_steps.h"
#include "common/error.h"
#include "model/precision.h"
#include "model/sam2_model.h"
#include "model/torch_error.h"

namespace masklet::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct ImageReplayArgs {
  fs::path dir;
  model::PrecisionRequest precision = model::PrecisionRequest::Fp32;
  bool help = false;
};

ImageReplayArgs parseArgs(const std::vector<std::string>& args) {
  ImageReplayArgs out;
  OptionParser({"{} needs a value", "replay: unexpected argument '{}' (see replay --help)",
                OptionParser::Unknown::Refused})
      .flag("--help", out.help)
      .flag("-h", out.help)
      .custom("--precision",
              [&](const std::string& flag, const std::string& value) {
                out.precision =
                    parseOptionValue(flag, [&] { return model::parsePrecisionRequest(value); });
              })
      .whenMissing("replay: --precision needs a value (fp32 or bf16)")
      .positional([&](const std::string& arg) {
        if (!out.dir.empty())
          throw UsageError("replay: unexpected argument '" + arg + "' (see replay --help)");
        out.dir = fs::path(arg).lexically_normal();
        if (out.dir.filename().empty()) out.dir = out.dir.parent_path();
      })
      .parse(args);
  return out;
}

std::optional<json> readSession(const fs::path& dir) {
  std::ifstream in(dir / "session.json");
  if (!in) return std::nullopt;
  try {
    return json::parse(in);
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

std::string requireFile(const fs::path& dir, const std::string& name) {
  const fs::path path = dir / name;
  if (!fs::is_regular_file(path))
    throw Error("replay: " + path.string() + " is missing (an image fixture holds " +
                "checkpoint.pt, config.yaml, session.json, trace.pt and images/)");
  return path.string();
}

}  // namespace

bool isImagePredictorReplay(const std::vector<std::string>& args) {
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--precision") {
      ++i;
      continue;
    }
    if (args[i].rfind("-", 0) == 0) continue;
    const auto session = readSession(fs::path(args[i]));
    return session && session->is_object() && session->value("kind", "") == "image_predictor";
  }
  return false;
}

int runImageReplay(const std::vector<std::string>& args) {
  const auto parsed = parseArgs(args);
  if (parsed.help || parsed.dir.empty()) {
    std::cout << "usage: masklet-cli replay FIXTURE_DIR [--precision fp32|bf16|auto]\n"
              << "Re-runs a recorded SAM 2 image-predictor session and compares every call\n"
              << "(bf16: masks at the fixtures' bfloat16 bound, scores and embedding reported).\n";
    return parsed.help ? 0 : 2;
  }
  const auto started = std::chrono::steady_clock::now();
  const fs::path& dir = parsed.dir;
  const std::string checkpoint = requireFile(dir, "checkpoint.pt");
  const std::string configYaml = requireFile(dir, "config.yaml");
  const auto session = readSession(dir);
  if (!session) throw Error("replay: " + (dir / "session.json").string() + " is not valid JSON");
  const auto trace = model::readTensorFile(requireFile(dir, "trace.pt"));
  std::shared_ptr<const model::Sam2Model> model = model::Sam2Model::load(checkpoint, configYaml);
  if (session->contains("image_size") &&
      (*session)["image_size"].get<int64_t>() != model->config().image_size)
    throw Error("replay: session.json image_size " + (*session)["image_size"].dump() +
                " differs from the model's " + std::to_string(model->config().image_size));
  if (!session->contains("steps") || !(*session)["steps"].is_array())
    throw Error("replay: session.json has no \"steps\" list");

  const auto precision = model::choosePrecision(parsed.precision, model->device()).precision;
  tracker::ImageSession imageSession(model, precision);
  ImageReplayRunner runner(dir, *session, trace, imageSession);
  ImageReplayStats stats;
  const json& steps = (*session)["steps"];
  size_t matched = 0;
  for (size_t i = 0; i < steps.size(); ++i) {
    const json& step = steps[i];
    const std::string op = step.value("op", "?");
    char prefix[32];
    std::snprintf(prefix, sizeof(prefix), "step%02zu.", i);
    const bool refusedByReference =
        (step.contains("expect_error") && !step["expect_error"].is_null()) ||
        trace.count(prefix + op + ".error") != 0;
    std::optional<std::string> refusal;
    try {
      runner.run(i);
    } catch (const Error& e) {
      refusal = e.what();
    } catch (const c10::Error& e) {
      refusal = internalErrorLine(model::internalErrorWithTorch(e));
    }
    ImageStepVerdict verdict;
    if (refusedByReference) {
      verdict.ok = refusal.has_value();
      verdict.line = verdict.ok ? "ok    refused as the reference: " + *refusal
                                : "FAIL  the reference refused this step (" +
                                      step.value("expect_error", std::string("error")) +
                                      ") but Masklet ran it";
    } else if (refusal) {
      verdict.ok = false;
      verdict.line = "FAIL  refused: " + *refusal;
    } else {
      verdict = runner.compare(i, stats);
    }
    if (verdict.ok) ++matched;
    std::cout << "step " << std::setw(2) << std::setfill('0') << i << std::setfill(' ') << " "
              << std::left << std::setw(15) << op << std::right << " " << verdict.line << std::endl;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const bool allMatch = matched == steps.size();
  std::cout << (allMatch ? "MATCH " : "MISMATCH ") << matched << "/" << steps.size()
            << " steps match (" << dir.filename().string() << ", image predictor, "
            << model->config().variant() << ", " << model::toString(precision) << "): masks max|d| "
            << std::scientific << std::setprecision(2) << stats.maskMaxAbsDiff << std::fixed
            << ", min within " << std::setprecision(3) << stats.maskMinShare * 100.0
            << "%, min IoU " << std::setprecision(4) << stats.maskMinIoU << ", scores max|d| "
            << std::scientific << std::setprecision(2) << stats.scoreMaxAbsDiff
            << ", low-res max|d| " << stats.lowResMaxAbsDiff << ", embed max|d| "
            << stats.embedMaxAbsDiff << ", input mean|d| " << stats.inputMeanAbsDiff << std::fixed
            << ", " << std::setprecision(1) << seconds << " s" << std::endl;
  return allMatch ? 0 : 1;
}

}  // namespace masklet::cli
