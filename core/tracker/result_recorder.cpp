#include "tracker/result_recorder.h"

namespace masklet::tracker {

using project::FramePrompts;
using project::MaskSource;
using project::ObjectMask;

void ResultRecorder::ownChange(const std::function<void()>& change) {
  ++m_recording;
  try {
    change();
  } catch (...) {
    --m_recording;
    throw;
  }
  --m_recording;
}

std::map<int, ObjectMask> ResultRecorder::keepEdited(int frame,
                                                     const std::map<int, ObjectMask>& masks,
                                                     int promptedObject) const {
  std::map<int, ObjectMask> kept;
  for (const auto& [objectId, mask] : masks) {
    const auto* current = m_document.mask(frame, objectId);
    if (objectId != promptedObject && current != nullptr && current->source == MaskSource::Edited)
      continue;
    kept.emplace(objectId, mask);
  }
  return kept;
}

void ResultRecorder::recordPrompt(const PromptRecord& record, const DocumentFrame& answer) {
  ownChange([&] {
    const bool grouped = !m_document.inGroup();
    if (grouped) m_document.beginGroup(record.text);
    if (record.newObject && !m_document.hasObject(record.objectId))
      m_document.addObject("", 0, record.objectId);
    // What the engine now has: the Document's prompts plus this input, in the order accepted.
    const FramePrompts after =
        record.input ? m_document.prompts(record.frame, record.objectId).with(*record.input)
                     : FramePrompts{};
    m_document.applyPromptResult(record.text, record.frame, record.objectId, after,
                                 keepEdited(record.frame, answer.masks, record.objectId));
    if (record.accepted)
      m_document.setMask(record.text, record.frame, record.objectId, *record.accepted);
    if (grouped) m_document.endGroup();
  });
}

void ResultRecorder::beginRun(const std::string& text) {
  ownChange([&] { m_document.beginGroup(text); });
}

void ResultRecorder::recordTracked(const std::string& text, int frame,
                                   const std::map<int, ObjectMask>& masks) {
  auto kept = keepEdited(frame, masks);
  // A run passes through the prompted frames too: their masks stay the prompts' result.
  for (auto& [objectId, mask] : kept)
    if (!m_document.prompts(frame, objectId).inputs.empty()) mask.source = MaskSource::Prompted;
  ownChange([&] { m_document.setMasks(text, frame, kept); });
}

void ResultRecorder::endRun() {
  ownChange([&] { m_document.endGroup(); });
}

void ResultRecorder::recordRemoval(const std::string& text, int objectId,
                                   const std::vector<DocumentFrame>& frames) {
  if (frames.empty()) {
    ownChange([&] { m_document.removeObject(objectId); });
    return;
  }
  beginRun(text);
  try {
    ownChange([&] { m_document.removeObject(objectId); });
    for (const auto& frame : frames) recordTracked(text, frame.frame, frame.masks);
  } catch (...) {
    endRun();
    throw;
  }
  endRun();
}

void ResultRecorder::recordMask(const std::string& text, int frame, int objectId,
                                const ObjectMask& mask) {
  ownChange([&] { m_document.setMask(text, frame, objectId, mask); });
}

std::vector<int> ResultRecorder::recordMaskObjects(const std::string& text, int frame,
                                                   const std::vector<dataset::Rle>& masks) {
  std::vector<int> ids;
  if (masks.empty()) return ids;
  ownChange([&] {
    m_document.beginGroup(text);
    for (const auto& rle : masks) {
      const int id = m_document.addObject();
      project::PromptInput input;
      input.mask = rle;
      ObjectMask mask;
      mask.rle = rle;
      mask.source = MaskSource::Prompted;
      m_document.applyPromptResult(text, frame, id, FramePrompts{}.with(input), {{id, mask}});
      ids.push_back(id);
    }
    m_document.endGroup();
  });
  return ids;
}

}  // namespace masklet::tracker
