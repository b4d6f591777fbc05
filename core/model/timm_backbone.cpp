#include "model/timm_backbone.h"

#include "common/error.h"

namespace masklet::model {

TimmBackboneImpl::TimmBackboneImpl(const TimmBackboneOptions& options) {
  // timm's registry: repvit_m1 = RepVit(embed_dim (48, 96, 192, 384), depth (2, 2, 14, 2),
  // legacy); the ".dist_in1k" tag names its pretrained weights only.
  if (options.name != "repvit_m1" && options.name != "repvit_m1.dist_in1k")
    throw Error("timm trunk '" + options.name +
                "' is not supported: masklet builds repvit_m1.dist_in1k (EdgeTAM's trunk)");
  RepVitOptions repvit;
  repvit.outIndices = options.outIndices;
  body = register_module("body", RepVit(repvit));
  const auto channels = body->featureChannels();
  m_channelList.assign(channels.rbegin(), channels.rend());
}

}  // namespace masklet::model
