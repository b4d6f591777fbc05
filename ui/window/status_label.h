#pragma once
// A one-line status-bar label that gives way: narrower than its text, it shows the text cut
// with "…" at the end instead of being cut off or pushing its neighbours out, and its tooltip
// then holds the whole text (before the label's own tooltip, if it has one). text() and
// toolTip() stay what was set. Plain text only. GUI thread only.
#include <QLabel>

namespace masklet::ui {

class StatusLabel : public QLabel {
  Q_OBJECT
  Q_PROPERTY(QString shownText READ shownText)
  Q_PROPERTY(QString shownToolTip READ shownToolTip)

 public:
  explicit StatusLabel(QWidget* parent = nullptr);

  // What the label shows at its present width.
  QString shownText() const;
  bool isElided() const;
  // What its tooltip shows: the whole text first when it is elided, then toolTip().
  QString shownToolTip() const;

  // Wide enough for "…": the layout may shrink it to that.
  QSize minimumSizeHint() const override;

 protected:
  bool event(QEvent* event) override;
  void paintEvent(QPaintEvent* event) override;

 private:
  QRect textRect() const;
};

}  // namespace masklet::ui
