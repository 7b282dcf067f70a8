"""Renders a terragrunt unit as the plain Terraform configuration terragrunt would run.

Terragrunt is not installable on the test machines, so the terragrunt tests do its job by hand,
for the subset of its language that examples/terragrunt/ uses, and fail loudly on anything else:
  - `include` blocks whose path is `find_in_parent_folders()` (the root terragrunt.hcl),
  - the root's `locals`, `generate` blocks and `remote_state { generate = ... }`, rendered into
    provider.tf and backend.tf,
  - `terraform { source = "<relative folder>" }`, copied as the module,
  - `dependency` blocks, whose outputs (read with `terraform output -json` from the dependency's
    rendered folder) feed `inputs`, which become terraform.tfvars.json,
  - the functions get_env, find_in_parent_folders, path_relative_to_include, get_terragrunt_dir.
"""

import json
import os
import re
import shutil

from terraform_support import IGNORED


class HclError(Exception):
    pass


_TOKEN = re.compile(r"""
    (?P<ws>[ \t\r]+|\#[^\n]*|//[^\n]*)
  | (?P<nl>\n)
  | (?P<heredoc><<-?(?P<tag>[A-Za-z_]+)\n)
  | (?P<string>"(?:[^"\\]|\\.)*")
  | (?P<number>-?\d+(?:\.\d+)?)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_-]*)
  | (?P<punct>[{}\[\](),=.:])
""", re.VERBOSE)


def tokenize(text):
    tokens, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise HclError(f"unexpected {text[pos:pos + 20]!r}")
        pos = m.end()
        kind = m.lastgroup if m.lastgroup != "tag" else "heredoc"
        if kind == "ws":
            continue
        if kind == "heredoc":
            tag = m.group("tag")
            end = re.compile(rf"^[ \t]*{tag}[ \t]*$", re.MULTILINE).search(text, pos)
            if not end:
                raise HclError(f"heredoc {tag} is not closed")
            tokens.append(("template", text[pos:end.start()]))
            pos = end.end()
            continue
        if kind == "string":
            tokens.append(("template", json.loads(m.group())))
            continue
        tokens.append((kind, m.group()))
    tokens.append(("eof", ""))
    return tokens


class Parser:
    """Parses a body into {"attrs": {name: expr}, "blocks": [(type, labels, body)]}.

    Expressions stay unevaluated: ("lit", value), ("tmpl", text), ("ref", [names]),
    ("call", name, [args]), ("obj", [(key, expr)]), ("list", [exprs]).
    """

    def __init__(self, text):
        self.tokens = tokenize(text)
        self.i = 0

    def peek(self, skip_nl=True):
        while skip_nl and self.tokens[self.i][0] == "nl":
            self.i += 1
        return self.tokens[self.i]

    def take(self, kind=None, value=None):
        token = self.peek()
        if (kind and token[0] != kind) or (value and token[1] != value):
            raise HclError(f"expected {value or kind}, got {token[1]!r}")
        self.i += 1
        return token

    def body(self, closing=None):
        result = {"attrs": {}, "blocks": []}
        while True:
            token = self.peek()
            if token[0] == "eof" or (closing and token[1] == closing):
                return result
            name = self.take("ident")[1]
            if self.peek()[1] == "=":
                self.take(value="=")
                result["attrs"][name] = self.expr()
                continue
            labels = []
            while self.peek()[0] == "template":
                labels.append(self.take()[1])
            self.take(value="{")
            inner = self.body("}")
            self.take(value="}")
            result["blocks"].append((name, labels, inner))

    def expr(self):
        kind, value = self.take()
        if kind == "template":
            return ("tmpl", value)
        if kind == "number":
            return ("lit", float(value) if "." in value else int(value))
        if value == "{":
            items = []
            while self.peek()[1] != "}":
                key = self.take()[1]
                self.take(value="=") if self.peek()[1] == "=" else self.take(value=":")
                items.append((key, self.expr()))
                if self.peek()[1] == ",":
                    self.take()
            self.take(value="}")
            return ("obj", items)
        if value == "[":
            items = []
            while self.peek()[1] != "]":
                items.append(self.expr())
                if self.peek()[1] == ",":
                    self.take()
            self.take(value="]")
            return ("list", items)
        if kind != "ident":
            raise HclError(f"unexpected {value!r}")
        if value in ("true", "false", "null"):
            return ("lit", {"true": True, "false": False, "null": None}[value])
        if self.peek(skip_nl=False)[1] == "(":
            self.take()
            args = []
            while self.peek()[1] != ")":
                args.append(self.expr())
                if self.peek()[1] == ",":
                    self.take()
            self.take(value=")")
            return ("call", value, args)
        path = [value]
        while self.peek(skip_nl=False)[1] == ".":
            self.take()
            path.append(self.take("ident")[1])
        return ("ref", path)


def parse_file(path):
    with open(path) as f:
        return Parser(f.read()).body()


class Unit:
    """One live/<env>/<unit>/terragrunt.hcl and the root it includes."""

    def __init__(self, unit_dir, env):
        self.dir = os.path.abspath(unit_dir)
        self.env = env  # environment for get_env
        self.config = parse_file(os.path.join(self.dir, "terragrunt.hcl"))
        includes = [b for b in self.config["blocks"] if b[0] == "include"]
        if len(includes) != 1:
            raise HclError(f"{self.dir}: expected one include block")
        self.root_path = self.evaluate(includes[0][2]["attrs"]["path"], {})
        self.root = parse_file(self.root_path)
        self.locals = {}
        for block in self.root["blocks"]:
            if block[0] == "locals":
                for name, expr in block[2]["attrs"].items():
                    self.locals[name] = self.evaluate(expr, {})

    def blocks(self, config, kind):
        return [(labels, body) for k, labels, body in config["blocks"] if k == kind]

    def dependencies(self):
        """{name: absolute folder of the dependency unit}."""
        return {labels[0]: os.path.normpath(os.path.join(
                    self.dir, self.evaluate(body["attrs"]["config_path"], {})))
                for labels, body in self.blocks(self.config, "dependency")}

    # Evaluation

    def call(self, name, args):
        if name == "get_env":
            return self.env.get(args[0], args[1] if len(args) > 1 else "")
        if name == "find_in_parent_folders":
            wanted = args[0] if args else "terragrunt.hcl"
            folder = os.path.dirname(self.dir)
            while folder != os.path.dirname(folder):
                candidate = os.path.join(folder, wanted)
                if os.path.isfile(candidate):
                    return candidate
                folder = os.path.dirname(folder)
            raise HclError(f"no {wanted} above {self.dir}")
        if name == "path_relative_to_include":
            return os.path.relpath(self.dir, os.path.dirname(self.root_path))
        if name == "get_terragrunt_dir":
            return self.dir
        raise HclError(f"function {name} is not supported by this renderer")

    def evaluate(self, expr, outputs):
        kind = expr[0]
        if kind == "lit":
            return expr[1]
        if kind == "tmpl":
            return self.template(expr[1], outputs)
        if kind == "obj":
            return {key: self.evaluate(value, outputs) for key, value in expr[1]}
        if kind == "list":
            return [self.evaluate(value, outputs) for value in expr[1]]
        if kind == "call":
            return self.call(expr[1], [self.evaluate(a, outputs) for a in expr[2]])
        path = expr[1]
        if path[0] == "local" and len(path) == 2:
            return self.locals[path[1]]
        if path[0] == "dependency" and len(path) == 4 and path[2] == "outputs":
            return outputs[path[1]][path[3]]
        raise HclError(f"reference {'.'.join(path)} is not supported by this renderer")

    def template(self, text, outputs):
        """Interpolates ${...} (one expression each); $${ stays a literal ${."""
        parts, pos = [], 0
        for m in re.finditer(r"\$\$\{|\$\{([^}]*)\}", text):
            parts.append(text[pos:m.start()])
            if m.group() == "$${":
                parts.append("${")
            else:
                value = self.evaluate(Parser(m.group(1)).expr(), outputs)
                parts.append(value if isinstance(value, str) else json.dumps(value))
            pos = m.end()
        parts.append(text[pos:])
        return "".join(parts)

    # Rendering

    def render(self, dest, outputs):
        """Writes the module, provider.tf, backend.tf and terraform.tfvars.json into dest."""
        sources = [body["attrs"]["source"] for _, body in self.blocks(self.config, "terraform")]
        if len(sources) != 1:
            raise HclError(f"{self.dir}: expected one terraform {{ source = ... }}")
        module = os.path.normpath(os.path.join(self.dir, self.evaluate(sources[0], {})))
        shutil.copytree(module, dest, ignore=IGNORED, dirs_exist_ok=True)
        for labels, body in self.blocks(self.root, "generate"):
            attrs = {k: self.evaluate(v, {}) for k, v in body["attrs"].items()}
            with open(os.path.join(dest, attrs["path"]), "w") as f:
                f.write(attrs["contents"])
        for _, body in self.blocks(self.root, "remote_state"):
            attrs = {k: self.evaluate(v, {}) for k, v in body["attrs"].items()}
            with open(os.path.join(dest, attrs["generate"]["path"]), "w") as f:
                f.write(backend_block(attrs["backend"], attrs["config"]))
        inputs = self.evaluate(self.config["attrs"].get("inputs", ("obj", [])), outputs)
        with open(os.path.join(dest, "terraform.tfvars.json"), "w") as f:
            json.dump(inputs, f, indent=2)
        return dest


def hcl_value(value):
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {hcl_value(v)}" for k, v in value.items()) + " }"
    return json.dumps(value)


def backend_block(backend, config):
    lines = [f"  {key} = {hcl_value(value)}" for key, value in config.items()]
    return ('terraform {\n  backend ' + json.dumps(backend) + ' {\n' +
            "\n".join("  " + line for line in lines) + "\n  }\n}\n")
