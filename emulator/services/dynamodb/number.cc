#include "emulator/services/dynamodb/number.h"

#include <algorithm>
#include <cctype>

namespace terrarium::services::dynamodb {
namespace {

constexpr size_t kMaxDigits = 38;
constexpr int kMaxExponent = 125;   // largest magnitude 9.99...E+125
constexpr int kMinExponent = -130;  // smallest magnitude 1E-130

void SetError(std::string* error, const char* message) {
  if (error != nullptr) *error = message;
}

}  // namespace

Number::Number(bool negative, std::string digits, int exponent)
    : negative_(negative), digits_(std::move(digits)), exponent_(exponent) {
  // Normalise: strip leading zeros (moving the exponent) and trailing zeros.
  size_t lead = digits_.find_first_not_of('0');
  if (lead == std::string::npos) {
    digits_.clear();
    negative_ = false;
    exponent_ = 0;
    return;
  }
  exponent_ -= static_cast<int>(lead);
  digits_.erase(0, lead);
  digits_.erase(digits_.find_last_not_of('0') + 1);
}

std::optional<Number> Number::Parse(std::string_view text, std::string* error) {
  constexpr const char* kMalformed = "A value provided cannot be converted into a number";
  size_t i = 0;
  // DynamoDB tolerates surrounding blanks ("  12 ").
  while (i < text.size() && text[i] == ' ') ++i;
  size_t end = text.size();
  while (end > i && text[end - 1] == ' ') --end;
  bool negative = false;
  if (i < end && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  std::string digits;
  int point = -1;  // digits before the decimal point
  bool any = false;
  for (; i < end; ++i) {
    char c = text[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits.push_back(c);
      any = true;
    } else if (c == '.' && point < 0) {
      point = static_cast<int>(digits.size());
    } else {
      break;
    }
  }
  if (!any) {
    SetError(error, kMalformed);
    return std::nullopt;
  }
  if (point < 0) point = static_cast<int>(digits.size());
  long long exp10 = 0;
  if (i < end && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < end && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
    if (i == end) {
      SetError(error, kMalformed);
      return std::nullopt;
    }
    for (; i < end; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(text[i]))) break;
      exp10 = std::min<long long>(exp10 * 10 + (text[i] - '0'), 100000);
    }
    if (exp_negative) exp10 = -exp10;
  }
  if (i != end) {
    SetError(error, kMalformed);
    return std::nullopt;
  }
  // Value = 0.digits * 10^point * 10^exp10 = d1.d2... * 10^(point - 1 + exp10).
  Number n(negative, std::move(digits), static_cast<int>(point - 1 + exp10));
  if (!n.InRange(error)) return std::nullopt;
  return n;
}

bool Number::InRange(std::string* error) const {
  if (digits_.empty()) return true;
  if (digits_.size() > kMaxDigits) {
    SetError(error, "Attempting to store more than 38 significant digits in a Number");
    return false;
  }
  if (exponent_ > kMaxExponent) {
    SetError(error,
             "Number overflow. Attempting to store a number with magnitude larger than supported "
             "range");
    return false;
  }
  if (exponent_ < kMinExponent) {
    SetError(error,
             "Number underflow. Attempting to store a number with magnitude smaller than "
             "supported range");
    return false;
  }
  return true;
}

std::string Number::ToString() const {
  if (digits_.empty()) return "0";
  std::string out = negative_ ? "-" : "";
  int n = static_cast<int>(digits_.size());
  if (exponent_ < 0) {
    out += "0.";
    out.append(static_cast<size_t>(-exponent_ - 1), '0');
    out += digits_;
  } else if (exponent_ + 1 >= n) {
    out += digits_;
    out.append(static_cast<size_t>(exponent_ + 1 - n), '0');
  } else {
    out += digits_.substr(0, exponent_ + 1);
    out += '.';
    out += digits_.substr(exponent_ + 1);
  }
  return out;
}

int Number::CompareMagnitude(const Number& other) const {
  if (digits_.empty() || other.digits_.empty()) {
    return static_cast<int>(!digits_.empty()) - static_cast<int>(!other.digits_.empty());
  }
  if (exponent_ != other.exponent_) return exponent_ < other.exponent_ ? -1 : 1;
  int c = digits_.compare(other.digits_);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

std::strong_ordering Number::operator<=>(const Number& other) const {
  int sign_a = digits_.empty() ? 0 : (negative_ ? -1 : 1);
  int sign_b = other.digits_.empty() ? 0 : (other.negative_ ? -1 : 1);
  if (sign_a != sign_b) return sign_a <=> sign_b;
  int magnitude = CompareMagnitude(other);
  return (sign_a < 0 ? -magnitude : magnitude) <=> 0;
}

Number Number::operator-() const {
  Number n = *this;
  if (!n.digits_.empty()) n.negative_ = !n.negative_;
  return n;
}

// Both magnitudes as digit strings aligned to the same lowest power of ten.
namespace {

struct Aligned {
  std::string a, b;  // same length, most significant first
  int top;           // exponent of the first digit
};

Aligned Align(const std::string& da, int ea, const std::string& db, int eb) {
  int top = std::max(ea, eb);
  int low_a = ea - static_cast<int>(da.size()) + 1;
  int low_b = eb - static_cast<int>(db.size()) + 1;
  int low = std::min(low_a, low_b);
  auto place = [&](const std::string& d, int e) {
    std::string s(static_cast<size_t>(top - e), '0');
    s += d;
    s.append(static_cast<size_t>(top - low + 1) - s.size(), '0');
    return s;
  };
  return {place(da, ea), place(db, eb), top};
}

}  // namespace

Number Number::AddMagnitudes(const Number& x, const Number& y, bool negative) {
  Aligned al = Align(x.digits_, x.exponent_, y.digits_, y.exponent_);
  std::string sum(al.a.size(), '0');
  int carry = 0;
  for (size_t i = al.a.size(); i-- > 0;) {
    int d = (al.a[i] - '0') + (al.b[i] - '0') + carry;
    sum[i] = static_cast<char>('0' + d % 10);
    carry = d / 10;
  }
  int top = al.top;
  if (carry != 0) {
    sum.insert(sum.begin(), '1');
    ++top;
  }
  return Number(negative, std::move(sum), top);
}

Number Number::SubtractMagnitudes(const Number& big, const Number& small, bool negative) {
  Aligned al = Align(big.digits_, big.exponent_, small.digits_, small.exponent_);
  std::string diff(al.a.size(), '0');
  int borrow = 0;
  for (size_t i = al.a.size(); i-- > 0;) {
    int d = (al.a[i] - '0') - (al.b[i] - '0') - borrow;
    borrow = d < 0 ? 1 : 0;
    diff[i] = static_cast<char>('0' + (d + 10) % 10);
  }
  return Number(negative, std::move(diff), al.top);
}

Number Number::operator+(const Number& other) const {
  if (digits_.empty()) return other;
  if (other.digits_.empty()) return *this;
  if (negative_ == other.negative_) return AddMagnitudes(*this, other, negative_);
  int c = CompareMagnitude(other);
  if (c == 0) return Number();
  return c > 0 ? SubtractMagnitudes(*this, other, negative_)
               : SubtractMagnitudes(other, *this, other.negative_);
}

Number Number::operator-(const Number& other) const { return *this + (-other); }

}  // namespace terrarium::services::dynamodb
