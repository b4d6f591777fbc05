#pragma once
// Files: opening a video or a project, saving (Save to the project's path, Save As), autosave
// and recovering it, importing and exporting datasets. Every read and write runs off the GUI
// thread; errors come back as one line. The document changes only through its own commands
// (or load/reset when another video or project opens). GUI thread only.
#include <QObject>
#include <QString>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

#include "project/document_types.h"
#include "ui/files/autosave_claim.h"
#include "ui/objects/document_model.h"
#include "ui/workers/worker_types.h"

class QTimer;
class QWidget;

namespace masklet::ui {

class PromptController;
class SessionController;

class ProjectController : public QObject {
  Q_OBJECT

 public:
  ProjectController(QWidget* window, DocumentModel* model, SessionController* controller,
                    PromptController* prompts);

  // A video file or image folder: a new, empty document once it has opened.
  void openMedia(const QString& path);
  // Image mode: a folder of images (sizes may differ), each annotated on its own; the
  // document's frames are the images in natural order.
  void openImages(const QString& folder);
  // A .masklet project: read in the background, its video located (asked for when it moved),
  // then loaded; the tracker takes its prompts again so corrections continue.
  void openProject(const QString& path);
  // The newest autosave of the open video, opened like a project.
  void recoverAutosave();
  bool hasNewerAutosave() const;
  // Save to the project's file (asks for one the first time); Save As always asks.
  void save();
  void saveAs();
  // Saves to `path` in the background; `done(error)` ("" on success) on the GUI thread.
  void saveTo(const QString& path, std::function<void(const QString&)> done = {});
  // Writes the autosave in the background now (a tracking run ended).
  void autosaveSoon();
  // The quiet time after a change before the autosave (Settings); 0 = no timed autosaves.
  void setAutosaveDelay(int seconds);
  // Writes the autosave now, synchronously (closing the window).
  void autosaveNow();
  // Adds the objects and masks of a COCO / SA-V / SA-1B / PNG-masks export. With `asPrompts`,
  // each imported object's first mask also becomes its mask prompt (undoable as one step).
  void importAnnotations(const QString& path, bool asPrompts);
  // The export dialog (ui/files/export_dialog.h), `format` preselected, opened without blocking.
  void exportAs(const QString& format);
  // File ▸ Export...: the export dialog for a video; for an image folder, the choice of its two
  // formats, then where to write.
  void openExportDialog();
  // Image mode's export to `path` (COCO file or SA-1B folder) in the background; `done` gets
  // the one-line result.
  void exportImagesTo(const QString& path, const QString& format,
                      std::function<void(const QString&)> done = {});

  QString projectPath() const { return m_projectPath; }
  QString autosavePath() const;
  static QString autosaveFolder();
  // True when another running Masklet writes `autosave` (not to be offered for recovery).
  bool autosaveHeldElsewhere(const QString& autosave) const;
  // The document differs from its project file (or is a recovered autosave not saved yet).
  bool hasUnsavedChanges() const;
  // Removes this video's autosave (saved or discarded: nothing there to recover).
  void discardAutosave();
  const MediaInfo& media() const { return m_media; }

 Q_SIGNALS:
  void mediaReady(const masklet::ui::MediaInfo& info);
  void message(const QString& text);
  void failed(const QString& text);
  void saved(const QString& path);

 private:
  void onMediaOpened(const MediaInfo& info);
  void openPath(const QString& path, bool images);
  void exportImages(const QString& format);  // asks where, then exportImagesTo
  void onDocumentChanged();
  void scheduleAutosave();
  // The state's video, or a new place the user picks when it moved; empty = give up.
  QString locateVideo(const project::DocumentState& state);

  // Autosaves are written by background threads and, on close, by the GUI thread: one at a
  // time, and never an older revision of the document over a newer one.
  struct AutosaveLedger {
    void write(uint64_t revision, const std::function<void()>& save);
    std::mutex mutex;
    uint64_t written = 0;
  };
  static constexpr int kAutosaveDelayMs = 3000;
  int m_autosaveDelayMs = kAutosaveDelayMs;

  QWidget* m_window;
  DocumentModel* m_model;
  SessionController* m_controller;
  PromptController* m_prompts;
  QTimer* m_autosaveTimer;
  std::shared_ptr<AutosaveLedger> m_autosaves = std::make_shared<AutosaveLedger>();
  mutable AutosaveClaim m_autosaveClaim;  // claimed the first time the video's path is asked
  MediaInfo m_media;
  QString m_projectPath;
  QString m_recoverInto;  // the project an autosave being recovered belongs to
  bool m_recoveredUnsaved = false;
  // A project read and waiting for its video to open.
  std::optional<project::DocumentState> m_pendingState;
  QString m_pendingPath;
};

}  // namespace masklet::ui
