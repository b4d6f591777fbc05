// LibTorch's headers are the build's cost (~50 s a unit without the precompiled header, ~4 s
// for a unit without them), so they stay behind the engine's door: no ui or app file reaches
// <torch/...>, <ATen/...> or <caffe2/...>, directly or through a project header, except the
// named few that hold the model. The check follows quoted includes the way the build resolves
// them (the including file's folder, core/, the source root, app/).
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>

namespace {

// Files allowed to compile LibTorch: the worker that owns the model, and the CLI commands
// that run it (replay, benchmarks, preprocessing dumps, segment, segment everything, track,
// info).
const QStringList kAllowed = {
    "ui/workers/tracker_worker.cpp",
    "app/cli/bench/bench_*",
    "app/cli/inspect/cmd_preprocess.cpp",
    "app/cli/inspect/info_checkpoint.cpp",
    "app/cli/replay/*",
    "app/cli/segment/cmd_segment.cpp",
    "app/cli/segment/segment_everything.cpp",
    "app/cli/track/track_run.cpp",
};
const QStringList kCheckedFolders = {"ui", "app"};

bool isTorchHeader(const QString& include) {
  return include.startsWith("torch/") || include.startsWith("ATen/") ||
         include.startsWith("caffe2/");
}

class IncludeGraph {
 public:
  explicit IncludeGraph(const QString& root) : m_root(QDir(root)) {}

  // The chain of includes from `file` (relative to the root) to a LibTorch header, or empty.
  QStringList torchChain(const QString& file) {
    if (m_memo.contains(file)) return m_memo.value(file);
    m_memo.insert(file, {});  // cycles end here
    QStringList chain;
    QFile in(m_root.filePath(file));
    if (in.open(QIODevice::ReadOnly)) {
      static const QRegularExpression includeLine(R"(^\s*#\s*include\s*([<"])([^">]+)[">])");
      const auto lines = QString::fromUtf8(in.readAll()).split('\n');
      for (const auto& line : lines) {
        const auto match = includeLine.match(line);
        if (!match.hasMatch()) continue;
        const QString name = match.captured(2);
        if (isTorchHeader(name)) {
          chain = {name};
          break;
        }
        if (match.captured(1) != "\"") continue;
        const QString resolved = resolve(file, name);
        if (resolved.isEmpty()) continue;
        const QStringList rest = torchChain(resolved);
        if (!rest.isEmpty()) {
          chain = QStringList{resolved} + rest;
          break;
        }
      }
    }
    m_memo.insert(file, chain);
    return chain;
  }

 private:
  QString resolve(const QString& from, const QString& name) const {
    const QStringList bases = {QFileInfo(from).path(), "core", ".", "app", "tests/common"};
    for (const auto& base : bases) {
      const QString candidate = QDir::cleanPath(base + "/" + name);
      if (QFileInfo::exists(m_root.filePath(candidate))) return candidate;
    }
    return {};
  }

  QDir m_root;
  QMap<QString, QStringList> m_memo;
};

// kAllowed entries are paths where `*` stands for any characters.
bool allowed(const QString& file) {
  for (const auto& pattern : kAllowed) {
    QString regex = QRegularExpression::escape(pattern);
    regex.replace("\\*", ".*");
    if (QRegularExpression(QRegularExpression::anchoredPattern(regex)).match(file).hasMatch())
      return true;
  }
  return false;
}

// One line per ui/app file that reaches LibTorch without being allowed to.
QStringList violations(const QString& root) {
  IncludeGraph graph(root);
  QStringList found;
  for (const auto& folder : kCheckedFolders) {
    QDirIterator it(QDir(root).filePath(folder), {"*.h", "*.cpp"}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
      const QString file = QDir(root).relativeFilePath(it.next());
      if (allowed(file)) continue;
      const QStringList chain = graph.torchChain(file);
      if (!chain.isEmpty()) found << file + " -> " + chain.join(" -> ");
    }
  }
  found.sort();
  return found;
}

void writeFile(const QString& path, const QByteArray& text) {
  QDir().mkpath(QFileInfo(path).path());
  QFile out(path);
  QVERIFY(out.open(QIODevice::WriteOnly));
  out.write(text);
}

}  // namespace

class TestTorchBoundary : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void onlyTheNamedFilesReachLibTorch() {
    const QString root = qEnvironmentVariable("MASKLET_SOURCE_DIR");
    if (root.isEmpty()) QSKIP("MASKLET_SOURCE_DIR is not set (ctest sets it)");
    const QStringList found = violations(root);
    QVERIFY2(found.isEmpty(),
             qPrintable("these files compile LibTorch's headers; keep tensors behind the engine "
                        "(torch-free headers such as tracker/document_frame.h) or add the file "
                        "to kAllowed with a reason:\n" +
                        found.join('\n')));
  }

  void theNamedFilesStillExist() {
    // An allowed entry that matches nothing is stale: the list must say what is true.
    const QString root = qEnvironmentVariable("MASKLET_SOURCE_DIR");
    if (root.isEmpty()) QSKIP("MASKLET_SOURCE_DIR is not set (ctest sets it)");
    for (const auto& pattern : kAllowed) {
      const QFileInfo info(QDir(root).filePath(pattern));
      const QStringList matches = info.dir().entryList({info.fileName()}, QDir::Files);
      QVERIFY2(!matches.isEmpty(), qPrintable("kAllowed names nothing: " + pattern));
    }
  }

  void aUiFileReachingTorchThroughACoreHeaderIsReported() {
    QTemporaryDir tree;
    QVERIFY(tree.isValid());
    writeFile(tree.filePath("core/tracker/engine.h"), "#include <torch/torch.h>\n");
    writeFile(tree.filePath("core/tracker/plain.h"), "#include <vector>\n");
    writeFile(tree.filePath("ui/panel.h"), "#include \"tracker/engine.h\"\n");
    writeFile(tree.filePath("ui/panel.cpp"), "#include \"ui/panel.h\"\n");
    writeFile(tree.filePath("ui/clean.cpp"), "#include \"tracker/plain.h\"\n#include <QWidget>\n");
    writeFile(tree.filePath("ui/workers/tracker_worker.cpp"), "#include \"ui/panel.h\"\n");
    writeFile(tree.filePath("app/cli/cmd_x.cpp"), "#include <ATen/Parallel.h>\n");
    const QStringList found = violations(tree.path());
    QCOMPARE(found, QStringList({"app/cli/cmd_x.cpp -> ATen/Parallel.h",
                                 "ui/panel.cpp -> ui/panel.h -> core/tracker/engine.h -> "
                                 "torch/torch.h",
                                 "ui/panel.h -> core/tracker/engine.h -> torch/torch.h"}));
  }
};

MASKLET_TEST_APPLESS_MAIN(TestTorchBoundary)
#include "test_torch_boundary.moc"
