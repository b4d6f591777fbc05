#pragma once
// `masklet --screenshot FILE [VIDEO|PROJECT]`: for documentation and checks. Once the window is
// ready it renders itself (QWidget::grab) to FILE (PNG) and the application exits 0. Ready
// means: the media's first frame is on screen; with a model installed, the model loaded and the
// tracker's session open; for a project, its annotations loaded (their masks drawn with the
// frame); and the tracker idle. A failure or the timeout prints one line on stderr, exit 1.
#include <QString>

namespace masklet::ui {

class MainWindow;

// Checks `png` (a writable .png path); prints one line and returns false when it is not. Then
// watches `window` and exits the application once the shot is written or has failed.
bool takeScreenshotWhenReady(MainWindow* window, const QString& png, bool mediaGiven,
                             int timeoutMs = 120000);

}  // namespace masklet::ui
