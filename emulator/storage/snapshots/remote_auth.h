// Authentication to a git remote for push and pull, as libgit2 allows it: for SSH a private key
// file or the SSH agent's keys; for HTTP(S) a user name with a password or token, else what git's
// credential helpers (`git credential fill`) know for the URL.
#pragma once

#include <optional>
#include <string>

struct git_credential;

namespace terrarium::storage::snapshots {

struct RemoteCredentials {
  std::string username;        // HTTP(S) user; for SSH, when the URL names none (default "git")
  std::string password;        // HTTP(S) password or token
  std::string ssh_key;         // private key file; its public key is `ssh_key + ".pub"` if present
  std::string ssh_passphrase;  // of the key file
  bool credential_helper = true;  // ask git's credential helpers when no password is given
};

// What environment variables name: TERRARIUM_GIT_USERNAME, TERRARIUM_GIT_PASSWORD (or
// TERRARIUM_GIT_TOKEN), TERRARIUM_SSH_KEY, TERRARIUM_SSH_KEY_PASSPHRASE; fields already set are
// kept.
RemoteCredentials WithEnvironment(RemoteCredentials credentials);

// A user name and password from git's credential helpers.
struct HelperCredential {
  std::string username;
  std::string password;
};

// Runs `git credential fill` for `url` (no terminal prompt, no askpass program); nothing when git
// is missing, no helper knows the URL, or it takes longer than 20 seconds.
std::optional<HelperCredential> FillFromCredentialHelper(const std::string& url);

// Reads `git credential fill`'s answer (key=value lines); nothing without a password.
std::optional<HelperCredential> ParseCredentialAnswer(const std::string& text);

// The state of one push or fetch's credential callback. libgit2 asks again after the remote
// refuses a credential, so each way is offered once, then the callback fails with a message that
// says what was tried.
class RemoteAuth {
 public:
  explicit RemoteAuth(RemoteCredentials credentials) : credentials_(std::move(credentials)) {}

  // libgit2's git_credential_acquire_cb, with `this` as the payload.
  static int Acquire(git_credential** out, const char* url, const char* username_from_url,
                     unsigned int allowed_types, void* payload);

 private:
  int AcquireFor(git_credential** out, const std::string& url, const std::string& url_user,
                 unsigned int allowed);

  RemoteCredentials credentials_;
  bool tried_key_ = false;
  bool tried_agent_ = false;
  bool tried_password_ = false;
  bool tried_helper_ = false;
  bool tried_default_ = false;
};

}  // namespace terrarium::storage::snapshots
