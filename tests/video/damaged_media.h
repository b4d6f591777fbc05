#pragma once
// Damaged copies of real clips, made inside the tests (no damaged media is committed): the
// video packets of a file (libavformat), their payload overwritten with seeded random bytes,
// a file cut short; and which frames a single-threaded libavcodec flags as decoded with errors
// (decode_error_flags are exact without frame threads: the independent reference).
extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include <QtCore/QFile>

#include <algorithm>
#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace masklet::test {

struct VideoPacket {
  int64_t decodeIndex = 0;
  int64_t pos = -1;
  int size = 0;
  int64_t pts = 0;
  bool key = false;
};

// The first video stream's packets in decode order ({} when the file does not open).
inline std::vector<VideoPacket> videoPackets(const std::string& path) {
  std::vector<VideoPacket> packets;
  AVFormatContext* format = nullptr;
  if (avformat_open_input(&format, path.c_str(), nullptr, nullptr) < 0) return packets;
  const int stream = avformat_find_stream_info(format, nullptr) >= 0
                         ? av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0)
                         : -1;
  AVPacket* packet = av_packet_alloc();
  while (stream >= 0 && av_read_frame(format, packet) >= 0) {
    if (packet->stream_index == stream)
      packets.push_back({static_cast<int64_t>(packets.size()), packet->pos, packet->size,
                         packet->pts, (packet->flags & AV_PKT_FLAG_KEY) != 0});
    av_packet_unref(packet);
  }
  av_packet_free(&packet);
  avformat_close_input(&format);
  return packets;
}

// The packets in presentation order: element n carries frame n (files without edit lists).
inline std::vector<VideoPacket> packetsByFrame(std::vector<VideoPacket> packets) {
  std::sort(packets.begin(), packets.end(),
            [](const VideoPacket& a, const VideoPacket& b) { return a.pts < b.pts; });
  return packets;
}

inline int64_t frameOfPacket(const std::vector<VideoPacket>& byFrame, int64_t decodeIndex) {
  for (size_t frame = 0; frame < byFrame.size(); ++frame)
    if (byFrame[frame].decodeIndex == decodeIndex) return static_cast<int64_t>(frame);
  return -1;
}

inline QByteArray readAll(const std::string& path) {
  QFile file(QString::fromStdString(path));
  return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline bool writeAll(const QString& path, const QByteArray& data) {
  QFile file(path);
  return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

// Copies `from` to `to` with the payload of `garbled` overwritten by random bytes: the middle
// third of each packet (its headers stay readable, the picture data is broken), or all of it.
inline bool writeGarbled(const std::string& from, const QString& to,
                         const std::vector<VideoPacket>& garbled, bool wholePacket) {
  QByteArray data = readAll(from);
  std::mt19937 random(20261201);
  for (const VideoPacket& packet : garbled) {
    const int64_t begin = packet.pos + (wholePacket ? 0 : packet.size / 3);
    const int64_t end = packet.pos + (wholePacket ? packet.size : 2 * packet.size / 3);
    if (packet.pos < 0 || end > data.size()) return false;
    for (int64_t at = begin; at < end; ++at)
      data[static_cast<qsizetype>(at)] = static_cast<char>(random() & 0xff);
  }
  return writeAll(to, data);
}

inline bool writePrefix(const std::string& from, const QString& to, int64_t bytes) {
  return writeAll(to, readAll(from).left(bytes));
}

// Frames (presentation order, by timestamp among `byFrame`) a single-threaded decoder with
// FFmpeg's default error concealment flags as decoded with errors.
inline std::set<int64_t> referenceDamagedFrames(const std::string& path,
                                                const std::vector<VideoPacket>& byFrame) {
  std::set<int64_t> damaged;
  AVFormatContext* format = nullptr;
  if (avformat_open_input(&format, path.c_str(), nullptr, nullptr) < 0) return damaged;
  avformat_find_stream_info(format, nullptr);
  const int stream = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  const AVCodec* codec = avcodec_find_decoder(format->streams[stream]->codecpar->codec_id);
  AVCodecContext* decoder = avcodec_alloc_context3(codec);
  avcodec_parameters_to_context(decoder, format->streams[stream]->codecpar);
  decoder->thread_count = 1;
  avcodec_open2(decoder, codec, nullptr);
  AVPacket* packet = av_packet_alloc();
  AVFrame* picture = av_frame_alloc();
  bool flushed = false;
  int drainErrors = 0;
  while (true) {
    const int status = avcodec_receive_frame(decoder, picture);
    if (status == 0) {
      if (picture->decode_error_flags != 0 || (picture->flags & AV_FRAME_FLAG_CORRUPT)) {
        const auto found = std::find_if(byFrame.begin(), byFrame.end(), [&](const VideoPacket& p) {
          return p.pts == picture->best_effort_timestamp;
        });
        if (found != byFrame.end()) damaged.insert(found - byFrame.begin());
      }
      continue;
    }
    if (status == AVERROR_EOF) break;
    if (flushed) {  // draining: errors of the last pictures, then the end
      if (status == AVERROR(EAGAIN) || ++drainErrors > 100) break;
      continue;
    }
    if (av_read_frame(format, packet) < 0) {
      avcodec_send_packet(decoder, nullptr);
      flushed = true;
    } else {
      if (packet->stream_index == stream) avcodec_send_packet(decoder, packet);
      av_packet_unref(packet);
    }
  }
  av_frame_free(&picture);
  av_packet_free(&packet);
  avcodec_free_context(&decoder);
  avformat_close_input(&format);
  return damaged;
}

}  // namespace masklet::test
