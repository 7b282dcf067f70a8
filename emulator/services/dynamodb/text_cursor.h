// A cursor over compact JSON text, the base of the hand-written readers of stored records
// (item_text.cc, stats_record.cc): each step returns false on text it does not expect, and the
// reader then leaves the text to the JSON parser.
#pragma once

#include <cstddef>
#include <string_view>

namespace terrarium::services::dynamodb {

class CompactTextCursor {
 public:
  explicit CompactTextCursor(std::string_view text) : text_(text) {}

  size_t pos() const { return pos_; }
  bool AtEnd() const { return pos_ == text_.size(); }
  bool Eat(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool Word(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

 protected:
  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace terrarium::services::dynamodb
