#include "emulator/storage/snapshots/snapshot_repo.h"

#include <git2.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <set>

#include <fmt/format.h>

#include "emulator/core/encoding.h"
#include "emulator/storage/snapshots/remote_auth.h"

namespace terrarium::storage::snapshots {
namespace {

namespace fs = std::filesystem;
using Kind = SnapshotError::Kind;

constexpr std::string_view kBranchPrefix = "refs/heads/";
constexpr std::string_view kBundleHeader = "# v2 git bundle\n";

// libgit2's global state lives as long as any repository is open.
struct Library {
  Library() { git_libgit2_init(); }
  ~Library() { git_libgit2_shutdown(); }
};

[[noreturn]] void Fail(Kind kind, std::string_view what) {
  const git_error* error = git_error_last();
  throw SnapshotError(kind, error != nullptr && error->message != nullptr
                                ? fmt::format("{}: {}", what, error->message)
                                : std::string(what));
}

void Check(int rc, std::string_view what, Kind kind = Kind::kFailed) {
  if (rc < 0) Fail(rc == GIT_ENOTFOUND ? Kind::kNotFound : kind, what);
}

template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
template <class T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, Deleter<T, Free>>;

using Tree = Owned<git_tree, git_tree_free>;
using Commit = Owned<git_commit, git_commit_free>;
using Object = Owned<git_object, git_object_free>;
using Reference = Owned<git_reference, git_reference_free>;
using TreeBuilder = Owned<git_treebuilder, git_treebuilder_free>;
using RevWalk = Owned<git_revwalk, git_revwalk_free>;
using Blob = Owned<git_blob, git_blob_free>;
using Signature = Owned<git_signature, git_signature_free>;
using Remote = Owned<git_remote, git_remote_free>;
using PackBuilder = Owned<git_packbuilder, git_packbuilder_free>;
using Odb = Owned<git_odb, git_odb_free>;

struct Buf {
  git_buf buf = GIT_BUF_INIT;
  ~Buf() { git_buf_dispose(&buf); }
};

std::string Hex(const git_oid& oid) {
  char text[GIT_OID_HEXSZ + 1];
  git_oid_tostr(text, sizeof text, &oid);
  return text;
}

git_oid ParseOid(std::string_view hex) {
  git_oid oid;
  if (hex.size() != GIT_OID_HEXSZ || git_oid_fromstrn(&oid, hex.data(), hex.size()) < 0) {
    throw SnapshotError(Kind::kInvalid, fmt::format("'{}' is not a git object id", hex));
  }
  return oid;
}

std::string BranchOf(std::string_view name) { return fmt::format("{}{}", kBranchPrefix, name); }

// Folders of a state's tree, built bottom-up into git trees.
struct DirNode {
  std::map<std::string, DirNode> dirs;
  std::map<std::string, git_oid> files;

  void Add(std::string_view path, const git_oid& oid) {
    DirNode* node = this;
    for (size_t slash; (slash = path.find('/')) != std::string_view::npos;
         path.remove_prefix(slash + 1)) {
      node = &node->dirs[std::string(path.substr(0, slash))];
    }
    node->files[std::string(path)] = oid;
  }

  git_oid Write(git_repository* repo) const {
    git_treebuilder* raw = nullptr;
    Check(git_treebuilder_new(&raw, repo, nullptr), "create tree");
    TreeBuilder builder(raw);
    for (const auto& [name, dir] : dirs) {
      git_oid oid = dir.Write(repo);
      Check(git_treebuilder_insert(nullptr, raw, name.c_str(), &oid, GIT_FILEMODE_TREE),
            fmt::format("add folder '{}'", name), Kind::kInvalid);
    }
    for (const auto& [name, oid] : files) {
      Check(git_treebuilder_insert(nullptr, raw, name.c_str(), &oid, GIT_FILEMODE_BLOB),
            fmt::format("add file '{}'", name), Kind::kInvalid);
    }
    git_oid tree;
    Check(git_treebuilder_write(&tree, raw), "write tree");
    return tree;
  }
};

CommitInfo InfoOf(git_commit* commit) {
  CommitInfo info;
  info.commit = Hex(*git_commit_id(commit));
  info.tree = Hex(*git_commit_tree_id(commit));
  const char* summary = git_commit_summary(commit);
  info.message = summary == nullptr ? "" : summary;
  info.time = git_commit_time(commit);
  return info;
}

// Collects what a push or fetch did to each reference.
struct TransferReport {
  std::vector<std::string> updated;
  std::vector<std::string> rejected;
};

int RecordPushUpdate(const char* refname, const char* status, TransferReport& report) {
  std::string_view ref(refname);
  if (ref.starts_with(kBranchPrefix)) ref.remove_prefix(kBranchPrefix.size());
  if (status == nullptr) {
    report.updated.emplace_back(ref);
  } else {
    report.rejected.push_back(fmt::format("{} ({})", ref, status));
  }
  return 0;
}

int RecordFetchTip(const char* refname, TransferReport& report) {
  std::string_view ref(refname);
  if (ref.starts_with(kBranchPrefix)) report.updated.emplace_back(ref.substr(kBranchPrefix.size()));
  return 0;
}

Remote OpenRemote(git_repository* repo, const std::string& url) {
  git_remote* raw = nullptr;
  Check(git_remote_create_anonymous(&raw, repo, url.c_str()), fmt::format("remote '{}'", url),
        Kind::kInvalid);
  return Remote(raw);
}

// One push or fetch: its credentials and a report of what moved (the callbacks' payload).
struct Transfer {
  explicit Transfer(const RemoteCredentials& credentials) : auth(credentials) {}
  RemoteAuth auth;
  TransferReport report;
};

int AcquireCredentials(git_credential** out, const char* url, const char* username,
                       unsigned int allowed, void* payload) {
  return RemoteAuth::Acquire(out, url, username, allowed, &static_cast<Transfer*>(payload)->auth);
}

int OnPushUpdate(const char* refname, const char* status, void* payload) {
  return RecordPushUpdate(refname, status, static_cast<Transfer*>(payload)->report);
}

int OnFetchTip(const char* refname, const git_oid*, const git_oid*, void* payload) {
  return RecordFetchTip(refname, static_cast<Transfer*>(payload)->report);
}

void SetCallbacks(git_remote_callbacks& callbacks, Transfer& transfer) {
  callbacks.credentials = AcquireCredentials;
  callbacks.push_update_reference = OnPushUpdate;
  callbacks.update_tips = OnFetchTip;
  callbacks.payload = &transfer;
}

// A key file that is not there is the caller's mistake, said before connecting.
void CheckKeyFile(const RemoteCredentials& credentials) {
  if (credentials.ssh_key.empty()) return;
  std::error_code error;
  if (!fs::is_regular_file(credentials.ssh_key, error)) {
    throw SnapshotError(Kind::kInvalid,
                        fmt::format("SSH key file '{}' does not exist or is not a regular file",
                                    credentials.ssh_key));
  }
}

git_strarray Strings(std::vector<std::string>& owned, std::vector<char*>& pointers) {
  pointers.clear();
  for (std::string& text : owned) pointers.push_back(text.data());
  return git_strarray{pointers.data(), pointers.size()};
}

}  // namespace

void CheckSnapshotName(std::string_view name) {
  static Library library;
  int valid = 0;
  std::string ref = BranchOf(name);
  if (name.empty() || name.starts_with("-") ||
      git_reference_name_is_valid(&valid, ref.c_str()) < 0 || valid == 0) {
    throw SnapshotError(Kind::kInvalid,
                        fmt::format("'{}' is not a valid snapshot name (it must be a valid git "
                                    "branch name)",
                                    name));
  }
}

SnapshotRepo::SnapshotRepo(const fs::path& dir) : dir_(fs::absolute(dir)) {
  static Library library;
  int rc = git_repository_open_bare(&repo_, dir_.c_str());
  if (rc == GIT_ENOTFOUND) {
    std::error_code ignored;
    fs::create_directories(dir_.parent_path(), ignored);
    rc = git_repository_init(&repo_, dir_.c_str(), /*is_bare=*/1);
  }
  Check(rc, fmt::format("cannot open the snapshot repository {}", dir_.string()));
}

SnapshotRepo::~SnapshotRepo() { git_repository_free(repo_); }

std::string SnapshotRepo::TreeId(const StateFiles& state, const BlobStore& blobs) {
  DirNode root;
  for (const auto& [path, content] : state.files) {
    git_oid oid;
    Check(git_blob_create_from_buffer(&oid, repo_, content.data(), content.size()), "write blob");
    root.Add(path, oid);
  }
  for (const std::string& sha : state.blobs) {
    git_oid oid;
    std::string path = blobs.PathOf(sha).string();
    Check(git_blob_create_from_disk(&oid, repo_, path.c_str()), "write object body");
    root.Add(fmt::format("{}{}", kBlobDir, sha), oid);
  }
  return Hex(root.Write(repo_));
}

SaveResult SnapshotRepo::Save(std::string_view name, std::string_view message,
                              const StateFiles& state, const BlobStore& blobs) {
  CheckSnapshotName(name);
  git_oid tree_id = ParseOid(TreeId(state, blobs));
  std::string branch = BranchOf(name);
  Commit parent;
  git_reference* ref_raw = nullptr;
  if (git_reference_lookup(&ref_raw, repo_, branch.c_str()) == 0) {
    Reference ref(ref_raw);
    git_commit* parent_raw = nullptr;
    Check(git_commit_lookup(&parent_raw, repo_, git_reference_target(ref_raw)), "read snapshot");
    parent.reset(parent_raw);
    if (git_oid_equal(git_commit_tree_id(parent_raw), &tree_id)) {
      SaveResult result{InfoOf(parent_raw), true};
      result.commit.names.emplace_back(name);
      return result;
    }
  }
  git_tree* tree_raw = nullptr;
  Check(git_tree_lookup(&tree_raw, repo_, &tree_id), "read tree");
  Tree tree(tree_raw);
  git_signature* sig_raw = nullptr;
  Check(git_signature_new(&sig_raw, "terrarium", "terrarium@localhost", std::time(nullptr), 0),
        "signature");
  Signature sig(sig_raw);
  std::string text = message.empty() ? fmt::format("snapshot {}", name) : std::string(message);
  if (!text.ends_with('\n')) text.push_back('\n');
  const git_commit* parents[] = {parent.get()};
  git_oid commit_id;
  Check(git_commit_create(&commit_id, repo_, branch.c_str(), sig_raw, sig_raw, nullptr,
                          text.c_str(), tree_raw, parent ? 1 : 0, parents),
        "commit snapshot");
  git_commit* commit_raw = nullptr;
  Check(git_commit_lookup(&commit_raw, repo_, &commit_id), "read commit");
  Commit commit(commit_raw);
  SaveResult result{InfoOf(commit_raw), false};
  result.commit.names.emplace_back(name);
  return result;
}

CommitInfo SnapshotRepo::Describe(std::string_view rev) {
  std::string spec(rev);
  git_reference* ref_raw = nullptr;
  git_object* object_raw = nullptr;
  if (!rev.empty() && git_reference_lookup(&ref_raw, repo_, BranchOf(rev).c_str()) == 0) {
    Reference ref(ref_raw);
    Check(git_reference_peel(&object_raw, ref_raw, GIT_OBJECT_COMMIT), "read snapshot");
  } else if (rev.empty() || rev.starts_with("-") ||
             git_revparse_single(&object_raw, repo_, spec.c_str()) < 0) {
    throw SnapshotError(Kind::kNotFound, fmt::format("no snapshot named '{}'", rev));
  }
  Object object(object_raw);
  git_object* peeled = nullptr;
  if (git_object_peel(&peeled, object_raw, GIT_OBJECT_COMMIT) < 0) {
    throw SnapshotError(Kind::kNotFound, fmt::format("'{}' names no snapshot commit", rev));
  }
  Commit commit(reinterpret_cast<git_commit*>(peeled));
  return InfoOf(commit.get());
}

CommitState SnapshotRepo::Read(std::string_view rev) {
  CommitInfo info = Describe(rev);
  git_oid tree_id = ParseOid(info.tree);
  git_tree* tree_raw = nullptr;
  Check(git_tree_lookup(&tree_raw, repo_, &tree_id), "read tree");
  Tree tree(tree_raw);
  struct Walk {
    git_repository* repo;
    CommitState state;
    std::string error;
  } walk{repo_, {}, {}};
  auto visit = [](const char* root, const git_tree_entry* entry, void* payload) -> int {
    auto* walk = static_cast<Walk*>(payload);
    if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) return 0;
    std::string path = fmt::format("{}{}", root, git_tree_entry_name(entry));
    const git_oid* oid = git_tree_entry_id(entry);
    if (path.starts_with(kBlobDir)) {
      walk->state.blob_ids[path.substr(kBlobDir.size())] = Hex(*oid);
      return 0;
    }
    git_blob* blob_raw = nullptr;
    if (git_blob_lookup(&blob_raw, walk->repo, oid) < 0) {
      walk->error = "missing blob for " + path;
      return -1;
    }
    Blob blob(blob_raw);
    walk->state.files.emplace(std::move(path),
                              std::string(static_cast<const char*>(git_blob_rawcontent(blob_raw)),
                                          static_cast<size_t>(git_blob_rawsize(blob_raw))));
    return 0;
  };
  if (git_tree_walk(tree_raw, GIT_TREEWALK_PRE, visit, &walk) < 0) {
    throw SnapshotError(Kind::kFailed, walk.error.empty() ? "cannot read snapshot" : walk.error);
  }
  return std::move(walk.state);
}

void SnapshotRepo::RestoreBlobs(const CommitState& state, BlobStore& blobs) {
  for (const auto& [sha, id] : state.blob_ids) {
    if (blobs.Exists(sha)) continue;
    git_oid oid = ParseOid(id);
    git_blob* raw = nullptr;
    Check(git_blob_lookup(&raw, repo_, &oid), "read object body");
    Blob blob(raw);
    std::string_view bytes(static_cast<const char*>(git_blob_rawcontent(raw)),
                           static_cast<size_t>(git_blob_rawsize(raw)));
    // Stored under the name the state refers to it by: a blob's name need not be the SHA-256
    // of its bytes (S3 names large bodies at random). The bytes are git's, checked by their id.
    blobs.PutBytesAs(sha, bytes);
  }
}

std::vector<std::pair<std::string, CommitInfo>> SnapshotRepo::List() {
  std::vector<std::pair<std::string, CommitInfo>> out;
  git_branch_iterator* it_raw = nullptr;
  Check(git_branch_iterator_new(&it_raw, repo_, GIT_BRANCH_LOCAL), "list snapshots");
  Owned<git_branch_iterator, git_branch_iterator_free> it(it_raw);
  git_reference* ref_raw = nullptr;
  git_branch_t type;
  while (git_branch_next(&ref_raw, &type, it_raw) == 0) {
    Reference ref(ref_raw);
    std::string_view name = git_reference_name(ref_raw);
    name.remove_prefix(kBranchPrefix.size());
    git_commit* commit_raw = nullptr;
    if (git_reference_target(ref_raw) == nullptr ||
        git_commit_lookup(&commit_raw, repo_, git_reference_target(ref_raw)) < 0) {
      continue;
    }
    Commit commit(commit_raw);
    CommitInfo info = InfoOf(commit_raw);
    info.names.emplace_back(name);
    out.emplace_back(std::string(name), std::move(info));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

std::vector<CommitInfo> SnapshotRepo::Log(std::optional<std::string> name, size_t limit) {
  auto heads = List();
  std::map<std::string, std::vector<std::string>> names_at;
  for (const auto& [head_name, info] : heads) names_at[info.commit].push_back(head_name);
  git_revwalk* walk_raw = nullptr;
  Check(git_revwalk_new(&walk_raw, repo_), "walk history");
  RevWalk walk(walk_raw);
  git_revwalk_sorting(walk_raw, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
  bool any = false;
  for (const auto& [head_name, info] : heads) {
    if (name && head_name != *name) continue;
    git_oid oid = ParseOid(info.commit);
    Check(git_revwalk_push(walk_raw, &oid), "walk history");
    any = true;
  }
  if (name && !any)
    throw SnapshotError(Kind::kNotFound, fmt::format("no snapshot named '{}'", *name));
  std::vector<CommitInfo> out;
  git_oid oid;
  while (any && out.size() < limit && git_revwalk_next(&oid, walk_raw) == 0) {
    git_commit* raw = nullptr;
    Check(git_commit_lookup(&raw, repo_, &oid), "read commit");
    Commit commit(raw);
    CommitInfo info = InfoOf(raw);
    if (auto it = names_at.find(info.commit); it != names_at.end()) info.names = it->second;
    out.push_back(std::move(info));
  }
  return out;
}

std::string SnapshotRepo::ExportBundle(const std::vector<std::string>& names) {
  std::vector<std::pair<std::string, CommitInfo>> heads;
  for (auto& head : List()) {
    if (names.empty() || std::find(names.begin(), names.end(), head.first) != names.end()) {
      heads.push_back(std::move(head));
    }
  }
  for (const std::string& name : names) {
    if (std::none_of(heads.begin(), heads.end(), [&](const auto& h) { return h.first == name; })) {
      throw SnapshotError(Kind::kNotFound, fmt::format("no snapshot named '{}'", name));
    }
  }
  if (heads.empty()) throw SnapshotError(Kind::kNotFound, "there are no snapshots to export");
  std::string bundle(kBundleHeader);
  git_revwalk* walk_raw = nullptr;
  Check(git_revwalk_new(&walk_raw, repo_), "walk history");
  RevWalk walk(walk_raw);
  for (const auto& [name, info] : heads) {
    bundle += fmt::format("{} {}\n", info.commit, BranchOf(name));
    git_oid oid = ParseOid(info.commit);
    Check(git_revwalk_push(walk_raw, &oid), "walk history");
  }
  bundle += "\n";
  git_packbuilder* pack_raw = nullptr;
  Check(git_packbuilder_new(&pack_raw, repo_), "pack");
  PackBuilder pack(pack_raw);
  Check(git_packbuilder_insert_walk(pack_raw, walk_raw), "pack snapshots");
  Buf buf;
  Check(git_packbuilder_write_buf(&buf.buf, pack_raw), "write pack");
  bundle.append(buf.buf.ptr, buf.buf.size);
  return bundle;
}

std::vector<std::string> SnapshotRepo::ImportBundle(std::string_view bundle) {
  auto invalid = [](std::string_view why) {
    return SnapshotError(Kind::kInvalid, fmt::format("not a git bundle: {}", why));
  };
  bool v3 = bundle.starts_with("# v3 git bundle\n");
  if (!bundle.starts_with(kBundleHeader) && !v3) throw invalid("bad header");
  size_t pos = kBundleHeader.size();
  std::vector<std::pair<std::string, git_oid>> refs;
  for (;;) {
    size_t end = bundle.find('\n', pos);
    if (end == std::string_view::npos) throw invalid("no end of header");
    std::string_view line = bundle.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty()) break;
    if (line.starts_with("@")) {
      if (line != "@object-format=sha1") throw invalid(fmt::format("capability {}", line));
      continue;
    }
    if (line.starts_with("-")) {
      git_oid needed = ParseOid(line.substr(1, GIT_OID_HEXSZ));
      git_odb* odb_raw = nullptr;
      Check(git_repository_odb(&odb_raw, repo_), "open objects");
      Odb odb(odb_raw);
      if (!git_odb_exists(odb_raw, &needed)) {
        throw SnapshotError(
            Kind::kConflict,
            fmt::format("the bundle needs commit {}, which this repository lacks", Hex(needed)));
      }
      continue;
    }
    size_t space = line.find(' ');
    if (space == std::string_view::npos) throw invalid("bad reference line");
    std::string_view ref = line.substr(space + 1);
    if (!ref.starts_with(kBranchPrefix)) continue;  // tags, HEAD: not snapshots
    std::string name(ref.substr(kBranchPrefix.size()));
    CheckSnapshotName(name);
    refs.emplace_back(std::move(name), ParseOid(line.substr(0, space)));
  }
  git_odb* odb_raw = nullptr;
  Check(git_repository_odb(&odb_raw, repo_), "open objects");
  Odb odb(odb_raw);
  git_odb_writepack* writer = nullptr;
  Check(git_odb_write_pack(&writer, odb_raw, nullptr, nullptr), "read pack");
  git_indexer_progress progress{};
  std::string_view pack = bundle.substr(pos);
  int rc = writer->append(writer, pack.data(), pack.size(), &progress);
  if (rc >= 0) rc = writer->commit(writer, &progress);
  writer->free(writer);
  Check(rc, "read the bundle's pack", Kind::kInvalid);
  std::vector<std::string> names;
  for (const auto& [name, oid] : refs) {
    git_commit* raw = nullptr;
    Check(git_commit_lookup(&raw, repo_, &oid), fmt::format("bundle commit of '{}'", name),
          Kind::kInvalid);
    Commit commit(raw);
    git_reference* ref_raw = nullptr;
    Check(git_reference_create(&ref_raw, repo_, BranchOf(name).c_str(), &oid, /*force=*/1,
                               "import bundle"),
          "set snapshot");
    Reference ref(ref_raw);
    names.push_back(name);
  }
  return names;
}

std::vector<std::string> SnapshotRepo::Push(const std::string& remote_url,
                                            const std::vector<std::string>& names,
                                            const RemoteCredentials& credentials) {
  CheckKeyFile(credentials);
  std::vector<std::string> specs;
  for (const auto& [name, info] : List()) {
    if (names.empty() || std::find(names.begin(), names.end(), name) != names.end()) {
      specs.push_back(fmt::format("{0}:{0}", BranchOf(name)));
    }
  }
  if (specs.size() < names.size() || specs.empty()) {
    throw SnapshotError(Kind::kNotFound, names.empty() ? "there are no snapshots to push"
                                                       : "no such snapshot to push");
  }
  Remote remote = OpenRemote(repo_, remote_url);
  Transfer transfer(credentials);
  TransferReport& report = transfer.report;
  git_push_options options = GIT_PUSH_OPTIONS_INIT;
  SetCallbacks(options.callbacks, transfer);
  std::vector<char*> pointers;
  git_strarray refspecs = Strings(specs, pointers);
  if (int rc = git_remote_push(remote.get(), &refspecs, &options); rc < 0) {
    // A non-fast-forward (or a remote with commits we lack) is an error, not a per-reference
    // rejection.
    if (rc != GIT_ENONFASTFORWARD) Fail(Kind::kFailed, fmt::format("push to '{}'", remote_url));
    const git_error* error = git_error_last();
    report.rejected.push_back(error != nullptr && error->message != nullptr ? error->message
                                                                            : "not a fast-forward");
  }
  if (!report.rejected.empty()) {
    throw SnapshotError(Kind::kConflict,
                        fmt::format("the remote refused: {} (pull first, or save under a new "
                                    "name)",
                                    fmt::join(report.rejected, ", ")));
  }
  return report.updated;
}

std::vector<std::string> SnapshotRepo::Pull(const std::string& remote_url,
                                            const std::vector<std::string>& names,
                                            const RemoteCredentials& credentials) {
  CheckKeyFile(credentials);
  std::vector<std::string> specs;
  if (names.empty()) specs.push_back(fmt::format("+{0}*:{0}*", kBranchPrefix));
  for (const std::string& name : names) {
    CheckSnapshotName(name);
    specs.push_back(fmt::format("+{0}:{0}", BranchOf(name)));
  }
  Remote remote = OpenRemote(repo_, remote_url);
  Transfer transfer(credentials);
  git_fetch_options options = GIT_FETCH_OPTIONS_INIT;
  SetCallbacks(options.callbacks, transfer);
  options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
  std::vector<char*> pointers;
  git_strarray refspecs = Strings(specs, pointers);
  Check(git_remote_fetch(remote.get(), &refspecs, &options, "pull snapshots"),
        fmt::format("pull from '{}'", remote_url));
  return transfer.report.updated;
}

}  // namespace terrarium::storage::snapshots
