// Precision modes (parsing, the auto choice from the CPU's flags, scopes that nest and
// restore) and the blocked attention kernel against a float64 softmax(q kᵀ/√d) v.
#include <QtTest/QtTest>

#include "test_registry.h"

#include <ATen/autocast_mode.h>

#include <cmath>
#include <fstream>
#include <string>

#include "common/error.h"
#include "model/attention_ops.h"
#include "model/precision.h"

using masklet::model::Precision;
using masklet::model::PrecisionRequest;

namespace {

torch::Tensor referenceAttention(const torch::Tensor& q, const torch::Tensor& k,
                                 const torch::Tensor& v) {
  const auto qd = q.to(torch::kFloat64), kd = k.to(torch::kFloat64), vd = v.to(torch::kFloat64);
  const double scale = 1.0 / std::sqrt(static_cast<double>(q.size(-1)));
  return torch::matmul(torch::softmax(torch::matmul(qd, kd.transpose(-2, -1)) * scale, -1), vd);
}

// Independent of the code under test: any CPU's flags line naming a bf16 dot-product set.
bool cpuinfoSaysBf16() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("flags", 0) == 0)
      return line.find(" avx512_bf16") != std::string::npos ||
             line.find(" amx_bf16") != std::string::npos;
  return false;
}

}  // namespace

class TestPrecisionAndAttention : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void parsesTheThreeNames() {
    QVERIFY(masklet::model::parsePrecisionRequest("auto") == PrecisionRequest::Auto);
    QVERIFY(masklet::model::parsePrecisionRequest("fp32") == PrecisionRequest::Fp32);
    QVERIFY(masklet::model::parsePrecisionRequest("bf16") == PrecisionRequest::Bf16);
    try {
      masklet::model::parsePrecisionRequest("fp16");
      QFAIL("fp16 was accepted");
    } catch (const masklet::Error& e) {
      QVERIFY(std::string(e.what()).find("auto, fp32 or bf16") != std::string::npos);
    }
  }

  void autoFollowsTheCpuFlags() {
    QCOMPARE(masklet::model::cpuHasNativeBf16(), cpuinfoSaysBf16());
    const auto choice = masklet::model::choosePrecision(PrecisionRequest::Auto, torch::kCPU);
    QVERIFY((choice.precision == Precision::Bf16) == cpuinfoSaysBf16());
    QVERIFY(!choice.reason.empty());
    QVERIFY(masklet::model::choosePrecision(PrecisionRequest::Fp32, torch::kCPU).precision ==
            Precision::Fp32);
    QVERIFY(masklet::model::choosePrecision(PrecisionRequest::Bf16, torch::kCPU).precision ==
            Precision::Bf16);
  }

  void scopesNestAndRestore() {
    QVERIFY(!masklet::model::lowPrecisionActive());
    {
      masklet::model::PrecisionScope low(Precision::Bf16, torch::kCPU);
      QVERIFY(masklet::model::lowPrecisionActive());
      QVERIFY(at::autocast::is_cpu_enabled());
      const auto y = torch::matmul(torch::randn({4, 8}), torch::randn({8, 3}));
      QVERIFY(y.scalar_type() == torch::kBFloat16);  // autocast is on
      {
        masklet::model::PrecisionScope exact(Precision::Fp32, torch::kCPU);
        QVERIFY(!masklet::model::lowPrecisionActive());
        QVERIFY(!at::autocast::is_cpu_enabled());
      }
      QVERIFY(masklet::model::lowPrecisionActive());
      QVERIFY(at::autocast::is_cpu_enabled());
    }
    QVERIFY(!masklet::model::lowPrecisionActive());
    QVERIFY(!at::autocast::is_cpu_enabled());
  }

  void blockedAttentionMatchesTheFormula_data() {
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("queries");
    QTest::addColumn<int>("keys");
    QTest::addColumn<int>("dim");
    QTest::addColumn<int>("valueDim");
    QTest::newRow("one block") << 3 << 50 << 70 << 16 << 16;
    // 8M score elements per block: 40,000 keys give 209-row blocks, the last one partial.
    QTest::newRow("several blocks, partial last") << 1 << 500 << 40000 << 8 << 4;
    QTest::newRow("batched blocks") << 2 << 300 << 20000 << 8 << 8;
    // Many sequences stay in the batched BLAS path, here in two blocks.
    QTest::newRow("many sequences, two blocks") << 20 << 300 << 2000 << 8 << 8;
  }

  void blockedAttentionMatchesTheFormula() {
    QFETCH(int, batch);
    QFETCH(int, queries);
    QFETCH(int, keys);
    QFETCH(int, dim);
    QFETCH(int, valueDim);
    torch::manual_seed(7);
    const auto q = torch::randn({batch, queries, dim});
    const auto k = torch::randn({batch, keys, dim});
    const auto v = torch::randn({batch, keys, valueDim});
    const auto out = masklet::model::scaledDotProductAttention(q, k, v);
    const auto expected = referenceAttention(q, k, v);
    QVERIFY(out.scalar_type() == torch::kFloat32);
    QCOMPARE(out.sizes().vec(), expected.sizes().vec());
    const double err = (out.to(torch::kFloat64) - expected).abs().max().item<double>();
    QVERIFY2(err < 1e-5, qPrintable(QString("max |d| %1").arg(err)));
  }

  void bf16AttentionIsNoWorseThanAutocast() {
    torch::manual_seed(3);
    const auto q = torch::randn({1, 200, 16}), k = torch::randn({1, 3000, 16}),
               v = torch::randn({1, 3000, 8});
    torch::Tensor out;
    {
      masklet::model::PrecisionScope low(Precision::Bf16, torch::kCPU);
      out = masklet::model::scaledDotProductAttention(q, k, v);
    }
    QVERIFY(out.scalar_type() == torch::kFloat32);
    const auto exact = referenceAttention(q, k, v);
    // What torch.autocast(bfloat16) computes, emulated in float64: operands and products
    // rounded to bfloat16, the softmax of the rounded scores rounded again.
    const auto r = [](const torch::Tensor& x) {
      return x.to(torch::kBFloat16).to(torch::kFloat64);
    };
    const double scale = 1.0 / std::sqrt(16.0);
    const auto scores = r(torch::matmul(r(q), r(k).transpose(-2, -1)));
    const auto autocastLike = r(torch::matmul(r(torch::softmax(r(scores * scale), -1)), r(v)));
    const auto relErr = [&](const torch::Tensor& x) {
      return ((x.to(torch::kFloat64) - exact).norm() / exact.norm()).item<double>();
    };
    const double ours = relErr(out), autocast = relErr(autocastLike);
    QVERIFY2(ours > 0.0, "bf16 mode computed exactly in float32");
    QVERIFY2(ours <= 1.5 * autocast,
             qPrintable(QString("relative error %1, autocast's %2").arg(ours).arg(autocast)));
  }
};

MASKLET_TEST_GUILESS_MAIN(TestPrecisionAndAttention)
#include "test_precision_and_attention.moc"
