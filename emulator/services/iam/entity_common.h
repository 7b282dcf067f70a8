// The parts of IAM's operations that roles, users, groups and instance profiles share: name and
// path checks, creating a record, paged listing by path prefix, read-modify-write of one record.
#pragma once

#include <functional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "emulator/core/request_context.h"
#include "emulator/services/iam/iam_store.h"

namespace terrarium::services::iam {

// IAM's name pattern [\w+=,.@-]+; `member` is the wire name in the message ("roleName").
void CheckName(std::string_view value, std::string_view member);
// IAM's path pattern: "/" or "/.../" of printable ASCII.
void CheckPath(std::string_view value, std::string_view member);

// The name member of `kind` in `input` (checked against the pattern).
std::string NameOf(const EntityKind& kind, const nlohmann::json& input);

// A new record from `input`: name, unique id, ARN, path (default "/"), CreateDate and Tags.
// Throws EntityAlreadyExists when the name is taken (case-insensitively).
nlohmann::json NewEntity(RequestContext& ctx, storage::ReadTxn& txn, const EntityKind& kind,
                         const nlohmann::json& input);

// One page of the account's records of `kind` whose Path starts with input's PathPrefix, each
// rendered by `render`, under `list_member`.
nlohmann::json ListEntities(RequestContext& ctx, const EntityKind& kind,
                            const nlohmann::json& input, std::string_view list_member,
                            const std::function<nlohmann::json(const nlohmann::json&)>& render);

// Loads record `name` (NoSuchEntity when absent), lets `change` modify it, saves, commits, and
// returns the changed record.
nlohmann::json ModifyEntity(
    RequestContext& ctx, const EntityKind& kind, std::string_view name,
    const std::function<void(nlohmann::json& record, storage::WriteTxn& txn)>& change);

// Deletes record `name` (NoSuchEntity when absent) once `check` has seen it without throwing
// (DeleteConflict while something still depends on it); commits.
void DeleteEntity(
    RequestContext& ctx, const EntityKind& kind, std::string_view name,
    const std::function<void(const nlohmann::json& record, storage::ReadTxn& txn)>& check);

// Update<Kind>'s rename and move: applies input's `new_name_member` (e.g. "NewUserName") and
// NewPath to record `name`, re-keying it in the store (not committed). Returns the record as it
// was before.
nlohmann::json RenameEntity(RequestContext& ctx, storage::WriteTxn& txn, const EntityKind& kind,
                            const nlohmann::json& input, const char* new_name_member);

}  // namespace terrarium::services::iam
