#pragma once
// Where a VideoSession gets its frames: the frame count, the video size (prompt coordinates
// and output masks are in video pixels) and each frame as the model's input tensor. The
// session asks for a frame only when its image features are not cached, so a provider never
// has to hold the whole video.
// Thread-safety: used by the session's thread only.
#include <torch/torch.h>

#include <cstdint>
#include <memory>

namespace masklet::tracker {

class FrameProvider {
 public:
  virtual ~FrameProvider() = default;
  virtual int64_t frameCount() const = 0;
  virtual int width() const = 0;
  virtual int height() const = 0;
  // Frame `frame` in [0, frameCount()) as float32 [3, S, S]: resized to the model's image size,
  // /255, normalised with the ImageNet mean and std. Throws masklet::Error on a bad index.
  virtual torch::Tensor modelInput(int64_t frame) = 0;
};

using FrameProviderPtr = std::shared_ptr<FrameProvider>;

// Frames already preprocessed, e.g. the `images` a fixture trace recorded ([N, 3, S, S]).
class TensorFrameProvider : public FrameProvider {
 public:
  // Throws masklet::Error when `images` is not float [N, 3, S, S] with N >= 1 or the size is
  // not positive.
  TensorFrameProvider(torch::Tensor images, int width, int height);

  int64_t frameCount() const override { return m_images.size(0); }
  int width() const override { return m_width; }
  int height() const override { return m_height; }
  torch::Tensor modelInput(int64_t frame) override;

 private:
  torch::Tensor m_images;
  int m_width;
  int m_height;
};

// Throws masklet::Error("frame F is outside the video (N frames)") unless 0 <= frame < count.
void checkFrameIndex(int64_t frame, int64_t count);

}  // namespace masklet::tracker
