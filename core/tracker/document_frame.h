#pragma once
// What the engine hands the document for one frame, in plain values (RLE masks with their
// signals, multimask candidates): torch-free, so the ui and the CLI can hold engine results
// without compiling LibTorch's headers (the build's cost: tens of seconds of compiling per
// unit). The engines (tracker/annotation_engine.h) make these from the model's outputs.
#include <map>
#include <vector>

#include "dataset/rle.h"
#include "project/document_types.h"

namespace masklet::tracker {

// One of the masks a multimask prompt chose from, binarised as the chosen one (> 0).
struct CandidateMask {
  dataset::Rle rle;
  double predictedIou = 0.0;
};

// Every object's mask on one frame as the document stores it.
struct DocumentFrame {
  int frame = -1;
  std::map<int, project::ObjectMask> masks;  // object id -> mask (empty RLE = absent)
  // After a single click (multimask output): the prompted object's candidates in the model's
  // order; the one with the highest predicted IoU is the mask in `masks`. Else empty.
  int candidateObject = 0;
  std::vector<CandidateMask> candidates = {};
};

}  // namespace masklet::tracker
