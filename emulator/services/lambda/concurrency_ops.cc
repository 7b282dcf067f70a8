// Reserved concurrency: PutFunctionConcurrency, GetFunctionConcurrency,
// DeleteFunctionConcurrency. Kept in the function's record as "ReservedConcurrency"; Invoke
// passes it to the runtime, which throttles (TooManyRequestsException) beyond it.
// Parity notes: the account's concurrency limit is AWS's default, 1000, with 100 left
// unreserved; there is no account-wide throttle outside reserved concurrency.
#include "emulator/core/aws_error.h"
#include "emulator/services/lambda/function_name.h"
#include "emulator/services/lambda/function_store.h"
#include "emulator/services/lambda/lambda_ops.h"

namespace terrarium::services::lambda {
namespace {

constexpr int kAccountConcurrency = 1000;
constexpr int kMinimumUnreserved = 100;
constexpr const char* kMember = "ReservedConcurrency";

std::string NameOf(RequestContext& ctx, const json& input) {
  FunctionRef ref = ResolveFunctionName(input.at("FunctionName").get<std::string>(), ctx.scope);
  if (!ref.qualifier.empty()) {
    throw AwsError("InvalidParameterValueException",
                   "Reserved concurrency is set on the unqualified function, not on a version "
                   "or alias.");
  }
  return ref.name;
}

// The concurrency the other functions of the account and region reserve.
int ReservedByOthers(RequestContext& ctx, const std::string& name) {
  int total = 0;
  std::string after;
  while (true) {
    auto records = ListFunctionRecords(*ctx.store, ctx.scope, after, 100);
    for (const auto& record : records) {
      if (record["Configuration"]["FunctionName"] != name) total += record.value(kMember, 0);
    }
    if (records.size() < 100) return total;
    after = records.back()["Configuration"]["FunctionName"];
  }
}

}  // namespace

json PutFunctionConcurrency(RequestContext& ctx, const json& input) {
  std::string name = NameOf(ctx, input);
  int reserved = input.at("ReservedConcurrentExecutions").get<int>();
  if (reserved < 0) {
    throw ValidationError(
        "1 validation error detected: Value '" + std::to_string(reserved) +
        "' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have "
        "value greater than or equal to 0");
  }
  if (kAccountConcurrency - ReservedByOthers(ctx, name) - reserved < kMinimumUnreserved) {
    throw AwsError("InvalidParameterValueException",
                   "Specified ReservedConcurrentExecutions for function decreases account's "
                   "UnreservedConcurrentExecution below its minimum value of [" +
                       std::to_string(kMinimumUnreserved) + "].");
  }
  FunctionEdit edit(*ctx.store, ctx.scope, name);
  edit.record()[kMember] = reserved;
  edit.Save();
  return {{"ReservedConcurrentExecutions", reserved}};
}

json GetFunctionConcurrency(RequestContext& ctx, const json& input) {
  json record = RequireFunction(*ctx.store, ctx.scope, NameOf(ctx, input));
  if (!record.contains(kMember)) return json::object();
  return {{"ReservedConcurrentExecutions", record[kMember]}};
}

json DeleteFunctionConcurrency(RequestContext& ctx, const json& input) {
  FunctionEdit edit(*ctx.store, ctx.scope, NameOf(ctx, input));
  edit.record().erase(kMember);
  edit.Save();
  ctx.response_status = 204;
  return json::object();
}

int ReservedConcurrencyOf(const json& record) { return record.value(kMember, -1); }

}  // namespace terrarium::services::lambda
