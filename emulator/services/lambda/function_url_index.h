// Function URLs: which function a URL id stands for. The configs live in the function's record
// ("UrlConfigs": {<"$LATEST" or alias>: <FunctionUrlConfig + "UrlId">}); this index maps the
// id in a URL's host back to them, in table lambda.function_urls under "url/<id>". Global, not
// scoped: URL ids are unique across accounts and regions, as on AWS.
#pragma once

#include <optional>
#include <string>

#include "emulator/core/scope.h"
#include "emulator/storage/store.h"

namespace terrarium::services::lambda {

struct UrlTarget {
  Scope scope;
  std::string function_name;
  std::string qualifier;  // empty: $LATEST
};

std::optional<UrlTarget> LoadUrlTarget(storage::ReadTxn& txn, const std::string& url_id);
void SaveUrlTarget(storage::WriteTxn& txn, const std::string& url_id, const UrlTarget& target);
void EraseUrlTarget(storage::WriteTxn& txn, const std::string& url_id);

// A new URL id: 32 lower-case letters and digits, as AWS's.
std::string NewUrlId();
bool IsUrlId(std::string_view text);

// The URL handed out: http://<id>.lambda-url.<region>.localhost:<port>/, with the port the
// client reached the emulator on (`host` is that Host header).
std::string FunctionUrlOf(const std::string& url_id, const std::string& region,
                          const std::string& host);

}  // namespace terrarium::services::lambda
