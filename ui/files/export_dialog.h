#pragma once
// File ▸ Export...: format (COCO RLE, SA-V, SA-1B, PNG masks, and the training layouts YOLO
// segmentation, MOTS, DAVIS 2017, SA-1B train/valid/test with their split, seed, frame image
// format and a per-split preview, split_controls.h), frame range, stride, objects and destination,
// then the write on a background thread with a busy bar and Cancel (a cancelled export leaves the
// destination as it was). The document is read when Export is pressed, so masks tracked while the
// dialog is open are included. GUI thread only.
#include <QDialog>
#include <QString>
#include <functional>
#include <set>

#include "common/cancel_token.h"
#include "dataset/video_annotation.h"

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace masklet::ui {

class SplitControls;

class ExportDialog : public QDialog {
  Q_OBJECT

 public:
  using AnnotationSource = std::function<dataset::VideoAnnotation()>;
  // `format`: the one preselected ("coco", "sav", "sa1b", "png").
  ExportDialog(QWidget* parent, AnnotationSource annotation, const QString& format);

  // What the controls hold (tests and automation set them like a user would).
  void setFormat(const QString& format);
  QString format() const;
  void setFrameRange(int first, int last);
  void setStride(int stride);
  void setObjects(const std::set<int>& trackIds);  // checks exactly these
  std::set<int> objects() const;
  void setOutputPath(const QString& path);
  QString outputPath() const;
  bool isRunning() const { return m_cancel != nullptr; }
  // The video whose frames the training layouts write as images ("" writes none).
  void setVideoPath(const QString& path) { m_videoPath = path; }
  SplitControls* splitControls() const { return m_split; }

  // The Export button: checks the choices, then writes in the background.
  void startExport();

 Q_SIGNALS:
  // The export ended: written (ok), cancelled or failed, with the one-line message.
  void exportEnded(bool ok, const QString& message);

 protected:
  void reject() override;  // Cancel / Esc: cancels a running export first

 private:
  void browse();
  void onFormatChanged();
  void updateSplitPreview();
  void setRunning(bool running);
  QString suggestedPath(const QString& format) const;

  AnnotationSource m_source;
  QString m_videoName;
  QString m_videoPath;
  SplitControls* m_split = nullptr;
  QComboBox* m_format = nullptr;
  QSpinBox* m_first = nullptr;
  QSpinBox* m_last = nullptr;
  QSpinBox* m_stride = nullptr;
  QListWidget* m_objects = nullptr;
  QLineEdit* m_path = nullptr;
  QPushButton* m_browse = nullptr;
  QLabel* m_note = nullptr;
  QLabel* m_status = nullptr;
  QProgressBar* m_progress = nullptr;
  QDialogButtonBox* m_buttons = nullptr;
  QPushButton* m_exportButton = nullptr;
  CancelTokenPtr m_cancel;  // set while an export runs
};

}  // namespace masklet::ui
