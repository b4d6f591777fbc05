#pragma once
// The Qt face of the annotation Document: owns it and re-emits its change notifications as a
// signal, so widgets connect to it like to any Qt model. All changes go through document();
// this class adds no state of its own. GUI thread only.
#include <QObject>

#include "project/document.h"

Q_DECLARE_METATYPE(masklet::project::DocumentChange)

namespace masklet::ui {

class DocumentModel : public QObject {
  Q_OBJECT

 public:
  explicit DocumentModel(QObject* parent = nullptr);
  ~DocumentModel() override;

  project::Document& document() { return m_document; }
  const project::Document& document() const { return m_document; }

 Q_SIGNALS:
  // Emitted synchronously after every change (commands, undo, redo, reset, load).
  void changed(const masklet::project::DocumentChange& change);

 private:
  project::Document m_document;
  int m_listener = 0;
};

}  // namespace masklet::ui
