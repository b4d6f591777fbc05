#include "project/project_import.h"

#include "common/error.h"

namespace masklet::project {
namespace {

void checkFits(const VideoRef& video, const dataset::VideoAnnotation& imported) {
  for (const auto& [frame, masks] : imported.frames) {
    for (const auto& [trackId, mask] : masks) {
      if (mask.rle.height != video.height || mask.rle.width != video.width)
        throw Error("the imported mask of object " + std::to_string(trackId) + " on frame " +
                    std::to_string(frame) + " is " + std::to_string(mask.rle.width) + "x" +
                    std::to_string(mask.rle.height) + ", the video is " +
                    std::to_string(video.width) + "x" + std::to_string(video.height));
      if (frame < 0 || (video.frameCount > 0 && frame >= video.frameCount))
        throw Error("the imported annotation has frame " + std::to_string(frame) +
                    ", the video only " + std::to_string(video.frameCount) + " frames");
    }
  }
}

int categoryFor(Document& document, const dataset::VideoAnnotation& imported,
                int importedCategory) {
  const dataset::Category* source = imported.findCategory(importedCategory);
  const dataset::Category wanted = source != nullptr ? *source : dataset::defaultCategory();
  for (const auto& category : document.categories())
    if (category.name == wanted.name) return category.id;
  return document.addCategory(wanted.name, wanted.supercategory);
}

}  // namespace

std::map<int, int> importAnnotation(Document& document, const dataset::VideoAnnotation& imported,
                                    bool asPrompts) {
  checkFits(document.video(), imported);
  std::map<int, int> newIds;
  document.beginGroup(asPrompts ? "Import as prompts" : "Import annotations");
  try {
    for (const auto& object : imported.objects) {
      const int category = categoryFor(document, imported, object.categoryId);
      newIds[object.trackId] = document.addObject(object.name, category);
    }
    std::map<int, bool> prompted;
    for (const auto& [frame, masks] : imported.frames) {
      for (const auto& [trackId, mask] : masks) {
        auto found = newIds.find(trackId);
        if (found == newIds.end())  // a mask of an object the file does not list
          found = newIds.emplace(trackId, document.addObject()).first;
        ObjectMask imported;
        imported.rle = mask.rle;
        imported.source = MaskSource::Imported;
        imported.quality.predictedIou = mask.predictedIou;
        imported.quality.objectScore = mask.objectScore;
        if (asPrompts && !prompted[found->second] && dataset::rleArea(mask.rle) > 0) {
          prompted[found->second] = true;
          PromptInput input;
          input.mask = mask.rle;
          imported.source = MaskSource::Prompted;
          document.applyPromptResult("Mask prompt", frame, found->second, FramePrompts{{input}},
                                     {{found->second, imported}});
        } else {
          document.setMask("Import mask", frame, found->second, imported);
        }
      }
    }
  } catch (...) {
    document.abandonGroup();  // nothing half-imported stays
    throw;
  }
  document.endGroup();
  return newIds;
}

}  // namespace masklet::project
