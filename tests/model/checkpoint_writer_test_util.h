#pragma once
// A minimal torch.save-compatible writer for tests: the zip container (LibTorch's
// PyTorchStreamWriter) with a protocol-2 pickle written byte by byte, laid out as torch.save
// lays out {"model": OrderedDict(state_dict)}. Lets the loader tests produce damaged or
// modified checkpoints without Python.
#include <caffe2/serialize/inline_container.h>
#include <torch/torch.h>

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>

namespace masklet::test {

class PickleBytes {
 public:
  PickleBytes& op(char code) {
    m_bytes += code;
    return *this;
  }
  PickleBytes& global(const std::string& module, const std::string& name) {
    m_bytes += 'c' + module + '\n' + name + '\n';
    return *this;
  }
  PickleBytes& text(const std::string& value) {  // BINUNICODE
    m_bytes += 'X';
    appendUint32(static_cast<uint32_t>(value.size()));
    m_bytes += value;
    return *this;
  }
  PickleBytes& integer(int64_t value) {
    if (value >= 0 && value < (int64_t(1) << 31)) {  // BININT
      m_bytes += 'J';
      appendUint32(static_cast<uint32_t>(value));
    } else {  // LONG1, 8 bytes little-endian two's complement
      m_bytes += '\x8a';
      m_bytes += '\x08';
      uint64_t bits = static_cast<uint64_t>(value);
      for (int i = 0; i < 8; ++i, bits >>= 8) m_bytes += static_cast<char>(bits & 0xff);
    }
    return *this;
  }
  const std::string& bytes() const { return m_bytes; }

 private:
  void appendUint32(uint32_t value) {
    for (int i = 0; i < 4; ++i, value >>= 8) m_bytes += static_cast<char>(value & 0xff);
  }
  std::string m_bytes;
};

inline std::string storageClassName(torch::ScalarType type) {
  switch (type) {
    case torch::kFloat32:
      return "FloatStorage";
    case torch::kFloat64:
      return "DoubleStorage";
    case torch::kFloat16:
      return "HalfStorage";
    case torch::kBFloat16:
      return "BFloat16Storage";
    case torch::kInt64:
      return "LongStorage";
    case torch::kInt32:
      return "IntStorage";
    case torch::kUInt8:
      return "ByteStorage";
    case torch::kBool:
      return "BoolStorage";
    default:
      throw std::runtime_error("test writer: unsupported dtype");
  }
}

// Writes a zip holding `pickle` as data.pkl plus the given data records ("data/<key>").
inline void writeTorchZip(const std::string& path, const std::string& pickle,
                          const std::map<std::string, std::string>& records = {}) {
  caffe2::serialize::PyTorchStreamWriter writer(path);
  writer.writeRecord("data.pkl", pickle.data(), pickle.size());
  for (const auto& [name, bytes] : records) writer.writeRecord(name, bytes.data(), bytes.size());
  const std::string version = "3\n";
  writer.writeRecord("version", version.data(), version.size());
  writer.writeEndOfFile();
}

// torch.save({"model": OrderedDict(tensors)}) (or the bare OrderedDict when !wrapInModel).
inline void writeCheckpoint(const std::string& path,
                            const std::map<std::string, torch::Tensor>& tensors,
                            bool wrapInModel = true) {
  PickleBytes p;
  std::map<std::string, std::string> records;
  p.op('\x80').op('\x02');
  if (wrapInModel) p.op('}').text("model");
  p.global("collections", "OrderedDict").op(')').op('R');
  p.op('(');  // MARK for SETITEMS
  int64_t storageIndex = 0;
  for (const auto& [key, original] : tensors) {
    const torch::Tensor tensor = original.contiguous().cpu();
    const std::string storageKey = std::to_string(storageIndex++);
    p.text(key);
    p.global("torch._utils", "_rebuild_tensor_v2").op('(');
    // persistent id ('storage', torch.XStorage, key, 'cpu', numel) -> BINPERSID
    p.op('(').text("storage").global("torch", storageClassName(tensor.scalar_type()));
    p.text(storageKey).text("cpu").integer(tensor.numel()).op('t').op('Q');
    p.integer(0);  // storage offset
    p.op('(');
    for (int64_t size : tensor.sizes()) p.integer(size);
    p.op('t').op('(');
    for (int64_t stride : tensor.strides()) p.integer(stride);
    p.op('t').op('\x89');                                    // requires_grad False
    p.global("collections", "OrderedDict").op(')').op('R');  // backward hooks
    p.op('t').op('R');
    records["data/" + storageKey] = std::string(static_cast<const char*>(tensor.data_ptr()),
                                                tensor.numel() * tensor.element_size());
  }
  p.op('u');  // SETITEMS
  if (wrapInModel) p.op('s');
  p.op('.');
  writeTorchZip(path, p.bytes(), records);
}

}  // namespace masklet::test
