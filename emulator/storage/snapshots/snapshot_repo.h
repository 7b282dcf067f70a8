// Snapshots as commits in a bare git repository (libgit2): snapshot NAME is the branch
// refs/heads/NAME, each save a commit on it whose tree is the state's files (state_files.h), so
// equal states have equal trees and `git diff` between two snapshots reads as record changes.
// Bundles, push and pull move snapshots between repositories with plain git formats.
//
// Not thread-safe: one operation at a time (the admin API serialises them).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/storage/snapshots/remote_auth.h"
#include "emulator/storage/snapshots/state_files.h"
#include "emulator/storage/store.h"

struct git_repository;

namespace terrarium::storage::snapshots {

// A failed snapshot operation, with what kind of failure it is (the admin API's status).
class SnapshotError : public std::runtime_error {
 public:
  enum class Kind { kInvalid, kNotFound, kConflict, kFailed };
  SnapshotError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

struct CommitInfo {
  std::string commit;              // hex id
  std::string tree;                // hex id: equal for equal states
  std::string message;             // first line
  int64_t time = 0;                // seconds since the epoch
  std::vector<std::string> names;  // snapshots whose latest commit this is
};

struct SaveResult {
  CommitInfo commit;
  bool unchanged = false;  // the state equals the snapshot's latest commit; nothing committed
};

// A commit's state as read back: record files in memory, blobs by SHA-256 (read on demand).
struct CommitState {
  std::map<std::string, std::string> files;
  std::map<std::string, std::string> blob_ids;  // SHA-256 hex -> git blob id (hex)
};

class SnapshotRepo {
 public:
  // Opens the bare repository at `dir`, creating it (and its parents) when absent.
  explicit SnapshotRepo(const std::filesystem::path& dir);
  ~SnapshotRepo();
  SnapshotRepo(const SnapshotRepo&) = delete;
  SnapshotRepo& operator=(const SnapshotRepo&) = delete;

  const std::filesystem::path& dir() const { return dir_; }

  // Commits `state` as snapshot `name`. Blob contents are read from `blobs`, which must keep
  // them for the duration (the caller holds the store's write transaction).
  SaveResult Save(std::string_view name, std::string_view message, const StateFiles& state,
                  const BlobStore& blobs);
  // The tree id `state` would have, without committing (for tests and "is it saved?").
  std::string TreeId(const StateFiles& state, const BlobStore& blobs);

  // `rev`: a snapshot name, or anything git names a commit with (an id, NAME~1).
  CommitState Read(std::string_view rev);
  // Copies into `blobs` the blobs of `state` it lacks, under the names `state` gives them.
  void RestoreBlobs(const CommitState& state, BlobStore& blobs);
  CommitInfo Describe(std::string_view rev);

  // Snapshots by name, with their latest commits.
  std::vector<std::pair<std::string, CommitInfo>> List();
  // Commits of one snapshot (or of all), newest first, at most `limit`.
  std::vector<CommitInfo> Log(std::optional<std::string> name, size_t limit);

  // A git bundle (v2) of the named snapshots (all when empty), their whole history.
  std::string ExportBundle(const std::vector<std::string>& names);
  // Reads a bundle's objects and sets its snapshots (replacing local ones of the same name).
  // Returns the names.
  std::vector<std::string> ImportBundle(std::string_view bundle);

  // Pushes the named snapshots (all when empty) to `remote` (a path or URL); a remote
  // snapshot that is not an ancestor is a kConflict. Returns the names pushed.
  std::vector<std::string> Push(const std::string& remote, const std::vector<std::string>& names,
                                const RemoteCredentials& credentials = {});
  // Fetches the remote's snapshots (or the named ones), replacing local ones of the same name.
  // Returns the names updated.
  std::vector<std::string> Pull(const std::string& remote, const std::vector<std::string>& names,
                                const RemoteCredentials& credentials = {});

 private:
  std::filesystem::path dir_;
  git_repository* repo_ = nullptr;
};

// Throws SnapshotError(kInvalid) unless `name` can name a snapshot (a git branch name).
void CheckSnapshotName(std::string_view name);

}  // namespace terrarium::storage::snapshots
