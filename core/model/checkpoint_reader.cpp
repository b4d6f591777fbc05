#include "model/checkpoint_reader.h"

#include <cstring>
#include <filesystem>
#include <memory>

#include "common/error.h"
#include "model/pickle_reader.h"
#include "model/read_budget.h"
#include "model/torch_zip_reader.h"

namespace masklet::model {
namespace {

// Each flattened entry costs its key plus the map node.
constexpr uint64_t kEntryCost = 96;

void flatten(const PickleValuePtr& value, const std::string& prefix, TensorMap& out,
             ReadBudget& budget) {
  if (value->kind == PickleValue::Kind::Tensor) {
    budget.charge(kEntryCost + prefix.size());
    out[prefix] = value->tensor;
    return;
  }
  if (value->kind != PickleValue::Kind::Dict) return;
  for (const auto& [key, item] : value->entries) {
    std::string name;
    if (key->kind == PickleValue::Kind::String) {
      name = key->text;
    } else if (key->kind == PickleValue::Kind::Int) {
      name = std::to_string(key->intValue);
    } else {
      continue;
    }
    // Keys are charged as they are built: a dict shared many times over cannot expand the
    // output beyond the budget.
    budget.charge(prefix.size() + name.size() + 1);
    flatten(item, prefix.empty() ? name : prefix + "." + name, out, budget);
  }
}

// withData = false: tensors on the meta device (sizes and dtypes, nothing read or allocated).
TensorMap readTensors(TorchZipReader& zip, const std::string& context, bool withData = true) {
  if (!zip.has("data.pkl"))
    throw Error(context +
                " is a zip archive but not a torch.save checkpoint: it has no data.pkl record "
                "(Masklet expects the zip archive torch.save writes, such as the official "
                "sam2.1_hiera_*.pt)");
  ReadBudget budget(zip.fileSize(), context);
  budget.charge(zip.recordSize("data.pkl"));
  const std::string pickle = zip.read("data.pkl");
  StorageLoader loadStorage = [&](const std::string& key, torch::ScalarType dtype, int64_t numel) {
    const std::string record = "data/" + key;
    if (!zip.has(record)) throw Error(context + ": missing tensor data " + record);
    const uint64_t size = zip.recordSize(record);
    const uint64_t elementSize = c10::elementSize(dtype);
    // Checked against the record's real size before anything is allocated from `numel`.
    if (numel < 0 || static_cast<uint64_t>(numel) > size / elementSize)
      throw Error(context + ": tensor data " + record + " has " + std::to_string(size) +
                  " bytes, the pickle claims " + std::to_string(numel) + " elements of " +
                  std::to_string(elementSize) + " bytes");
    if (!withData)
      return torch::empty({numel}, torch::TensorOptions().dtype(dtype).device(torch::kMeta));
    budget.charge(size);
    auto storage = torch::empty({static_cast<int64_t>(size / elementSize)},
                                torch::TensorOptions().dtype(dtype));
    if (size % elementSize == 0) {
      zip.readInto(record, static_cast<char*>(storage.data_ptr()), size);
    } else {  // trailing bytes beyond the last element: read whole, keep the elements
      const std::string bytes = zip.read(record);
      std::memcpy(storage.data_ptr(), bytes.data(), storage.nbytes());
    }
    return storage.narrow(0, 0, numel);
  };
  const PickleValuePtr root = unpickle(pickle, loadStorage, context, budget);
  if (root->kind != PickleValue::Kind::Dict)
    throw Error(context + " does not hold a dict of tensors");
  TensorMap tensors;
  flatten(root, "", tensors, budget);
  return tensors;
}

TensorMap readFile(const std::string& path, bool withData) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw Error("cannot read checkpoint '" + path + "': file not found");
  const std::string context = "'" + path + "'";
  TorchZipReader zip(zipBytesOfFile(path), context);
  return readTensors(zip, context, withData);
}

// The "model" entries of a checkpoint's tensors, or all of them when there is no "model".
TensorMap modelEntries(TensorMap all, const std::string& path) {
  TensorMap model;
  const std::string prefix = "model.";
  for (auto& [key, tensor] : all) {
    if (key.compare(0, prefix.size(), prefix) == 0) model[key.substr(prefix.size())] = tensor;
  }
  if (!model.empty()) return model;
  if (all.empty()) throw Error("'" + path + "' contains no tensors: not a SAM 2 checkpoint");
  return all;
}

}  // namespace

TensorMap readTensorFile(const std::string& path) {
  return readFile(path, true);
}

TensorMap readTensorBytes(std::string bytes, const std::string& name) {
  const std::string context = "'" + name + "'";
  TorchZipReader zip(zipBytesOfBuffer(std::move(bytes)), context);
  return readTensors(zip, context);
}

TensorMap readStateDict(const std::string& path) {
  return modelEntries(readFile(path, true), path);
}

TensorMap readStateDictLayout(const std::string& path) {
  return modelEntries(readFile(path, false), path);
}

}  // namespace masklet::model
