// `masklet-cli track` (headless tracking) with the mini fixture model:
//  - the fixture's own session steps, run through track on the fixture's frames, give a
//    dataset whose masks are the official predictor's recorded ones (per frame and object, the
//    last mask a step returned), read back with core/dataset;
//  - the same steps on a VideoSession driven directly (replay-style) give identical masks;
//  - COCO, SA-1B, SA-V and PNG outputs of one run hold the same masks, with --frames keeping
//    the video's frame indices; --save-project holds them too;
//  - with --corrections official the steps give the masks of the reference predictor with its
//    own defaults (a correction is not a conditioning frame), recorded in another fixture;
//  - bad prompts files are refused with one line naming the step, exit 1, nothing written;
//  - a real clip tracks through a few frames.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <QTemporaryDir>

#include <map>
#include <utility>

#include "cli_run.h"
#include "dataset/dataset_format.h"
#include "dataset/rle.h"
#include "project/project_file.h"
#include "tracker/frame_provider_video.h"
#include "tracker/video_session.h"
#include "video/open_frame_source.h"

using namespace masklet;
using test::runCli;

namespace {

using Key = std::pair<int, int>;  // frame, object id

// Per (frame, object) the binary mask (0/1, H×W) a step returned last.
using LastMasks = std::map<Key, cv::Mat>;

cv::Mat binaryOf(const torch::Tensor& logits) {  // [H, W] float
  const auto binary = (logits > 0).to(torch::kUInt8).contiguous();
  return cv::Mat(int(binary.size(0)), int(binary.size(1)), CV_8U, binary.data_ptr<uint8_t>())
      .clone();
}

std::vector<int64_t> ids(const torch::Tensor& t) {
  const auto flat = t.to(torch::kLong).flatten().contiguous();
  return {flat.data_ptr<int64_t>(), flat.data_ptr<int64_t>() + flat.numel()};
}

void forget(LastMasks& masks, int objectId) {
  for (auto it = masks.begin(); it != masks.end();)
    it = it->first.second == objectId ? masks.erase(it) : std::next(it);
}

// What the official predictor returned, step by step (trace.pt), reduced to the last mask of
// every (frame, object).
LastMasks recordedLastMasks(const char* fixture = test::kTrackFixture) {
  const auto& trace = test::fixtureTrace(fixture);
  const QJsonArray steps = test::readJsonDocument(test::fixturePath("session.json", fixture))
                               .object()["steps"]
                               .toArray();
  LastMasks last;
  for (int i = 0; i < steps.size(); ++i) {
    const QJsonObject step = steps[i].toObject();
    const std::string op = step["op"].toString().toStdString();
    char prefix[48];
    std::snprintf(prefix, sizeof(prefix), "step%02d.%s", i, op.c_str());
    const std::string p = prefix;
    if (step.contains("expect_error") || trace.count(p + ".error")) continue;
    if (op == "reset") {
      last.clear();
      continue;
    }
    if (op == "remove") forget(last, step["obj"].toInt());
    if (!trace.count(p + ".masks")) continue;
    const auto objects = ids(trace.at(p + ".obj_ids"));
    const auto& masks = trace.at(p + ".masks");
    if (trace.count(p + ".frames")) {  // [frames, objects, 1, H, W]
      const auto frames = ids(trace.at(p + ".frames"));
      for (size_t f = 0; f < frames.size(); ++f)
        for (size_t o = 0; o < objects.size(); ++o)
          last[{int(frames[f]), int(objects[o])}] = binaryOf(masks[int64_t(f)][int64_t(o)][0]);
    } else {  // [objects, 1, H, W] on the step's frame
      for (size_t o = 0; o < objects.size(); ++o)
        last[{step["frame"].toInt(), int(objects[o])}] = binaryOf(masks[int64_t(o)][0]);
    }
  }
  return last;
}

double iou(const cv::Mat& a, const cv::Mat& b) {
  const double inter = cv::countNonZero(a & b), uni = cv::countNonZero(a | b);
  return uni == 0 ? 1.0 : inter / uni;
}

// The same steps on a VideoSession, the way `replay` runs them (one engine call per step).
std::map<Key, dataset::Rle> directSessionMasks(const QString& frames, const QString& promptsDir) {
  torch::NoGradGuard noGrad;
  std::shared_ptr<const model::Sam2Model> model =
      model::Sam2Model::load(test::fixturePath("checkpoint.pt").toStdString(),
                             test::fixturePath("config.yaml").toStdString());
  auto provider = std::make_shared<tracker::VideoFrameProvider>(
      video::openFrameSource(frames.toStdString()), int(model->config().image_size));
  tracker::VideoSession session(model, provider,
                                tracker::VideoTrackingOptions::forModel(model->config()));
  std::map<Key, dataset::Rle> last;
  auto record = [&](const tracker::FrameMasks& masks) {
    for (size_t o = 0; o < masks.objectIds.size(); ++o)
      last[{int(masks.frame), int(masks.objectIds[o])}] =
          dataset::encodeMask(binaryOf(masks.maskLogits[int64_t(o)][0]));
  };
  const QJsonArray steps = test::readJsonDocument(promptsDir + "/prompts.json").array();
  for (const auto& value : steps) {
    const QJsonObject step = value.toObject();
    const QString op = step["op"].toString();
    const int frame = step["frame"].toInt(), obj = step["obj"].toInt();
    if (op == "points" || op == "box") {
      tracker::PointPrompt prompt;
      const QJsonArray points = step["points"].toArray(), labels = step["labels"].toArray();
      for (int k = 0; k < points.size(); ++k) {
        prompt.points.push_back(
            {float(points[k].toArray()[0].toDouble()), float(points[k].toArray()[1].toDouble())});
        prompt.labels.push_back(labels[k].toInt());
      }
      if (op == "box") {
        const QJsonArray b = step["box"].toArray();
        prompt.box = tracker::PromptBox{float(b[0].toDouble()), float(b[1].toDouble()),
                                        float(b[2].toDouble()), float(b[3].toDouble())};
      }
      prompt.clearOldPoints = step["clear"].toBool(true);
      record(session.addPoints(frame, obj, prompt));
    } else if (op == "mask") {
      const cv::Mat png = cv::imread((promptsDir + "/" + step["mask"].toString()).toStdString(),
                                     cv::IMREAD_GRAYSCALE);
      const auto mask =
          torch::from_blob(png.data, {png.rows, png.cols}, torch::kUInt8).gt(0).clone();
      record(session.addMask(frame, obj, mask));
    } else if (op == "propagate") {
      tracker::PropagateRequest request;
      if (step.contains("start")) request.startFrame = step["start"].toInt();
      if (step.contains("max_frames")) request.maxFrames = step["max_frames"].toInt();
      request.reverse = step["reverse"].toBool(false);
      session.propagate(request, record);
    } else if (op == "remove") {
      const auto result = session.removeObject(obj);
      for (auto it = last.begin(); it != last.end();)
        it = it->first.second == obj ? last.erase(it) : std::next(it);
      for (const auto& masks : result.updatedFrames) record(masks);
    } else if (op == "clear_frame") {
      record(session.clearFramePrompts(frame, obj));
    }
  }
  return last;
}

dataset::VideoAnnotation readBack(const QString& path, dataset::DatasetFormat format) {
  return dataset::readDataset(path.toStdString(), format);
}

// Every non-empty mask of an annotation by (frame, track id).
std::map<Key, dataset::Rle> masksOf(const dataset::VideoAnnotation& annotation) {
  std::map<Key, dataset::Rle> out;
  for (const auto& [frame, masks] : annotation.frames)
    for (const auto& [id, mask] : masks)
      if (dataset::rleArea(mask.rle) > 0) out[{frame, id}] = mask.rle;
  return out;
}

QString keyText(const Key& key) {
  return QString("frame %1 object %2").arg(key.first).arg(key.second);
}

}  // namespace

class TestTrackCli : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  QString m_frames;   // the fixture's frames as PNGs
  QString m_prompts;  // the fixture's steps as a prompts file

  QStringList trackArgs(const QString& prompts, const QString& out, const QString& format) {
    return QStringList{"track", "--video", m_frames,   "--prompts", prompts,
                       "--out", out,       "--format", format}
           << test::fixtureModelArgs();
  }

 private Q_SLOTS:
  void initTestCase() {
    if (test::sharedPath(test::kTrackFixture).empty()) return;  // each test skips
    m_frames = m_dir.filePath("frames");
    QVERIFY(test::writeFixtureFrames(m_frames));
    QVERIFY(QDir().mkpath(m_dir.filePath("prompts")));
    m_prompts = test::writeFixturePrompts(m_dir.filePath("prompts"));
    QVERIFY(!m_prompts.isEmpty());
  }

  void init() { MASKLET_REQUIRE_SHARED(test::kTrackFixture); }

  void fixtureStepsGiveTheRecordedMasks() {
    QTemporaryDir out;
    const QString coco = out.filePath("result/coco.json");
    const auto run = runCli(trackArgs(m_prompts, coco, "coco")
                            << "--save-project" << out.filePath("result/session.masklet"));
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    QVERIFY2(run.out.startsWith("tracked "), qPrintable(run.out));

    const auto annotation = readBack(coco, dataset::DatasetFormat::Coco);
    QCOMPARE(annotation.video.width, 160);
    QCOMPARE(annotation.video.height, 90);
    const auto written = masksOf(annotation);
    const LastMasks recorded = recordedLastMasks();
    int compared = 0;
    for (const auto& [key, mask] : recorded) {
      const bool present = cv::countNonZero(mask) > 0;
      auto it = written.find(key);
      QVERIFY2(present == (it != written.end()),
               qPrintable(keyText(key) + (present ? ": missing" : ": written but absent")));
      if (!present) continue;
      const double overlap = iou(dataset::decodeRle(it->second), mask);
      QVERIFY2(overlap >= 0.99,
               qPrintable(keyText(key) + QString(": IoU %1 with the recording").arg(overlap)));
      ++compared;
    }
    for (const auto& [key, rle] : written)
      QVERIFY2(recorded.count(key), qPrintable(keyText(key) + ": the recording has no mask"));
    QVERIFY(compared >= 8);
    // Object 1 was removed (step 10): no track 1 anywhere.
    for (const auto& [key, rle] : written) QVERIFY(key.second != 1);

    // COCO: frame_index on each image, track_id and predicted IoU on each annotation.
    const QJsonObject root = test::readJsonDocument(coco).object();
    for (const auto& image : root["images"].toArray())
      QVERIFY(image.toObject().contains("frame_index"));
    for (const auto& value : root["annotations"].toArray()) {
      const QJsonObject entry = value.toObject();
      QVERIFY(entry["track_id"].toInt() == 2 || entry["track_id"].toInt() == 3);
      QVERIFY2(entry.contains("predicted_iou"), "no predicted_iou in a COCO annotation");
    }

    // The project holds the same masks (what the GUI opens).
    const auto state =
        project::loadDocumentState(out.filePath("result/session.masklet").toStdString());
    std::map<Key, dataset::Rle> saved;
    for (const auto& [key, mask] : state.masks)
      if (dataset::rleArea(mask.rle) > 0) saved[key] = mask.rle;
    QCOMPARE(saved.size(), written.size());
    QVERIFY(saved == written);
    QVERIFY(!state.prompts.empty());
  }

  void officialCorrectionsGiveTheReferenceDefaultsMasks() {
    MASKLET_REQUIRE_SHARED(test::kOfficialFixture);
    QTemporaryDir dir;
    const QString frames = dir.filePath("frames");
    QVERIFY(test::writeFixtureFrames(frames, test::kOfficialFixture));
    QVERIFY(QDir().mkpath(dir.filePath("prompts")));
    const QString prompts =
        test::writeFixturePrompts(dir.filePath("prompts"), test::kOfficialFixture);
    QVERIFY(!prompts.isEmpty());
    const QString coco = dir.filePath("out/coco.json");
    const auto run = runCli(QStringList{"track", "--video", frames, "--prompts", prompts, "--out",
                                        coco, "--format", "coco", "--corrections", "official"}
                            << test::fixtureModelArgs(test::kOfficialFixture));
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    const auto written = masksOf(readBack(coco, dataset::DatasetFormat::Coco));
    const LastMasks recorded = recordedLastMasks(test::kOfficialFixture);
    int compared = 0;
    for (const auto& [key, mask] : recorded) {
      const bool present = cv::countNonZero(mask) > 0;
      auto it = written.find(key);
      QVERIFY2(present == (it != written.end()),
               qPrintable(keyText(key) + (present ? ": missing" : ": written but absent")));
      if (!present) continue;
      const double overlap = iou(dataset::decodeRle(it->second), mask);
      QVERIFY2(overlap >= 0.99,
               qPrintable(keyText(key) + QString(": IoU %1 with the recording").arg(overlap)));
      ++compared;
    }
    QVERIFY(compared >= 8);
  }

  void replayStyleStepsGiveIdenticalMasks() {
    QTemporaryDir out;
    const auto run = runCli(trackArgs(m_prompts, out.filePath("coco.json"), "coco"));
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    const auto written = masksOf(readBack(out.filePath("coco.json"), dataset::DatasetFormat::Coco));
    std::map<Key, dataset::Rle> direct;
    for (const auto& [key, rle] : directSessionMasks(m_frames, m_dir.filePath("prompts")))
      if (dataset::rleArea(rle) > 0) direct[key] = rle;
    QCOMPARE(written.size(), direct.size());
    for (const auto& [key, rle] : direct) {
      auto it = written.find(key);
      QVERIFY2(it != written.end(), qPrintable(keyText(key) + ": missing"));
      QVERIFY2(it->second == rle, qPrintable(keyText(key) + ": differs from the direct session"));
    }
  }

  void everyFormatHoldsTheSameMasks() {
    QTemporaryDir out;
    // Objects 5 and 7 on frames 2-5 only: output frames stay the video's indices.
    QVERIFY(test::writeText(out.filePath("p.json"), R"([
      {"op": "box", "frame": 2, "obj": 5, "box": [90, 20, 140, 80]},
      {"op": "points", "frame": 3, "obj": 7, "points": [[50, 40], [30, 60]], "labels": [1, 0]},
      {"op": "propagate"},
      {"op": "propagate", "start": 5, "reverse": true}])"));
    std::map<QString, std::map<Key, dataset::Rle>> byFormat;
    const std::map<QString, QString> outputs{
        {"coco", "coco.json"}, {"sav", "sav.json"}, {"sa1b", "sa1b"}, {"png", "png"}};
    for (const auto& [format, name] : outputs) {
      const auto run =
          runCli(trackArgs(out.filePath("p.json"), out.filePath(name), format) << "--frames"
                                                                               << "2-5"
                                                                               << "--quiet");
      QVERIFY2(run.exitCode == 0, qPrintable(format + ": " + run.out + run.err));
      byFormat[format] =
          masksOf(readBack(out.filePath(name), dataset::parseFormatName(format.toStdString())));
    }
    const auto& coco = byFormat["coco"];
    std::set<int> frames, objects;
    for (const auto& [key, rle] : coco) {
      frames.insert(key.first);
      objects.insert(key.second);
    }
    QVERIFY2(*frames.begin() >= 2 && *frames.rbegin() <= 5, "a mask outside --frames 2-5");
    QVERIFY(frames.size() >= 3);
    QCOMPARE(objects, (std::set<int>{5, 7}));
    for (const auto& [format, masks] : byFormat)
      QVERIFY2(masks == coco, qPrintable(format + " differs from coco"));
  }

  void badPromptsAreRefusedWithOneLine_data() {
    QTest::addColumn<QByteArray>("prompts");
    QTest::addColumn<QString>("expected");
    const QByteArray click = R"({"op": "points", "frame": 0, "obj": 1, "points": [[5, 5]],
                                  "labels": [1]})";
    QTest::newRow("unknown op") << "[" + click + R"(, {"op": "track"}])"
                                << "steps[1]: unknown op \"track\"";
    QTest::newRow("frame out of range")
        << QByteArray(R"([{"op": "box", "frame": 8, "obj": 1, "box": [1, 1, 9, 9]}])")
        << "steps[0] (box): frame 8 is outside the frames being tracked (0-7)";
    QTest::newRow("point outside the frame")
        << "[" + click + R"(, {"op": "points", "frame": 1, "obj": 2, "points": [[20, 95]],
               "labels": [1]}])"
        << "steps[1] (points): point (20, 95) is outside the frame (160x90 pixels)";
    QTest::newRow("missing mask file")
        << "[" + click + R"(, {"op": "mask", "frame": 2, "obj": 1, "mask": "gone.png"}])"
        << "steps[1] (mask): mask file ";
    QTest::newRow("not JSON") << QByteArray("[{") << "malformed JSON";
  }

  void badPromptsAreRefusedWithOneLine() {
    QFETCH(QByteArray, prompts);
    QFETCH(QString, expected);
    QTemporaryDir out;
    QVERIFY(test::writeText(out.filePath("p.json"), prompts));
    const auto run = runCli(trackArgs(out.filePath("p.json"), out.filePath("o/coco.json"), "coco")
                            << "--save-project" << out.filePath("o/p.masklet"));
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.startsWith("masklet-cli track: error: "), qPrintable(run.err));
    QVERIFY2(run.err.contains(expected), qPrintable(run.err));
    QCOMPARE(run.err.trimmed().count('\n'), 0);
    QVERIFY2(!QFileInfo::exists(out.filePath("o")), "something was written");
  }

  void usageErrorsExitTwo() {
    const auto run = runCli(QStringList{"track", "--video", m_frames, "--prompts", m_prompts}
                            << test::fixtureModelArgs());
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("--out PATH is required"), qPrintable(run.err));
    const auto help = runCli({"track", "--help"});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("Exit codes"));
    QVERIFY(help.out.contains("clear_frame"));
    QVERIFY(help.out.contains("--corrections keep|official"));
    const auto corrections =
        runCli(QStringList{"track", "--video", m_frames, "--prompts", m_prompts, "--out", "o.json",
                           "--format", "coco", "--corrections", "sometimes"}
               << test::fixtureModelArgs());
    QCOMPARE(corrections.exitCode, 2);
    QVERIFY2(corrections.err.contains("--corrections sometimes: use keep or official"),
             qPrintable(corrections.err));
  }

  void tracksARealClip() {
    MASKLET_REQUIRE_SHARED("media/bedroom.mp4");
    QTemporaryDir out;
    // bedroom.mp4 is 960x540: a click on the first frame, tracked over frames 0-3.
    QVERIFY(test::writeText(out.filePath("p.json"), R"([
      {"op": "points", "frame": 0, "obj": 1, "points": [[480, 300]], "labels": [1]},
      {"op": "propagate"}])"));
    const auto run =
        runCli(QStringList{"track", "--video",
                           QString::fromStdString(test::sharedPath("media/bedroom.mp4")),
                           "--prompts", out.filePath("p.json"), "--out", out.filePath("coco.json"),
                           "--format", "coco", "--frames", "0-3"}
               << test::fixtureModelArgs());
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    const auto annotation = readBack(out.filePath("coco.json"), dataset::DatasetFormat::Coco);
    QCOMPARE(annotation.video.width, 960);
    QCOMPARE(annotation.video.height, 540);
    QCOMPARE(int(annotation.frames.size()), 4);  // frames 0-3, tracked (present or absent)
    QCOMPARE(annotation.frames.begin()->first, 0);
    QCOMPARE(annotation.frames.rbegin()->first, 3);
    QCOMPARE(int(annotation.objects.size()), 1);
    QCOMPARE(annotation.objects[0].trackId, 1);
  }
};

MASKLET_TEST_GUILESS_MAIN(TestTrackCli)
#include "test_track_cli.moc"
