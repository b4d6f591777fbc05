#pragma once
// Turns the document's masks and prompts on a frame into what FrameView draws. GUI thread.
#include <QColor>
#include <QImage>
#include <QMap>
#include <QVector>

#include "dataset/rle.h"
#include "project/document.h"
#include "ui/canvas/frame_view.h"

namespace masklet::ui {

// A Grayscale8 image, 255 where the mask is set.
QImage maskImage(const dataset::Rle& rle);
// The RLE of a Grayscale8 mask (nonzero = set), e.g. a painted one.
dataset::Rle maskRle(const QImage& mask);
// The visible objects' non-empty masks on `frame`.
QMap<int, QImage> masksOnFrame(const project::Document& document, int frame);
// Each object's colour as the document has it (ObjectInfo::color; 0 = none given).
QMap<int, QColor> objectColors(const project::Document& document);
QVector<PromptMarker> promptMarkersOnFrame(const project::Document& document, int frame);

}  // namespace masklet::ui
