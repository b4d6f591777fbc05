#pragma once
// The one flag loop of masklet-cli: a command declares its flags by kind (a switch, a value, a
// whole number, a positive integer, a decimal number, a repeated list, a value with its own
// check) and parse() walks the arguments once. Each command keeps its own wording of the two
// errors the loop raises (a flag without its value, an unknown flag), because users and scripts
// read them; the help texts stay with the commands, written out whole.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace masklet::cli {

class OptionParser {
 public:
  // What an undeclared flag is: one that takes the next argument as its value before it is
  // refused (so at the end it "needs a value", as most commands have always answered), one
  // refused at once, or a positional argument like any other.
  enum class Unknown { TakesValue, Refused, Positional };
  // The usage errors' texts; "{}" stands for the flag as given.
  struct Messages {
    std::string needsValue = "{} needs a value";
    std::string unknown = "unknown option '{}'";
    Unknown unknownFlags = Unknown::TakesValue;
  };

  OptionParser();
  explicit OptionParser(Messages messages);

  // --name: `on` becomes true.
  OptionParser& flag(const std::string& name, bool& on);
  // --name: calls `act` (e.g. a switch that names the default).
  OptionParser& flag(const std::string& name, std::function<void()> act);
  // --name: `seen` becomes true and the rest of the arguments is not read (--help).
  OptionParser& stop(const std::string& name, bool& seen);
  // --name VALUE.
  OptionParser& value(const std::string& name, std::string& target);
  // --name N: a whole number of at least `minimum` (parseWholeNumber).
  OptionParser& wholeNumber(const std::string& name, int& target, int minimum = 0);
  // --name N: an integer above 0 (positiveInteger).
  OptionParser& positiveInteger(const std::string& name, int64_t& target);
  // --name X: a decimal number (decimalNumber).
  OptionParser& number(const std::string& name, double& target);
  // --name A B ...: the arguments up to the next one starting with "--"; an empty list after it
  // is a usage error saying `noneMessage`.
  OptionParser& repeated(const std::string& name, std::vector<std::string>& target,
                         const std::string& noneMessage);
  // --name VALUE handed to `take(flag, value)`, which checks it and throws UsageError.
  OptionParser& custom(const std::string& name,
                       std::function<void(const std::string&, const std::string&)> take);
  // --name [VALUE]: the value when the next argument is one (not a flag), else nothing.
  OptionParser& optionalValue(
      const std::string& name,
      std::function<void(const std::string&, const std::optional<std::string>&)> take);
  // Flags the predicate accepts, each with a value handed to `take(flag, value)` (a family of
  // flags another piece knows, like the export flags).
  OptionParser& family(std::function<bool(const std::string&)> accepts,
                       std::function<void(const std::string&, const std::string&)> take);
  // The last declared flag's own "needs a value" text, instead of the command's.
  OptionParser& whenMissing(const std::string& message);
  // Arguments that do not start with "--" (and undeclared flags with Unknown::Positional);
  // without this they are read as flags.
  OptionParser& positional(std::function<void(const std::string&)> take);

  // Throws UsageError for a flag without its value, an unknown flag or a bad value.
  void parse(const std::vector<std::string>& args) const;

 private:
  enum class Kind { Switch, Stop, Value, Repeated, OptionalValue };
  struct Option {
    std::string name;
    std::function<bool(const std::string&)> accepts;  // set for a family instead of a name
    Kind kind = Kind::Value;
    std::function<void()> act;
    std::function<void(const std::string&, const std::string&)> take;
    std::function<void(const std::string&, const std::optional<std::string>&)> takeOptional;
    std::vector<std::string>* list = nullptr;
    std::string noneMessage;
    std::string missing;
  };

  OptionParser& add(Option option);
  const Option* find(const std::string& flag) const;
  std::string say(const std::string& text, const std::string& flag) const;

  Messages m_messages;
  std::vector<Option> m_options;
  std::function<void(const std::string&)> m_positional;
};

// `text` as a decimal number for `flag`; anything else is a UsageError "FLAG needs a number,
// got 'TEXT'".
double decimalNumber(const std::string& flag, const std::string& text);
// `text` as an integer above 0 for `flag`; anything else is a UsageError "FLAG: 'TEXT' is not
// a positive integer".
int64_t positiveInteger(const std::string& flag, const std::string& text);

}  // namespace masklet::cli
