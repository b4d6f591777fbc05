#include "video/ffmpeg_source.h"

extern "C" {
#include <libavutil/display.h>
#include <libavutil/pixdesc.h>
}

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <sstream>
#include <thread>

#include "common/error.h"

namespace masklet::video {
namespace {

// libav logs every recoverable glitch of a damaged file to stderr; our errors carry the
// message a user needs, so report them, so libav stays quiet.
void quietLibavLogging() {
  static std::once_flag once;
  std::call_once(once, [] { av_log_set_level(AV_LOG_FATAL); });
}

}  // namespace

FfmpegSource::FfmpegSource(const std::string& path, double readTimeoutSeconds)
    : m_path(path), m_deadline(readTimeoutSeconds) {
  quietLibavLogging();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw Error("video file '" + path + "' does not exist");
  if (std::filesystem::is_directory(path, ec))
    throw Error("'" + path + "' is a folder, not a video file");
  m_frame.reset(av_frame_alloc());
  m_packet.reset(av_packet_alloc());
  if (!m_frame || !m_packet) throw Error("out of memory opening '" + path + "'");
  openDemuxer();
  openDecoder();
  buildIndex();
  restartFromBeginning();
  if (m_countMode) countFramesByDecoding();
  if (m_damagedEnd && !m_countMode) dropUndecodableTail();
  if (m_frames.empty()) throw Error("'" + path + "' contains no decodable video frames");
  m_repositionCount = 0;
}

FfmpegSource::~FfmpegSource() = default;

void FfmpegSource::openDemuxer() {
  AVFormatContext* raw = avformat_alloc_context();
  if (raw == nullptr) throw Error("out of memory opening '" + m_path + "'");
  raw->interrupt_callback = m_deadline.callback();
  m_deadline.arm();
  int status = avformat_open_input(&raw, m_path.c_str(), nullptr, nullptr);  // frees on failure
  if (status == AVERROR_EXIT) throwTimedOut();
  if (status < 0) throw Error("cannot open '" + m_path + "' as a video: " + avErrorText(status));
  m_format.reset(raw);
  m_deadline.arm();
  status = avformat_find_stream_info(raw, nullptr);
  if (status == AVERROR_EXIT) throwTimedOut();
  if (status < 0)
    throw Error("cannot read the streams of '" + m_path + "': " + avErrorText(status));
  // The best video stream that is a real video (cover art is an attached picture).
  int best = av_find_best_stream(raw, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (best >= 0 && (raw->streams[best]->disposition & AV_DISPOSITION_ATTACHED_PIC)) best = -1;
  for (unsigned i = 0; best < 0 && i < raw->nb_streams; ++i) {
    const AVStream* stream = raw->streams[i];
    if (stream->codecpar->codec_type == AVMEDIA_TYPE_VIDEO &&
        !(stream->disposition & AV_DISPOSITION_ATTACHED_PIC))
      best = static_cast<int>(i);
  }
  if (best < 0) throw Error("'" + m_path + "' has no video stream");
  m_streamIndex = best;
  // Audio and other streams are ignored: the demuxer drops their packets early.
  for (unsigned i = 0; i < raw->nb_streams; ++i)
    raw->streams[i]->discard = static_cast<int>(i) == best ? AVDISCARD_DEFAULT : AVDISCARD_ALL;
}

void FfmpegSource::openDecoder() {
  const AVStream* stream = m_format->streams[m_streamIndex];
  m_timeBase = stream->time_base;
  const AVCodec* codec = avcodec_find_decoder(stream->codecpar->codec_id);
  if (codec == nullptr)
    throw Error("no decoder for the video codec '" +
                std::string(avcodec_get_name(stream->codecpar->codec_id)) + "' of '" + m_path +
                "'");
  m_decoder.reset(avcodec_alloc_context3(codec));
  if (!m_decoder) throw Error("out of memory opening a decoder for '" + m_path + "'");
  m_errors.attach(m_decoder.get());
  int status = avcodec_parameters_to_context(m_decoder.get(), stream->codecpar);
  if (status < 0) throw Error("bad codec parameters in '" + m_path + "': " + avErrorText(status));
  m_decoder->pkt_timebase = stream->time_base;
  m_decoder->thread_count = static_cast<int>(std::min(4u, std::thread::hardware_concurrency()));
  m_decoder->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
  status = avcodec_open2(m_decoder.get(), codec, nullptr);
  if (status < 0)
    throw Error("cannot open the " + std::string(codec->name) + " decoder for '" + m_path +
                "': " + avErrorText(status));
  const auto* matrix = reinterpret_cast<const int32_t*>(
      av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, nullptr));
  m_orientation = orientationFromDisplayMatrix(matrix);
}

int FfmpegSource::width() const {
  const AVCodecParameters* par = m_format->streams[m_streamIndex]->codecpar;
  return m_orientation.swapsAxes() ? par->height : par->width;
}

int FfmpegSource::height() const {
  const AVCodecParameters* par = m_format->streams[m_streamIndex]->codecpar;
  return m_orientation.swapsAxes() ? par->width : par->height;
}

int FfmpegSource::codedWidth() const {
  return m_format->streams[m_streamIndex]->codecpar->width;
}

int FfmpegSource::codedHeight() const {
  return m_format->streams[m_streamIndex]->codecpar->height;
}

std::string FfmpegSource::codecName() const {
  return avcodec_get_name(m_format->streams[m_streamIndex]->codecpar->codec_id);
}

std::string FfmpegSource::pixelFormatName() const {
  const char* name = av_get_pix_fmt_name(
      static_cast<AVPixelFormat>(m_format->streams[m_streamIndex]->codecpar->format));
  return name != nullptr ? name : "unknown";
}

void FfmpegSource::checkIndex(int64_t index) const {
  if (index < 0 || index >= frameCount())
    throw Error("frame " + std::to_string(index) + " is out of range: '" + m_path + "' has " +
                std::to_string(frameCount()) + " frames (0.." + std::to_string(frameCount() - 1) +
                ")");
}

double FfmpegSource::timeOfFrame(int64_t index) const {
  checkIndex(index);
  if (m_countMode) return static_cast<double>(index) / m_fps;
  return static_cast<double>(m_frames[index].pts - m_frames.front().pts) * av_q2d(m_timeBase);
}

int64_t FfmpegSource::frameAtTime(double seconds) const {
  // Binary search on the exact timestamps (variable frame rate safe); a tiny tolerance so
  // timeOfFrame(i) maps back to i despite rounding.
  int64_t low = 0, high = frameCount() - 1;
  if (seconds <= 0.0) return 0;
  while (low < high) {
    const int64_t mid = (low + high + 1) / 2;
    if (timeOfFrame(mid) <= seconds + 1e-9)
      low = mid;
    else
      high = mid - 1;
  }
  return low;
}

double FfmpegSource::durationSeconds() const {
  const int64_t count = frameCount();
  const double last = count > 1 ? timeOfFrame(count - 1) - timeOfFrame(count - 2) : 1.0 / m_fps;
  return timeOfFrame(count - 1) + last;
}

std::string FfmpegSource::describe() const {
  std::ostringstream text;
  text << "video '" << m_path << "': " << codecName() << " " << width() << "x" << height() << " "
       << pixelFormatName() << ", " << m_fps << " fps" << (m_variableFrameRate ? " (variable)" : "")
       << ", " << frameCount() << " frames";
  if (!m_orientation.isIdentity()) text << ", display " << m_orientation.describe();
  return text.str();
}

void FfmpegSource::setPassingFrameSink(FrameSink sink, int maxFrames) {
  m_passingSink = std::move(sink);
  m_passingMax = std::max(0, maxFrames);
}

int64_t FfmpegSource::declaredFrameCount() const {
  return std::max<int64_t>(0, m_format->streams[m_streamIndex]->nb_frames);
}

}  // namespace masklet::video
