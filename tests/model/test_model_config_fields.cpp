// The field list of ModelConfig (model_config_fields.h), one row per listed field: the field
// changed on its own survives config -> YAML -> config -> YAML, and makes == false with exactly
// its own dump line differing. The rows come from the list, so a field added later is covered
// with no change here.
#include <QtTest/QtTest>

#include "error_of.h"
#include "test_registry.h"

#include <yaml-cpp/yaml.h>

#include <functional>
#include <optional>
#include <set>
#include <sstream>

#include "common/error.h"
#include "model/model_config.h"
#include "model/model_config_fields.h"
#include "model/model_config_yaml.h"
#include "model/official_models.h"

using namespace masklet;
using model::ModelConfig;
using model::YamlKey;

using masklet::test::errorOf;

namespace {

// Candidate replacements for a value, most harmless first; equal ones are skipped later.
std::vector<int64_t> candidates(int64_t v) {
  return {v + 1, v - 1, v * 2, v + 2};
}
std::vector<double> candidates(double v) {
  return {v + 0.5, v * 2 + 1};
}
std::vector<bool> candidates(bool v) {
  return {!v};
}
std::vector<std::string> candidates(const std::string&) {
  return {"relu", "gelu", "sum", "avg", "nearest", "bilinear", "bicubic", "repvit_m1"};
}
std::vector<std::vector<std::string>> candidates(const std::vector<std::string>& v) {
  if (v.empty()) return {};
  return {std::vector<std::string>(v.begin(), v.end() - 1)};
}
std::vector<std::vector<int64_t>> candidates(const std::vector<int64_t>& v) {
  std::vector<std::vector<int64_t>> out;
  if (!v.empty()) {
    auto bumped = v;
    ++bumped.back();
    out.push_back(bumped);
    out.emplace_back(v.begin(), v.end() - 1);
  }
  auto longer = v;
  longer.push_back(v.empty() ? 0 : v.back() + 1);
  out.push_back(longer);
  return out;
}
std::vector<std::array<int64_t, 2>> candidates(const std::array<int64_t, 2>& v) {
  return {{v[0], v[1] + 1}, {v[0] + 1, v[1]}};
}
template <typename T>
std::vector<std::optional<T>> candidates(const std::optional<T>& v) {
  std::vector<std::optional<T>> out;
  if (v) out.push_back(std::nullopt);
  const T from = v ? *v : T(1);
  if (!v) out.push_back(from);
  for (const T& value : candidates(from)) out.push_back(value);
  return out;
}

bool validates(const ModelConfig& config) {
  try {
    config.validate("changed config");
    return true;
  } catch (const Error&) {
    return false;
  }
}

// The reference defaults switched to EdgeTAM's classes (timm trunk, RoPEAttentionv2
// cross-attention, spatial perceiver), whose own fields only apply there.
ModelConfig edgeTamLike() {
  ModelConfig c;
  c.image_encoder.trunk.target = model::kTimmTrunk;
  c.memory_attention.layer.cross_attention.target = model::kRoPEAttentionV2;
  c.spatial_perceiver.target = model::kPerceiverResampler;
  c.spatial_perceiver.num_latents = 256;
  c.spatial_perceiver.num_latents_2d = 256;
  return c;
}

// Two official configs (SAM 2.1 and SAM 2 tiny), the reference defaults and an EdgeTAM-like
// config, each with the fuser's input width set so that input_projection may be switched on:
// some changes are only valid from one of them (the fixed no-object pointer needs object
// pointers and scores, a perceiver option needs a perceiver).
std::vector<ModelConfig> baseConfigs() {
  std::vector<ModelConfig> bases{model::findOfficialModel("sam2.1_hiera_tiny")->config,
                                 model::findOfficialModel("sam2_hiera_tiny")->config, ModelConfig(),
                                 edgeTamLike()};
  for (auto& config : bases) config.memory_encoder.fuser.dim = 256;
  return bases;
}

struct FieldChange {
  std::string path;
  YamlKey yaml = YamlKey::Optional;
  size_t base = 0;     // index into baseConfigs()
  ModelConfig config;  // the base with this one field changed
};

// Field `index` of the list changed to the first candidate the config still validates with,
// from the first base where there is one. Nullopt: no candidate validates from any base.
std::optional<FieldChange> changeField(size_t index) {
  const auto bases = baseConfigs();
  for (size_t b = 0; b < bases.size(); ++b) {
    ModelConfig config = bases[b];
    std::optional<FieldChange> found;
    size_t at = 0;
    model::forEachModelConfigField(config, [&](const model::ModelConfigField& field, auto& value) {
      if (at++ != index) return;
      const auto original = value;
      for (const auto& candidate : candidates(original)) {
        if (candidate == original) continue;
        value = candidate;
        if (validates(config)) {
          found = FieldChange{field.path, field.yaml, b, config};
          return;
        }
      }
      value = original;
    });
    if (found) return found;
  }
  return std::nullopt;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

YAML::Node nodeAt(YAML::Node node, const std::string& dottedPath) {
  std::stringstream rest(dottedPath);
  for (std::string key; std::getline(rest, key, '.');) {
    YAML::Node next = node[key];
    node.reset(next);
  }
  return node;
}

}  // namespace

class TestModelConfigFields : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void listNamesEachFieldOnceInDumpOrder() {
    std::vector<std::string> paths;
    ModelConfig config;
    model::forEachModelConfigField(config, [&](const model::ModelConfigField& field, const auto&) {
      paths.push_back(field.path);
    });
    QVERIFY(paths.size() > 100);
    QCOMPARE(std::set<std::string>(paths.begin(), paths.end()).size(), paths.size());
    const auto dumped = lines(config.dump());
    QCOMPARE(dumped.size(), paths.size());
    for (size_t i = 0; i < paths.size(); ++i)
      QVERIFY2(dumped[i].rfind(paths[i] + ": ", 0) == 0, dumped[i].c_str());
  }

  void everyField_data() {
    QTest::addColumn<int>("index");
    ModelConfig config;
    size_t at = 0;
    model::forEachModelConfigField(config, [&](const model::ModelConfigField& field, const auto&) {
      // A section's class is not a value to vary on its own: it decides which fields exist
      // (covered by the EdgeTAM base round trip and test_edgetam_modules_parity).
      if (field.yaml != YamlKey::Target) QTest::newRow(field.path) << int(at);
      ++at;
    });
  }
  void everyField() {
    QFETCH(int, index);
    const auto change = changeField(size_t(index));
    QVERIFY2(change, "no changed value of this field passes ModelConfig::validate");
    const ModelConfig base = baseConfigs()[change->base];

    // == sees the change, and dump() shows it on the field's own line only.
    QVERIFY(!(change->config == base));
    QVERIFY(change->config != base);
    QVERIFY(change->config == change->config);
    const auto before = lines(base.dump());
    const auto after = lines(change->config.dump());
    QCOMPARE(after.size(), before.size());
    for (size_t i = 0; i < before.size(); ++i) {
      const bool own = after[i].rfind(change->path + ": ", 0) == 0;
      QVERIFY2((before[i] != after[i]) == own, after[i].c_str());
    }

    const std::string text = model::modelConfigToYamlText(change->config);
    if (change->yaml == YamlKey::NotInYaml) {
      // Not part of the schema: never written, and refused when a YAML sets it.
      QVERIFY(!nodeAt(YAML::Load(text)["model"], change->path).IsDefined());
      YAML::Node edited = YAML::Load(text);
      nodeAt(edited["model"], change->path) = "1";
      YAML::Emitter out;
      out << edited;
      const std::string section = change->path.substr(0, change->path.rfind('.'));
      const QString message = errorOf(
          [&] { model::modelConfigFromYamlText(out.c_str(), "set-" + change->path + ".yaml"); });
      QVERIFY2(message.contains(QString::fromStdString("key model." + section)),
               qPrintable(message));
      return;
    }
    // The YAML carries the changed value under the field's key, and reads back to the same
    // config, which writes the same YAML again.
    QVERIFY(nodeAt(YAML::Load(text)["model"], change->path).IsDefined());
    const ModelConfig parsed = model::modelConfigFromYamlText(text, "roundtrip.yaml");
    QCOMPARE(QString::fromStdString(parsed.dump()), QString::fromStdString(change->config.dump()));
    QVERIFY(parsed == change->config);
    QCOMPARE(QString::fromStdString(model::modelConfigToYamlText(parsed)),
             QString::fromStdString(text));
  }

  void baseConfigsRoundTrip() {
    for (const auto& base : baseConfigs()) {
      const std::string text = model::modelConfigToYamlText(base);
      QVERIFY(model::modelConfigFromYamlText(text, "base.yaml") == base);
    }
  }
};

MASKLET_TEST_APPLESS_MAIN(TestModelConfigFields)
#include "test_model_config_fields.moc"
