#pragma once
// Saving and loading a Document as a .masklet file (JSON; masks as compressed COCO RLE).
// Saving is atomic: the previous file stays intact until the new one is complete, so a crash
// or a full disk never loses what was already annotated. Format 2 keeps every field of the
// Document; format 1 files (Masklet 0.1) are migrated on load. The review marks ("checked") are
// an optional field of format 2: files written before it load with none.
#include <filesystem>

#include "project/document.h"

namespace masklet::project {

constexpr int kProjectFormatVersion = 2;

// Throws masklet::Error naming the file when it cannot be written (the old file is intact).
void saveDocument(const DocumentState& state, const std::filesystem::path& path);
inline void saveDocument(const Document& document, const std::filesystem::path& path) {
  saveDocument(document.state(), path);
}
// Throws masklet::Error naming the file and the place of the problem (e.g. "x.masklet:
// frames[3].masks[0].rle.counts: runs cover 99 pixels, expected 100").
DocumentState loadDocumentState(const std::filesystem::path& path);

}  // namespace masklet::project
