// masklet: the GUI. Usage: masklet [VIDEO]
#include <QApplication>
#include <QCommandLineParser>

#include "model/torch_threads.h"
#include "ui/main_window.h"

int main(int argc, char** argv) {
  masklet::model::ensurePassiveOpenMpWait(argv);
  masklet::model::keepFreedTensorMemory();
  QApplication app(argc, argv);
  QApplication::setApplicationName("Masklet");
  QApplication::setOrganizationName("Masklet");
  QApplication::setApplicationVersion(MASKLET_VERSION);

  QCommandLineParser parser;
  parser.setApplicationDescription("Annotate objects in video with SAM 2.");
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument("file", "Video file, image folder or .masklet project to open.",
                               "[VIDEO|PROJECT]");
  parser.process(app);

  masklet::model::configureTorchThreads();
  masklet::ui::MainWindow window;
  window.show();
  if (!parser.positionalArguments().isEmpty()) {
    const QString path = parser.positionalArguments().front();
    if (path.endsWith(".masklet", Qt::CaseInsensitive)) {
      window.openProject(path);
    } else {
      window.openMedia(path);
    }
  }
  return app.exec();
}
