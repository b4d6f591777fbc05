#include "cli/track/track_run.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include "cli/shared/export_options.h"
#include "cli/shared/model_lookup.h"
#include "common/error.h"
#include "dataset/dataset_format.h"
#include "model/precision.h"
#include "model/sam2_model.h"
#include "project/document.h"
#include "project/object_palette.h"
#include "project/project_file.h"
#include "project/prompts_file.h"
#include "project/signals_csv.h"
#include "tracker/compute_threads.h"
#include "tracker/frame_provider_video.h"
#include "tracker/frame_range_provider.h"
#include "tracker/result_recorder.h"
#include "tracker/video_engine.h"
#include "video/frame_image_provider.h"
#include "video/open_frame_source.h"

namespace fs = std::filesystem;

namespace masklet::cli {
namespace {

using project::Document;
using project::FramePrompts;
using project::PromptsFileStep;
using project::StepOp;
using Clock = std::chrono::steady_clock;

double since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The prompts file's object ids as the Document's: the ids used before the first reset are the
// Document's own ids; an id that comes back after its object was removed (or after a reset)
// gets a new one, since a Document never reuses ids.
class ObjectIds {
 public:
  ObjectIds(Document& document, ProgressLine& progress) : m_doc(document), m_progress(progress) {}

  // The objects the file names up to its first reset, created with the file's ids.
  void preload(const std::vector<PromptsFileStep>& steps, const project::VideoRef& video) {
    project::DocumentState state;
    state.video = video;
    state.categories = {dataset::defaultCategory()};
    std::set<int> seen;
    for (const auto& step : steps) {
      if (step.op == StepOp::Reset) break;
      if (step.op == StepOp::Remove || step.objectId <= 0 || !seen.insert(step.objectId).second)
        continue;
      project::ObjectInfo object;
      object.id = step.objectId;
      object.name = "object " + std::to_string(step.objectId);
      object.color = project::paletteColor(step.objectId);
      object.categoryId = state.categories.front().id;
      state.objects.push_back(object);
      state.nextObjectId = std::max(state.nextObjectId, step.objectId + 1);
    }
    m_doc.load(std::move(state));
    for (const auto& object : m_doc.objects()) m_live[object.id] = object.id;
  }

  // The Document id of a file id, creating the object when it is new.
  int forPrompt(int fileId, const PromptsFileStep& step) {
    if (auto it = m_live.find(fileId); it != m_live.end() && m_doc.hasObject(it->second))
      return it->second;
    const int id = m_doc.addObject("object " + std::to_string(fileId));
    m_live[fileId] = id;
    if (id != fileId)
      m_progress.note(project::stepName(step) + ": object " + std::to_string(fileId) +
                      " was removed before, so it is written as track " + std::to_string(id));
    return id;
  }

  // The Document id of an existing object, or 0.
  int existing(int fileId) const {
    auto it = m_live.find(fileId);
    return it != m_live.end() && m_doc.hasObject(it->second) ? it->second : 0;
  }

  void forget(int fileId) { m_live.erase(fileId); }
  void forgetAll() { m_live.clear(); }

 private:
  Document& m_doc;
  ProgressLine& m_progress;
  std::map<int, int> m_live;
};

class StepRunner {
 public:
  StepRunner(tracker::AnnotationEngine& engine, Document& document, ObjectIds& ids, int firstFrame,
             ProgressLine& progress, TrackSummary& summary)
      : m_engine(engine),
        m_doc(document),
        m_recorder(document),
        m_ids(ids),
        m_first(firstFrame),
        m_progress(progress),
        m_summary(summary) {}

  void run(const PromptsFileStep& step) {
    switch (step.op) {
      case StepOp::Points:
      case StepOp::Box:
      case StepOp::Mask:
        prompt(step);
        break;
      case StepOp::Propagate:
        propagate(step);
        break;
      case StepOp::Remove:
        remove(step);
        break;
      case StepOp::ClearFrame:
        clearFrame(step);
        break;
      case StepOp::Reset:
        reset();
        break;
    }
  }

 private:
  // --frames A-B makes the engine's frame 0 the video's frame A.
  int engineFrame(int videoFrame) const { return videoFrame - m_first; }

  void prompt(const PromptsFileStep& step) {
    const int id = m_ids.forPrompt(step.objectId, step);
    const FramePrompts before = m_doc.prompts(step.frame, id);
    // clear_old_points=True on a frame with points replaces them while the frame's mask still
    // guides the decoder (the reference); the input records it, so the history replays exactly.
    project::PromptInput input = step.input;
    input.clearOld = step.op == StepOp::Points && step.clearOldPoints;
    const tracker::DocumentFrame result =
        m_engine.addInput(engineFrame(step.frame), id, before, input).result;
    const char* text = step.op == StepOp::Mask  ? "Mask prompt"
                       : step.op == StepOp::Box ? "Box"
                                                : "Points";
    m_recorder.recordPrompt({text, step.frame, id, input, false, std::nullopt}, result);
  }

  void propagate(const PromptsFileStep& step) {
    tracker::PropagateRequest request;
    if (step.start) request.startFrame = engineFrame(*step.start);
    if (step.maxFrames) request.maxFrames = *step.maxFrames;
    request.reverse = step.reverse;
    const std::string text = step.reverse ? "Track backward" : "Track forward";
    m_progress.begin(project::stepName(step), 0);
    const auto started = Clock::now();
    m_recorder.beginRun(text);
    tracker::PropagateResult result;
    try {
      result = m_engine.propagate(
          request,
          [&](const tracker::DocumentFrame& frame) {
            m_recorder.recordTracked(text, frame.frame + m_first, frame.masks);
          },
          [&](int64_t done, int64_t total) {
            m_progress.setTotal(total);
            m_progress.update(done);
          });
    } catch (...) {
      m_recorder.endRun();
      throw;
    }
    m_recorder.endRun();
    const double seconds = since(started);
    m_summary.propagateSeconds += seconds;
    m_summary.framesTracked += static_cast<int>(result.framesDone);
    m_progress.update(result.framesDone);
    m_progress.finish(
        seconds > 0 ? std::to_string(result.framesDone / seconds).substr(0, 5) + " frames/s" : "");
  }

  void remove(const PromptsFileStep& step) {
    const int id = m_ids.existing(step.objectId);
    if (id == 0) {
      if (step.strict) throw Error("object " + std::to_string(step.objectId) + " does not exist");
      return;  // the reference ignores unknown ids
    }
    auto frames = m_engine.removeObject(id);
    for (auto& frame : frames) frame.frame += m_first;
    m_recorder.recordRemoval("Remove object", id, frames);
    m_ids.forget(step.objectId);
  }

  void clearFrame(const PromptsFileStep& step) {
    const int id = m_ids.forPrompt(step.objectId, step);
    const auto result = m_engine.setPrompts(engineFrame(step.frame), id, FramePrompts{}).result;
    m_recorder.recordPrompt({"Clear prompts", step.frame, id, std::nullopt, false, std::nullopt},
                            result);
  }

  void reset() {
    m_engine.reset();
    m_doc.beginGroup("Reset");
    std::vector<int> ids;
    for (const auto& object : m_doc.objects()) ids.push_back(object.id);
    for (int id : ids) m_doc.removeObject(id);
    m_doc.endGroup();
    m_ids.forgetAll();
  }

  tracker::AnnotationEngine& m_engine;
  Document& m_doc;
  tracker::ResultRecorder m_recorder;
  ObjectIds& m_ids;
  int m_first;
  ProgressLine& m_progress;
  TrackSummary& m_summary;
};

// The Document's annotation, plus the frames where every object was tracked as absent (an
// annotated frame with no masks, so readers see the frame was looked at).
dataset::VideoAnnotation annotationOf(const Document& document) {
  dataset::VideoAnnotation annotation = document.toAnnotation();
  for (const auto& [key, mask] : document.state().masks) annotation.frames[key.first];
  return annotation;
}

}  // namespace

TrackSummary runTrack(const TrackOptions& options, ProgressLine& progress) {
  TrackSummary summary;
  // Everything that can be checked without the model first: a bad prompts file costs nothing.
  const auto format = dataset::parseFormatName(options.format);
  const auto precisionRequest = model::parsePrecisionRequest(options.precision);
  const auto steps = project::readPromptsFile(options.prompts);
  auto source = video::openFrameSource(options.video);
  const int frameCount = static_cast<int>(source->frameCount());
  int first = 0, last = frameCount - 1;
  if (options.frames) {
    first = options.frames->first;
    last = options.frames->second < 0 ? frameCount - 1 : options.frames->second;
    if (first >= frameCount || last >= frameCount)
      throw Error("--frames " + std::to_string(first) + "-" + std::to_string(last) + ": " +
                  options.video + " has frames 0-" + std::to_string(frameCount - 1));
  }
  project::validatePromptsFile(steps, {source->width(), source->height(), first, last},
                               options.prompts + ":");
  const ModelFiles files = locateModel(options.checkpoint, options.config, options.model);

  project::VideoRef video;
  video.path = fs::absolute(options.video).lexically_normal().string();
  video.name = fs::path(options.video).lexically_normal().filename().empty()
                   ? fs::path(options.video).lexically_normal().parent_path().filename().string()
                   : fs::path(options.video).stem().string();
  video.width = source->width();
  video.height = source->height();
  video.frameCount = frameCount;
  video.fps = source->fps();

  if (options.threads > 0) tracker::configureComputeThreads(options.threads);
  torch::NoGradGuard noGrad;
  std::shared_ptr<const model::Sam2Model> model =
      model::Sam2Model::load(files.checkpoint, files.config);
  const auto precision = model::choosePrecision(precisionRequest, model->device());
  summary.precision = precision.reason;
  progress.note("model " + files.checkpoint + " (" + model->config().variant() + "), precision " +
                precision.reason);
  auto frames = std::make_shared<tracker::FrameRangeProvider>(
      std::make_shared<tracker::VideoFrameProvider>(std::move(source),
                                                    static_cast<int>(model->config().image_size)),
      first, last - first + 1);
  auto sessionOptions = tracker::VideoTrackingOptions::forModel(model->config());
  sessionOptions.precision = precision.precision;
  // A correction becomes a conditioning frame (kept by later propagations), as in the GUI,
  // unless the official predictor's own default is asked for.
  sessionOptions.addAllFramesToCorrectAsCond = options.corrections == Corrections::Keep;
  tracker::VideoEngine engine(
      std::make_unique<tracker::VideoSession>(model, frames, sessionOptions));

  Document document;
  ObjectIds ids(document, progress);
  ids.preload(steps, video);
  StepRunner runner(engine, document, ids, first, progress, summary);
  const auto started = Clock::now();
  for (const auto& step : steps) {
    try {
      runner.run(step);
    } catch (const Error& e) {
      throw Error(options.prompts + ": " + project::stepName(step) + ": " + e.what());
    }
    ++summary.steps;
  }
  summary.trackingSeconds = since(started);

  const dataset::VideoAnnotation annotation = annotationOf(document);
  summary.objects = static_cast<int>(annotation.objects.size());
  summary.framesAnnotated = static_cast<int>(annotation.frames.size());
  for (const auto& [frame, masks] : annotation.frames)
    summary.masks += static_cast<int>(masks.size());
  const fs::path out(options.out);
  if (out.has_parent_path()) fs::create_directories(out.parent_path());
  // The training layouts carry the tracked frames as images (from a source of their own).
  dataset::DatasetWriteOptions writeOptions;
  for (const auto& [flag, value] : options.exportFlags) applyExportFlag(flag, value, writeOptions);
  if (dataset::isTrainingFormat(format))
    writeOptions.images.provider = video::openFrameImageProvider(options.video);
  const std::string written = dataset::writeDataset(annotation, out, format, writeOptions);
  progress.note("wrote " + written);
  if (!options.saveProject.empty()) {
    const fs::path projectPath(options.saveProject);
    if (projectPath.has_parent_path()) fs::create_directories(projectPath.parent_path());
    project::saveDocument(document, projectPath);
    document.markSaved();
    progress.note("wrote project " + projectPath.string());
  }
  if (!options.signals.empty()) {
    const fs::path signalsPath(options.signals);
    if (signalsPath.has_parent_path()) fs::create_directories(signalsPath.parent_path());
    project::writeSignalsCsv(signalsPath, document.state(), project::ReviewThresholds{});
    progress.note("wrote signals " + signalsPath.string());
  }
  return summary;
}

}  // namespace masklet::cli
