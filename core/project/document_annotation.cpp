// The Document as the dataset writers see it: the conversion to a VideoAnnotation.
#include "dataset/rle.h"
#include "project/document.h"

namespace masklet::project {

dataset::VideoAnnotation Document::toAnnotation() const {
  dataset::VideoAnnotation out;
  out.video.name = m_state.video.name;
  out.video.width = m_state.video.width;
  out.video.height = m_state.video.height;
  out.video.frameCount = m_state.video.frameCount;
  out.video.fps = m_state.video.fps;
  out.categories = m_state.categories;
  for (const auto& object : m_state.objects) {
    dataset::AnnotatedObject annotated;
    annotated.trackId = object.id;
    annotated.name = object.name;
    annotated.categoryId = object.categoryId;
    out.objects.push_back(annotated);
  }
  for (const auto& [key, mask] : m_state.masks) {
    if (dataset::rleArea(mask.rle) == 0) continue;
    dataset::MaskAnnotation annotated;
    annotated.rle = mask.rle;
    annotated.predictedIou = mask.quality.predictedIou;
    annotated.objectScore = mask.quality.objectScore;
    annotated.edited = mask.source == MaskSource::Prompted || mask.source == MaskSource::Edited;
    const auto prompts = m_state.prompts.find(key);
    if (prompts != m_state.prompts.end()) annotated.points = prompts->second.allPoints();
    out.frames[key.first][key.second] = std::move(annotated);
  }
  return out;
}

}  // namespace masklet::project
