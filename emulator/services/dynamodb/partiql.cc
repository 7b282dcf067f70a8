#include "emulator/services/dynamodb/partiql.h"

#include <charconv>

#include <cctype>

#include "emulator/core/aws_error.h"
#include "emulator/services/dynamodb/attribute_value.h"
#include "emulator/services/dynamodb/nesting_guard.h"

namespace terrarium::services::dynamodb {
namespace {

using nlohmann::json;

struct Tok {
  enum Kind { kWord, kQuoted, kString, kNumber, kParam, kSymbol, kEnd } kind;
  std::string text;
};

AwsError Malformed(const std::string& detail) {
  return ValidationError("Statement wasn't well formed, can't be processed: " + detail);
}

std::vector<Tok> Lex(std::string_view s) {
  std::vector<Tok> out;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '\'' || c == '"') {
      std::string text;
      ++i;
      while (true) {
        if (i >= s.size()) throw Malformed("unterminated quoted text");
        if (s[i] == c) {
          if (i + 1 < s.size() && s[i + 1] == c) {  // doubled quote
            text.push_back(c);
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        text.push_back(s[i++]);
      }
      out.push_back({c == '\'' ? Tok::kString : Tok::kQuoted, text});
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '-' && i + 1 < s.size() &&
                std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      size_t start = i++;
      while (i < s.size() &&
             (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '.' ||
              ((s[i] == '-' || s[i] == '+') && (s[i - 1] == 'e' || s[i - 1] == 'E')))) {
        ++i;
      }
      out.push_back({Tok::kNumber, std::string(s.substr(start, i - start))});
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      size_t start = i;
      while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_')) ++i;
      out.push_back({Tok::kWord, std::string(s.substr(start, i - start))});
    } else if (c == '?') {
      out.push_back({Tok::kParam, "?"});
      ++i;
    } else {
      static const char* kTwo[] = {"<>", "!=", "<=", ">=", "<<", ">>"};
      std::string symbol(1, c);
      for (const char* two : kTwo) {
        if (s.substr(i, 2) == two) symbol = two;
      }
      if (std::string_view("=<>!(),.[]{}:*").find(c) == std::string_view::npos) {
        throw Malformed("unexpected character: " + symbol);
      }
      out.push_back({Tok::kSymbol, symbol});
      i += symbol.size();
    }
  }
  out.push_back({Tok::kEnd, "<EOF>"});
  return out;
}

class PartiqlParser {
 public:
  PartiqlParser(std::string_view text, const json& parameters)
      : tokens_(Lex(text)), parameters_(parameters) {}

  PartiqlStatement Parse() {
    PartiqlStatement st;
    if (Keyword("SELECT")) {
      st.kind = PartiqlStatement::Kind::kSelect;
      if (!Symbol("*")) {
        do st.projection.push_back(ParsePath());
        while (Symbol(","));
      }
      Expect("FROM");
      st.table = Name();
      if (Symbol(".")) st.index = Name();
      if (Keyword("WHERE")) st.where = ParseOr();
    } else if (Keyword("INSERT")) {
      st.kind = PartiqlStatement::Kind::kInsert;
      Expect("INTO");
      st.table = Name();
      Expect("VALUE");
      json value = ParseValue();
      if (TypeOf(value) != "M") throw Malformed("INSERT needs a tuple value");
      st.item = value["M"];
    } else if (Keyword("UPDATE")) {
      st.kind = PartiqlStatement::Kind::kUpdate;
      st.table = Name();
      while (true) {
        if (Keyword("SET")) {
          UpdateAction action{UpdateAction::Kind::kSet, ParsePath(), {}};
          if (!Symbol("=")) throw Unexpected();
          action.value.value = ParseValue();
          st.update.actions.push_back(std::move(action));
        } else if (Keyword("REMOVE")) {
          st.update.actions.push_back({UpdateAction::Kind::kRemove, ParsePath(), {}});
        } else {
          break;
        }
        while (Symbol(",")) {
          UpdateAction::Kind kind = st.update.actions.back().kind;
          UpdateAction action{kind, ParsePath(), {}};
          if (kind == UpdateAction::Kind::kSet) {
            if (!Symbol("=")) throw Unexpected();
            action.value.value = ParseValue();
          }
          st.update.actions.push_back(std::move(action));
        }
      }
      if (st.update.actions.empty()) throw Unexpected();
      Expect("WHERE");
      st.where = ParseOr();
    } else if (Keyword("DELETE")) {
      st.kind = PartiqlStatement::Kind::kDelete;
      Expect("FROM");
      st.table = Name();
      Expect("WHERE");
      st.where = ParseOr();
    } else {
      throw Unexpected();
    }
    if (Peek().kind != Tok::kEnd) throw Unexpected();
    if (next_param_ != parameters_.size()) {
      throw ValidationError("Number of parameters in request and statement don't match.");
    }
    return st;
  }

 private:
  const Tok& Peek() const { return tokens_[pos_]; }
  AwsError Unexpected() const { return Malformed("Unexpected token: " + Peek().text); }
  bool Keyword(const char* word) {
    const Tok& t = Peek();
    if (t.kind != Tok::kWord || t.text.size() != std::string_view(word).size()) return false;
    for (size_t i = 0; i < t.text.size(); ++i) {
      if (std::toupper(static_cast<unsigned char>(t.text[i])) != word[i]) return false;
    }
    ++pos_;
    return true;
  }
  void Expect(const char* word) {
    if (!Keyword(word)) throw Unexpected();
  }
  bool Symbol(const char* symbol) {
    if (Peek().kind == Tok::kSymbol && Peek().text == symbol) {
      ++pos_;
      return true;
    }
    return false;
  }
  std::string Name() {
    const Tok& t = Peek();
    if (t.kind != Tok::kWord && t.kind != Tok::kQuoted) throw Unexpected();
    ++pos_;
    return t.text;
  }

  Path ParsePath() {
    Path path{{Name(), -1}};
    while (true) {
      if (Symbol(".")) {
        path.push_back({Name(), -1});
      } else if (Symbol("[")) {
        if (Peek().kind != Tok::kNumber) throw Unexpected();
        // from_chars, not stoi: an index too large for an int is a malformed statement, not an
        // uncaught std::out_of_range (found by fuzz_partiql).
        const std::string& digits = tokens_[pos_++].text;
        int index = 0;
        auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
        if (error != std::errc() || end != digits.data() + digits.size()) throw Unexpected();
        path.push_back({"", index});
        if (!Symbol("]")) throw Unexpected();
      } else {
        return path;
      }
    }
  }

  json ParseValue() {
    NestingGuard nested(value_depth_, kMaxValueNesting, [] {
      throw ValidationError(
          "Nesting Levels have exceeded supported limits: Attributes in the item have nested "
          "levels beyond supported limit");
    });
    const Tok& t = Peek();
    if (t.kind == Tok::kParam) {
      ++pos_;
      if (next_param_ >= parameters_.size()) {
        throw ValidationError("Number of parameters in request and statement don't match.");
      }
      return NormalizeValue(parameters_[next_param_++]);
    }
    if (t.kind == Tok::kString) {
      ++pos_;
      return json{{"S", t.text}};
    }
    if (t.kind == Tok::kNumber) {
      ++pos_;
      return NormalizeValue(json{{"N", t.text}});
    }
    if (Keyword("TRUE")) return json{{"BOOL", true}};
    if (Keyword("FALSE")) return json{{"BOOL", false}};
    if (Keyword("NULL")) return json{{"NULL", true}};
    if (Symbol("{")) {
      json map = json::object();
      if (!Symbol("}")) {
        do {
          if (Peek().kind != Tok::kString && Peek().kind != Tok::kQuoted) throw Unexpected();
          std::string key = tokens_[pos_++].text;
          if (!Symbol(":")) throw Unexpected();
          map[key] = ParseValue();
        } while (Symbol(","));
        if (!Symbol("}")) throw Unexpected();
      }
      return json{{"M", map}};
    }
    if (Symbol("[")) {
      json list = json::array();
      if (!Symbol("]")) {
        do list.push_back(ParseValue());
        while (Symbol(","));
        if (!Symbol("]")) throw Unexpected();
      }
      return json{{"L", list}};
    }
    if (Symbol("<<")) {
      std::vector<json> elements;
      do elements.push_back(ParseValue());
      while (Symbol(","));
      if (!Symbol(">>")) throw Unexpected();
      std::string type(TypeOf(elements[0]));
      json set = json::array();
      for (const json& e : elements) {
        if (TypeOf(e) != type || (type != "S" && type != "N" && type != "B")) {
          throw Malformed("set elements must be all strings, numbers or binary");
        }
        set.push_back(e.begin().value());
      }
      return NormalizeValue(json{{type + "S", set}});
    }
    throw Unexpected();
  }

  Operand ParseOperand() {
    const Tok& t = Peek();
    if ((t.kind == Tok::kWord && !IsValueKeyword(t)) || t.kind == Tok::kQuoted) {
      Operand operand;
      operand.kind = Operand::Kind::kPath;
      operand.path = ParsePath();
      return operand;
    }
    Operand operand;
    operand.value = ParseValue();
    return operand;
  }
  static bool IsValueKeyword(const Tok& t) {
    std::string upper;
    for (char c : t.text)
      upper.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    return upper == "TRUE" || upper == "FALSE" || upper == "NULL";
  }

  Condition ParseOr() {
    Condition left = ParseAnd();
    while (Keyword("OR")) left = Join(Condition::Kind::kOr, std::move(left), ParseAnd());
    return left;
  }
  Condition ParseAnd() {
    Condition left = ParseNot();
    while (Keyword("AND")) left = Join(Condition::Kind::kAnd, std::move(left), ParseNot());
    return left;
  }
  static Condition Join(Condition::Kind kind, Condition a, Condition b) {
    Condition c;
    c.kind = kind;
    c.children.push_back(std::move(a));
    c.children.push_back(std::move(b));
    return c;
  }
  Condition ParseNot() {
    NestingGuard nested(condition_depth_, kMaxConditionNesting,
                        [] { throw Malformed("conditions nested too deeply"); });
    if (Keyword("NOT")) {
      Condition c;
      c.kind = Condition::Kind::kNot;
      c.children.push_back(ParseNot());
      return c;
    }
    return ParsePrimary();
  }
  Condition ParsePrimary() {
    if (Symbol("(")) {
      Condition c = ParseOr();
      if (!Symbol(")")) throw Unexpected();
      return c;
    }
    const Tok& t = Peek();
    if (t.kind == Tok::kWord && pos_ + 1 < tokens_.size() && tokens_[pos_ + 1].text == "(" &&
        (t.text == "begins_with" || t.text == "contains" || t.text == "attribute_type")) {
      Condition c;
      c.kind = Condition::Kind::kFunction;
      c.op = t.text;
      pos_ += 2;
      c.operands.push_back(ParseOperand());
      if (!Symbol(",")) throw Unexpected();
      c.operands.push_back(ParseOperand());
      if (!Symbol(")")) throw Unexpected();
      return c;
    }
    Operand left = ParseOperand();
    Condition c;
    if (Keyword("IS")) {
      bool negated = Keyword("NOT");
      Expect("MISSING");
      c.kind = Condition::Kind::kFunction;
      c.op = negated ? "attribute_exists" : "attribute_not_exists";
      c.operands.push_back(std::move(left));
      return c;
    }
    if (Keyword("BETWEEN")) {
      c.kind = Condition::Kind::kBetween;
      c.operands.push_back(std::move(left));
      c.operands.push_back(ParseOperand());
      Expect("AND");
      c.operands.push_back(ParseOperand());
      return c;
    }
    if (Keyword("IN")) {
      c.kind = Condition::Kind::kIn;
      c.operands.push_back(std::move(left));
      if (!Symbol("[") && !Symbol("(")) throw Unexpected();
      do c.operands.push_back(ParseOperand());
      while (Symbol(","));
      if (!Symbol("]") && !Symbol(")")) throw Unexpected();
      return c;
    }
    for (const char* op : {"=", "<>", "!=", "<=", ">=", "<", ">"}) {
      if (Symbol(op)) {
        c.op = std::string(op) == "!=" ? "<>" : op;
        c.operands.push_back(std::move(left));
        c.operands.push_back(ParseOperand());
        return c;
      }
    }
    throw Unexpected();
  }

  // Values and conditions nest by recursion, so a statement of 8,192 brackets could exhaust the
  // stack: nesting is refused well before. Attributes nest at most 32 levels in DynamoDB; a
  // condition is every NOT and parenthesis around it.
  static constexpr int kMaxValueNesting = 33;  // the item's tuple, then 32 levels
  static constexpr int kMaxConditionNesting = 100;

  std::vector<Tok> tokens_;
  const json& parameters_;
  size_t pos_ = 0;
  size_t next_param_ = 0;
  int value_depth_ = 0;
  int condition_depth_ = 0;
};

}  // namespace

PartiqlStatement ParsePartiql(std::string_view text, const json& parameters) {
  return PartiqlParser(text, parameters.is_array() ? parameters : json::array()).Parse();
}

}  // namespace terrarium::services::dynamodb
