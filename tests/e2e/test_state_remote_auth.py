"""Pushing and pulling snapshots to remotes that want credentials (issue 10): a git smart-HTTP
remote behind Basic authentication (git http-backend) with a token from TERRARIUM_GIT_TOKEN or
from git's credential helper, a wrong token refused with a clear message, a file:// remote, and
an SSH key file that is not there."""

import os
import shutil
import subprocess
import tempfile
import unittest

from git_http_support import GitHttpRemote, available
from harness import Server
from state_support import client, state

USER = "alice"
TOKEN = "s3cret-token"


class RemoteAuthTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        problem = available()
        if problem:
            raise unittest.SkipTest(problem)
        cls.scratch = tempfile.mkdtemp(prefix="terrarium-remote-auth-")
        cls.remote = GitHttpRemote(os.path.join(cls.scratch, "remotes"), USER, TOKEN).start()
        # The server's git configuration: one credential helper that knows the token. Nothing
        # else of the machine's git configuration applies.
        gitconfig = os.path.join(cls.scratch, "gitconfig")
        with open(gitconfig, "w") as f:
            f.write('[credential]\n\thelper = "!f() { test \\"$1\\" = get || exit 0; '
                    f'echo username={USER}; echo password={TOKEN}; }}; f"\n')
        cls.server = Server(args=["--data-dir", os.path.join(cls.scratch, "data")],
                            env={"GIT_CONFIG_GLOBAL": gitconfig, "GIT_CONFIG_NOSYSTEM": "1",
                                 "TERRARIUM_GIT_TOKEN": "", "TERRARIUM_SSH_KEY": ""}).start()
        s3 = client(cls.server, "s3")
        s3.create_bucket(Bucket="auth-bucket")
        s3.put_object(Bucket="auth-bucket", Key="k", Body=b"pushed over http")
        state(cls.server, "save", "auth-snap", "-m", "for the remotes")

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        log = cls.server.log_tail()
        cls.server.cleanup()
        cls.remote.stop()
        shutil.rmtree(cls.scratch, ignore_errors=True)
        if code != 0:
            raise AssertionError(f"server exited {code}\n{log}")

    def remote_heads(self, name):
        path = os.path.join(self.remote.root, name)
        return subprocess.run(["git", "-C", path, "for-each-ref", "--format=%(refname)"],
                              capture_output=True, text=True, check=True).stdout.split()

    def assert_pulls_into_a_fresh_server(self, url, *serve_args, env=None):
        """Another server pulls the snapshot from `url`, loads it and serves the object."""
        other = Server(args=list(serve_args), env=env).start()
        try:
            pulled = state(other, "pull", url, "auth-snap")
            self.assertIn("auth-snap", pulled.stdout)
            state(other, "load", "auth-snap")
            body = client(other, "s3").get_object(Bucket="auth-bucket", Key="k")["Body"].read()
            self.assertEqual(body, b"pushed over http")
        finally:
            other.stop()
            other.cleanup()

    def test_token_from_the_environment(self):
        url = self.remote.make_repo("token.git")
        pushed = state(self.server, "push", url, "auth-snap", "--no-credential-helper",
                       env={"TERRARIUM_GIT_TOKEN": TOKEN, "TERRARIUM_GIT_USERNAME": USER})
        self.assertIn("auth-snap", pushed.stdout)
        self.assertEqual(self.remote_heads("token.git"), ["refs/heads/auth-snap"])
        # The first request went without credentials and was asked for them.
        self.assertTrue(any(not ok for _, _, ok in self.remote.requests))
        self.assertTrue(any(ok and method == "POST" for method, _, ok in self.remote.requests))

    def test_credential_helper_supplies_the_password(self):
        url = self.remote.make_repo("helper.git")
        state(self.server, "push", url, "auth-snap")
        self.assertEqual(self.remote_heads("helper.git"), ["refs/heads/auth-snap"])
        self.assert_pulls_into_a_fresh_server(
            url, "--data-dir", os.path.join(self.scratch, "other"),
            env={"GIT_CONFIG_GLOBAL": os.path.join(self.scratch, "gitconfig"),
                 "GIT_CONFIG_NOSYSTEM": "1"})

    def test_wrong_or_missing_credentials_are_refused_clearly(self):
        url = self.remote.make_repo("refused.git")
        wrong = state(self.server, "push", url, "--no-credential-helper", check=False,
                      env={"TERRARIUM_GIT_TOKEN": "not-the-token"})
        self.assertEqual(wrong.returncode, 1, wrong.stderr)
        self.assertIn("refused the password or token", wrong.stderr)
        self.assertNotIn("not-the-token", wrong.stderr)
        missing = state(self.server, "pull", url, "--no-credential-helper", check=False)
        self.assertEqual(missing.returncode, 1, missing.stderr)
        self.assertIn("TERRARIUM_GIT_TOKEN", missing.stderr)
        self.assertEqual(self.remote_heads("refused.git"), [])

    def test_file_url_remote(self):
        bare = os.path.join(self.scratch, "plain.git")
        subprocess.run(["git", "init", "--bare", "-q", bare], check=True)
        state(self.server, "push", "file://" + bare, "auth-snap")
        heads = subprocess.run(["git", "-C", bare, "for-each-ref", "--format=%(refname)"],
                               capture_output=True, text=True, check=True).stdout.split()
        self.assertEqual(heads, ["refs/heads/auth-snap"])
        self.assert_pulls_into_a_fresh_server(
            "file://" + bare, "--state-repo", os.path.join(self.scratch, "file-pull.git"))

    def test_missing_ssh_key_file_is_named(self):
        key = os.path.join(self.scratch, "no-such-key")
        result = state(self.server, "push", "ssh://git@127.0.0.1:1/x.git", "--ssh-key", key,
                       check=False)
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn(f"SSH key file '{key}' does not exist", result.stderr)
        from_env = state(self.server, "pull", "ssh://git@127.0.0.1:1/x.git", check=False,
                         env={"TERRARIUM_SSH_KEY": key})
        self.assertEqual(from_env.returncode, 1, from_env.stderr)
        self.assertIn(f"SSH key file '{key}' does not exist", from_env.stderr)


if __name__ == "__main__":
    unittest.main()
