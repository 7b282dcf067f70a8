"""examples/terragrunt/ against a fresh server, unit by unit, as `terragrunt run-all` would run it.

Terragrunt cannot be installed on the test machines: terragrunt_render.py renders each unit into the
plain configuration terragrunt runs (the module, the generated provider.tf and backend.tf, the
inputs with dependency outputs filled in), and this test runs terraform on it: init, apply and a
clean plan in dependency order (queue and table together, then function), destroy in reverse
order, then checks through the API that only the state bucket is left.
"""

import os
import unittest

from terraform_support import EXAMPLES, TerraformTestCase, deterministic_zip
from terragrunt_render import Unit

SANDBOX = os.path.join(EXAMPLES, "terragrunt")
LIVE = os.path.join(SANDBOX, "live", "dev")
STATE_BUCKET = "terragrunt-state"
# Dependency order: each wave's units apply together, after the previous wave.
WAVES = [["queue", "table"], ["function"]]


class TerragruntSandboxTest(TerraformTestCase):

    def render(self, name, outputs):
        unit = Unit(os.path.join(self.sandbox, "live", "dev", name),
                    {"TERRARIUM_ENDPOINT": self.endpoint})
        needed = {dep: outputs[os.path.basename(path)]
                  for dep, path in unit.dependencies().items()}
        return unit.render(os.path.join(self.workdir, "units", name), needed)

    def run_wave(self, dirs, *args):
        started = [self.start_terraform(d, *args) for d in dirs]
        for d, proc in zip(dirs, started):
            code, output = self.finish_terraform(proc)
            if code != 0:
                self.fail(f"{proc.args_text} exited {code}\n{output[-8000:]}\n"
                          f"--- server log ---\n{self.server.log_tail(60)}")

    def test_units_apply_plan_destroy(self):
        # The units refer to the sandbox by relative paths, so work on a copy of all of it.
        self.sandbox = self.copy_config(SANDBOX)
        deterministic_zip(os.path.join(self.sandbox, "lambda", "build", "worker.zip"),
                          {"worker.py": os.path.join(self.sandbox, "lambda", "worker.py")})
        # Terragrunt creates the state bucket on first use; here the test does.
        s3 = self.boto3_client("s3")
        s3.create_bucket(Bucket=STATE_BUCKET)

        outputs, dirs = {}, {}
        for wave in WAVES:
            for name in wave:
                dirs[name] = self.render(name, outputs)
            # One init at a time: terraform's plugin cache is not safe for concurrent installs
            # (two inits of one wave both creating the provider's directory: "file exists").
            for name in wave:
                self.run_wave([dirs[name]], "init", "-input=false")
            self.run_wave([dirs[n] for n in wave], "apply", "-auto-approve", "-input=false")
            self.run_wave([dirs[n] for n in wave], "plan", "-detailed-exitcode",
                          "-input=false")
            for name in wave:
                outputs[name] = self.outputs(dirs[name])

        keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=STATE_BUCKET)["Contents"])
        self.assertEqual(keys, [f"live/dev/{n}/terraform.tfstate"
                                for n in ("function", "queue", "table")])
        lam = self.boto3_client("lambda")
        env = lam.get_function(FunctionName="dev-sandbox-worker")["Configuration"]["Environment"]
        self.assertEqual(env["Variables"], {"QUEUE_URL": outputs["queue"]["queue_url"],
                                            "TABLE_NAME": "dev-sandbox-results"})

        for wave in reversed(WAVES):
            self.run_wave([dirs[n] for n in wave], "destroy", "-auto-approve", "-input=false")

        self.assertEqual(lam.list_functions()["Functions"], [])
        self.assertEqual(self.boto3_client("dynamodb").list_tables()["TableNames"], [])
        self.assertEqual(self.boto3_client("sqs").list_queues().get("QueueUrls", []), [])
        roles = self.boto3_client("iam").list_roles()["Roles"]
        self.assertNotIn("dev-sandbox-worker", [r["RoleName"] for r in roles])
        self.assertEqual([b["Name"] for b in s3.list_buckets()["Buckets"]], [STATE_BUCKET])


if __name__ == "__main__":
    unittest.main()
