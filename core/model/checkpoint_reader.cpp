#include "model/checkpoint_reader.h"

#include <caffe2/serialize/inline_container.h>

#include <cstring>
#include <filesystem>
#include <memory>

#include "common/error.h"
#include "model/pickle_reader.h"

namespace masklet::model {
namespace {

std::unique_ptr<caffe2::serialize::PyTorchStreamReader> openZip(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw Error("cannot read checkpoint '" + path + "': file not found");
  try {
    return std::make_unique<caffe2::serialize::PyTorchStreamReader>(path);
  } catch (const std::exception& error) {
    throw Error("'" + path +
                "' is not a readable PyTorch checkpoint (expected the zip container torch.save "
                "writes; the file may be truncated or of another kind): " +
                std::string(error.what()).substr(0, 300));
  }
}

std::string readRecord(caffe2::serialize::PyTorchStreamReader& zip, const std::string& name,
                       const std::string& path) {
  try {
    auto [data, size] = zip.getRecord(name);
    return std::string(static_cast<const char*>(data.get()), size);
  } catch (const std::exception& error) {
    throw Error("'" + path + "': cannot read record '" + name +
                "' (damaged or truncated file): " + std::string(error.what()).substr(0, 300));
  }
}

void flatten(const PickleValuePtr& value, const std::string& prefix, TensorMap& out) {
  if (value->kind == PickleValue::Kind::Tensor) {
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
    flatten(item, prefix.empty() ? name : prefix + "." + name, out);
  }
}

}  // namespace

TensorMap readTensorFile(const std::string& path) {
  auto zip = openZip(path);
  if (!zip->hasRecord("data.pkl"))
    throw Error("'" + path + "' is not a torch.save checkpoint: it has no data.pkl record");
  const std::string pickle = readRecord(*zip, "data.pkl", path);
  StorageLoader loadStorage = [&](const std::string& key, torch::ScalarType dtype, int64_t numel) {
    const std::string record = "data/" + key;
    if (!zip->hasRecord(record)) throw Error("'" + path + "': missing tensor data " + record);
    const std::string bytes = readRecord(*zip, record, path);
    const size_t expected = static_cast<size_t>(numel) * c10::elementSize(dtype);
    if (numel < 0 || bytes.size() < expected)
      throw Error("'" + path + "': tensor data " + record + " has " + std::to_string(bytes.size()) +
                  " bytes, expected " + std::to_string(expected));
    auto storage = torch::empty({numel}, torch::TensorOptions().dtype(dtype));
    if (expected > 0) std::memcpy(storage.data_ptr(), bytes.data(), expected);
    return storage;
  };
  const PickleValuePtr root = unpickle(pickle, loadStorage, "'" + path + "'");
  if (root->kind != PickleValue::Kind::Dict)
    throw Error("'" + path + "' does not hold a dict of tensors");
  TensorMap tensors;
  flatten(root, "", tensors);
  return tensors;
}

TensorMap readStateDict(const std::string& path) {
  TensorMap all = readTensorFile(path);
  TensorMap model;
  const std::string prefix = "model.";
  for (auto& [key, tensor] : all) {
    if (key.compare(0, prefix.size(), prefix) == 0) model[key.substr(prefix.size())] = tensor;
  }
  if (!model.empty()) return model;
  if (all.empty()) throw Error("'" + path + "' contains no tensors: not a SAM 2 checkpoint");
  return all;
}

}  // namespace masklet::model
