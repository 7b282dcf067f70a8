// Bounds a recursive-descent parser's depth: one NestingGuard per level entered, alive while the
// level is parsed. Past the limit the guard calls `too_deep`, which throws the parser's error, so
// hostile input ends in a ValidationException long before it could exhaust a thread's stack.
#pragma once

namespace terrarium::services::dynamodb {

class NestingGuard {
 public:
  template <typename TooDeep>
  NestingGuard(int& depth, int limit, TooDeep too_deep) : depth_(depth) {
    if (depth_ >= limit) too_deep();  // throws
    ++depth_;
  }
  ~NestingGuard() { --depth_; }
  NestingGuard(const NestingGuard&) = delete;
  NestingGuard& operator=(const NestingGuard&) = delete;

 private:
  int& depth_;
};

}  // namespace terrarium::services::dynamodb
