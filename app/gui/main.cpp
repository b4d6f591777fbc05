// masklet: the GUI. Usage: masklet [--screenshot FILE] [VIDEO|PROJECT]
#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <cstdio>

#include "model/torch_threads.h"
#include "tracker/compute_threads.h"
#include "ui/files/file_workflow.h"
#include "ui/window/main_window.h"
#include "ui/window/step_player.h"
#include "ui/window/window_screenshot.h"

int main(int argc, char** argv) {
  masklet::model::ensurePassiveOpenMpWait(argv);
  masklet::model::keepFreedTensorMemory();
  QApplication app(argc, argv);
  QApplication::setApplicationName("Masklet");
  QApplication::setOrganizationName("Masklet");
  QApplication::setApplicationVersion(MASKLET_VERSION);

  QCommandLineParser parser;
  parser.setApplicationDescription("Annotate objects in video with SAM 2.");
  const QCommandLineOption help = parser.addHelpOption();
  const QCommandLineOption version = parser.addVersionOption();
  parser.addPositionalArgument("file", "Video file, image folder or .masklet project to open.",
                               "[VIDEO|PROJECT]");
  // Test automation (ui/window/step_player.h), not for users: hidden from --help.
  QCommandLineOption runSteps("run-steps", "Play a prompts file once the session is ready.",
                              "FILE");
  runSteps.setFlags(QCommandLineOption::HiddenFromHelp);
  parser.addOption(runSteps);
  QCommandLineOption screenshot(
      "screenshot",
      "Render the main window to FILE (PNG) once the file given is open (the tracker session "
      "ready, a project's masks shown), then exit.",
      "FILE");
  parser.addOption(screenshot);
  // Usage errors are one line and exit code 2, as for masklet-cli.
  const auto usageError = [](const QString& line) {
    std::fprintf(stderr, "masklet: %s (see masklet --help)\n", line.toLocal8Bit().constData());
    return 2;
  };
  if (!parser.parse(QApplication::arguments())) return usageError(parser.errorText());
  if (parser.isSet(help)) parser.showHelp(0);
  if (parser.isSet(version)) parser.showVersion();
  const QStringList files = parser.positionalArguments();
  if (files.size() > 1) return usageError("give one file to open, not " + files.join(" "));
  if (parser.isSet(screenshot) && !files.isEmpty() && !QFileInfo::exists(files.front()))
    return usageError("no such file: " + files.front());

  masklet::tracker::configureComputeThreads();
  masklet::ui::MainWindow window;
  window.show();
  if (parser.isSet(runSteps) && !masklet::ui::playStepsWhenReady(&window, parser.value(runSteps)))
    return 2;
  if (parser.isSet(screenshot) &&
      !masklet::ui::takeScreenshotWhenReady(&window, parser.value(screenshot), !files.isEmpty()))
    return 2;
  if (files.isEmpty() && !parser.isSet(screenshot) && !parser.isSet(runSteps))
    window.files()->offerRecoveryOnStart();
  if (!files.isEmpty()) {
    const QString path = files.front();
    if (path.endsWith(".masklet", Qt::CaseInsensitive)) {
      window.openProject(path);
    } else {
      window.openMedia(path);
    }
  }
  return app.exec();
}
