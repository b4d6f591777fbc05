#include "ui/window/status_bar.h"

#include <QLayout>
#include <QPaintEvent>
#include <QPainter>
#include <QResizeEvent>
#include <QSizeGrip>
#include <QStyleOption>
#include <algorithm>

#include "ui/window/status_label.h"

namespace masklet::ui {
namespace {
void collectWidgets(QLayout* layout, QList<QWidget*>& widgets) {
  for (int i = 0; i < layout->count(); ++i) {
    QLayoutItem* item = layout->itemAt(i);
    if (QWidget* widget = item->widget()) {
      if (qobject_cast<QSizeGrip*>(widget) == nullptr) widgets.append(widget);
    } else if (QLayout* inner = item->layout()) {
      collectWidgets(inner, widgets);
    }
  }
}
}  // namespace

StatusBar::StatusBar(QWidget* parent) : QStatusBar(parent) {
  m_message = new StatusLabel(this);
  m_message->setObjectName("statusMessage");
  // Its size hint is ignored: the permanent widgets get theirs first, the message the rest
  // (and at least the room reserveMessageRoom keeps for it).
  m_message->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  // Permanent, so showing a message does not hide it, and first, so it sits at the left.
  addPermanentWidget(m_message, 1);
  connect(this, &QStatusBar::messageChanged, this, [this](const QString& text) {
    m_message->setText(text);
    reserveMessageRoom();
  });
}

void StatusBar::reserveMessageRoom() {
  const QMargins margins = m_message->contentsMargins();
  const int needed = m_message->fontMetrics().horizontalAdvance(m_message->text()) +
                     2 * m_message->margin() + margins.left() + margins.right();
  m_message->setMinimumWidth(std::min(needed, width() / 3));
}

void StatusBar::resizeEvent(QResizeEvent* event) {
  reserveMessageRoom();
  QStatusBar::resizeEvent(event);
}

QList<QWidget*> StatusBar::items() const {
  QList<QWidget*> widgets;
  if (layout() != nullptr) collectWidgets(layout(), widgets);
  return widgets;
}

void StatusBar::paintEvent(QPaintEvent* event) {
  // What QStatusBar paints, without the message text (the message label shows it).
  QPainter painter(this);
  QStyleOption panel;
  panel.initFrom(this);
  style()->drawPrimitive(QStyle::PE_PanelStatusBar, &panel, &painter, this);
  for (QWidget* item : items()) {
    if (item == m_message || !item->isVisible()) continue;
    const QRect frame = item->geometry().adjusted(-2, -1, 2, 1);
    if (!event->rect().intersects(frame)) continue;
    QStyleOption option(0);
    option.rect = frame;
    option.palette = palette();
    option.state = QStyle::State_None;
    style()->drawPrimitive(QStyle::PE_FrameStatusBarItem, &option, &painter, item);
  }
}

}  // namespace masklet::ui
