// The window redraws from document changes: the objects on the timeline, the current frame's
// overlay and prompts, the Undo / Redo texts.
#include <QAction>

#include <set>

#include "dataset/rle.h"
#include "ui/canvas/frame_view.h"
#include "ui/canvas/mask_images.h"
#include "ui/objects/document_model.h"
#include "ui/objects/object_panel.h"
#include "ui/timeline/playback_controller.h"
#include "ui/timeline/timeline.h"
#include "ui/tracking/prompt_controller.h"
#include "ui/window/main_window.h"

namespace masklet::ui {
namespace {
// Masks the user made (painted, imported) rather than the tracker.
bool isEditedSource(project::MaskSource source) {
  return source == project::MaskSource::Edited || source == project::MaskSource::Imported;
}
}  // namespace

void MainWindow::connectDocument() {
  connect(m_model, &DocumentModel::changed, this, &MainWindow::onDocumentChanged);
}

void MainWindow::onDocumentChanged(const project::DocumentChange& change) {
  using Kind = project::DocumentChange::Kind;
  if (change.kind == Kind::Reset) m_timeline->clearObjects();
  if (!change.objectsChanged.empty() || change.kind == Kind::Reset) refreshObjects();
  std::set<int> promptedObjects;
  for (const auto& key : change.promptsChanged) promptedObjects.insert(key.second);
  if (!change.promptsChanged.empty()) m_playback->stop();  // a prompt (or its undo) ends playback
  // A tracked frame touches one mask per object: mark it, no need to redraw whole lanes.
  bool currentFrameChanged = false;
  for (const auto& key : change.masksChanged) {
    const auto* mask = document().mask(key.first, key.second);
    m_timeline->markMask(key.second, key.first, mask != nullptr && dataset::rleArea(mask->rle) > 0,
                         mask != nullptr && isEditedSource(mask->source));
    currentFrameChanged = currentFrameChanged || key.first == m_currentFrame;
  }
  for (const int objectId : promptedObjects) refreshTimeline(objectId);
  for (const auto& key : change.promptsChanged)
    currentFrameChanged = currentFrameChanged || key.first == m_currentFrame;
  if (currentFrameChanged || !change.objectsChanged.empty() || change.kind == Kind::Reset)
    refreshOverlay();
  refreshUndoActions();
}

void MainWindow::refreshObjects() {
  const auto& objects = document().objects();
  for (const auto& object : objects) {
    m_timeline->setObject(object.id, QString::fromStdString(object.name),
                          QColor(QRgb(0xff000000u | object.color)), object.visible);
    refreshTimeline(object.id);
  }
  // Objects the timeline still lists but the document no longer has (removed, undone); the
  // object panel follows the document itself.
  for (int id = 1; id < document().nextObjectId(); ++id) {
    if (!document().hasObject(id)) m_timeline->removeObject(id);
  }
}

void MainWindow::refreshUndoActions() {
  const auto& doc = document();
  const bool idle = !m_prompts->isPropagating();
  m_actions.undo->setEnabled(idle && doc.canUndo());
  m_actions.redo->setEnabled(idle && doc.canRedo());
  m_actions.undo->setText(doc.canUndo() ? tr("&Undo %1").arg(QString::fromStdString(doc.undoText()))
                                        : tr("&Undo"));
  m_actions.redo->setText(doc.canRedo() ? tr("&Redo %1").arg(QString::fromStdString(doc.redoText()))
                                        : tr("&Redo"));
}

void MainWindow::refreshOverlay() {
  const int active = m_objectPanel->activeObject();
  const auto* activeMask = document().mask(m_currentFrame, active);
  m_frameView->setActiveObject(active,
                               activeMask != nullptr ? maskImage(activeMask->rle) : QImage());
  m_frameView->setObjectColors(objectColors(document()));
  m_frameView->setMasks(masksOnFrame(document(), m_currentFrame));
  m_frameView->setPrompts(promptMarkersOnFrame(document(), m_currentFrame));
}

void MainWindow::refreshTimeline(int objectId) {
  std::vector<int> tracked;
  std::vector<int> edited;
  for (const auto& [key, mask] : document().state().masks) {
    if (key.second != objectId) continue;
    if (dataset::rleArea(mask.rle) > 0) tracked.push_back(key.first);
    if (isEditedSource(mask.source)) edited.push_back(key.first);
  }
  m_timeline->setObjectFrames(objectId, tracked, document().framesWithPrompts(objectId), edited);
}

}  // namespace masklet::ui
