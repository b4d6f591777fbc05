#include "ui/tracking/candidate_picker.h"

#include <QAction>

#include "ui/canvas/frame_view.h"
#include "ui/canvas/mask_images.h"
#include "ui/objects/document_model.h"
#include "ui/objects/object_colors.h"
#include "ui/tracking/prompt_controller.h"
#include "ui/workers/frame_loader.h"
#include "ui/workers/session_controller.h"

namespace masklet::ui {

CandidatePicker::CandidatePicker(FrameView* view, DocumentModel* model, PromptController* prompts,
                                 SessionController* controller, const QList<QAction*>& pickActions,
                                 QObject* parent)
    : QObject(parent),
      m_view(view),
      m_model(model),
      m_prompts(prompts),
      m_strip(new CandidateStrip(view)) {
  connect(m_prompts, &PromptController::candidatesOffered, this, &CandidatePicker::onOffered);
  connect(m_prompts, &PromptController::candidatePicked, this,
          [this](int frame, int objectId, int index) {
            if (frame == m_strip->frame() && objectId == m_strip->objectId())
              m_strip->setChosen(index);
          });
  connect(m_strip, &CandidateStrip::candidatePicked, this, &CandidatePicker::pick);
  for (int k = 0; k < pickActions.size(); ++k)
    connect(pickActions[k], &QAction::triggered, this, [this, k] { pick(k); });
  connect(controller->frames(), &FrameLoader::frameLoaded, this,
          [this](int frame, const QImage& image) {
            if (frame == m_currentFrame) m_picture = image;
          });
  connect(m_model, &DocumentModel::changed, this, [this](const project::DocumentChange& change) {
    using Kind = project::DocumentChange::Kind;
    const bool touched =
        change.promptsChanged.count({m_strip->frame(), m_strip->objectId()}) != 0 ||
        change.objectsChanged.count(m_strip->objectId()) != 0;
    if (change.kind == Kind::Reset || ((change.kind != Kind::Edit) && touched)) m_strip->clear();
  });
}

void CandidatePicker::setCurrentFrame(int frame) {
  if (frame != m_currentFrame) m_picture = QImage();
  m_currentFrame = frame;
  if (m_strip->hasCandidates() && m_strip->frame() != frame) m_strip->clear();
}

bool CandidatePicker::pick(int index) {
  if (!m_strip->hasCandidates() || index < 0 || index >= m_strip->count()) return false;
  return m_prompts->pickCandidate(index);
}

void CandidatePicker::onOffered(int frame, int objectId,
                                const std::vector<tracker::CandidateMask>& candidates) {
  if (candidates.empty() || frame != m_currentFrame) {
    if (m_strip->frame() == frame && m_strip->objectId() == objectId) m_strip->clear();
    return;
  }
  const QColor given = objectColors(m_model->document()).value(objectId);
  // The frame's picture when it came from the loader since the view moved here, else what the
  // view shows (a frame the view reached without a new load, e.g. following a tracking run).
  const QImage& picture = m_picture.isNull() ? m_view->frameImage() : m_picture;
  m_strip->showCandidates(frame, objectId, candidates, picture,
                          given.isValid() ? given : colorForObject(objectId));
}

}  // namespace masklet::ui
