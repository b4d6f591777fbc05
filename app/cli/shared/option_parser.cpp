#include "cli/shared/option_parser.h"

#include <exception>
#include <utility>

#include "cli/shared/usage_error.h"

namespace masklet::cli {

namespace {

bool isFlag(const std::string& arg) {
  return arg.rfind("--", 0) == 0;
}

}  // namespace

OptionParser::OptionParser() : OptionParser(Messages{}) {}

OptionParser::OptionParser(Messages messages) : m_messages(std::move(messages)) {}

OptionParser& OptionParser::add(Option option) {
  m_options.push_back(std::move(option));
  return *this;
}

OptionParser& OptionParser::flag(const std::string& name, bool& on) {
  return flag(name, [&on] { on = true; });
}

OptionParser& OptionParser::flag(const std::string& name, std::function<void()> act) {
  Option option;
  option.name = name;
  option.kind = Kind::Switch;
  option.act = std::move(act);
  return add(std::move(option));
}

OptionParser& OptionParser::stop(const std::string& name, bool& seen) {
  Option option;
  option.name = name;
  option.kind = Kind::Stop;
  option.act = [&seen] { seen = true; };
  return add(std::move(option));
}

OptionParser& OptionParser::value(const std::string& name, std::string& target) {
  return custom(name, [&target](const std::string&, const std::string& text) { target = text; });
}

OptionParser& OptionParser::wholeNumber(const std::string& name, int& target, int minimum) {
  return custom(name, [&target, minimum](const std::string& flag, const std::string& text) {
    target = parseWholeNumber(flag, text, minimum);
  });
}

OptionParser& OptionParser::positiveInteger(const std::string& name, int64_t& target) {
  return custom(name, [&target](const std::string& flag, const std::string& text) {
    target = cli::positiveInteger(flag, text);
  });
}

OptionParser& OptionParser::number(const std::string& name, double& target) {
  return custom(name, [&target](const std::string& flag, const std::string& text) {
    target = decimalNumber(flag, text);
  });
}

OptionParser& OptionParser::repeated(const std::string& name, std::vector<std::string>& target,
                                     const std::string& noneMessage) {
  Option option;
  option.name = name;
  option.kind = Kind::Repeated;
  option.list = &target;
  option.noneMessage = noneMessage;
  return add(std::move(option));
}

OptionParser& OptionParser::custom(
    const std::string& name, std::function<void(const std::string&, const std::string&)> take) {
  Option option;
  option.name = name;
  option.take = std::move(take);
  return add(std::move(option));
}

OptionParser& OptionParser::optionalValue(
    const std::string& name,
    std::function<void(const std::string&, const std::optional<std::string>&)> take) {
  Option option;
  option.name = name;
  option.kind = Kind::OptionalValue;
  option.takeOptional = std::move(take);
  return add(std::move(option));
}

OptionParser& OptionParser::family(
    std::function<bool(const std::string&)> accepts,
    std::function<void(const std::string&, const std::string&)> take) {
  Option option;
  option.accepts = std::move(accepts);
  option.take = std::move(take);
  return add(std::move(option));
}

OptionParser& OptionParser::whenMissing(const std::string& message) {
  if (!m_options.empty()) m_options.back().missing = message;
  return *this;
}

OptionParser& OptionParser::positional(std::function<void(const std::string&)> take) {
  m_positional = std::move(take);
  return *this;
}

const OptionParser::Option* OptionParser::find(const std::string& flag) const {
  for (const auto& option : m_options)
    if (option.accepts ? option.accepts(flag) : option.name == flag) return &option;
  return nullptr;
}

std::string OptionParser::say(const std::string& text, const std::string& flag) const {
  std::string out = text;
  if (const auto at = out.find("{}"); at != std::string::npos) out.replace(at, 2, flag);
  return out;
}

void OptionParser::parse(const std::vector<std::string>& args) const {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const Option* option = find(arg);
    if (option && option->kind == Kind::Stop) {
      option->act();
      return;
    }
    if (option && option->kind == Kind::Switch) {
      option->act();
      continue;
    }
    if (option && option->kind == Kind::Repeated) {
      while (i + 1 < args.size() && !isFlag(args[i + 1])) option->list->push_back(args[++i]);
      if (option->list->empty()) throw UsageError(option->noneMessage);
      continue;
    }
    if (option && option->kind == Kind::OptionalValue) {
      if (i + 1 < args.size() && !isFlag(args[i + 1]))
        option->takeOptional(arg, args[++i]);
      else
        option->takeOptional(arg, std::nullopt);
      continue;
    }
    const bool positional = !isFlag(arg) || m_messages.unknownFlags == Unknown::Positional;
    if (!option && positional && m_positional) {
      m_positional(arg);
      continue;
    }
    if (!option && m_messages.unknownFlags != Unknown::TakesValue)
      throw UsageError(say(m_messages.unknown, arg));
    if (i + 1 >= args.size()) {
      const bool ownText = option && !option->missing.empty();
      throw UsageError(say(ownText ? option->missing : m_messages.needsValue, arg));
    }
    const std::string& value = args[++i];
    if (!option) throw UsageError(say(m_messages.unknown, arg));
    option->take(arg, value);
  }
}

double decimalNumber(const std::string& flag, const std::string& text) {
  try {
    std::size_t used = 0;
    const double value = std::stod(text, &used);
    if (used == text.size()) return value;
  } catch (const std::exception&) {
  }
  throw UsageError(flag + " needs a number, got '" + text + "'");
}

int64_t positiveInteger(const std::string& flag, const std::string& text) {
  std::size_t used = 0;
  int64_t value = 0;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || value <= 0)
    throw UsageError(flag + ": '" + text + "' is not a positive integer");
  return value;
}

}  // namespace masklet::cli
