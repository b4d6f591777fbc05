#pragma once
// Multimask pick: after a first click the CandidateStrip shows the three masks SAM 2 chose
// from (PromptController::candidatesOffered); keys 1/2/3 or a click on a thumbnail make that
// candidate the frame's prompt (PromptController::pickCandidate, undoable). The strip belongs
// to the frame it was offered on: it goes when the view moves to another frame, the video
// changes, or undo/redo changes that frame's prompts. GUI thread only.
#include <QImage>
#include <QList>
#include <QObject>

#include "ui/tracking/candidate_strip.h"

class QAction;
class QWidget;

namespace masklet::ui {

class DocumentModel;
class PromptController;
class SessionController;

class FrameView;

class CandidatePicker : public QObject {
  Q_OBJECT

 public:
  // The strip floats over `view`; pickActions[k] picks candidate k.
  CandidatePicker(FrameView* view, DocumentModel* model, PromptController* prompts,
                  SessionController* controller, const QList<QAction*>& pickActions,
                  QObject* parent = nullptr);

  // The frame the view shows now.
  void setCurrentFrame(int frame);
  // Candidate `index` of the strip becomes the frame's prompt; false when none is shown.
  bool pick(int index);
  CandidateStrip* strip() const { return m_strip; }

 private:
  void onOffered(int frame, int objectId, const std::vector<tracker::CandidateMask>& candidates);

  FrameView* m_view;
  DocumentModel* m_model;
  PromptController* m_prompts;
  CandidateStrip* m_strip;
  int m_currentFrame = -1;
  QImage m_picture;  // the current frame, for the thumbnails
};

}  // namespace masklet::ui
