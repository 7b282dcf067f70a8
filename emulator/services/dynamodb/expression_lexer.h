// Tokens of DynamoDB's expression language (condition, filter, key condition, projection and
// update expressions), each with its place in the text so that syntax errors can quote AWS's
// "token: ..., near: ..." window.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace terrarium::services::dynamodb {

enum class TokenKind {
  kName,      // a bare attribute name or keyword: status, AND, SET, size
  kNameRef,   // #name
  kValueRef,  // :value
  kNumber,    // digits (list indexes)
  kSymbol,    // = <> < <= > >= ( ) [ ] , . + -
  kInvalid,   // anything else, including a lone '#' or ':'
  kEnd,
};

struct Token {
  TokenKind kind;
  std::string text;
  size_t begin = 0;  // byte offsets in the expression
  size_t end = 0;
  bool Is(std::string_view symbol) const { return kind == TokenKind::kSymbol && text == symbol; }
  // Case-insensitive keyword test for kName tokens.
  bool IsKeyword(std::string_view keyword) const;
};

// Splits `text` into tokens; the last is always kEnd.
std::vector<Token> Tokenize(std::string_view text);

}  // namespace terrarium::services::dynamodb
