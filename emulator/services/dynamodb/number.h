// DynamoDB's number type: a decimal of up to 38 significant digits with magnitude between 1E-130
// and 9.99...E+125, compared and added exactly (never through a double).
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace terrarium::services::dynamodb {

class Number {
 public:
  // Zero.
  Number() = default;

  // Parses DynamoDB's number text ("-1.5E3", "007", ".5"). Returns nullopt with `error` set to
  // AWS's message for malformed text, too many digits, overflow or underflow.
  static std::optional<Number> Parse(std::string_view text, std::string* error = nullptr);

  // The canonical text: no exponent, no leading or trailing zeros ("1", "-0.05", "120").
  std::string ToString() const;

  Number operator+(const Number& other) const;
  Number operator-(const Number& other) const;
  Number operator-() const;
  std::strong_ordering operator<=>(const Number& other) const;
  bool operator==(const Number& other) const = default;

  bool IsZero() const { return digits_.empty(); }
  bool negative() const { return negative_; }
  // Significant digits, without leading or trailing zeros ("15" for -1.5E3); empty for zero.
  const std::string& digits() const { return digits_; }
  // The power of ten of the first significant digit (3 for -1.5E3).
  int exponent() const { return exponent_; }
  // Whether the value fits DynamoDB's limits (38 digits, magnitude range); sets `error` if not.
  bool InRange(std::string* error = nullptr) const;

 private:
  Number(bool negative, std::string digits, int exponent);
  static Number AddMagnitudes(const Number& a, const Number& b, bool negative);
  static Number SubtractMagnitudes(const Number& big, const Number& small, bool negative);
  int CompareMagnitude(const Number& other) const;

  bool negative_ = false;
  std::string digits_;
  int exponent_ = 0;
};

}  // namespace terrarium::services::dynamodb
