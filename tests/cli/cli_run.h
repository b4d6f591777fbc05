#pragma once
// Running build/bin/masklet-cli from the CLI tests, and the fixture material the track and
// batch tests share: the sam2.1 mini fixture whose predictor options are Masklet's defaults
// (add_all_frames_to_correct_as_cond), its frames as a PNG folder and its steps as a prompts
// file; each helper also takes another fixture (the reference's defaults: kOfficialFixture).
#include <QtTest/QtTest>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cstdio>
#include <map>
#include <string>

#include "child_process.h"
#include "model/checkpoint_reader.h"
#include "shared_data.h"

namespace masklet::test {

// `masklet-cli track` runs Masklet's defaults, which this recording was made with.
inline const char* kTrackFixture = "fixtures/sam2.1-mini-correct-as-cond";
// Recorded with the reference predictor's own defaults (corrections are not conditioning
// frames): what `track --corrections official` runs.
inline const char* kOfficialFixture = "fixtures/sam2.1-mini";

struct CliRun {
  int exitCode = -1;  // -2: crashed or killed
  QString out, err;
};

inline QString cliPath() {
  return QString::fromStdString(binDir()) + "/masklet-cli";
}

inline CliRun runCli(const QStringList& args, int timeoutMs = 10 * 60 * 1000) {
  ChildProcess process;
  CliRun run;
  if (!process.start(cliPath(), args)) {
    run.err = "masklet-cli could not be started";
    return run;
  }
  if (!process.waitForFinished(timeoutMs)) {
    run.err = "masklet-cli did not finish";
    return run;  // the child is killed when `process` goes
  }
  run.exitCode = process.exitCode();
  run.out = QString::fromUtf8(process.readStdout());
  run.err = QString::fromUtf8(process.readStderr());
  return run;
}

inline bool writeText(const QString& path, const QByteArray& text) {
  QFile file(path);
  return file.open(QIODevice::WriteOnly) && file.write(text) == text.size();
}

inline QJsonDocument readJsonDocument(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(file.readAll());
}

inline QString fixturePath(const QString& name, const char* fixture = kTrackFixture) {
  return QString::fromStdString(sharedPath(fixture)) + "/" + name;
}

inline const model::TensorMap& fixtureTrace(const char* fixture = kTrackFixture) {
  static std::map<std::string, model::TensorMap> read;  // each trace is read once
  auto found = read.find(fixture);
  if (found == read.end())
    found = read.emplace(fixture, model::readTensorFile(sharedPath(fixture) + "/trace.pt")).first;
  return found->second;
}

// The fixture's raw frames (what the official loader resized) as PNGs 00000.png ... in
// `folder`: a video masklet-cli can open.
inline bool writeFixtureFrames(const QString& folder, const char* fixture = kTrackFixture) {
  if (!QDir().mkpath(folder)) return false;
  const auto raw = fixtureTrace(fixture).at("raw_frames").contiguous();  // uint8 [N, H, W, 3] RGB
  for (int64_t i = 0; i < raw.size(0); ++i) {
    const auto frame = raw[i].contiguous();
    const cv::Mat rgb(int(frame.size(0)), int(frame.size(1)), CV_8UC3, frame.data_ptr<uint8_t>());
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    char name[32];
    std::snprintf(name, sizeof(name), "/%05lld.png", static_cast<long long>(i));
    if (!cv::imwrite(folder.toStdString() + name, bgr)) return false;
  }
  return true;
}

// The fixture's session.json steps as a prompts file in `folder` (prompts.json), the mask
// step's mask (recorded in trace.pt) as mask08.png beside it. Returns the file's path.
inline QString writeFixturePrompts(const QString& folder, const char* fixture = kTrackFixture) {
  QJsonObject session = readJsonDocument(fixturePath("session.json", fixture)).object();
  QJsonArray steps = session["steps"].toArray();
  for (int i = 0; i < steps.size(); ++i) {
    QJsonObject step = steps[i].toObject();
    if (step["op"].toString() != "mask") continue;
    char key[48];
    std::snprintf(key, sizeof(key), "step%02d.mask.input_mask", i);
    const auto mask = fixtureTrace(fixture).at(key).to(torch::kUInt8).mul(255).contiguous();
    const cv::Mat image(int(mask.size(0)), int(mask.size(1)), CV_8U, mask.data_ptr<uint8_t>());
    const QString name = QString("mask%1.png").arg(i, 2, 10, QChar('0'));
    if (!cv::imwrite((folder + "/" + name).toStdString(), image)) return {};
    step["mask"] = name;
    steps[i] = step;
  }
  const QString path = folder + "/prompts.json";
  return writeText(path, QJsonDocument(steps).toJson()) ? path : QString();
}

inline QStringList fixtureModelArgs(const char* fixture = kTrackFixture) {
  // The recording is float32; auto could pick bf16 on a CPU with bf16 instructions.
  return {"--checkpoint", fixturePath("checkpoint.pt", fixture),
          "--config",     fixturePath("config.yaml", fixture),
          "--precision",  "fp32"};
}

}  // namespace masklet::test
