#include "emulator/services/dynamodb/expression_parser.h"

#include <optional>

#include "emulator/core/aws_error.h"
#include "emulator/services/dynamodb/attribute_value.h"
#include "emulator/services/dynamodb/expression_lexer.h"
#include "emulator/services/dynamodb/nesting_guard.h"
#include "emulator/services/dynamodb/reserved_words.h"

namespace terrarium::services::dynamodb {

using nlohmann::json;

std::string PathText(const Path& path) {
  std::string out = "[";
  for (size_t i = 0; i < path.size(); ++i) {
    if (i > 0) out += ", ";
    out += path[i].IsIndex() ? "[" + std::to_string(path[i].index) + "]" : path[i].name;
  }
  return out + "]";
}

ExpressionAttributes::ExpressionAttributes(const json& input) {
  if (auto it = input.find("ExpressionAttributeNames"); it != input.end()) {
    if (it->empty()) throw ValidationError("ExpressionAttributeNames must not be empty");
    names_ = *it;
  }
  if (auto it = input.find("ExpressionAttributeValues"); it != input.end()) {
    if (it->empty()) throw ValidationError("ExpressionAttributeValues must not be empty");
    for (const auto& [name, value] : it->items()) {
      if (name.empty() || name[0] != ':' || name.size() < 2) {
        throw ValidationError(
            "ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + name + "\"");
      }
      values_[name] = NormalizeValue(value);
    }
  }
  for (const auto& [name, value] : names_.items()) {
    if (name.size() < 2 || name[0] != '#') {
      throw ValidationError("ExpressionAttributeNames contains invalid key: Syntax error; key: \"" +
                            name + "\"");
    }
  }
}

const json* ExpressionAttributes::FindName(const std::string& ref) {
  auto it = names_.find(ref);
  if (it == names_.end()) return nullptr;
  used_names_.insert(ref);
  return &*it;
}

const json* ExpressionAttributes::FindValue(const std::string& ref) {
  auto it = values_.find(ref);
  if (it == values_.end()) return nullptr;
  used_values_.insert(ref);
  return &*it;
}

void ExpressionAttributes::CheckAllUsed() const {
  auto unused = [](const json& map, const std::set<std::string>& used) {
    std::string keys;
    for (const auto& [name, value] : map.items()) {
      if (used.count(name) != 0) continue;
      keys += (keys.empty() ? "" : ", ") + name;
    }
    return keys;
  };
  if (auto keys = unused(names_, used_names_); !keys.empty()) {
    throw ValidationError(
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {" + keys + "}");
  }
  if (auto keys = unused(values_, used_values_); !keys.empty()) {
    throw ValidationError(
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {" + keys + "}");
  }
}

namespace {

bool IsConditionFunction(std::string_view name) {
  return name == "attribute_exists" || name == "attribute_not_exists" || name == "attribute_type" ||
         name == "begins_with" || name == "contains";
}
bool IsUpdateFunction(std::string_view name) {
  return name == "if_not_exists" || name == "list_append";
}
bool IsGrammarKeyword(const Token& token) {
  for (const char* k : {"AND", "OR", "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE"}) {
    if (token.IsKeyword(k)) return true;
  }
  return false;
}

// DynamoDB caps every expression at 4 KB of raw text (before #name and :value substitution),
// checked before tokenising; it also bounds how deep the recursive descent can go. Only
// condition and filter expressions append the size to the message, as AWS does.
constexpr size_t kMaxExpressionBytes = 4096;

std::string_view WithinSizeLimit(std::string_view text, std::string_view what) {
  if (text.size() <= kMaxExpressionBytes) return text;
  std::string message =
      "Invalid " + std::string(what) + ": Expression size has exceeded the maximum allowed size;";
  if (what == "ConditionExpression" || what == "FilterExpression") {
    message += " expression size: " + std::to_string(text.size());
  }
  throw ValidationError(message);
}

class Parser {
 public:
  Parser(std::string_view text, std::string_view what, ExpressionAttributes& attrs)
      : text_(text), what_(what), attrs_(attrs), tokens_(Tokenize(WithinSizeLimit(text, what))) {
    if (tokens_.size() == 1) Fail("The expression can not be empty;");
    MatchParentheses();
  }

  Condition ParseConditionExpression() {
    Condition c = ParseOr();
    ExpectEnd();
    return c;
  }

  std::vector<Path> ParseProjectionExpression() {
    std::vector<Path> paths;
    paths.push_back(ParsePath());
    while (Peek().Is(",")) {
      ++pos_;
      paths.push_back(ParsePath());
    }
    ExpectEnd();
    return paths;
  }

  UpdatePlan ParseUpdateExpression() {
    UpdatePlan plan;
    std::set<std::string> seen;
    do {
      const Token& t = Peek();
      std::optional<UpdateAction::Kind> kind;
      if (t.IsKeyword("SET")) kind = UpdateAction::Kind::kSet;
      if (t.IsKeyword("REMOVE")) kind = UpdateAction::Kind::kRemove;
      if (t.IsKeyword("ADD")) kind = UpdateAction::Kind::kAdd;
      if (t.IsKeyword("DELETE")) kind = UpdateAction::Kind::kDelete;
      if (!kind) SyntaxError();
      std::string section = t.text;
      for (char& c : section) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (!seen.insert(section).second) {
        Semantic("The \"" + section + "\" section can only be used once in an update expression;");
      }
      ++pos_;
      while (true) {
        UpdateAction action{*kind, ParsePath(), {}};
        if (*kind == UpdateAction::Kind::kSet) {
          Expect("=");
          action.value = ParseSetValue();
        } else if (*kind != UpdateAction::Kind::kRemove) {
          action.value = ParsePrimaryOperand(false);
          if (action.value.kind != Operand::Kind::kValue) SyntaxErrorAt(pos_ - 1);
          std::string_view type = TypeOf(action.value.value);
          bool ok = *kind == UpdateAction::Kind::kAdd
                        ? (type == "N" || type == "SS" || type == "NS" || type == "BS")
                        : (type == "SS" || type == "NS" || type == "BS");
          if (!ok) {
            Semantic(std::string("Incorrect operand type for operator or function; operator: ") +
                     (*kind == UpdateAction::Kind::kAdd ? "ADD" : "DELETE") +
                     ", operand type: " + TypeWord(type));
          }
        }
        plan.actions.push_back(std::move(action));
        if (!Peek().Is(",")) break;
        ++pos_;
      }
    } while (Peek().kind != TokenKind::kEnd);
    Finish();
    return plan;
  }

  // Throws the first semantic error found (AWS reports syntax errors before them).
  void Finish() {
    if (!semantic_.empty()) Fail(semantic_);
  }

 private:
  static std::string TypeWord(std::string_view type) {
    if (type == "S") return "STRING";
    if (type == "N") return "NUMBER";
    if (type == "B") return "BINARY";
    if (type == "BOOL") return "BOOLEAN";
    if (type == "NULL") return "NULL";
    if (type == "L") return "LIST";
    if (type == "M") return "MAP";
    if (type == "SS") return "STRING_SET";
    if (type == "NS") return "NUMBER_SET";
    return "BINARY_SET";
  }

  const Token& Peek(size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }

  [[noreturn]] void Fail(const std::string& message) const {
    throw ValidationError("Invalid " + std::string(what_) + ": " + message);
  }
  void Semantic(const std::string& message) {
    if (semantic_.empty()) semantic_ = message;
  }
  [[noreturn]] void SyntaxError() const { SyntaxErrorAt(pos_); }
  [[noreturn]] void SyntaxErrorAt(size_t at) const {
    const Token& bad = tokens_[at];
    size_t begin = at > 0 ? tokens_[at - 1].begin : bad.begin;
    size_t end = at + 1 < tokens_.size() && tokens_[at + 1].kind != TokenKind::kEnd
                     ? tokens_[at + 1].end
                     : bad.end;
    Fail("Syntax error; token: \"" + bad.text + "\", near: \"" +
         std::string(text_.substr(begin, end - begin)) + "\"");
  }
  void Expect(std::string_view symbol) {
    if (!Peek().Is(symbol)) SyntaxError();
    ++pos_;
  }
  void ExpectEnd() {
    if (Peek().kind != TokenKind::kEnd) SyntaxError();
    Finish();
  }

  Condition ParseOr() {
    Condition left = ParseAnd();
    while (Peek().IsKeyword("OR")) {
      ++pos_;
      Condition c;
      c.kind = Condition::Kind::kOr;
      c.children.push_back(std::move(left));
      c.children.push_back(ParseAnd());
      left = std::move(c);
    }
    return left;
  }

  Condition ParseAnd() {
    Condition left = ParseNot();
    while (Peek().IsKeyword("AND")) {
      ++pos_;
      Condition c;
      c.kind = Condition::Kind::kAnd;
      c.children.push_back(std::move(left));
      c.children.push_back(ParseNot());
      left = std::move(c);
    }
    return left;
  }

  Condition ParseNot() {
    if (Peek().IsKeyword("NOT")) {
      ++pos_;
      Condition c;
      c.kind = Condition::Kind::kNot;
      c.children.push_back(ParseNot());
      return c;
    }
    return ParsePrimaryCondition();
  }

  Condition ParsePrimaryCondition() {
    if (Peek().Is("(")) {
      // "((a = :v))": DynamoDB refuses a group that only wraps another group, which also
      // keeps 4 KB of text from nesting more than a few hundred groups deep.
      if (Peek(1).Is("(") && closing_[pos_] != 0 && closing_[pos_ + 1] + 1 == closing_[pos_]) {
        Fail("The expression has redundant parentheses;");
      }
      NestingGuard nested = EnterGroup();
      ++pos_;
      Condition c = ParseOr();
      Expect(")");
      return c;
    }
    const Token& t = Peek();
    if (t.kind == TokenKind::kName && Peek(1).Is("(") && t.text != "size") {
      if (IsConditionFunction(t.text)) return ParseFunctionCondition();
      if (IsUpdateFunction(t.text)) {
        Semantic("The function is not allowed to be used this way in an expression; function: " +
                 t.text);
      } else {
        Semantic("Invalid function name; function: " + t.text);
      }
      // Parsed like any call so that syntax errors after it are still found; never evaluated.
      Condition c;
      c.kind = Condition::Kind::kFunction;
      c.op = t.text;
      pos_ += 2;
      c.operands = ParseArguments(false);
      return c;
    }
    Operand left = ParsePrimaryOperand(false);
    const Token& op = Peek();
    Condition c;
    if (op.Is("=") || op.Is("<>") || op.Is("<") || op.Is("<=") || op.Is(">") || op.Is(">=")) {
      ++pos_;
      c.kind = Condition::Kind::kCompare;
      c.op = op.text;
      c.operands.push_back(std::move(left));
      c.operands.push_back(ParsePrimaryOperand(false));
      return c;
    }
    if (op.IsKeyword("BETWEEN")) {
      ++pos_;
      c.kind = Condition::Kind::kBetween;
      c.operands.push_back(std::move(left));
      c.operands.push_back(ParsePrimaryOperand(false));
      if (!Peek().IsKeyword("AND")) SyntaxError();
      ++pos_;
      c.operands.push_back(ParsePrimaryOperand(false));
      return c;
    }
    if (op.IsKeyword("IN")) {
      ++pos_;
      c.kind = Condition::Kind::kIn;
      c.operands.push_back(std::move(left));
      Expect("(");
      c.operands.push_back(ParsePrimaryOperand(false));
      while (Peek().Is(",")) {
        ++pos_;
        c.operands.push_back(ParsePrimaryOperand(false));
      }
      Expect(")");
      return c;
    }
    if (left.kind == Operand::Kind::kSize && semantic_.empty()) {
      Semantic("The function is not allowed to be used this way in an expression; function: size");
    }
    SyntaxError();
  }

  Condition ParseFunctionCondition() {
    Condition c;
    c.kind = Condition::Kind::kFunction;
    c.op = Peek().text;
    pos_ += 2;
    c.operands = ParseArguments(false);
    size_t want = c.op == "attribute_exists" || c.op == "attribute_not_exists" ? 1 : 2;
    if (c.operands.size() != want) {
      Semantic("Incorrect number of operands for operator or function; operator or function: " +
               c.op + ", number of operands: " + std::to_string(c.operands.size()));
    } else if (c.operands[0].kind != Operand::Kind::kPath) {
      Semantic("Operator or function requires a document path; operator or function: " + c.op);
    }
    return c;
  }

  // After "name(": operands up to and including ")".
  std::vector<Operand> ParseArguments(bool update) {
    std::vector<Operand> args;
    args.push_back(update ? ParseUpdateOperand() : ParsePrimaryOperand(false));
    while (Peek().Is(",")) {
      ++pos_;
      args.push_back(update ? ParseUpdateOperand() : ParsePrimaryOperand(false));
    }
    Expect(")");
    return args;
  }

  // A path, a :value or size(path) (conditions), or the update functions (update = true).
  Operand ParsePrimaryOperand(bool update) {
    const Token& t = Peek();
    Operand operand;
    if (t.kind == TokenKind::kValueRef) {
      ++pos_;
      if (const json* value = attrs_.FindValue(t.text)) {
        operand.value = *value;
      } else {
        Semantic(
            "An expression attribute value used in expression is not defined; attribute value: " +
            t.text);
        operand.value = json{{"NULL", true}};
      }
      return operand;
    }
    if (t.kind == TokenKind::kName && Peek(1).Is("(")) {
      std::string name = t.text;
      pos_ += 2;
      if (name == "size" && !update) {
        operand.kind = Operand::Kind::kSize;
        auto args = ParseArguments(false);
        if (args.size() != 1) {
          Semantic(
              "Incorrect number of operands for operator or function; operator or function: "
              "size, number of operands: " +
              std::to_string(args.size()));
        } else if (args[0].kind != Operand::Kind::kPath) {
          Semantic("Operator or function requires a document path; operator or function: size");
        } else {
          operand.path = args[0].path;
        }
        return operand;
      }
      if (update && IsUpdateFunction(name)) {
        operand.kind =
            name == "if_not_exists" ? Operand::Kind::kIfNotExists : Operand::Kind::kListAppend;
        operand.args = ParseArguments(true);
        if (operand.args.size() != 2) {
          Semantic("Incorrect number of operands for operator or function; operator or function: " +
                   name + ", number of operands: " + std::to_string(operand.args.size()));
        } else if (operand.kind == Operand::Kind::kIfNotExists &&
                   operand.args[0].kind != Operand::Kind::kPath) {
          Semantic("Operator or function requires a document path; operator or function: " + name);
        }
        return operand;
      }
      if (IsConditionFunction(name) || IsUpdateFunction(name) || name == "size") {
        Semantic(update ? "The function is not allowed in an update expression; function: " + name
                        : "The function is not allowed to be used this way in an expression; "
                          "function: " +
                              name);
      } else {
        Semantic("Invalid function name; function: " + name);
      }
      ParseArguments(update);
      return operand;
    }
    operand.kind = Operand::Kind::kPath;
    operand.path = ParsePath();
    return operand;
  }

  Operand ParseUpdateOperand() {
    if (Peek().Is("(")) {
      NestingGuard nested = EnterGroup();
      ++pos_;
      Operand inner = ParseSetValue();
      Expect(")");
      return inner;
    }
    return ParsePrimaryOperand(true);
  }

  Operand ParseSetValue() {
    Operand left = ParseUpdateOperand();
    if (Peek().Is("+") || Peek().Is("-")) {
      Operand op;
      op.kind = Peek().Is("+") ? Operand::Kind::kPlus : Operand::Kind::kMinus;
      ++pos_;
      op.args.push_back(std::move(left));
      op.args.push_back(ParseUpdateOperand());
      return op;
    }
    return left;
  }

  std::string PathName(const Token& t) {
    if (t.kind == TokenKind::kNameRef) {
      if (const json* name = attrs_.FindName(t.text)) return name->get<std::string>();
      Semantic(
          "An expression attribute name used in the document path is not defined; attribute "
          "name: " +
          t.text);
      return t.text;
    }
    if (t.kind != TokenKind::kName || IsGrammarKeyword(t) ||
        std::isdigit(static_cast<unsigned char>(t.text[0]))) {
      SyntaxError();
    }
    if (IsReservedWord(t.text)) {
      Semantic("Attribute name is a reserved keyword; reserved keyword: " + t.text);
    }
    return t.text;
  }

  Path ParsePath() {
    Path path;
    path.push_back({PathName(Peek()), -1});
    ++pos_;
    while (true) {
      if (Peek().Is(".")) {
        ++pos_;
        path.push_back({PathName(Peek()), -1});
        ++pos_;
      } else if (Peek().Is("[")) {
        ++pos_;
        if (Peek().kind != TokenKind::kNumber) SyntaxError();
        std::string digits = Peek().text;
        ++pos_;
        Expect("]");
        if (digits.size() > 9) Semantic("List index is too large; index: " + digits);
        path.push_back({"", digits.size() > 9 ? 0 : std::stoi(digits)});
      } else {
        return path;
      }
    }
  }

  std::string_view text_;
  std::string_view what_;
  ExpressionAttributes& attrs_;
  // The index of the ")" that closes the "(" at each index (0 elsewhere, or when unclosed).
  void MatchParentheses() {
    closing_.assign(tokens_.size(), 0);
    std::vector<size_t> open;
    for (size_t i = 0; i < tokens_.size(); ++i) {
      if (tokens_[i].Is("(")) open.push_back(i);
      if (tokens_[i].Is(")") && !open.empty()) {
        closing_[open.back()] = i;
        open.pop_back();
      }
    }
  }

  // Bounds the recursion of parenthesized groups (each costs a few stack frames), well past
  // anything a real expression nests and far inside a thread's stack.
  static constexpr int kMaxGroupNesting = 256;
  NestingGuard EnterGroup() {
    return NestingGuard(group_depth_, kMaxGroupNesting,
                        [this] { Fail("The expression has parentheses nested too deeply;"); });
  }

  std::vector<Token> tokens_;
  std::vector<size_t> closing_;
  size_t pos_ = 0;
  int group_depth_ = 0;
  std::string semantic_;
};

// Two paths overlap when one is a prefix of the other; they conflict when they diverge at a
// step where one indexes a list and the other names a map key.
void CheckOverlaps(const std::vector<Path>& paths, std::string_view what) {
  for (size_t i = 0; i < paths.size(); ++i) {
    for (size_t j = i + 1; j < paths.size(); ++j) {
      const Path& a = paths[i];
      const Path& b = paths[j];
      size_t n = std::min(a.size(), b.size());
      size_t k = 0;
      while (k < n && a[k] == b[k]) ++k;
      std::string both = "path one: " + PathText(a) + ", path two: " + PathText(b);
      if (k == n) {
        throw ValidationError(
            "Invalid " + std::string(what) +
            ": Two document paths overlap with each other; must remove or rewrite one of these "
            "paths; " +
            both);
      }
      if (a[k].IsIndex() != b[k].IsIndex()) {
        throw ValidationError(
            "Invalid " + std::string(what) +
            ": Two document paths conflict with each other; must remove or rewrite one of these "
            "paths; " +
            both);
      }
    }
  }
}

}  // namespace

Condition ParseCondition(std::string_view text, std::string_view what,
                         ExpressionAttributes& attrs) {
  return Parser(text, what, attrs).ParseConditionExpression();
}

std::vector<Path> ParseProjection(std::string_view text, ExpressionAttributes& attrs) {
  auto paths = Parser(text, "ProjectionExpression", attrs).ParseProjectionExpression();
  CheckOverlaps(paths, "ProjectionExpression");
  return paths;
}

UpdatePlan ParseUpdate(std::string_view text, ExpressionAttributes& attrs) {
  UpdatePlan plan = Parser(text, "UpdateExpression", attrs).ParseUpdateExpression();
  std::vector<Path> paths;
  for (const auto& action : plan.actions) paths.push_back(action.path);
  CheckOverlaps(paths, "UpdateExpression");
  return plan;
}

}  // namespace terrarium::services::dynamodb
