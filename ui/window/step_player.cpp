#include "ui/window/step_player.h"

#include <QFileInfo>
#include <QTimer>
#include <cstdio>
#include <vector>

#include "common/error.h"
#include "project/prompts_file.h"
#include "ui/files/project_controller.h"
#include "ui/tracking/prompt_controller.h"
#include "ui/window/main_window.h"
#include "ui/workers/session_controller.h"
#include "ui/workers/tracker_worker.h"

namespace masklet::ui {
namespace {

using project::PromptsFileStep;
using project::StepOp;

void report(const std::string& line) {
  std::fprintf(stderr, "run-steps: %s\n", line.c_str());
  std::fflush(stderr);
}

// Plays the steps one after the other: the next one starts when the tracker has answered
// every prompt of the previous one (or its propagation has ended).
class StepPlayer : public QObject {
 public:
  StepPlayer(MainWindow* window, std::vector<PromptsFileStep> steps, std::string where)
      : QObject(window),
        m_window(window),
        m_prompts(window->findChild<PromptController*>()),
        m_steps(std::move(steps)),
        m_where(std::move(where)) {
    m_timer.setInterval(50);
    connect(&m_timer, &QTimer::timeout, this, &StepPlayer::playNextWhenIdle);
    connect(window->projects(), &ProjectController::mediaReady, this, &StepPlayer::check);
    connect(window->controller()->tracker(), &TrackerWorker::sessionReady, this, [this] {
      m_sessionReady = true;
      startWhenReady();
    });
    connect(m_prompts, &PromptController::refused, this,
            [this](const QString& text) { stop("refused: " + text.toStdString()); });
  }

 private:
  void check(const MediaInfo& media) {
    try {
      validatePromptsFile(m_steps, {media.width, media.height, 0, media.frameCount - 1}, m_where);
      m_checked = true;
      startWhenReady();
    } catch (const Error& error) {
      stop(error.what());
    }
  }

  // The video's steps checked and the tracker's session there, in either order.
  void startWhenReady() {
    if (m_checked && m_sessionReady && m_next == 0) m_timer.start();
  }

  void playNextWhenIdle() {
    if (m_window->controller()->tracker()->isBusy() || m_prompts->hasPendingPrompts() ||
        m_prompts->isPropagating())
      return;
    if (m_next == m_steps.size()) {
      stop("done");
      return;
    }
    const PromptsFileStep& step = m_steps[m_next++];
    report(project::stepName(step) + " started");
    if (!play(step)) stop(project::stepName(step) + ": the window did not accept it");
  }

  bool play(const PromptsFileStep& step) {
    const auto& input = step.input;
    if (step.op == StepOp::Box &&
        !m_prompts->addBox(step.frame, step.objectId,
                           QRectF(QPointF((*input.box)[0], (*input.box)[1]),
                                  QPointF((*input.box)[2], (*input.box)[3]))))
      return false;
    if (step.op == StepOp::Points || step.op == StepOp::Box) {
      for (const auto& point : input.points)
        if (!m_prompts->addPoint(step.frame, step.objectId, QPointF(point.x, point.y),
                                 point.label == 1))
          return false;
      return true;
    }
    // propagate: from its start, else from the first prompted frame, as the tracker would.
    const auto& prompts = m_window->document().state().prompts;
    const int start = step.start.value_or(prompts.empty() ? 0 : prompts.begin()->first.first);
    return m_prompts->startPropagation(start, step.reverse);
  }

  void stop(const std::string& line) {
    m_timer.stop();
    m_next = m_steps.size() + 1;  // never plays again
    report(line);
  }

  MainWindow* m_window;
  PromptController* m_prompts;
  std::vector<PromptsFileStep> m_steps;
  std::string m_where;
  QTimer m_timer;
  std::size_t m_next = 0;
  bool m_checked = false;
  bool m_sessionReady = false;
};

}  // namespace

bool playStepsWhenReady(MainWindow* window, const QString& path) {
  try {
    auto steps = project::readPromptsFile(path.toStdString());
    for (const auto& step : steps) {
      const bool playable = step.op == StepOp::Points || step.op == StepOp::Box ||
                            (step.op == StepOp::Propagate && !step.maxFrames);
      if (!playable)
        throw Error(path.toStdString() + ": " + project::stepName(step) +
                    ": --run-steps plays points, box and propagate (without max_frames) only");
    }
    new StepPlayer(window, std::move(steps), QFileInfo(path).fileName().toStdString());
    return true;
  } catch (const Error& error) {
    report(error.what());
    return false;
  }
}

}  // namespace masklet::ui
