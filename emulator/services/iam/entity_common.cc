#include "emulator/services/iam/entity_common.h"

#include <fmt/format.h>

#include <cctype>

#include "emulator/services/iam/iam_ids.h"
#include "emulator/services/iam/pagination.h"
#include "emulator/services/iam/tags.h"

namespace terrarium::services::iam {
namespace {

AwsError PatternError(std::string_view value, std::string_view member, std::string_view pattern) {
  return AwsError("ValidationError",
                  "1 validation error detected: Value '" + std::string(value) + "' at '" +
                      std::string(member) +
                      "' failed to satisfy constraint: Member must satisfy regular expression "
                      "pattern: " +
                      std::string(pattern),
                  400);
}

std::string CamelCase(std::string_view name) {
  std::string out(name);
  if (!out.empty()) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

}  // namespace

void CheckName(std::string_view value, std::string_view member) {
  for (unsigned char c : value) {
    if (!std::isalnum(c) &&
        std::string_view("_+=,.@-").find(static_cast<char>(c)) == std::string_view::npos) {
      throw PatternError(value, member, "[\\w+=,.@-]+");
    }
  }
}

void CheckPath(std::string_view value, std::string_view member) {
  bool valid = value.size() >= 1 && value.front() == '/' && value.back() == '/';
  for (unsigned char c : value) valid = valid && c >= 0x21 && c <= 0x7E;
  if (!valid) throw PatternError(value, member, "(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
}

std::string NameOf(const EntityKind& kind, const nlohmann::json& input) {
  std::string name = input.value(kind.name_member, "");
  CheckName(name, CamelCase(kind.name_member));
  return name;
}

nlohmann::json NewEntity(RequestContext& ctx, storage::ReadTxn& txn, const EntityKind& kind,
                         const nlohmann::json& input) {
  std::string name = NameOf(kind, input);
  std::string path = input.value("Path", "/");
  CheckPath(path, "path");
  if (FindEntity(txn, kind, ctx.scope.account, name)) {
    throw EntityAlreadyExists(fmt::format(fmt::runtime(kind.already_exists), name));
  }
  nlohmann::json record = {{kind.name_member, name},
                           {kind.id_member, NewUniqueId(kind.id_prefix)},
                           {"Arn", IamArn(ctx.scope.account, kind.arn_type, path, name)},
                           {"Path", path},
                           {"CreateDate", ctx.clock->EpochSeconds()},
                           {"Tags", nlohmann::json::array()}};
  if (input.contains("Tags")) MergeTags(record, input["Tags"]);
  return record;
}

nlohmann::json ListEntities(RequestContext& ctx, const EntityKind& kind,
                            const nlohmann::json& input, std::string_view list_member,
                            const std::function<nlohmann::json(const nlohmann::json&)>& render) {
  std::string prefix = input.value("PathPrefix", "/");
  KeyedItems items;
  auto txn = ctx.store->BeginRead();
  for (const auto& record : ScanAccount(*txn, kind.table, ctx.scope.account)) {
    if (!record["Path"].get<std::string>().starts_with(prefix)) continue;
    items.emplace_back(Lower(record[kind.name_member].get<std::string>()), render(record));
  }
  return PageOf(std::move(items), input, list_member);
}

nlohmann::json ModifyEntity(
    RequestContext& ctx, const EntityKind& kind, std::string_view name,
    const std::function<void(nlohmann::json& record, storage::WriteTxn& txn)>& change) {
  auto txn = ctx.store->BeginWrite();
  nlohmann::json record = LoadEntity(*txn, kind, ctx.scope.account, name);
  change(record, *txn);
  SaveEntity(*txn, kind, ctx.scope.account, record);
  txn->Commit();
  return record;
}

void DeleteEntity(
    RequestContext& ctx, const EntityKind& kind, std::string_view name,
    const std::function<void(const nlohmann::json& record, storage::ReadTxn& txn)>& check) {
  auto txn = ctx.store->BeginWrite();
  check(LoadEntity(*txn, kind, ctx.scope.account, name), *txn);
  EraseEntity(*txn, kind, ctx.scope.account, name);
  txn->Commit();
}

nlohmann::json RenameEntity(RequestContext& ctx, storage::WriteTxn& txn, const EntityKind& kind,
                            const nlohmann::json& input, const char* new_name_member) {
  std::string name = NameOf(kind, input);
  nlohmann::json record = LoadEntity(txn, kind, ctx.scope.account, name);
  nlohmann::json before = record;
  std::string new_name = input.value(new_name_member, record[kind.name_member].get<std::string>());
  CheckName(new_name, CamelCase(new_name_member));
  std::string path = input.value("NewPath", record["Path"].get<std::string>());
  CheckPath(path, "newPath");
  if (Lower(new_name) != Lower(name) && FindEntity(txn, kind, ctx.scope.account, new_name)) {
    throw EntityAlreadyExists(fmt::format(fmt::runtime(kind.already_exists), new_name));
  }
  EraseEntity(txn, kind, ctx.scope.account, name);
  record[kind.name_member] = new_name;
  record["Path"] = path;
  record["Arn"] = IamArn(ctx.scope.account, kind.arn_type, path, new_name);
  SaveEntity(txn, kind, ctx.scope.account, record);
  return before;
}

}  // namespace terrarium::services::iam
