#pragma once
// Plain values of "Segment everything" that the tracker worker hands to the GUI:
// the masks the automatic mask generator found on one frame, without tensors.
#include <QMetaType>
#include <QString>
#include <cstdint>
#include <vector>

#include "dataset/rle.h"

namespace masklet::ui {

struct FoundMask {
  dataset::Rle rle;  // at the frame's size
  int64_t area = 0;
  double predictedIou = 0.0;
  double stabilityScore = 0.0;
};

struct EverythingResult {
  int frame = -1;
  std::vector<FoundMask> masks;  // the generator's order
  bool cancelled = false;
  QString error;  // non-empty: the run failed (also reported through failed())
};

}  // namespace masklet::ui

Q_DECLARE_METATYPE(masklet::ui::EverythingResult)
