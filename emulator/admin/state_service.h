// The snapshot operations behind /_terrarium/state/* and /_terrarium/reset: save, load, list,
// log, diff, export, import, push, pull and reset of the whole store.
//
// A load or reset is one write transaction, so a request sees the state before or after it,
// never a mix; blob files the new state needs are written before it (and checked again inside
// it), and those only the old state named are removed inside it (as S3 removes a body it
// releases), so a writer that stored a blob before taking the write transaction must check it
// is still there once it holds it. State kept outside the store (Lambda's warm environments) is
// dropped afterwards through `on_replaced`.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/storage/snapshots/snapshot_repo.h"
#include "emulator/storage/store.h"

namespace terrarium::admin {

struct StateOptions {
  std::filesystem::path repo_dir;     // the snapshot repository (created on first use)
  std::function<void()> on_replaced;  // after a load or reset
};

// Where snapshots live when no --state-repo is given: <data dir>/snapshots.git for a
// persistent store, else $XDG_DATA_HOME/terrarium/snapshots.git (~/.local/share/...).
std::filesystem::path DefaultStateRepo(const storage::Store& store);

class StateService {
 public:
  StateService(storage::Store& store, StateOptions options);

  nlohmann::json Save(const std::string& name, const std::string& message);
  nlohmann::json Load(const std::string& rev);
  nlohmann::json Reset();
  nlohmann::json List();
  nlohmann::json Log(const std::optional<std::string>& name, size_t limit);
  // `to` absent: the live state.
  nlohmann::json Diff(const std::string& from, const std::optional<std::string>& to);
  std::string Export(const std::vector<std::string>& names);
  nlohmann::json Import(std::string_view bundle);
  nlohmann::json Push(const std::string& remote, const std::vector<std::string>& names,
                      const storage::snapshots::RemoteCredentials& credentials);
  nlohmann::json Pull(const std::string& remote, const std::vector<std::string>& names,
                      const storage::snapshots::RemoteCredentials& credentials);

 private:
  storage::snapshots::SnapshotRepo& Repo();
  // Makes the store hold `rows` and exactly the blobs of `snapshot` (none when null); returns
  // the rows changed.
  size_t Replace(const storage::snapshots::Tables& rows,
                 const storage::snapshots::CommitState* snapshot);

  storage::Store& store_;
  StateOptions options_;
  std::mutex mutex_;  // one snapshot operation at a time
  std::unique_ptr<storage::snapshots::SnapshotRepo> repo_;
};

}  // namespace terrarium::admin
