#pragma once
// The main window's file habits around the ProjectController: File ▸ Open Recent, opening what
// is dropped on the window, the Save / Discard / Cancel prompt before unsaved changes would be
// lost (closing, opening another video or project), and the offer to recover an autosave that
// is newer than what was opened or that a session which did not close left behind. GUI thread
// only.
#include <QObject>
#include <QString>
#include <functional>

class QMainWindow;
class QMenu;
class QMessageBox;
class QMimeData;

namespace masklet::ui {

class ProjectController;
class RecentFiles;
struct MediaInfo;

enum class UnsavedChoice { Save, Discard, Cancel };
// Asks what to do with the unsaved changes of `documentName`; the default one is a modal
// QMessageBox (its own event loop: worker results keep arriving). Tests inject their own.
using UnsavedChangesPrompt = std::function<UnsavedChoice(QWidget* parent, const QString& name)>;

class FileWorkflow : public QObject {
  Q_OBJECT

 public:
  FileWorkflow(QMainWindow* window, ProjectController* projects, QMenu* recentMenu);

  // A .masklet file opens as a project, anything else (video, image folder) as media; both
  // after the unsaved-changes prompt.
  void open(const QString& path);
  void openMedia(const QString& path);
  void openProject(const QString& path);
  // Runs `proceed` once unsaved changes are saved or discarded, at once when there are none;
  // never when the user cancels or the save fails.
  void whenChangesHandled(std::function<void()> proceed);
  // For closeEvent: true = close now. Otherwise the prompt runs and, if the user did not
  // cancel, the window is closed again once the changes are handled.
  bool approveClose();
  // On start without a file: offers the newest autosave left behind (a session that did not
  // close cleanly) with a window-modal box opened with open(), never exec().
  void offerRecoveryOnStart();

  void setUnsavedChangesPrompt(UnsavedChangesPrompt prompt) { m_prompt = std::move(prompt); }
  RecentFiles* recentFiles() const { return m_recent; }
  // The recovery offer on screen, if any (tests).
  QMessageBox* recoveryOffer() const { return m_offer; }

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void onMediaReady(const MediaInfo& info);
  void offerRecovery(const QString& autosave, const QString& text);
  // The local file of a drag: one video, image folder or project; empty when it is not.
  static QString droppedPath(const QMimeData* mime);

  QMainWindow* m_window;
  ProjectController* m_projects;
  RecentFiles* m_recent;
  UnsavedChangesPrompt m_prompt;
  QMessageBox* m_offer = nullptr;
  bool m_closeApproved = false;
};

}  // namespace masklet::ui
