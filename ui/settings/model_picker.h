#pragma once
// Choosing the model (SAM 2 / 2.1 or EdgeTAM): every checkpoint found (user model folder,
// $MASKLET_MODEL_DIR, the model folder of the settings) with its name, model (version and size,
// told from the file's tensor layout without reading the weights; the official EdgeTAM as
// "EdgeTAM — fast"), file size and path; a file that cannot be loaded says why in one line and
// cannot be chosen. A line above the list says which to choose: EdgeTAM is the fast choice on a
// CPU, SAM 2.1 the accurate one. "Open checkpoint..." adds any file.
// Load (or a double-click) emits modelChosen; the caller loads it on the worker. The files
// are probed on a background thread. GUI thread only.
#include <QDialog>
#include <QString>
#include <vector>

#include "model/checkpoint_probe.h"

class QLabel;
class QPushButton;
class QTreeWidget;

namespace masklet::ui {

class ModelPicker : public QDialog {
  Q_OBJECT

 public:
  enum Column { NameColumn, ModelColumn, SizeColumn, PathColumn, NoteColumn, ColumnCount };

  // `modelFolder`: the settings' extra folder; `current`: the checkpoint in use (marked).
  ModelPicker(const QString& modelFolder, const QString& current, QWidget* parent = nullptr);

  // Probes `path` (in the background) and adds it, selected; a path listed already is selected.
  void addCheckpoint(const QString& path);
  const std::vector<model::CheckpointProbe>& checkpoints() const { return m_probes; }
  QTreeWidget* list() const { return m_list; }
  // The line that says which model to choose (EdgeTAM fast, SAM 2.1 accurate).
  QString adviceText() const;
  // The selected checkpoint when it can be loaded, else empty.
  QString selectedPath() const;
  bool isProbing() const { return m_probing > 0; }

 Q_SIGNALS:
  void modelChosen(const QString& checkpointPath);
  // A probe finished and the list shows its result (tests wait for it).
  void listUpdated();

 private:
  void probe(const std::vector<std::string>& paths, const QString& select);
  void addRow(const model::CheckpointProbe& probe);
  void onSelectionChanged();
  void choose();

  QString m_current;
  QTreeWidget* m_list = nullptr;
  QLabel* m_advice = nullptr;
  QLabel* m_status = nullptr;
  QPushButton* m_loadButton = nullptr;
  std::vector<model::CheckpointProbe> m_probes;  // in row order
  int m_probing = 0;
};

}  // namespace masklet::ui
