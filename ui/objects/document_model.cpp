#include "ui/objects/document_model.h"

namespace masklet::ui {

DocumentModel::DocumentModel(QObject* parent) : QObject(parent) {
  m_listener = m_document.addListener(
      [this](const project::DocumentChange& change) { Q_EMIT changed(change); });
}

DocumentModel::~DocumentModel() {
  m_document.removeListener(m_listener);
}

}  // namespace masklet::ui
