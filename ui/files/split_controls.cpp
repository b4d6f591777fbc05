#include "ui/files/split_controls.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>

#include "common/error.h"

namespace masklet::ui {

SplitControls::SplitControls(QWidget* parent) : QWidget(parent) {
  setObjectName("splitControls");
  auto makePercent = [this](int value, const QString& name) {
    auto* box = new QSpinBox(this);
    box->setRange(0, 100);
    box->setSuffix(tr(" %"));
    box->setValue(value);
    box->setObjectName(name);
    connect(box, qOverload<int>(&QSpinBox::valueChanged), this, &SplitControls::changed);
    return box;
  };
  m_train = makePercent(80, "splitTrain");
  m_valid = makePercent(10, "splitValid");
  m_test = makePercent(10, "splitTest");
  m_seed = new QSpinBox(this);
  m_seed->setRange(0, 1 << 30);
  m_seed->setToolTip(tr("The same seed and annotation always give the same split"));
  connect(m_seed, qOverload<int>(&QSpinBox::valueChanged), this, &SplitControls::changed);
  auto* shares = new QHBoxLayout;
  shares->addWidget(new QLabel(tr("train"), this));
  shares->addWidget(m_train);
  shares->addWidget(new QLabel(tr("valid"), this));
  shares->addWidget(m_valid);
  shares->addWidget(new QLabel(tr("test"), this));
  shares->addWidget(m_test);
  shares->addWidget(new QLabel(tr("seed"), this));
  shares->addWidget(m_seed);
  shares->addStretch(1);

  m_imageFormat = new QComboBox(this);
  m_imageFormat->addItem(tr("JPEG"), "jpg");
  m_imageFormat->addItem(tr("PNG (lossless)"), "png");
  m_quality = new QSpinBox(this);
  m_quality->setRange(1, 100);
  m_quality->setValue(95);
  m_quality->setPrefix(tr("quality "));
  connect(m_imageFormat, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
    m_quality->setEnabled(imageFormat() == "jpg");
    Q_EMIT changed();
  });
  auto* images = new QHBoxLayout;
  images->addWidget(m_imageFormat);
  images->addWidget(m_quality);
  images->addStretch(1);

  m_preview = new QLabel(this);
  m_preview->setObjectName("splitPreview");
  m_preview->setWordWrap(true);
  auto* form = new QFormLayout(this);
  form->setContentsMargins(0, 0, 0, 0);
  form->addRow(tr("Split"), shares);
  form->addRow(tr("Frame images"), images);
  form->addRow(tr("Preview"), m_preview);
}

void SplitControls::setFractions(int train, int valid, int test) {
  m_train->setValue(train);
  m_valid->setValue(valid);
  m_test->setValue(test);
}

void SplitControls::setSeed(int seed) {
  m_seed->setValue(seed);
}

void SplitControls::setImageFormat(const QString& extension) {
  const int index = m_imageFormat->findData(extension);
  if (index >= 0) m_imageFormat->setCurrentIndex(index);
}

dataset::SplitOptions SplitControls::splitOptions() const {
  dataset::SplitOptions options;
  options.fractions = {double(m_train->value()), double(m_valid->value()), double(m_test->value())};
  options.seed = static_cast<std::uint32_t>(m_seed->value());
  return options;
}

QString SplitControls::imageFormat() const {
  return m_imageFormat->currentData().toString();
}

int SplitControls::jpegQuality() const {
  return m_quality->value();
}

void SplitControls::updatePreview(const dataset::VideoAnnotation& annotation) {
  try {
    const auto counts =
        dataset::countSplit(annotation, dataset::planVideoSplit(annotation, splitOptions()));
    QStringList parts;
    for (const auto split : dataset::kSplits) {
      const auto& count = counts[static_cast<int>(split)];
      parts << tr("%1: %2 images, %3 instances")
                   .arg(dataset::splitName(split))
                   .arg(count.images)
                   .arg(count.instances);
    }
    m_preview->setText(parts.join("; "));
  } catch (const Error& error) {
    m_preview->setText(QString::fromStdString(error.what()));
  }
}

QString SplitControls::previewText() const {
  return m_preview->text();
}

}  // namespace masklet::ui
