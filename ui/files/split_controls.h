#pragma once
// The export dialog's part for the training layouts (YOLO, MOTS, DAVIS, SA-1B training):
// train / valid / test shares, the seed, the frame image format, and a preview of how many
// images and instances land in each split before anything is written. GUI thread only.
#include <QWidget>

#include "dataset/dataset_split.h"
#include "dataset/video_annotation.h"

class QComboBox;
class QLabel;
class QSpinBox;

namespace masklet::ui {

class SplitControls : public QWidget {
  Q_OBJECT

 public:
  explicit SplitControls(QWidget* parent = nullptr);

  // What the controls hold (tests set them like a user would).
  void setFractions(int train, int valid, int test);  // percentages
  void setSeed(int seed);
  void setImageFormat(const QString& extension);  // "jpg" or "png"
  dataset::SplitOptions splitOptions() const;
  QString imageFormat() const;
  int jpegQuality() const;

  // Recounts the preview for the annotation that would be written.
  void updatePreview(const dataset::VideoAnnotation& annotation);
  QString previewText() const;

 Q_SIGNALS:
  void changed();  // a share, the seed or the image format changed

 private:
  QSpinBox* m_train = nullptr;
  QSpinBox* m_valid = nullptr;
  QSpinBox* m_test = nullptr;
  QSpinBox* m_seed = nullptr;
  QComboBox* m_imageFormat = nullptr;
  QSpinBox* m_quality = nullptr;
  QLabel* m_preview = nullptr;
};

}  // namespace masklet::ui
