#include "project/signals_csv.h"

#include <locale>
#include <sstream>

#include "dataset/atomic_output.h"

namespace masklet::project {

const char* const kSignalsCsvHeader =
    "frame,object,object_score,predicted_iou,area,iou_with_previous,state,checked";

namespace {

void cell(std::ostringstream& out, const std::optional<double>& value) {
  out << ',';
  if (value) out << *value;
}

}  // namespace

std::string signalsCsv(const DocumentState& state, const ReviewThresholds& thresholds,
                       std::optional<int> objectId) {
  const ReviewSignals signals(state);
  std::ostringstream out;
  out.imbue(std::locale::classic());
  out.precision(9);
  out << kSignalsCsvHeader << '\n';
  for (const auto& object : state.objects) {
    if (objectId && object.id != *objectId) continue;
    for (const auto& [frame, frameSignals] : signals.series(object.id)) {
      out << frame << ',' << object.id;
      cell(out, frameSignals.objectScore);
      cell(out, frameSignals.predictedIou);
      out << ',' << frameSignals.area;
      cell(out, frameSignals.iouWithPrevious);
      out << ',' << toString(classify(&frameSignals, thresholds)) << ','
          << (frameSignals.checked ? 1 : 0) << '\n';
    }
  }
  return out.str();
}

void writeSignalsCsv(const std::filesystem::path& path, const DocumentState& state,
                     const ReviewThresholds& thresholds, std::optional<int> objectId) {
  dataset::writeFileAtomically(path, signalsCsv(state, thresholds, objectId));
}

}  // namespace masklet::project
