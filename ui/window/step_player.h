#pragma once
// Test automation, not a user feature: `masklet --run-steps FILE VIDEO` (hidden from --help)
// plays a prompts file of `masklet-cli track` (core/project/prompts_file.h) through the
// window's own controllers once the tracker session is ready, the way a user would: every
// point is one click, a box one drag, `propagate` one Track action (always to the video's
// end: `max_frames` is refused). Only the ops points, box and propagate are played. The steps
// are checked against the video when it opens. Progress and problems go to stderr, one line
// each, starting "run-steps:"; the last line is "run-steps: done" or the problem. The
// crash-recovery test uses it to make the GUI track without a human.
#include <QString>

namespace masklet::ui {

class MainWindow;

// Reads FILE now and plays it once `window`'s session is ready. Returns false after printing
// one line when the file cannot be read or holds steps the GUI cannot play.
bool playStepsWhenReady(MainWindow* window, const QString& path);

}  // namespace masklet::ui
