#include "model/sam2_model.h"

#include <algorithm>
#include <iomanip>
#include <sstream>

#include "common/error.h"
#include "common/list_text.h"
#include "model/batch_norm_folding.h"
#include "model/checkpoint_inspector.h"
#include "model/checkpoint_reader.h"
#include "model/official_models.h"
#include "model/sam2_model_options.h"
#include "model/state_dict_loader.h"

namespace masklet::model {
namespace {

// SAM2Base initialises these with trunc_normal_(std=0.02); a checkpoint overwrites them.
torch::Tensor smallRandom(torch::IntArrayRef shape) {
  return torch::randn(shape).mul_(0.02).clamp_(-0.04, 0.04);
}

}  // namespace

Sam2Model::Sam2Model(const ModelConfig& config) : m_config(config) {
  m_config.validate("model config");
  const int64_t hidden = m_config.hiddenDim();
  const int64_t memDim = m_config.memDim();
  image_encoder = register_module("image_encoder", ImageEncoder(imageEncoderOptions(m_config)));
  memory_attention =
      register_module("memory_attention", MemoryAttention(memoryAttentionOptions(m_config)));
  memory_encoder = register_module("memory_encoder", MemoryEncoder(memoryEncoderOptions(m_config)));
  maskmem_tpos_enc =
      register_parameter("maskmem_tpos_enc", smallRandom({m_config.num_maskmem, 1, 1, memDim}));
  no_mem_embed = register_parameter("no_mem_embed", smallRandom({1, 1, hidden}));
  no_mem_pos_enc = register_parameter("no_mem_pos_enc", smallRandom({1, 1, hidden}));
  if (m_config.use_obj_ptrs_in_encoder) {
    // Downsamples a mask prompt to stride 4 (SAM's low-res logits) for the pointer decoder.
    mask_downsample = register_module(
        "mask_downsample", torch::nn::Conv2d(torch::nn::Conv2dOptions(1, 1, 4).stride(4)));
  }
  if (m_config.pred_obj_scores && m_config.use_obj_ptrs_in_encoder)
    no_obj_ptr = register_parameter("no_obj_ptr", smallRandom({1, hidden}));
  if (m_config.no_obj_embed_spatial)
    no_obj_embed_spatial = register_parameter("no_obj_embed_spatial", smallRandom({1, memDim}));

  // _build_sam_heads
  sam_prompt_encoder =
      register_module("sam_prompt_encoder", PromptEncoder(promptEncoderOptions(m_config)));
  sam_mask_decoder = register_module("sam_mask_decoder", MaskDecoder(maskDecoderOptions(m_config)));
  if (m_config.use_obj_ptrs_in_encoder) {
    if (m_config.use_mlp_for_obj_ptr_proj) {
      MLPOptions mlp;
      mlp.inputDim = hidden;
      mlp.hiddenDim = hidden;
      mlp.outputDim = hidden;
      mlp.numLayers = 3;
      obj_ptr_proj = register_module("obj_ptr_proj", MLP(mlp));
    } else {
      obj_ptr_proj_linear = register_module("obj_ptr_proj", torch::nn::Linear(hidden, hidden));
    }
  }
  if (m_config.proj_tpos_enc_in_obj_ptrs)
    obj_ptr_tpos_proj = register_module("obj_ptr_tpos_proj", torch::nn::Linear(hidden, memDim));
  if (m_config.hasSpatialPerceiver()) {
    // Its latents replace the memory features, so they share the memory's width.
    if (m_config.spatial_perceiver.dim != memDim)
      throw Error("model config: spatial_perceiver.dim " +
                  std::to_string(m_config.spatial_perceiver.dim) + " must equal the memory dim " +
                  std::to_string(memDim));
    spatial_perceiver = register_module("spatial_perceiver",
                                        PerceiverResampler(perceiverResamplerOptions(m_config)));
  }
  setIdentity("constructed");
}

void Sam2Model::setIdentity(const std::string& configSource) {
  m_configSource = configSource;
  if (const OfficialModel* official = matchOfficialModel(m_config)) {
    m_modelName = official->name;
    m_size = official->size;
  } else {
    m_modelName = "custom";
    m_size = "custom";
  }
}

std::shared_ptr<Sam2Model> Sam2Model::load(const std::string& checkpoint,
                                           const std::string& configYaml,
                                           std::optional<torch::Device> device,
                                           BatchNormFolding folding) {
  torch::NoGradGuard noGrad;
  const TensorMap weights = readStateDict(checkpoint);
  ModelConfig config;
  std::string source;
  if (!configYaml.empty()) {
    config = ModelConfig::fromYaml(configYaml);
    source = configYaml;
  } else {
    const OfficialModel& official = detectOfficialModel(shapesOf(weights), "'" + checkpoint + "'");
    config = official.config;
    source = "built-in table: " + official.configName;
  }
  auto model = std::make_shared<Sam2Model>(config);
  try {
    loadStateDict(*model, weights);
  } catch (const Error& error) {
    throw Error("'" + checkpoint + "' cannot be loaded with config " + source + ": " +
                error.what());
  }
  model->setIdentity(source);
  for (auto& parameter : model->parameters()) parameter.set_requires_grad(false);
  model->to(device.value_or(defaultDevice()));
  model->eval();
  // For speed; after the move, since the folded weights are not registered tensors.
  model->foldBatchNorms(folding);
  return model;
}

void Sam2Model::foldBatchNorms(BatchNormFolding folding) {
  if (masklet::model::foldBatchNorms(*image_encoder, folding) > 0) m_batchNormsFolded = true;
}

torch::Device Sam2Model::defaultDevice() {
  return torch::cuda::is_available() ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
}

torch::Device Sam2Model::device() const {
  return no_mem_embed.device();
}

int64_t Sam2Model::parameterCount() const {
  int64_t total = 0;
  for (const auto& parameter : parameters(true)) total += parameter.numel();
  for (const auto& buffer : buffers(true)) total += buffer.numel();
  return total;
}

std::string Sam2Model::describe() const {
  const auto& trunk = m_config.image_encoder.trunk;
  const auto& perceiver = m_config.spatial_perceiver;
  std::ostringstream out;
  out << "model: " << m_modelName << "\n";
  out << "variant: " << variant() << "\n";
  out << "size: " << m_size << "\n";
  out << "parameters: " << parameterCount() << " (" << std::fixed << std::setprecision(1)
      << double(parameterCount()) / 1e6 << " M)\n";
  out << "config: " << m_configSource << "\n";
  out << "device: " << device().str() << "\n";
  out << "geometry: image " << m_config.image_size;
  if (m_config.hasTimmTrunk()) {
    out << ", timm trunk " << trunk.name << " (channels "
        << listText(image_encoder->trunkChannelList()) << ")";
  } else {
    out << ", Hiera embed " << trunk.embed_dim << ", heads " << trunk.num_heads << ", stages "
        << listText(trunk.stages) << ", global attention blocks "
        << listText(trunk.global_att_blocks) << ", windows " << listText(trunk.window_spec);
  }
  out << ", d_model " << m_config.hiddenDim() << ", memory dim " << m_config.memDim() << ", "
      << m_config.num_maskmem << " mask memories";
  if (m_config.hasSpatialPerceiver())
    out << ", perceiver " << std::max<int64_t>(perceiver.num_latents, 0) << " + "
        << std::max<int64_t>(perceiver.num_latents_2d, 0) << " latents";
  out << "\n";
  return out.str();
}

torch::Tensor Sam2Model::projectObjPtr(const torch::Tensor& x) const {
  if (obj_ptr_proj) return obj_ptr_proj.ptr()->forward(x);
  if (obj_ptr_proj_linear) return obj_ptr_proj_linear.ptr()->forward(x);
  return x;
}

torch::Tensor Sam2Model::projectObjPtrTpos(const torch::Tensor& x) const {
  if (obj_ptr_tpos_proj) return obj_ptr_tpos_proj.ptr()->forward(x);
  return x;
}

}  // namespace masklet::model
