// The credential callback of snapshot push and pull: which credential it offers for each kind
// libgit2 allows, that it offers each once, and git's credential helper answer.
#include <git2.h>
#include <git2/sys/credential.h>
#include <stdlib.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "emulator/storage/snapshots/remote_auth.h"

namespace terrarium::storage::snapshots {
namespace {

struct CredentialFree {
  void operator()(git_credential* c) const { git_credential_free(c); }
};
using Credential = std::unique_ptr<git_credential, CredentialFree>;

// One call of the callback: its return code and what it made.
struct Offer {
  int rc = 0;
  Credential credential;
  std::string error;  // libgit2's last error message when rc < 0
};

Offer Ask(RemoteAuth& auth, unsigned int allowed, const char* url_user = nullptr,
          const char* url = "https://git.example/team/snapshots.git") {
  git_credential* raw = nullptr;
  git_error_clear();
  Offer offer;
  offer.rc = RemoteAuth::Acquire(&raw, url, url_user, allowed, &auth);
  offer.credential.reset(raw);
  if (offer.rc < 0 && git_error_last() != nullptr) offer.error = git_error_last()->message;
  return offer;
}

// Sets an environment variable for one test.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value, 1);
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// Credentials with the given fields set (designated initializers would have to name them all).
RemoteCredentials Creds(const std::function<void(RemoteCredentials&)>& set) {
  RemoteCredentials c;
  set(c);
  return c;
}

class RemoteAuthTest : public ::testing::Test {
 protected:
  RemoteAuthTest() { git_libgit2_init(); }
  ~RemoteAuthTest() override { git_libgit2_shutdown(); }
};

TEST_F(RemoteAuthTest, TokenIsOfferedOnceThenRefusedWithoutEchoingIt) {
  RemoteAuth auth(Creds([](auto& c) { c.password = "tok-123"; }));
  Offer first = Ask(auth, GIT_CREDENTIAL_USERPASS_PLAINTEXT);
  ASSERT_EQ(first.rc, 0);
  ASSERT_EQ(first.credential->credtype, GIT_CREDENTIAL_USERPASS_PLAINTEXT);
  auto* userpass = reinterpret_cast<git_credential_userpass_plaintext*>(first.credential.get());
  EXPECT_STREQ(userpass->username, "x-access-token");
  EXPECT_STREQ(userpass->password, "tok-123");
  Offer again = Ask(auth, GIT_CREDENTIAL_USERPASS_PLAINTEXT);
  EXPECT_EQ(again.rc, GIT_EAUTH);
  EXPECT_NE(again.error.find("refused the password or token"), std::string::npos) << again.error;
  EXPECT_EQ(again.error.find("tok-123"), std::string::npos);
}

TEST_F(RemoteAuthTest, UserNameFromTheUrlWinsOverTheConfiguredOne) {
  RemoteAuth auth(Creds([](auto& c) {
    c.username = "configured";
    c.password = "pw";
  }));
  Offer offer = Ask(auth, GIT_CREDENTIAL_USERPASS_PLAINTEXT, "in-url");
  ASSERT_EQ(offer.rc, 0);
  auto* userpass = reinterpret_cast<git_credential_userpass_plaintext*>(offer.credential.get());
  EXPECT_STREQ(userpass->username, "in-url");
}

TEST_F(RemoteAuthTest, SshKeyFileIsOfferedOnceAndTheUserDefaultsToGit) {
  RemoteAuth auth(Creds([](auto& c) {
    c.ssh_key = "/keys/id_ed25519";
    c.ssh_passphrase = "pass";
  }));
  Offer user = Ask(auth, GIT_CREDENTIAL_USERNAME);
  ASSERT_EQ(user.rc, 0);
  EXPECT_EQ(user.credential->credtype, GIT_CREDENTIAL_USERNAME);
  EXPECT_STREQ(reinterpret_cast<git_credential_username*>(user.credential.get())->username, "git");
  Offer key = Ask(auth, GIT_CREDENTIAL_SSH_KEY | GIT_CREDENTIAL_USERPASS_PLAINTEXT);
  ASSERT_EQ(key.rc, 0);
  ASSERT_EQ(key.credential->credtype, GIT_CREDENTIAL_SSH_KEY);
  auto* ssh = reinterpret_cast<git_credential_ssh_key*>(key.credential.get());
  EXPECT_STREQ(ssh->privatekey, "/keys/id_ed25519");
  EXPECT_EQ(ssh->publickey, nullptr);  // no /keys/id_ed25519.pub
  EXPECT_STREQ(ssh->passphrase, "pass");
  Offer again = Ask(auth, GIT_CREDENTIAL_SSH_KEY);
  EXPECT_EQ(again.rc, GIT_EAUTH);
  EXPECT_NE(again.error.find("refused the key /keys/id_ed25519"), std::string::npos);
}

TEST_F(RemoteAuthTest, WithoutAKeyFileTheAgentIsAskedOnce) {
  RemoteAuth auth(RemoteCredentials{});
  Offer agent = Ask(auth, GIT_CREDENTIAL_SSH_KEY, "deploy");
  ASSERT_EQ(agent.rc, 0);
  EXPECT_EQ(agent.credential->credtype, GIT_CREDENTIAL_SSH_KEY);
  Offer again = Ask(auth, GIT_CREDENTIAL_SSH_KEY, "deploy");
  EXPECT_EQ(again.rc, GIT_EAUTH);
  EXPECT_NE(again.error.find("--ssh-key"), std::string::npos) << again.error;
}

TEST_F(RemoteAuthTest, NoPasswordAndNoHelperSaysWhatToSet) {
  RemoteAuth auth(Creds([](auto& c) { c.credential_helper = false; }));
  Offer offer = Ask(auth, GIT_CREDENTIAL_USERPASS_PLAINTEXT);
  EXPECT_EQ(offer.rc, GIT_EAUTH);
  EXPECT_NE(offer.error.find("TERRARIUM_GIT_TOKEN"), std::string::npos) << offer.error;
}

TEST_F(RemoteAuthTest, EnvironmentFillsOnlyWhatIsMissing) {
  ScopedEnv token("TERRARIUM_GIT_TOKEN", "from-env");
  ScopedEnv user("TERRARIUM_GIT_USERNAME", "env-user");
  ScopedEnv key("TERRARIUM_SSH_KEY", "/env/key");
  RemoteCredentials filled = WithEnvironment(Creds([](auto& c) { c.username = "given"; }));
  EXPECT_EQ(filled.username, "given");
  EXPECT_EQ(filled.password, "from-env");
  EXPECT_EQ(filled.ssh_key, "/env/key");
}

TEST_F(RemoteAuthTest, CredentialAnswerNeedsAPassword) {
  auto found = ParseCredentialAnswer(
      "protocol=https\nhost=git.example\nusername=bob\r\n"
      "password=p=w\n");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->username, "bob");
  EXPECT_EQ(found->password, "p=w");
  EXPECT_FALSE(ParseCredentialAnswer("username=bob\n"));
}

TEST_F(RemoteAuthTest, GitsCredentialHelperIsAskedForHttps) {
  if (std::system("git --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "git is not installed";
  // Only this helper: no global or system configuration of the machine.
  ScopedEnv global("GIT_CONFIG_GLOBAL", "/dev/null");
  ScopedEnv nosystem("GIT_CONFIG_NOSYSTEM", "1");
  ScopedEnv count("GIT_CONFIG_COUNT", "1");
  ScopedEnv key("GIT_CONFIG_KEY_0", "credential.helper");
  ScopedEnv value("GIT_CONFIG_VALUE_0",
                  "!f() { test \"$1\" = get || exit 0; echo username=helper-user; "
                  "echo password=helper-pass; }; f");
  RemoteAuth auth(RemoteCredentials{});
  Offer offer = Ask(auth, GIT_CREDENTIAL_USERPASS_PLAINTEXT);
  ASSERT_EQ(offer.rc, 0) << offer.error;
  auto* userpass = reinterpret_cast<git_credential_userpass_plaintext*>(offer.credential.get());
  EXPECT_STREQ(userpass->username, "helper-user");
  EXPECT_STREQ(userpass->password, "helper-pass");
  // Refused once, the helper is not asked again.
  Offer again = Ask(auth, GIT_CREDENTIAL_USERPASS_PLAINTEXT);
  EXPECT_EQ(again.rc, GIT_EAUTH);
  EXPECT_NE(again.error.find("credential helpers"), std::string::npos) << again.error;
}

TEST_F(RemoteAuthTest, NoHelperAnswerIsNothing) {
  if (std::system("git --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "git is not installed";
  ScopedEnv global("GIT_CONFIG_GLOBAL", "/dev/null");
  ScopedEnv nosystem("GIT_CONFIG_NOSYSTEM", "1");
  ScopedEnv count("GIT_CONFIG_COUNT", "0");
  EXPECT_FALSE(FillFromCredentialHelper("https://git.example/x.git"));
}

}  // namespace
}  // namespace terrarium::storage::snapshots
