// masklet-cli info VIDEO: codec, size, fps, exact frame count of a video file or image folder.
#include <filesystem>
#include <iomanip>
#include <iostream>

#include "cli/inspect/damage_report.h"
#include "cli/inspect/info_parts.h"
#include "cli/shared/command.h"
#include "common/error.h"
#include "video/ffmpeg_source.h"
#include "video/image_folder_source.h"

namespace masklet::cli {

int runVideoInfo(const std::vector<std::string>& args) {
  if (args.size() == 1 && args[0] == "--help") {
    std::cout << "Usage: masklet-cli info VIDEO\n"
                 "Prints codec, size, frame rate and the exact frame count (packet index),\n"
                 "then decodes every frame once and warns about damaged ones.\n";
    return 0;
  }
  if (args.size() != 1)
    throw UsageError("usage: masklet-cli info VIDEO (one video file or folder)");
  const std::string& path = args[0];
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    video::ImageFolderSource folder(path);
    std::cout << "path: " << path << "\n"
              << "kind: image folder\n"
              << "size: " << folder.width() << "x" << folder.height() << "\n"
              << "fps: " << folder.fps() << " (assumed)\n"
              << "frames: " << folder.frameCount() << "\n"
              << "first: " << folder.files().front() << "\n"
              << "last: " << folder.files().back() << "\n";
    return 0;
  }
  video::FfmpegSource source(path);
  std::cout << "path: " << path << "\n"
            << "kind: video file\n"
            << "codec: " << source.codecName() << "\n"
            << "pixel format: " << source.pixelFormatName() << "\n"
            << "size: " << source.width() << "x" << source.height() << "\n";
  if (!source.orientation().isIdentity())
    std::cout << "coded size: " << source.codedWidth() << "x" << source.codedHeight()
              << " (display " << source.orientation().describe() << ")\n";
  std::cout << "fps: " << std::setprecision(6) << source.fps()
            << (source.isVariableFrameRate() ? " (average; variable frame rate)" : "") << "\n"
            << "frames: " << source.frameCount() << "\n"
            << "duration: " << std::fixed << std::setprecision(3) << source.durationSeconds()
            << " s\n";
  std::cout.flush();
  // Damage shows only when decoding: every frame once, without converting it.
  source.scanAllFrames();
  for (const std::string& line : damageWarnings(source)) std::cerr << line << "\n";
  return 0;
}

}  // namespace masklet::cli
