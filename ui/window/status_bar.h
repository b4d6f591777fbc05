#pragma once
// The main window's status bar. QStatusBar paints a temporary message (showMessage) itself,
// clipped where the first permanent widget starts and not elided, so a long message and the
// permanent labels cut each other. Here the message is a StatusLabel of its own at the left
// that takes the room the permanent widgets leave and elides; showMessage, currentMessage and
// the message timeouts work as in QStatusBar. GUI thread only.
#include <QStatusBar>

namespace masklet::ui {

class StatusLabel;

class StatusBar : public QStatusBar {
  Q_OBJECT

 public:
  explicit StatusBar(QWidget* parent = nullptr);

  StatusLabel* messageLabel() const { return m_message; }
  // The widgets in the bar (the message label and the permanent widgets), left to right,
  // without the size grip.
  QList<QWidget*> items() const;

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  // The permanent widgets get their room first, but not all of it: the message keeps what it
  // needs up to a third of the bar (a refusal or an error must stay readable).
  void reserveMessageRoom();

  StatusLabel* m_message = nullptr;
};

}  // namespace masklet::ui
