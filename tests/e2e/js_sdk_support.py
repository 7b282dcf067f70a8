"""The AWS SDK for JavaScript v3 for the e2e tests: installed from npm on first use into one
shared folder (TERRARIUM_NODE_DIR, default ~/.cache/terrarium-e2e-node), and a runner for a
test's node script against its server."""

import fcntl
import json
import os
import shutil
import subprocess

from harness import clean_env

NODE_DIR = os.environ.get("TERRARIUM_NODE_DIR",
                          os.path.join(os.path.expanduser("~"), ".cache", "terrarium-e2e-node"))


def ensure_sdk(packages):
    """Installs the npm `packages` that are missing; returns why it could not, or None."""
    def installed():
        return all(os.path.isdir(os.path.join(NODE_DIR, "node_modules", *p.split("/")))
                   for p in packages)

    if installed():
        return None
    if shutil.which("npm") is None:
        return "npm is not installed"
    os.makedirs(NODE_DIR, exist_ok=True)
    # Other test modules may install into the same folder at the same time.
    with open(os.path.join(NODE_DIR, ".install-lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if installed():
            return None
        proc = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", NODE_DIR,
                               *packages], capture_output=True, text=True, timeout=300)
    return None if proc.returncode == 0 else f"npm install failed: {proc.stderr[-500:]}"


def run_node_script(test, packages, name, script):
    """Runs `script` (which prints one JSON line) with node against `test`'s server, with
    ENDPOINT set; skips the test when the SDK cannot be installed. Returns the parsed output."""
    problem = ensure_sdk(packages)
    if problem:
        test.skipTest(problem)
    path = os.path.join(test.server.tmpdir, name)
    with open(path, "w") as f:
        f.write(script)
    env = clean_env(ENDPOINT=test.endpoint, NODE_PATH=os.path.join(NODE_DIR, "node_modules"))
    proc = subprocess.run(["node", path], capture_output=True, text=True, timeout=120, env=env)
    test.assertEqual(proc.returncode, 0,
                     f"{proc.stderr}\n--- server log ---\n{test.server.log_tail()}")
    return json.loads(proc.stdout)
