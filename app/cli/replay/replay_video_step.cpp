#include "cli/replay/replay_video_step.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "cli/replay/replay_fixture.h"
#include "common/error.h"
#include "common/list_text.h"
#include "tracker/frame_provider.h"

namespace masklet::cli {

namespace {

using nlohmann::json;
using tracker::FrameMasks;

StepOutput fromFrameMasks(const FrameMasks& masks) {
  return StepOutput{masks.objectIds, std::nullopt, masks.maskLogits};
}

}  // namespace

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

}  // namespace masklet::cli
