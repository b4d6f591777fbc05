#pragma once
// Files: opening a video or a project, saving (Save to the project's path, Save As), autosave
// and recovering it, importing and exporting datasets. Every read and write runs off the GUI
// thread; errors come back as one line. The document changes only through its own commands
// (or load/reset when another video or project opens). GUI thread only.
#include <QObject>
#include <QString>
#include <optional>

#include "project/document_types.h"
#include "ui/document_model.h"
#include "ui/worker_types.h"

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
  // Writes the autosave now, synchronously (closing the window).
  void autosaveNow();
  // Adds the objects and masks of a COCO / SA-V / SA-1B / PNG-masks export. With `asPrompts`,
  // each imported object's first mask also becomes its mask prompt (undoable as one step).
  void importAnnotations(const QString& path, bool asPrompts);
  void exportAs(const QString& format);

  QString projectPath() const { return m_projectPath; }
  QString autosavePath() const;
  const MediaInfo& media() const { return m_media; }

 Q_SIGNALS:
  void mediaReady(const masklet::ui::MediaInfo& info);
  void message(const QString& text);
  void failed(const QString& text);
  void saved(const QString& path);

 private:
  void onMediaOpened(const MediaInfo& info);
  void onDocumentChanged();
  void scheduleAutosave();
  // The state's video, or a new place the user picks when it moved; empty = give up.
  QString locateVideo(const project::DocumentState& state);

  QWidget* m_window;
  DocumentModel* m_model;
  SessionController* m_controller;
  PromptController* m_prompts;
  QTimer* m_autosaveTimer;
  MediaInfo m_media;
  QString m_projectPath;
  // A project read and waiting for its video to open.
  std::optional<project::DocumentState> m_pendingState;
  QString m_pendingPath;
};

}  // namespace masklet::ui
