"""Sharing snapshots (issue 10): a state saved on one server, exported as a git bundle, imported
and loaded on a fresh data dir serves byte-identical objects and equal items; push and pull go
through a bare git repository; `serve --snapshot NAME` starts from a snapshot."""

import os
import shutil
import subprocess
import tempfile
import unittest

from harness import Server
from state_support import BINARY_BODY, contents, seed, state, state_json


class SharingTest(unittest.TestCase):
    def setUp(self):
        self.scratch = tempfile.mkdtemp(prefix="terrarium-share-")
        self.addCleanup(shutil.rmtree, self.scratch, True)
        self.servers = []

    def tearDown(self):
        for server in self.servers:
            code = server.stop()
            log = server.log_tail()
            server.cleanup()
            self.assertEqual(code, 0, log)

    def start(self, name, *args):
        data_dir = os.path.join(self.scratch, name)
        server = Server(args=["--data-dir", data_dir, *args]).start()
        self.servers.append(server)
        return server

    def seeded_source(self):
        source = self.start("source")
        seed(source, "sh")
        expected = contents(source, "sh")
        state(source, "save", "shared", "-m", "team sandbox")
        return source, expected

    def test_export_import_load_on_a_fresh_data_dir(self):
        source, expected = self.seeded_source()
        bundle = os.path.join(self.scratch, "shared.bundle")
        out = state(source, "export", bundle).stdout
        self.assertIn(f"to {bundle}", out)
        with open(bundle, "rb") as f:
            self.assertTrue(f.read(16).startswith(b"# v2 git bundle\n"))
        if shutil.which("git"):
            # Real git reads it: the bundle is a plain git bundle.
            verify = subprocess.run(["git", "bundle", "list-heads", bundle],
                                    capture_output=True, text=True, cwd=self.scratch)
            self.assertEqual(verify.returncode, 0, verify.stderr)
            self.assertIn("refs/heads/shared", verify.stdout)

        fresh = self.start("fresh")
        self.assertEqual(contents(fresh, "sh")["objects"], {})
        imported = state(fresh, "import", bundle).stdout
        self.assertEqual(imported.strip(), "imported shared")
        state(fresh, "load", "shared")
        got = contents(fresh, "sh")
        self.assertEqual(got, expected)
        self.assertEqual(got["objects"][("sh-bucket", "data/blob.bin")][0], BINARY_BODY)
        source_tree = state_json(source, "list")["snapshots"][0]["tree"]
        self.assertEqual(state_json(fresh, "save", "shared")["tree"], source_tree)

    def test_push_and_pull_through_a_bare_repository(self):
        if not shutil.which("git"):
            self.skipTest("git is not installed (needed to make the bare remote)")
        remote = os.path.join(self.scratch, "remote.git")
        subprocess.run(["git", "init", "--bare", "-q", remote], check=True)
        source, expected = self.seeded_source()
        pushed = state(source, "push", remote).stdout
        self.assertIn("pushed to", pushed)
        self.assertIn("shared", pushed)
        heads = subprocess.run(["git", "-C", remote, "for-each-ref", "--format=%(refname)"],
                               capture_output=True, text=True, check=True).stdout
        self.assertIn("refs/heads/shared", heads)

        other = self.start("other")
        pulled = state(other, "pull", remote).stdout
        self.assertIn("shared", pulled)
        state(other, "load", "shared")
        self.assertEqual(contents(other, "sh"), expected)

        # The other side moves on and pushes; the source's older push is then refused.
        client_dir_change = state_json(other, "save", "shared", "-m", "second")
        self.assertTrue(client_dir_change["unchanged"])
        seed(other, "extra")
        state(other, "save", "shared", "-m", "with extra")
        state(other, "push", remote)
        seed(source, "diverged")
        state(source, "save", "shared", "-m", "diverged")
        refused = state(source, "push", remote, check=False)
        self.assertEqual(refused.returncode, 1)
        self.assertIn("refused", refused.stderr)

    def test_serve_starts_from_a_snapshot(self):
        source, expected = self.seeded_source()
        repo = os.path.join(self.scratch, "source", "snapshots.git")
        started = self.start("started", "--state-repo", repo, "--snapshot", "shared")
        self.assertEqual(contents(started, "sh"), expected)
        self.assertIn("loaded snapshot shared", started.log_text())

        missing = Server(args=["--data-dir", os.path.join(self.scratch, "missing"),
                               "--state-repo", repo, "--snapshot", "nope"])
        with self.assertRaises(AssertionError) as failure:
            missing.start(attempts=1)
        self.assertIn("cannot load snapshot nope", str(failure.exception))


if __name__ == "__main__":
    unittest.main()
