// ReadJsonDocument (RapidJSON's reader building nlohmann values) against nlohmann::json::parse,
// the reader it replaced: both take the same texts and give the same documents. Any difference
// aborts. The one known one: nlohmann took bytes after a NUL that follows a document.
#include <cstdlib>
#include <string_view>

#include "emulator/protocols/json_reader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = terrarium::fuzz::AsText(data, size);
  std::optional<nlohmann::json> ours = terrarium::protocols::ReadJsonDocument(text);
  nlohmann::json theirs = nlohmann::json::parse(text, nullptr, false);
  if (theirs.is_discarded()) {
    if (ours) std::abort();  // took what nlohmann refused
    return 0;
  }
  if (!ours) {
    if (text.find('\0') != std::string_view::npos) return 0;
    std::abort();  // refused what nlohmann took
  }
  if (*ours != theirs && !(ours->dump() == theirs.dump())) std::abort();
  return 0;
}
