#include "ui/window/status_label.h"

#include <QHelpEvent>
#include <QPainter>
#include <QStyle>
#include <QToolTip>

namespace masklet::ui {

StatusLabel::StatusLabel(QWidget* parent) : QLabel(parent) {
  setTextFormat(Qt::PlainText);
}

QRect StatusLabel::textRect() const {
  const int m = margin();
  return contentsRect().adjusted(m, m, -m, -m);
}

QString StatusLabel::shownText() const {
  return fontMetrics().elidedText(text(), Qt::ElideRight, textRect().width());
}

bool StatusLabel::isElided() const {
  return shownText() != text();
}

QString StatusLabel::shownToolTip() const {
  if (!isElided()) return toolTip();
  return toolTip().isEmpty() ? text() : text() + "\n" + toolTip();
}

QSize StatusLabel::minimumSizeHint() const {
  const QMargins margins = contentsMargins();
  const int width = fontMetrics().horizontalAdvance(QStringLiteral("…")) + 2 * margin() +
                    margins.left() + margins.right();
  return {width, QLabel::minimumSizeHint().height()};
}

bool StatusLabel::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip && isElided()) {
    const auto* help = static_cast<QHelpEvent*>(event);
    QToolTip::showText(help->globalPos(), shownToolTip(), this);
    return true;
  }
  return QLabel::event(event);
}

void StatusLabel::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  const int flags = QStyle::visualAlignment(layoutDirection(), alignment());
  style()->drawItemText(&painter, textRect(), flags, palette(), isEnabled(), shownText(),
                        foregroundRole());
}

}  // namespace masklet::ui
