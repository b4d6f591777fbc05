#pragma once
// SAM2Base's weights as one torch::nn::Module, every submodule and parameter registered under
// its official name so an official state dict loads 1:1. Built from a ModelConfig (YAML, or the
// official table entry detected from the checkpoint), loaded strictly, then immutable: the
// SAM2Base methods live in core/tracker and read these members.
//
// Thread-safety: immutable after load(); the forward passes of its submodules are not
// re-entrant (lazy caches), so one worker thread owns a model (the GUI's tracker worker, or the
// CLI's main thread).
#include <torch/torch.h>

#include <memory>
#include <optional>
#include <string>

#include "model/batch_norm_folding.h"
#include "model/image_encoder.h"
#include "model/mask_decoder.h"
#include "model/memory_attention.h"
#include "model/memory_encoder.h"
#include "model/mlp.h"
#include "model/model_config.h"
#include "model/perceiver.h"
#include "model/prompt_encoder.h"

namespace masklet::model {

class Sam2Model : public torch::nn::Module {
 public:
  // Builds the modules of `config` with freshly initialised weights (validates it first).
  explicit Sam2Model(const ModelConfig& config);

  // Reads `checkpoint` (torch.save file, {"model": state_dict} or a bare state dict), takes
  // the config from `configYaml` or, when empty, from the official table entry its weights
  // match, loads every weight strictly and returns the model in eval mode on `device`
  // (default: defaultDevice()). Throws masklet::Error on any mismatch, naming key and shapes.
  // `folding` then folds the trunk's batch norms (EdgeTAM's RepViT) into their convolutions
  // for speed; the default keeps the fixtures' fp32 module bound (batch_norm_folding.h has
  // the numbers). No effect on SAM 2 models.
  static std::shared_ptr<Sam2Model> load(const std::string& checkpoint,
                                         const std::string& configYaml = "",
                                         std::optional<torch::Device> device = std::nullopt,
                                         BatchNormFolding folding = BatchNormFolding::BoundSafe);

  // Folds the trunk's batch norms of a model built or loaded without (see load()).
  void foldBatchNorms(BatchNormFolding folding);

  // CUDA when LibTorch sees a GPU, else CPU.
  static torch::Device defaultDevice();

  const ModelConfig& config() const { return m_config; }
  // "sam2.1_hiera_tiny" for an official model (by config), else "custom".
  const std::string& modelName() const { return m_modelName; }
  std::string variant() const { return m_config.variant(); }
  // "tiny", "small", "base_plus", "large" or "custom".
  const std::string& size() const { return m_size; }
  // The YAML path, or "built-in table: sam2.1_hiera_t"; "constructed" before load().
  const std::string& configSource() const { return m_configSource; }
  torch::Device device() const;
  // True when batch norms were folded (a model with none to fold says false).
  bool batchNormsFolded() const { return m_batchNormsFolded; }

  // Elements of all parameters and buffers (= of all state-dict tensors after a strict load).
  int64_t parameterCount() const;
  // Several lines: model, variant, size, parameters, config source, device, key geometry.
  std::string describe() const;

  // obj_ptr_proj: MLP (use_mlp_for_obj_ptr_proj), Linear, or identity without object pointers.
  torch::Tensor projectObjPtr(const torch::Tensor& x) const;
  // obj_ptr_tpos_proj: Linear(hidden, mem_dim) with proj_tpos_enc_in_obj_ptrs, else identity.
  torch::Tensor projectObjPtrTpos(const torch::Tensor& x) const;

  ImageEncoder image_encoder{nullptr};
  MemoryAttention memory_attention{nullptr};
  MemoryEncoder memory_encoder{nullptr};
  PromptEncoder sam_prompt_encoder{nullptr};
  MaskDecoder sam_mask_decoder{nullptr};
  // EdgeTAM: compresses each new memory (maskmem_features, maskmem_pos_enc) into latents
  // [B, N, mem_dim]; null for SAM 2.
  PerceiverResampler spatial_perceiver{nullptr};
  // Registered as "obj_ptr_proj": at most one of the two is non-null.
  MLP obj_ptr_proj{nullptr};
  torch::nn::Linear obj_ptr_proj_linear{nullptr};
  torch::nn::Linear obj_ptr_tpos_proj{nullptr};  // null: identity
  torch::nn::Conv2d mask_downsample{nullptr};    // with use_obj_ptrs_in_encoder

  torch::Tensor maskmem_tpos_enc;      // [num_maskmem, 1, 1, mem_dim]
  torch::Tensor no_mem_embed;          // [1, 1, hidden_dim]
  torch::Tensor no_mem_pos_enc;        // [1, 1, hidden_dim]
  torch::Tensor no_obj_ptr;            // [1, hidden_dim] with pred_obj_scores + obj pointers
  torch::Tensor no_obj_embed_spatial;  // [1, mem_dim] with no_obj_embed_spatial (2.1)

 private:
  void setIdentity(const std::string& configSource);

  ModelConfig m_config;
  std::string m_modelName = "custom";
  std::string m_size = "custom";
  std::string m_configSource = "constructed";
  bool m_batchNormsFolded = false;
};

}  // namespace masklet::model
