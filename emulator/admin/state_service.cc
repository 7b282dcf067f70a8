#include "emulator/admin/state_service.h"

#include <cstdlib>

#include "emulator/storage/snapshots/state_diff.h"

namespace terrarium::admin {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace storage::snapshots;

json CommitJson(const CommitInfo& info) {
  return {{"commit", info.commit},
          {"tree", info.tree},
          {"message", info.message},
          {"time", info.time},
          {"names", info.names}};
}

}  // namespace

fs::path DefaultStateRepo(const storage::Store& store) {
  if (store.persistent()) return store.Dir() / "snapshots.git";
  const char* xdg = std::getenv("XDG_DATA_HOME");
  if (xdg != nullptr && *xdg != '\0') return fs::path(xdg) / "terrarium" / "snapshots.git";
  const char* home = std::getenv("HOME");
  fs::path base = home != nullptr && *home != '\0' ? fs::path(home) : fs::current_path();
  return base / ".local" / "share" / "terrarium" / "snapshots.git";
}

StateService::StateService(storage::Store& store, StateOptions options)
    : store_(store), options_(std::move(options)) {}

SnapshotRepo& StateService::Repo() {
  if (!repo_) repo_ = std::make_unique<SnapshotRepo>(options_.repo_dir);
  return *repo_;
}

json StateService::Save(const std::string& name, const std::string& message) {
  std::lock_guard lock(mutex_);
  CheckSnapshotName(name);
  SnapshotRepo& repo = Repo();
  // The write transaction keeps every writer, and so every blob removal, out while the blobs
  // are copied; the read transaction beside it scans in batches.
  auto writers_out = store_.BeginWrite();
  auto txn = store_.BeginRead();
  StateFiles state = DumpState(*txn, store_.Blobs());
  SaveResult saved = repo.Save(name, message, state, store_.Blobs());
  json out = CommitJson(saved.commit);
  out["name"] = name;
  out["unchanged"] = saved.unchanged;
  out["records"] = state.files.size() - 1;
  out["blobs"] = state.blobs.size();
  return out;
}

size_t StateService::Replace(const Tables& rows, const CommitState* snapshot) {
  storage::BlobStore& blobs = store_.Blobs();
  auto txn = store_.BeginWrite();
  std::set<std::string> keep;
  if (snapshot != nullptr) {
    // Restored before the transaction, but a write that released the last live reference to an
    // identical blob (an S3 DeleteObject) may have removed it since; now writers wait, and only
    // blobs removed meanwhile are copied again.
    Repo().RestoreBlobs(*snapshot, blobs);
    for (const auto& [sha, id] : snapshot->blob_ids) keep.insert(sha);
  }
  std::set<std::string> old_blobs = ReferencedBlobs(*txn, blobs);
  size_t changes = ReplaceRows(*txn, rows);
  for (const std::string& sha : old_blobs) {
    if (!keep.contains(sha)) blobs.Remove(sha);
  }
  txn->Commit();
  if (options_.on_replaced) options_.on_replaced();
  return changes;
}

json StateService::Load(const std::string& rev) {
  std::lock_guard lock(mutex_);
  SnapshotRepo& repo = Repo();
  CommitInfo info = repo.Describe(rev);
  CommitState state = repo.Read(info.commit);
  Tables rows = RowsOf(state.files);  // throws before anything changes if a file is bad
  // The bulk of the copying happens before the write transaction, so writers wait less.
  repo.RestoreBlobs(state, store_.Blobs());
  size_t changes = Replace(rows, &state);
  json out = CommitJson(info);
  out["name"] = rev;
  out["changes"] = changes;
  return out;
}

json StateService::Reset() {
  std::lock_guard lock(mutex_);
  size_t changes = Replace({}, nullptr);
  return {{"reset", true}, {"changes", changes}};
}

json StateService::List() {
  std::lock_guard lock(mutex_);
  json snapshots = json::array();
  for (const auto& [name, info] : Repo().List()) {
    json entry = CommitJson(info);
    entry["name"] = name;
    snapshots.push_back(std::move(entry));
  }
  return {{"repository", Repo().dir().string()}, {"snapshots", snapshots}};
}

json StateService::Log(const std::optional<std::string>& name, size_t limit) {
  std::lock_guard lock(mutex_);
  json commits = json::array();
  for (const CommitInfo& info : Repo().Log(name, limit)) commits.push_back(CommitJson(info));
  return {{"commits", commits}};
}

json StateService::Diff(const std::string& from, const std::optional<std::string>& to) {
  std::lock_guard lock(mutex_);
  SnapshotRepo& repo = Repo();
  std::map<std::string, std::string> before = repo.Read(from).files;
  std::map<std::string, std::string> after;
  if (to) {
    after = repo.Read(*to).files;
  } else {
    auto txn = store_.BeginRead();
    after = DumpState(*txn, store_.Blobs()).files;
  }
  json out = DiffStates(before, after);
  out["from"] = from;
  out["to"] = to ? json(*to) : json(nullptr);
  return out;
}

std::string StateService::Export(const std::vector<std::string>& names) {
  std::lock_guard lock(mutex_);
  return Repo().ExportBundle(names);
}

json StateService::Import(std::string_view bundle) {
  std::lock_guard lock(mutex_);
  return {{"snapshots", Repo().ImportBundle(bundle)}};
}

json StateService::Push(const std::string& remote, const std::vector<std::string>& names,
                        const RemoteCredentials& credentials) {
  std::lock_guard lock(mutex_);
  return {{"remote", remote}, {"snapshots", Repo().Push(remote, names, credentials)}};
}

json StateService::Pull(const std::string& remote, const std::vector<std::string>& names,
                        const RemoteCredentials& credentials) {
  std::lock_guard lock(mutex_);
  return {{"remote", remote}, {"snapshots", Repo().Pull(remote, names, credentials)}};
}

}  // namespace terrarium::admin
