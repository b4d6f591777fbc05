#pragma once
// What GUI tests with the real (fixture) SAM 2 model share: the sam2.1-mini checkpoint
// installed as a user's model, a synthetic test clip, and opening it in a MainWindow.
#include <QtTest/QtTest>

#include <QSignalSpy>
#include <QTemporaryDir>

#include "child_process.h"
#include "shared_data.h"
#include "ui/window/main_window.h"
#include "ui/workers/session_controller.h"
#include "ui/workers/tracker_worker.h"

namespace masklet::test {

// Points the application's data (autosaves, recent files), state and config (settings) folders
// into `dir`, so a test neither reads nor changes the user's own.
inline void isolateUserFolders(const QTemporaryDir& dir) {
  qputenv("XDG_DATA_HOME", dir.filePath("data").toUtf8());
  qputenv("XDG_STATE_HOME", dir.filePath("state").toUtf8());
  qputenv("XDG_CONFIG_HOME", dir.filePath("config").toUtf8());
}

// Copies the fixture checkpoint and its config into dir/models, points the application's model
// folder there and its user folders into `dir` (isolateUserFolders). Call from initTestCase
// after MASKLET_REQUIRE_SHARED("fixtures/sam2.1-mini/checkpoint.pt"); false on failure.
inline bool installFixtureModel(const QTemporaryDir& dir) {
  const QString fixture = QString::fromStdString(sharedPath("fixtures/sam2.1-mini"));
  QDir().mkpath(dir.filePath("models"));
  if (!QFile::copy(fixture + "/checkpoint.pt", dir.filePath("models/mini.pt")) ||
      !QFile::copy(fixture + "/config.yaml", dir.filePath("models/mini.yaml")))
    return false;
  qputenv("MASKLET_MODEL_DIR", dir.filePath("models").toUtf8());
  isolateUserFolders(dir);
  return true;
}

// A 160x96 FFmpeg test-pattern clip of `seconds` at 10 fps, a keyframe every 10 frames.
inline bool makeTestClip(const QString& path, int seconds) {
  return runToEnd("ffmpeg", {"-v", "error", "-f", "lavfi", "-i",
                             QString("testsrc=size=160x96:rate=10:duration=%1").arg(seconds), "-g",
                             "10", "-pix_fmt", "yuv420p", path}) == 0;
}

// Shows `window`, opens `video` and waits until the tracker session is ready for it.
inline void openAndWait(ui::MainWindow& window, const QString& video, int frameCount) {
  QSignalSpy sessionSpy(window.controller()->tracker(), &ui::TrackerWorker::sessionReady);
  window.show();
  window.openMedia(video);
  QTRY_VERIFY_WITH_TIMEOUT(sessionSpy.count() == 1, 120000);
  QTRY_VERIFY_WITH_TIMEOUT(window.document().video().frameCount == frameCount, 60000);
}

}  // namespace masklet::test
