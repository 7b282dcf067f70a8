#include "emulator/services/dynamodb/expression_lexer.h"

#include <cctype>

namespace terrarium::services::dynamodb {
namespace {

bool IsNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

bool Token::IsKeyword(std::string_view keyword) const {
  if (kind != TokenKind::kName || text.size() != keyword.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(text[i])) != keyword[i]) return false;
  }
  return true;
}

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (true) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= text.size()) break;
    size_t begin = i;
    char c = text[i];
    TokenKind kind;
    if (c == '#' || c == ':') {
      ++i;
      while (i < text.size() && IsNameChar(text[i])) ++i;
      kind = i == begin + 1 ? TokenKind::kInvalid
                            : (c == '#' ? TokenKind::kNameRef : TokenKind::kValueRef);
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
      // "1abc" is not a number; DynamoDB reads it as one (invalid) name.
      if (i < text.size() && IsNameChar(text[i])) {
        while (i < text.size() && IsNameChar(text[i])) ++i;
        kind = TokenKind::kName;
      } else {
        kind = TokenKind::kNumber;
      }
    } else if (IsNameChar(c)) {
      while (i < text.size() && IsNameChar(text[i])) ++i;
      kind = TokenKind::kName;
    } else if ((c == '<' || c == '>') && i + 1 < text.size() &&
               (text[i + 1] == '=' || (c == '<' && text[i + 1] == '>'))) {
      i += 2;
      kind = TokenKind::kSymbol;
    } else if (std::string_view("=<>()[],.+-").find(c) != std::string_view::npos) {
      ++i;
      kind = TokenKind::kSymbol;
    } else {
      ++i;
      // Keep a multi-byte UTF-8 character whole.
      while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
      kind = TokenKind::kInvalid;
    }
    tokens.push_back({kind, std::string(text.substr(begin, i - begin)), begin, i});
  }
  tokens.push_back({TokenKind::kEnd, "<EOF>", text.size(), text.size()});
  return tokens;
}

}  // namespace terrarium::services::dynamodb
