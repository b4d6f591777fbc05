#include "ui/files/project_controller.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMessageBox>
#include <QTimer>

#include "common/paths.h"
#include "dataset/atomic_output.h"
#include "dataset/dataset_format.h"
#include "project/image_set_annotation.h"
#include "project/project_file.h"
#include "project/project_import.h"
#include "project/video_fingerprint.h"
#include "ui/files/export_dialog.h"
#include "ui/files/image_export_job.h"
#include "ui/tracking/prompt_controller.h"
#include "ui/workers/background_job.h"
#include "ui/workers/frame_loader.h"
#include "ui/workers/session_controller.h"

namespace masklet::ui {

ProjectController::ProjectController(QWidget* window, DocumentModel* model,
                                     SessionController* controller, PromptController* prompts)
    : QObject(window),
      m_window(window),
      m_model(model),
      m_controller(controller),
      m_prompts(prompts),
      m_autosaveTimer(new QTimer(this)) {
  // An autosave interrupted by a crash or a kill leaves its hidden temporary file behind.
  dataset::removeAbandonedTemporaries(autosaveFolder().toStdString());
  m_autosaveTimer->setSingleShot(true);
  connect(m_autosaveTimer, &QTimer::timeout, this, [this] {
    const QString path = autosavePath();
    QDir().mkpath(QFileInfo(path).path());
    runInBackground<bool>(
        this, tr("Autosave failed"),
        [state = m_model->document().state(), path, ledger = m_autosaves,
         revision = m_model->document().revision()] {
          ledger->write(revision, [&] { project::saveDocument(state, path.toStdString()); });
          return true;
        },
        [this](std::optional<bool>, const QString& error) {
          if (!error.isEmpty()) Q_EMIT message(error);
        });
  });
  connect(m_controller->frames(), &FrameLoader::mediaOpened, this,
          &ProjectController::onMediaOpened);
  connect(m_model, &DocumentModel::changed, this, &ProjectController::onDocumentChanged);
}

void ProjectController::openMedia(const QString& path) {
  openPath(path, false);
}

void ProjectController::openImages(const QString& folder) {
  openPath(folder, true);
}

void ProjectController::openPath(const QString& path, bool images) {
  if (!QFileInfo::exists(path)) {
    Q_EMIT failed(tr("Cannot open \"%1\": the file does not exist.").arg(path));
    return;
  }
  if (m_autosaveTimer->isActive()) autosaveNow();  // nothing of the previous video is lost
  m_prompts->videoChanged();
  Q_EMIT message(tr("Opening %1...").arg(QFileInfo(path).fileName()));
  if (images)
    m_controller->openImages(path);
  else
    m_controller->openMedia(path);
}

void ProjectController::openProject(const QString& path) {
  runInBackground<project::DocumentState>(
      this, tr("Could not open the project"),
      [path] { return project::loadDocumentState(path.toStdString()); },
      [this, path](std::optional<project::DocumentState> state, const QString& error) {
        if (!state) {
          Q_EMIT failed(error);
          return;
        }
        const QString video = locateVideo(*state);
        if (video.isEmpty()) return;
        state->video.path = video.toStdString();
        const bool images = state->video.isImageSet();
        m_pendingState = std::move(state);
        m_pendingPath = path;
        openPath(video, images);
      });
}

QString ProjectController::locateVideo(const project::DocumentState& state) {
  const QString stored = QString::fromStdString(state.video.path);
  if (QFileInfo::exists(stored)) return stored;
  QMessageBox::information(m_window, tr("Masklet"),
                           tr("The project's video \"%1\" is not where it was. Please show "
                              "where it is now.")
                               .arg(stored));
  const QString picked =
      state.video.isImageSet()
          ? QFileDialog::getExistingDirectory(
                m_window, tr("Where is the image folder %1?").arg(QFileInfo(stored).fileName()))
          : QFileDialog::getOpenFileName(
                m_window, tr("Where is %1?").arg(QFileInfo(stored).fileName()), QString(),
                tr("Videos (*.mp4 *.mov *.mkv *.avi *.webm *.m4v);;All files (*)"));
  if (picked.isEmpty()) {
    Q_EMIT message(tr("The project was not opened: its video was not found."));
    return {};
  }
  const std::string fingerprint = project::videoFingerprint(picked.toStdString());
  if (!state.video.fingerprint.empty() && fingerprint != state.video.fingerprint &&
      QMessageBox::question(m_window, tr("Masklet"),
                            tr("\"%1\" is not the same file as the project's video (its content "
                               "differs). Open the project with it anyway?")
                                .arg(picked)) != QMessageBox::Yes)
    return {};
  return picked;
}

void ProjectController::onMediaOpened(const MediaInfo& info) {
  m_media = info;
  auto& document = m_model->document();
  if (m_pendingState) {
    auto state = std::move(*m_pendingState);
    m_pendingState.reset();
    if (state.video.width != info.width || state.video.height != info.height) {
      Q_EMIT failed(tr("The project was made for a %1×%2 video, this one is %3×%4; its "
                       "annotations were not loaded.")
                        .arg(state.video.width)
                        .arg(state.video.height)
                        .arg(info.width)
                        .arg(info.height));
      document.reset({});
    } else if (state.video.images != info.images) {
      Q_EMIT failed(tr("The project was made for another set of images than the folder has "
                       "now (%1 images, %2 in the folder; names or sizes differ); its "
                       "annotations were not loaded.")
                        .arg(state.video.images.size())
                        .arg(info.images.size()));
      document.reset({});
    } else {
      if (state.video.fingerprint.empty()) state.video.fingerprint = info.fingerprint.toStdString();
      state.video.frameCount = info.frameCount;
      document.load(std::move(state));
      // A recovered autosave is unsaved work of the project it was recovered for (if any).
      const bool recovered = QFileInfo(m_pendingPath).absolutePath() == autosaveFolder();
      m_projectPath = recovered ? m_recoverInto : m_pendingPath;
      m_recoveredUnsaved = recovered;
      m_recoverInto.clear();
    }
  } else {
    project::VideoRef video;
    video.path = info.path.toStdString();
    video.name =
        (info.images.empty() ? QFileInfo(info.path).completeBaseName() : QDir(info.path).dirName())
            .toStdString();
    video.images = info.images;
    video.width = info.width;
    video.height = info.height;
    video.frameCount = info.frameCount;
    video.fps = info.fps;
    video.fingerprint = info.fingerprint.toStdString();
    document.reset(video);
    m_projectPath.clear();
    m_recoveredUnsaved = false;
  }
  Q_EMIT mediaReady(info);
  if (hasNewerAutosave())
    Q_EMIT message(tr("An autosave newer than this is there: File ▸ Recover Autosave opens it."));
}

QString ProjectController::autosaveFolder() {
  return QDir(QString::fromStdString(userDataDir()) + "/autosave").absolutePath();
}

QString ProjectController::autosavePath() const {
  const QString stem = QString::fromStdString(m_model->document().video().name);
  return m_autosaveClaim.pathFor(autosaveFolder(), stem);
}

bool ProjectController::autosaveHeldElsewhere(const QString& autosave) const {
  return m_autosaveClaim.heldElsewhere(autosave);
}

bool ProjectController::hasUnsavedChanges() const {
  return m_model->document().isModified() || m_recoveredUnsaved;
}

void ProjectController::discardAutosave() {
  m_autosaveTimer->stop();
  if (m_model->document().video().name.empty()) return;
  std::lock_guard<std::mutex> lock(m_autosaves->mutex);
  // An autosave of this revision still being written in the background is dropped too.
  m_autosaves->written = std::max(m_autosaves->written, m_model->document().revision() + 1);
  QFile::remove(autosavePath());
}

bool ProjectController::hasNewerAutosave() const {
  if (m_model->document().video().name.empty()) return false;
  const QFileInfo autosave(autosavePath());
  if (!autosave.exists()) return false;
  if (m_projectPath.isEmpty()) return m_model->document().objects().empty();
  return autosave.lastModified() > QFileInfo(m_projectPath).lastModified();
}

void ProjectController::recoverAutosave() {
  if (!QFileInfo::exists(autosavePath())) {
    Q_EMIT message(tr("There is no autosave of this video."));
    return;
  }
  m_recoverInto = m_projectPath;
  openProject(autosavePath());
}

void ProjectController::setAutosaveDelay(int seconds) {
  m_autosaveDelayMs = std::max(0, seconds) * 1000;
  if (m_autosaveDelayMs == 0) m_autosaveTimer->stop();
}

void ProjectController::onDocumentChanged() {
  scheduleAutosave();
}

void ProjectController::scheduleAutosave() {
  const auto& document = m_model->document();
  if (document.objects().empty() || document.video().width <= 0 || m_autosaveDelayMs <= 0) return;
  // A quiet moment after an edit; during a tracking run (a group) every few seconds, so a
  // crash mid-run keeps the frames tracked up to the last autosave.
  if (!document.inGroup() || !m_autosaveTimer->isActive())
    m_autosaveTimer->start(m_autosaveDelayMs);
}

void ProjectController::AutosaveLedger::write(uint64_t revision,
                                              const std::function<void()>& save) {
  std::lock_guard<std::mutex> lock(mutex);
  if (revision < written) return;  // a newer autosave is already on disk
  save();
  written = revision;
}

void ProjectController::autosaveSoon() {
  const auto& document = m_model->document();
  if (!document.objects().empty() && document.video().width > 0) m_autosaveTimer->start(0);
}

void ProjectController::autosaveNow() {
  m_autosaveTimer->stop();
  const auto& document = m_model->document();
  if (document.objects().empty() || document.video().width <= 0) return;
  const QString error = runGuarded(tr("Autosave failed"), [&] {
    QDir().mkpath(QFileInfo(autosavePath()).path());
    m_autosaves->write(document.revision(),
                       [&] { project::saveDocument(document, autosavePath().toStdString()); });
  });
  if (!error.isEmpty()) Q_EMIT message(error);
}

void ProjectController::save() {
  if (m_projectPath.isEmpty()) {
    saveAs();
    return;
  }
  saveTo(m_projectPath);
}

void ProjectController::saveAs() {
  const QString path = QFileDialog::getSaveFileName(
      m_window, tr("Save project"),
      QString::fromStdString(m_model->document().video().name) + ".masklet",
      tr("Masklet project (*.masklet)"));
  if (!path.isEmpty()) saveTo(path);
}

void ProjectController::saveTo(const QString& path, std::function<void(const QString&)> done) {
  const uint64_t revision = m_model->document().revision();
  runInBackground<bool>(
      this, tr("Could not save the project (the previous file is intact)"),
      [state = m_model->document().state(), path] {
        project::saveDocument(state, path.toStdString());
        return true;
      },
      [this, path, revision, done](std::optional<bool> ok, const QString& error) {
        if (ok) {
          m_projectPath = path;
          if (m_model->document().revision() == revision) {
            m_model->document().markSaved();
            m_recoveredUnsaved = false;
            discardAutosave();  // the project holds all of it now
          }
          Q_EMIT saved(path);
          Q_EMIT message(tr("Saved %1").arg(path));
        } else {
          Q_EMIT failed(error);
        }
        if (done) done(error);
      });
}

void ProjectController::importAnnotations(const QString& path, bool asPrompts) {
  if (m_media.frameCount <= 0) {
    Q_EMIT message(tr("Open the video the annotations belong to first."));
    return;
  }
  runInBackground<dataset::VideoAnnotation>(
      this, tr("Import failed, the project is unchanged"),
      [path, width = m_media.width, height = m_media.height] {
        const auto format = dataset::detectFormat(path.toStdString());
        // YOLO labels are normalised: without images beside them, the open video's size.
        dataset::DatasetReadOptions options;
        options.frameSize = std::make_pair(width, height);
        return dataset::readDataset(path.toStdString(), format, options);
      },
      [this, path, asPrompts](std::optional<dataset::VideoAnnotation> imported,
                              const QString& error) {
        if (!imported) {
          Q_EMIT failed(error);
          return;
        }
        const QString problem = runGuarded(tr("Import failed, the project is unchanged"), [&] {
          const auto ids = project::importAnnotation(m_model->document(), *imported, asPrompts);
          Q_EMIT message(tr("Imported %1 objects from %2").arg(ids.size()).arg(path));
        });
        if (!problem.isEmpty()) Q_EMIT failed(problem);
      });
}

void ProjectController::exportAs(const QString& format) {
  if (m_model->document().objects().empty()) {
    Q_EMIT message(tr("Nothing to export yet."));
    return;
  }
  if (m_model->document().video().isImageSet()) {
    exportImages(format);
    return;
  }
  auto* dialog = new ExportDialog(
      m_window, [this] { return m_model->document().toAnnotation(); }, format);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setVideoPath(QString::fromStdString(m_model->document().video().path));
  connect(dialog, &ExportDialog::exportEnded, this,
          [this](bool, const QString& text) { Q_EMIT message(text); });
  dialog->open();  // window-modal; the event loop (and tracking results) keep flowing
}

void ProjectController::openExportDialog() {
  if (!m_model->document().video().isImageSet()) {
    exportAs("coco");
    return;
  }
  if (m_model->document().objects().empty()) {
    Q_EMIT message(tr("Nothing to export yet."));
    return;
  }
  // Image mode writes two formats; the video export dialog's ranges and strides do not apply.
  const QStringList choices = {tr("COCO (one file, every image)"),
                               tr("SA-1B (one JSON per image)")};
  bool chosen = false;
  const QString choice = QInputDialog::getItem(m_window, tr("Export images"), tr("Format:"),
                                               choices, 0, false, &chosen);
  if (chosen) exportImages(choice == choices[0] ? "coco" : "sa1b");
}

void ProjectController::exportImages(const QString& format) {
  if (!isImageSetFormat(format)) {
    Q_EMIT message(tr("Image mode exports COCO or SA-1B (one JSON per image)."));
    return;
  }
  const QString name = QString::fromStdString(m_model->document().video().name);
  const QString path =
      format == "sa1b"
          ? QFileDialog::getSaveFileName(m_window, tr("Export to folder"), name + "_sa1b")
          : QFileDialog::getSaveFileName(m_window, tr("Export"), name + "_coco.json",
                                         tr("JSON (*.json)"));
  if (!path.isEmpty()) exportImagesTo(path, format);
}

void ProjectController::exportImagesTo(const QString& path, const QString& format,
                                       std::function<void(const QString&)> done) {
  const QString error = runGuarded(tr("Export failed, nothing was written"), [&] {
    auto images = project::toAnnotatedImages(m_model->document());
    Q_EMIT message(tr("Exporting %1...").arg(QFileInfo(path).fileName()));
    runImageExportJob(this, std::move(images), m_model->document().categories(), path, format,
                      [this, done](bool written, const QString& text) {
                        if (written)
                          Q_EMIT message(text);
                        else
                          Q_EMIT failed(text);  // a dialog, not only the status bar
                        if (done) done(text);
                      });
  });
  if (error.isEmpty()) return;
  Q_EMIT failed(error);
  if (done) done(error);
}

}  // namespace masklet::ui
