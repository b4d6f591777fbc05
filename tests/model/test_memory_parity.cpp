// Memory encoder, memory attention (RoPE) and the object-pointer projection match the official
// SAM 2 modules call for call on the recorded fixtures, and the axial RoPE behaves as specified.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <cmath>
#include <map>
#include <string>

#include "model/checkpoint_reader.h"
#include "model/memory_attention.h"
#include "model/memory_encoder.h"
#include "model/mlp.h"
#include "model/model_config.h"
#include "model/rope.h"
#include "model/rope_attention.h"
#include "model/sam2_model_options.h"
#include "model/state_dict_loader.h"
#include "shared_data.h"
#include "tensor_compare.h"

using namespace masklet;

namespace {

// --- fixture access (each file read once per run) ---

struct Fixture {
  model::ModelConfig config;  // options come from it as the model builds them
  model::TensorMap weights;
  model::TensorMap trace;
};

const Fixture& fixture(const std::string& name) {
  static std::map<std::string, Fixture> cache;
  auto found = cache.find(name);
  if (found != cache.end()) return found->second;
  const std::string dir = test::sharedPath("fixtures/" + name);
  Fixture loaded;
  loaded.config = model::ModelConfig::fromYaml(dir + "/config.yaml");
  loaded.weights = model::readStateDict(dir + "/checkpoint.pt");
  loaded.trace = model::readTensorFile(dir + "/trace.pt");
  return cache.emplace(name, std::move(loaded)).first->second;
}

const torch::Tensor& traced(const Fixture& f, const std::string& key) {
  const auto found = f.trace.find(key);
  if (found == f.trace.end()) throw std::runtime_error("trace.pt has no key " + key);
  return found->second;
}

std::string callKey(const std::string& module, int call) {
  return "calls." + module + "." + std::to_string(call) + ".";
}

// Logs the margin of every comparison so a drift shows up before it becomes a failure.
#define VERIFY_CLOSE(actual, expected, what)                                             \
  do {                                                                                   \
    const auto report = test::compareClose((actual), (expected));                        \
    const auto text = QString::fromStdString(std::string(what) + ": " + report.message); \
    qInfo("%s", qPrintable(text));                                                       \
    QVERIFY2(report.ok, qPrintable(text));                                               \
  } while (0)

torch::Tensor seededRandn(std::vector<int64_t> shape, uint64_t seed) {
  torch::manual_seed(seed);
  return torch::randn(shape);
}

}  // namespace

class TestMemoryParity : public QObject {
  Q_OBJECT

 private:
  void fixturesTable() {
    QTest::addColumn<QString>("name");
    for (const char* name : {"sam2.1-mini", "sam2.0-mini", "sam2.1-mini-correct-as-cond"})
      QTest::newRow(name) << QString(name);
  }

 private Q_SLOTS:
  void memoryEncoderMatchesReference_data() { fixturesTable(); }
  void memoryEncoderMatchesReference() {
    QFETCH(QString, name);
    MASKLET_REQUIRE_SHARED("fixtures/" + name.toStdString());
    const auto& f = fixture(name.toStdString());
    model::MemoryEncoder encoder(model::memoryEncoderOptions(f.config));
    model::loadStateDict(*encoder, f.weights, "memory_encoder.");
    encoder->eval();
    torch::NoGradGuard noGrad;
    int calls = 0;
    for (; f.trace.count(callKey("memory_encoder", calls) + "in.pix_feat"); ++calls) {
      const auto key = callKey("memory_encoder", calls);
      const auto out = encoder->forward(traced(f, key + "in.pix_feat"), traced(f, key + "in.masks"),
                                        traced(f, key + "in.skip_mask_sigmoid").item<bool>());
      VERIFY_CLOSE(out.vision_features, traced(f, key + "out.vision_features"),
                   key + "out.vision_features");
      QCOMPARE(out.vision_pos_enc.size(), size_t(1));
      VERIFY_CLOSE(out.vision_pos_enc[0], traced(f, key + "out.vision_pos_enc.0"),
                   key + "out.vision_pos_enc.0");
    }
    QVERIFY2(calls >= 2, "the fixture records two memory_encoder calls");
  }

  void memoryAttentionMatchesReference_data() { fixturesTable(); }
  void memoryAttentionMatchesReference() {
    QFETCH(QString, name);
    MASKLET_REQUIRE_SHARED("fixtures/" + name.toStdString());
    const auto& f = fixture(name.toStdString());
    model::MemoryAttention attention(model::memoryAttentionOptions(f.config));
    model::loadStateDict(*attention, f.weights, "memory_attention.");
    attention->eval();
    torch::NoGradGuard noGrad;
    int calls = 0;
    for (; f.trace.count(callKey("memory_attention", calls) + "in.curr.0"); ++calls) {
      const auto key = callKey("memory_attention", calls);
      const int64_t numObjPtrTokens = traced(f, key + "in.num_obj_ptr_tokens").item<int64_t>();
      QVERIFY2(numObjPtrTokens > 0, "the fixture exercises object-pointer tokens");
      const auto out = attention->forward(
          traced(f, key + "in.curr.0"), traced(f, key + "in.memory"),
          traced(f, key + "in.curr_pos.0"), traced(f, key + "in.memory_pos"), numObjPtrTokens);
      VERIFY_CLOSE(out, traced(f, key + "out"), key + "out");
    }
    QVERIFY2(calls >= 2, "the fixture records two memory_attention calls");
  }

  void objectPointerProjectionMatchesReference_data() { fixturesTable(); }
  void objectPointerProjectionMatchesReference() {
    QFETCH(QString, name);
    MASKLET_REQUIRE_SHARED("fixtures/" + name.toStdString());
    const auto& f = fixture(name.toStdString());
    QVERIFY(f.config.use_mlp_for_obj_ptr_proj);
    // SAM2Base: MLP(hidden_dim, hidden_dim, hidden_dim, 3), hidden_dim = the neck's d_model.
    const int64_t hidden = f.config.hiddenDim();
    model::MLP projection(model::MLPOptions{hidden, hidden, hidden, 3, "relu", false});
    model::loadStateDict(*projection, f.weights, "obj_ptr_proj.");
    projection->eval();
    torch::NoGradGuard noGrad;
    int calls = 0;
    for (; f.trace.count(callKey("obj_ptr_proj", calls) + "in.x"); ++calls) {
      const auto key = callKey("obj_ptr_proj", calls);
      VERIFY_CLOSE(projection->forward(traced(f, key + "in.x")), traced(f, key + "out"),
                   key + "out");
    }
    QVERIFY2(calls >= 2, "the fixture records two obj_ptr_proj calls");
  }

  // Token t of an end_x-wide grid sits at x = t % end_x, y = t / end_x; the first dim/4
  // phasors turn with x at 1/theta^(4j/dim), the rest with y.
  void axialPhasorsFollowTheGrid() {
    const auto freqs = model::computeAxialCis(8, 4, 3, 100.0);
    QCOMPARE(freqs.cos.sizes().vec(), (std::vector<int64_t>{12, 4}));
    const int64_t token = 6;  // x = 2, y = 1
    const double expected[4] = {2.0, 2.0 * 0.1, 1.0, 1.0 * 0.1};
    for (int j = 0; j < 4; ++j) {
      QVERIFY(std::abs(freqs.cos[token][j].item<double>() - std::cos(expected[j])) < 1e-6);
      QVERIFY(std::abs(freqs.sin[token][j].item<double>() - std::sin(expected[j])) < 1e-6);
    }
  }

  // Each feature pair (a, b) is the complex number a + ib multiplied by the token's phasor.
  void rotaryEncodingRotatesFeaturePairs() {
    const auto freqs = model::computeAxialCis(4, 2, 1, 10000.0);  // token 1: angles (1, 0)
    const auto q = torch::tensor({1.f, 0.f, 3.f, 4.f, 1.f, 2.f, 3.f, 4.f}).view({1, 1, 2, 4});
    const auto [qOut, kOut] = model::applyRotaryEnc(q, q, freqs);
    // token 0: no rotation; token 1: (1 + 2i)·e^{i} then (3 + 4i)·e^{0}.
    VERIFY_CLOSE(qOut[0][0][0], q[0][0][0], "token 0");
    const double c = std::cos(1.0);
    const double s = std::sin(1.0);
    const auto expected = torch::tensor({float(c - 2 * s), float(s + 2 * c), 3.f, 4.f});
    VERIFY_CLOSE(qOut[0][0][1], expected, "token 1");
    VERIFY_CLOSE(kOut, qOut, "keys");
  }

  // rope_k_repeat: every memory frame gets the same positions as the query grid, so a memory
  // that holds one frame twice attends exactly like that frame alone.
  void repeatedMemoryFramesShareQueryPositions() {
    model::RoPEAttentionOptions options;
    options.embeddingDim = 16;
    options.numHeads = 2;
    options.kvInDim = 8;
    options.ropeKRepeat = true;
    options.featSizes = {3, 3};
    model::RoPEAttention attention(options);
    attention->eval();
    torch::NoGradGuard noGrad;
    const auto q = seededRandn({1, 9, 16}, 1);
    const auto frame = seededRandn({1, 9, 8}, 2);
    const auto once = attention->forward(q, frame, frame);
    const auto twice =
        attention->forward(q, torch::cat({frame, frame}, 1), torch::cat({frame, frame}, 1));
    VERIFY_CLOSE(twice, once, "two copies of a frame vs one");
  }

  // Object-pointer tokens carry no grid position: their order does not matter.
  void objectPointerTokensAreNotRotated() {
    model::RoPEAttentionOptions options;
    options.embeddingDim = 16;
    options.numHeads = 1;
    options.ropeKRepeat = true;
    options.featSizes = {2, 2};
    model::RoPEAttention attention(options);
    attention->eval();
    torch::NoGradGuard noGrad;
    const auto q = seededRandn({1, 4, 16}, 3);
    const auto frame = seededRandn({1, 4, 16}, 4);
    const auto pointers = seededRandn({1, 3, 16}, 5);
    const auto swapped = pointers.flip({1});
    const auto memory = torch::cat({frame, pointers}, 1);
    const auto memorySwapped = torch::cat({frame, swapped}, 1);
    const auto a = attention->forward(q, memory, memory, 3);
    const auto b = attention->forward(q, memorySwapped, memorySwapped, 3);
    VERIFY_CLOSE(b, a, "pointer order");
    // Rotated pointers would not even form whole frames of the 4-token grid.
    QVERIFY_THROWS_EXCEPTION(std::exception, attention->forward(q, memory, memory, 0));
  }

  // The phasor table follows the feature size: a 6x6 input on a module built for 4x4 gives what
  // a module built for 6x6 gives; a non-square token count is refused.
  void phasorsAreRecomputedForANewGrid() {
    model::RoPEAttentionOptions options;
    options.embeddingDim = 8;
    options.featSizes = {4, 4};
    model::RoPEAttention small(options);
    options.featSizes = {6, 6};
    model::RoPEAttention large(options);
    torch::NoGradGuard noGrad;
    for (const auto& item : small->named_parameters())
      large->named_parameters()[item.key()].copy_(item.value());
    small->eval();
    large->eval();
    const auto x = seededRandn({1, 36, 8}, 6);
    VERIFY_CLOSE(small->forward(x, x, x), large->forward(x, x, x), "6x6 on a 4x4 module");
    const auto odd = seededRandn({1, 12, 8}, 7);
    QVERIFY_THROWS_EXCEPTION(std::exception, small->forward(odd, odd, odd));
  }

  // Dropout exists only for training; an un-eval'd model must not silently diverge.
  void trainingModeWithDropoutIsRefused() {
    model::RoPEAttentionOptions options;
    options.embeddingDim = 8;
    options.dropout = 0.1;
    options.featSizes = {2, 2};
    model::RoPEAttention attention(options);
    const auto x = seededRandn({1, 4, 8}, 8);
    QVERIFY_THROWS_EXCEPTION(std::exception, attention->forward(x, x, x));
    attention->eval();
    QCOMPARE(attention->forward(x, x, x).sizes().vec(), (std::vector<int64_t>{1, 4, 8}));
  }
};

MASKLET_TEST_APPLESS_MAIN(TestMemoryParity)
#include "test_memory_parity.moc"
