#include "model/pickle_reader.h"

#include <cstring>
#include <map>
#include <sstream>

#include "common/error.h"

namespace masklet::model {
namespace {

using Kind = PickleValue::Kind;

// The storage classes torch.save names, with the dtype of their elements.
const std::map<std::string, torch::ScalarType>& storageTypes() {
  static const std::map<std::string, torch::ScalarType> types{
      {"torch.FloatStorage", torch::kFloat32}, {"torch.DoubleStorage", torch::kFloat64},
      {"torch.HalfStorage", torch::kFloat16},  {"torch.BFloat16Storage", torch::kBFloat16},
      {"torch.LongStorage", torch::kInt64},    {"torch.IntStorage", torch::kInt32},
      {"torch.ShortStorage", torch::kInt16},   {"torch.CharStorage", torch::kInt8},
      {"torch.ByteStorage", torch::kUInt8},    {"torch.BoolStorage", torch::kBool},
  };
  return types;
}

bool isAllowedGlobal(const std::string& name) {
  return name == "collections.OrderedDict" || name == "torch._utils._rebuild_tensor_v2" ||
         name == "torch._utils._rebuild_parameter" || storageTypes().count(name) > 0;
}

// What one value costs: the object, shared_ptr's control block, a pointer to it somewhere.
constexpr uint64_t kValueCost = sizeof(PickleValue) + 32;
constexpr uint64_t kPointerCost = sizeof(PickleValuePtr);

// Names from the file as they may appear in a one-line message.
std::string printable(const std::string& text) {
  std::string out;
  for (char c : text.substr(0, 120)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return text.size() > 120 ? out + "..." : out;
}

bool multiplyOverflows(int64_t a, int64_t b, int64_t* out) {
  return __builtin_mul_overflow(a, b, out);
}

class Unpickler {
 public:
  Unpickler(const std::string& bytes, const StorageLoader& loadStorage, std::string context,
            ReadBudget& budget)
      : m_bytes(bytes),
        m_loadStorage(loadStorage),
        m_context(std::move(context)),
        m_budget(budget) {}

  PickleValuePtr run() {
    while (true) {
      const size_t opcodeAt = m_pos;
      const uint8_t opcode = readByte();
      switch (opcode) {
        case 0x80:
          readByte();
          break;  // PROTO
        case 0x95:
          readBytes(8);
          break;  // FRAME
        case 0x94:
          memoize(m_memo.size());
          break;  // MEMOIZE
        case 'c':
          pushGlobal();
          break;  // GLOBAL
        case 0x93:
          pushStackGlobal();
          break;  // STACK_GLOBAL
        case 'Q':
          pushPersistent();
          break;  // BINPERSID
        case 'R':
          reduce();
          break;  // REDUCE
        case 'b':
          build();
          break;  // BUILD
        case '(':
          m_budget.charge(sizeof(size_t));
          m_marks.push_back(m_stack.size());
          break;  // MARK
        case 't':
          pushTuple(popMark());
          break;  // TUPLE
        case ')':
          pushTuple({});
          break;  // EMPTY_TUPLE
        case 0x85:
          pushTuple(popN(1));
          break;  // TUPLE1
        case 0x86:
          pushTuple(popN(2));
          break;  // TUPLE2
        case 0x87:
          pushTuple(popN(3));
          break;  // TUPLE3
        case '}':
          push(makeValue(Kind::Dict));
          break;  // EMPTY_DICT
        case ']':
          push(makeValue(Kind::List));
          break;  // EMPTY_LIST
        case 's':
          setItems(popN(2));
          break;  // SETITEM
        case 'u':
          setItems(popMark());
          break;  // SETITEMS
        case 'a':
          appendItems(popN(1));
          break;  // APPEND
        case 'e':
          appendItems(popMark());
          break;  // APPENDS
        case 'q':
          memoize(readByte());
          break;  // BINPUT
        case 'r':
          memoize(readUint32());
          break;  // LONG_BINPUT
        case 'h':
          pushMemo(readByte());
          break;  // BINGET
        case 'j':
          pushMemo(readUint32());
          break;  // LONG_BINGET
        case 'J':
          pushInt(static_cast<int32_t>(readUint32()));
          break;  // BININT
        case 'K':
          pushInt(readByte());
          break;  // BININT1
        case 'M':
          pushInt(readUint16());
          break;  // BININT2
        case 0x8a:
          pushInt(readLong1());
          break;  // LONG1
        case 'G':
          pushFloat();
          break;  // BINFLOAT
        case 'X':
          pushString(readUint32());
          break;  // BINUNICODE
        case 0x8c:
          pushString(readByte());
          break;  // SHORT_BINUNICODE
        case 'U':
          pushString(readByte());
          break;  // SHORT_BINSTRING
        case 'N':
          push(makeValue(Kind::None));
          break;  // NONE
        case 0x88:
          pushBool(true);
          break;  // NEWTRUE
        case 0x89:
          pushBool(false);
          break;   // NEWFALSE
        case '.':  // STOP
          if (m_stack.size() != 1) fail("STOP with a stack of " + std::to_string(m_stack.size()));
          return m_stack.back();
        default: {
          std::ostringstream message;
          message << "unsupported pickle opcode 0x" << std::hex << int(opcode) << std::dec
                  << " at byte " << opcodeAt << " (not something torch.save writes for tensors)";
          fail(message.str());
        }
      }
    }
  }

 private:
  [[noreturn]] void fail(const std::string& message) const {
    throw Error(m_context + ": " + message);
  }

  PickleValuePtr makeValue(Kind kind) {
    m_budget.charge(kValueCost);
    auto value = std::make_shared<PickleValue>();
    value->kind = kind;
    return value;
  }
  void push(PickleValuePtr value) { m_stack.push_back(std::move(value)); }

  // Makes `item` a child of `container`. A container only gains items while nothing holds it
  // yet (so no reference cycle can form: the edge that would close one is refused), and the
  // depth of the tree stays bounded.
  void adopt(PickleValue& container, PickleValue& item) {
    if (&container == &item || container.contained)
      fail(
          "malformed pickle: a container is filled after being placed inside another (a "
          "reference cycle through the memo?); checkpoints never do this");
    if (item.depth + 1 > kMaxPickleDepth)
      fail("the pickle nests more than " + std::to_string(kMaxPickleDepth) +
           " levels deep; no checkpoint does, refusing it");
    container.depth = std::max(container.depth, item.depth + 1);
    item.contained = true;
  }

  uint8_t readByte() {
    if (m_pos >= m_bytes.size()) fail("pickle data ends unexpectedly (truncated file?)");
    return static_cast<uint8_t>(m_bytes[m_pos++]);
  }
  std::string readBytes(size_t count) {
    if (count > m_bytes.size() - m_pos) fail("pickle data ends unexpectedly (truncated file?)");
    std::string out = m_bytes.substr(m_pos, count);
    m_pos += count;
    return out;
  }
  uint16_t readUint16() {
    const std::string raw = readBytes(2);
    return static_cast<uint16_t>(uint8_t(raw[0]) | (uint8_t(raw[1]) << 8));
  }
  uint32_t readUint32() {
    const std::string raw = readBytes(4);
    uint32_t value = 0;
    for (int i = 3; i >= 0; --i) value = (value << 8) | uint8_t(raw[i]);
    return value;
  }
  int64_t readLong1() {
    const size_t size = readByte();
    if (size > 8) fail("integer too large in pickle data");
    const std::string raw = readBytes(size);
    uint64_t value = 0;
    for (size_t i = size; i-- > 0;) value = (value << 8) | uint8_t(raw[i]);
    if (size > 0 && size < 8 && (uint8_t(raw[size - 1]) & 0x80))
      value -= (uint64_t(1) << (8 * size));
    return static_cast<int64_t>(value);
  }
  std::string readLine() {
    const size_t end = m_bytes.find('\n', m_pos);
    if (end == std::string::npos) fail("pickle data ends unexpectedly (truncated file?)");
    std::string line = m_bytes.substr(m_pos, end - m_pos);
    m_pos = end + 1;
    return line;
  }

  PickleValuePtr pop() {
    if (m_stack.empty()) fail("malformed pickle: pop from an empty stack");
    auto value = m_stack.back();
    m_stack.pop_back();
    return value;
  }
  std::vector<PickleValuePtr> popN(size_t count) {
    if (m_stack.size() < count) fail("malformed pickle: stack underflow");
    std::vector<PickleValuePtr> values(m_stack.end() - count, m_stack.end());
    m_stack.resize(m_stack.size() - count);
    return values;
  }
  std::vector<PickleValuePtr> popMark() {
    if (m_marks.empty()) fail("malformed pickle: no MARK on the stack");
    const size_t mark = m_marks.back();
    m_marks.pop_back();
    if (mark > m_stack.size()) fail("malformed pickle: MARK beyond the stack");
    return popN(m_stack.size() - mark);
  }

  // Python's pickler numbers memo entries 0, 1, 2, ... in order; a larger index would only
  // serve to allocate a huge memo.
  void memoize(size_t index) {
    if (m_stack.empty()) fail("malformed pickle: memoize with an empty stack");
    if (index > m_memo.size())
      fail("malformed pickle: memo index " + std::to_string(index) + " out of order (" +
           std::to_string(m_memo.size()) + " entries so far)");
    if (index == m_memo.size()) {
      m_budget.charge(kPointerCost);
      m_memo.push_back(nullptr);
    }
    m_memo[index] = m_stack.back();
  }
  void pushMemo(size_t index) {
    if (index >= m_memo.size() || !m_memo[index]) fail("malformed pickle: unknown memo entry");
    m_budget.charge(kPointerCost);
    m_stack.push_back(m_memo[index]);
  }

  void pushInt(int64_t value) {
    auto item = makeValue(Kind::Int);
    item->intValue = value;
    push(item);
  }
  void pushBool(bool value) {
    auto item = makeValue(Kind::Bool);
    item->boolValue = value;
    push(item);
  }
  void pushFloat() {
    const std::string raw = readBytes(8);
    uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits = (bits << 8) | uint8_t(raw[i]);  // big-endian
    auto item = makeValue(Kind::Float);
    std::memcpy(&item->floatValue, &bits, sizeof(bits));
    push(item);
  }
  void pushString(size_t size) {
    auto item = makeValue(Kind::String);
    if (size > m_bytes.size() - m_pos) fail("pickle data ends unexpectedly (truncated file?)");
    m_budget.charge(size);
    item->text = readBytes(size);
    push(item);
  }
  void pushTuple(std::vector<PickleValuePtr> items) {
    auto tuple = makeValue(Kind::Tuple);
    for (const auto& item : items) adopt(*tuple, *item);
    tuple->items = std::move(items);
    push(tuple);
  }

  void pushGlobalNamed(const std::string& module, const std::string& name) {
    const std::string full = module + "." + name;
    if (!isAllowedGlobal(full))
      fail("refusing to load: the pickle references '" + printable(full) +
           "', which is not part of a tensor checkpoint (possibly malicious); nothing was run");
    auto global = makeValue(Kind::Global);
    global->text = full;
    push(global);
  }
  void pushGlobal() {
    const std::string module = readLine();
    const std::string name = readLine();
    pushGlobalNamed(module, name);
  }
  void pushStackGlobal() {
    auto parts = popN(2);
    if (parts[0]->kind != Kind::String || parts[1]->kind != Kind::String)
      fail("malformed pickle: STACK_GLOBAL needs two strings");
    pushGlobalNamed(parts[0]->text, parts[1]->text);
  }

  // ('storage', storage_type, key, location, numel) -> the storage's data.
  void pushPersistent() {
    auto id = pop();
    if (id->kind != Kind::Tuple || id->items.size() < 5 || id->items[0]->text != "storage" ||
        id->items[1]->kind != Kind::Global || id->items[2]->kind != Kind::String ||
        id->items[4]->kind != Kind::Int)
      fail("unsupported persistent id (expected a torch storage reference)");
    const auto& key = id->items[2]->text;
    auto cached = m_storages.find(key);
    if (cached == m_storages.end()) {
      const auto type = storageTypes().find(id->items[1]->text);
      if (type == storageTypes().end())
        fail("'" + printable(id->items[1]->text) + "' is not a storage type");
      const torch::ScalarType dtype = type->second;
      auto storage = makeValue(Kind::Storage);
      storage->text = key;
      storage->tensor = m_loadStorage(key, dtype, id->items[4]->intValue);
      cached = m_storages.emplace(key, storage).first;
    }
    m_budget.charge(kPointerCost);
    m_stack.push_back(cached->second);
  }

  void reduce() {
    auto args = pop();
    auto callable = pop();
    if (callable->kind != Kind::Global || args->kind != Kind::Tuple)
      fail("malformed pickle: REDUCE needs a global and a tuple");
    if (callable->text == "collections.OrderedDict") {
      if (!args->items.empty()) fail("OrderedDict with constructor arguments is not supported");
      push(makeValue(Kind::Dict));
    } else if (callable->text == "torch._utils._rebuild_tensor_v2") {
      push(rebuildTensor(*args));
    } else if (callable->text == "torch._utils._rebuild_parameter") {
      if (args->items.empty() || args->items[0]->kind != Kind::Tensor)
        fail("malformed _rebuild_parameter call");
      m_stack.push_back(args->items[0]);
    } else {
      fail("'" + printable(callable->text) + "' cannot be called");
    }
  }

  std::vector<int64_t> intList(const PickleValuePtr& tuple, const char* what) {
    if (tuple->kind != Kind::Tuple) fail(std::string("tensor ") + what + " is not a tuple");
    std::vector<int64_t> values;
    for (const auto& item : tuple->items) {
      if (item->kind != Kind::Int) fail(std::string("tensor ") + what + " holds a non-integer");
      values.push_back(item->intValue);
    }
    return values;
  }

  // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, hooks[, meta]).
  // The view must lie inside its storage (checked without overflow); a copy it needs (an
  // overlapping or strided view) is charged to the budget before it is made.
  PickleValuePtr rebuildTensor(const PickleValue& args) {
    if (args.items.size() < 4 || args.items[0]->kind != Kind::Storage ||
        args.items[1]->kind != Kind::Int)
      fail("malformed _rebuild_tensor_v2 call");
    const torch::Tensor& storage = args.items[0]->tensor;
    const int64_t offset = args.items[1]->intValue;
    const auto sizes = intList(args.items[2], "size");
    const auto strides = intList(args.items[3], "stride");
    const std::string storageName = "'" + printable(args.items[0]->text) + "'";
    if (sizes.size() != strides.size()) fail("tensor size and stride ranks differ");
    if (sizes.size() > 64) fail("tensor of rank " + std::to_string(sizes.size()) + " (at most 64)");
    int64_t lastIndex = offset;
    int64_t numel = 1;  // product of the sizes, zeros left out
    bool empty = false;
    bool overflow = false;
    bool contiguous = true;  // one run of the storage: the view needs no copy
    int64_t expectedStride = 1;
    for (size_t i = sizes.size(); i-- > 0;) {
      if (sizes[i] < 0 || strides[i] < 0) fail("negative tensor size or stride");
      if (sizes[i] == 0) {
        empty = true;
        continue;
      }
      int64_t extent = 0;
      overflow = overflow || multiplyOverflows(sizes[i] - 1, strides[i], &extent) ||
                 __builtin_add_overflow(lastIndex, extent, &lastIndex) ||
                 multiplyOverflows(numel, sizes[i], &numel);
      if (sizes[i] != 1 && strides[i] != expectedStride) contiguous = false;
      expectedStride = numel;
    }
    if (offset < 0) fail("negative storage offset " + std::to_string(offset));
    if (overflow)
      fail("tensor view (offset " + std::to_string(offset) + ", sizes and strides of " +
           std::to_string(sizes.size()) + " dims) overflows: damaged or hostile file");
    if (empty) {
      auto tensor = makeValue(Kind::Tensor);
      tensor->tensor = torch::empty(sizes, storage.options());
      return tensor;
    }
    if (lastIndex >= storage.numel())
      fail("tensor view (offset " + std::to_string(offset) + ", " + std::to_string(sizes.size()) +
           " dims) exceeds its storage " + storageName + " (" + std::to_string(storage.numel()) +
           " elements)");
    // A view that is not one contiguous run of the storage is copied: that copy is charged.
    if (!contiguous) {
      uint64_t bytes = 0;
      if (__builtin_mul_overflow(uint64_t(numel), uint64_t(storage.element_size()), &bytes))
        bytes = UINT64_MAX;
      m_budget.charge(bytes);
    }
    auto tensor = makeValue(Kind::Tensor);
    tensor->tensor = storage.as_strided(sizes, strides, offset).contiguous();
    return tensor;
  }

  // OrderedDict's BUILD carries `_metadata` (per-module versions): not needed, accepted.
  void build() {
    auto state = pop();
    if (m_stack.empty()) fail("malformed pickle: BUILD with an empty stack");
    const auto kind = m_stack.back()->kind;
    if (kind != Kind::Dict && kind != Kind::Tensor)
      fail("malformed pickle: BUILD on an object that is not a dict or tensor");
  }

  void setItems(std::vector<PickleValuePtr> flat) {
    if (flat.size() % 2 != 0) fail("malformed pickle: odd number of dict items");
    if (m_stack.empty() || m_stack.back()->kind != Kind::Dict)
      fail("malformed pickle: SETITEM(S) on a non-dict");
    PickleValue& dict = *m_stack.back();
    m_budget.charge(flat.size() * kPointerCost);
    for (size_t i = 0; i < flat.size(); i += 2) {
      adopt(dict, *flat[i]);
      adopt(dict, *flat[i + 1]);
      dict.entries.emplace_back(flat[i], flat[i + 1]);
    }
  }
  void appendItems(std::vector<PickleValuePtr> values) {
    if (m_stack.empty() || m_stack.back()->kind != Kind::List)
      fail("malformed pickle: APPEND(S) on a non-list");
    PickleValue& list = *m_stack.back();
    m_budget.charge(values.size() * kPointerCost);
    for (const auto& value : values) adopt(list, *value);
    list.items.insert(list.items.end(), values.begin(), values.end());
  }

  const std::string& m_bytes;
  const StorageLoader& m_loadStorage;
  const std::string m_context;
  ReadBudget& m_budget;
  size_t m_pos = 0;
  std::vector<PickleValuePtr> m_stack;
  std::vector<size_t> m_marks;
  std::vector<PickleValuePtr> m_memo;
  std::map<std::string, PickleValuePtr> m_storages;
};

}  // namespace

PickleValuePtr unpickle(const std::string& bytes, const StorageLoader& loadStorage,
                        const std::string& context, ReadBudget& budget) {
  return Unpickler(bytes, loadStorage, context, budget).run();
}

}  // namespace masklet::model
