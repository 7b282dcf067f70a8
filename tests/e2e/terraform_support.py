"""Terraform against a real server: finds terraform and the provider mirror, writes a CLI config.

Each test class gets a fresh server (ServerTestCase) and its own temporary directory holding the
CLI configuration (filesystem mirror only, no registry), a plugin cache, and copies of the
configurations it applies, so modules run in parallel and the source tree is never written.

Without terraform on PATH or without the AWS provider in a mirror, the class is skipped with a
loud SKIPPED line on stderr naming what is missing. TF_PLUGIN_MIRROR names the mirror root (the
folder above registry.terraform.io); otherwise the usual places are searched, then `find /`.
"""

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import zipfile

from harness import ServerTestCase, clean_env

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
EXAMPLES = os.path.join(REPO_ROOT, "examples")
PROVIDER_GLOB = "registry.terraform.io/hashicorp/aws/*/*/terraform-provider-aws_*"
MIRROR_CANDIDATES = (
    "/opt/tf-plugins",
    os.path.expanduser("~/.terraform.d/plugins"),
    os.path.expanduser("~/.local/share/terraform/plugins"),
    "/usr/local/share/terraform/plugins",
    "/usr/share/terraform/plugins",
)
COMMAND_TIMEOUT = 600  # seconds for one terraform command (the provider's own waits included)
# One request in the server's log: "<time> INFO <service> <operation> <status> <ms>ms".
REQUEST_LINE = re.compile(r" INFO (\S+) (\S+) (\d{3}) ([0-9.]+)ms$", re.MULTILINE)
# Files of a configuration that are never copied: state, caches and build output of a local run.
IGNORED = shutil.ignore_patterns(".terraform", ".terraform.lock.hcl", "terraform.tfstate*",
                                 "build", "*.tfplan", ".terragrunt-cache")


def skip_loudly(what):
    message = f"SKIPPED: {what}; the Terraform end-to-end tests did not run"
    sys.stderr.write(f"\n{'!' * len(message)}\n{message}\n{'!' * len(message)}\n")
    raise unittest.SkipTest(message)


def _has_aws_provider(root):
    return bool(glob.glob(os.path.join(root, PROVIDER_GLOB)))


def find_mirror():
    """The mirror root holding hashicorp/aws, or None."""
    given = os.environ.get("TF_PLUGIN_MIRROR")
    if given:
        return given if _has_aws_provider(given) else None
    for root in MIRROR_CANDIDATES:
        if _has_aws_provider(root):
            return root
    try:
        found = subprocess.run(
            ["find", "/", "-xdev", "-name", "terraform-provider-aws_*", "-path",
             "*registry.terraform.io*"], capture_output=True, text=True, timeout=60).stdout
    except subprocess.TimeoutExpired:
        return None
    for path in found.splitlines():
        root = path.split("/registry.terraform.io/")[0]
        if _has_aws_provider(root):
            return root
    return None


def deterministic_zip(dest, files):
    """Zips {archive name: source path} with fixed timestamps, so the hash is the same each run."""
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, path in sorted(files.items()):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o100644 << 16
            info.create_system = 3
            with open(path, "rb") as f:
                zf.writestr(info, f.read())
    return dest


def apply_edits(directory, edits):
    """Applies (file, old, new) text edits; each `old` must occur exactly once."""
    for name, old, new in edits:
        path = os.path.join(directory, name)
        with open(path) as f:
            text = f.read()
        count = text.count(old)
        if count != 1:
            raise AssertionError(f"{name}: expected one {old!r}, found {count}")
        with open(path, "w") as f:
            f.write(text.replace(old, new))


class CommandRecord:
    """One terraform command: its exit code, wall seconds and the server counters around it."""

    def __init__(self, command, code, seconds, before, after):
        self.command, self.code, self.seconds = command, code, seconds
        self.before, self.after = before, after


class TerraformTestCase(ServerTestCase):
    """A fresh server per class, and `self.terraform(dir, *args)` configured for it."""

    terraform_bin = None
    mirror = None
    workdir = None

    @classmethod
    def setUpClass(cls):
        cls.terraform_bin = shutil.which("terraform")
        if not cls.terraform_bin:
            skip_loudly("terraform is not on PATH")
        cls.mirror = find_mirror()
        if not cls.mirror:
            skip_loudly("no mirror with the hashicorp/aws provider (set TF_PLUGIN_MIRROR to the "
                        "folder above registry.terraform.io)")
        super().setUpClass()
        cls.workdir = tempfile.mkdtemp(prefix="terrarium-tf-")
        cls.cli_config = os.path.join(cls.workdir, "terraformrc")
        os.makedirs(os.path.join(cls.workdir, "plugin-cache"))
        with open(cls.cli_config, "w") as f:
            f.write('provider_installation {\n'
                    f'  filesystem_mirror {{\n    path = {json.dumps(cls.mirror)}\n  }}\n'
                    '}\n'
                    f'plugin_cache_dir = {json.dumps(os.path.join(cls.workdir, "plugin-cache"))}\n'
                    'disable_checkpoint = true\n')
        cls.command_log = []

    @classmethod
    def tearDownClass(cls):
        try:
            if cls.command_log:
                cls.report_commands()
            super().tearDownClass()
        finally:
            if cls.workdir:
                shutil.rmtree(cls.workdir, ignore_errors=True)

    @classmethod
    def copy_config(cls, source, name=None):
        """Copies a configuration (a folder under examples/) into this class's directory."""
        dest = os.path.join(cls.workdir, name or os.path.basename(source.rstrip("/")))
        shutil.copytree(source, dest, ignore=IGNORED)
        return dest

    @classmethod
    def terraform_env(cls, **extra):
        env = clean_env(TF_CLI_CONFIG_FILE=cls.cli_config, TF_IN_AUTOMATION="1", TF_INPUT="0",
                        CHECKPOINT_DISABLE="1", TF_VAR_endpoint=cls.endpoint)
        env.pop("TF_LOG", None)
        env.update(extra)
        return env

    @classmethod
    def start_terraform(cls, directory, *args, env=None):
        """Starts `terraform ARGS` in directory without waiting; stdout+stderr go to a file."""
        log = tempfile.NamedTemporaryFile(dir=cls.workdir, prefix="tf-", suffix=".log",
                                          delete=False)
        proc = subprocess.Popen([cls.terraform_bin, *args, "-no-color"], cwd=directory,
                                env=cls.terraform_env(**(env or {})), stdin=subprocess.DEVNULL,
                                stdout=log, stderr=subprocess.STDOUT)
        proc.log_path = log.name
        proc.started = time.monotonic()
        proc.server_before = cls.server_counters()
        proc.args_text = f"terraform {' '.join(args)} (in {directory})"
        log.close()
        return proc

    @classmethod
    def finish_terraform(cls, proc, timeout=COMMAND_TIMEOUT):
        """Waits for a started command; returns (exit code, output)."""
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        with open(proc.log_path, errors="replace") as f:
            output = f.read()
        cls.command_log.append(CommandRecord(
            proc.args_text, proc.returncode, time.monotonic() - proc.started,
            proc.server_before, cls.server_counters()))
        return proc.returncode, output

    @classmethod
    def server_counters(cls):
        """(requests logged, their summed milliseconds, server CPU seconds) so far."""
        requests = [float(m.group(4)) for m in REQUEST_LINE.finditer(cls.server.log_text())]
        with open(f"/proc/{cls.server.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return len(requests), sum(requests), cpu

    @classmethod
    def report_commands(cls):
        """Prints each command's wall time, the requests it made and the server's share."""
        lines = [f"{'wall s':>7} {'calls':>6} {'req ms':>8} {'cpu s':>6} {'share':>6}  command"]
        for r in cls.command_log:
            calls = r.after[0] - r.before[0]
            req_ms = r.after[1] - r.before[1]
            cpu = r.after[2] - r.before[2]
            share = 100.0 * cpu / r.seconds if r.seconds else 0.0
            lines.append(f"{r.seconds:7.1f} {calls:6d} {req_ms:8.1f} {cpu:6.2f} {share:5.2f}%  "
                         f"{r.command} (exit {r.code})")
        sys.stderr.write("\n" + "\n".join(lines) + "\n")

    def terraform(self, directory, *args, expect=0, env=None):
        """Runs `terraform ARGS -no-color`; asserts the exit code; returns the output."""
        code, output = self.finish_terraform(self.start_terraform(directory, *args, env=env))
        if code != expect:
            self.fail(f"terraform {' '.join(args)} in {directory} exited {code}, expected "
                      f"{expect}\n--- terraform output ---\n{output[-12000:]}\n"
                      f"--- server log ---\n{self.server.log_tail(80)}")
        return output

    def init(self, directory, *args):
        return self.terraform(directory, "init", "-input=false", *args)

    def apply(self, directory, *args):
        return self.terraform(directory, "apply", "-auto-approve", "-input=false", *args)

    def destroy(self, directory, *args):
        return self.terraform(directory, "destroy", "-auto-approve", "-input=false", *args)

    def assert_plan_clean(self, directory, *args):
        """`plan -detailed-exitcode` exits 0: the emulator reads back exactly what was applied."""
        return self.terraform(directory, "plan", "-detailed-exitcode", "-input=false", *args,
                              expect=0)

    def outputs(self, directory):
        return {name: value["value"] for name, value in
                json.loads(self.terraform(directory, "output", "-json")).items()}

    def state_addresses(self, directory):
        output = self.terraform(directory, "state", "list")
        return sorted(line for line in output.splitlines() if line.strip())
