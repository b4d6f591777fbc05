#include "model/state_dict_loader.h"

#include <set>
#include <sstream>
#include <vector>

#include "common/error.h"

namespace masklet::model {
namespace {

std::string shapeText(const torch::IntArrayRef& sizes) {
  std::ostringstream out;
  out << sizes;
  return out.str();
}

}  // namespace

void loadStateDict(torch::nn::Module& module, const TensorMap& weights, const std::string& prefix) {
  std::vector<std::string> problems;
  std::set<std::string> used;
  torch::NoGradGuard noGrad;
  auto loadOne = [&](const std::string& name, torch::Tensor& target) {
    const std::string key = prefix + name;
    const auto found = weights.find(key);
    if (found == weights.end()) {
      problems.push_back("key " + key + ": missing from the checkpoint (expected shape " +
                         shapeText(target.sizes()) + ")");
      return;
    }
    used.insert(key);
    if (found->second.sizes() != target.sizes()) {
      problems.push_back("key " + key + ": expected shape " + shapeText(target.sizes()) + ", got " +
                         shapeText(found->second.sizes()));
      return;
    }
    target.copy_(found->second.to(target.dtype()));
  };
  for (auto& item : module.named_parameters(true)) loadOne(item.key(), item.value());
  for (auto& item : module.named_buffers(true)) loadOne(item.key(), item.value());
  for (const auto& [key, tensor] : weights) {
    if (key.compare(0, prefix.size(), prefix) == 0 && used.count(key) == 0)
      problems.push_back("key " + key + ": unexpected (no such parameter in the model)");
  }
  if (problems.empty()) return;
  std::ostringstream message;
  message << "checkpoint does not match the model architecture (" << problems.size() << " problem"
          << (problems.size() == 1 ? "" : "s") << "):";
  const size_t shown = std::min<size_t>(problems.size(), 12);
  for (size_t i = 0; i < shown; ++i) message << "\n  " << problems[i];
  if (shown < problems.size()) message << "\n  ... and " << problems.size() - shown << " more";
  throw Error(message.str());
}

}  // namespace masklet::model
