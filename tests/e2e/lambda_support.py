"""Helpers for the Lambda end-to-end tests: deployment packages built in memory."""

import io
import json
import zipfile

ROLE = "arn:aws:iam::000000000000:role/lambda-role"


def zip_bytes(files):
    """A zip of {name: text or (text, unix mode)}; modes default to rw-r--r--."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in files.items():
            mode = 0o644
            if isinstance(content, tuple):
                content, mode = content
            info = zipfile.ZipInfo(name)
            info.external_attr = (0o100000 | mode) << 16
            info.create_system = 3  # unix, so the mode is honoured
            zf.writestr(info, content)
    return buffer.getvalue()


def python_zip(source, module="index"):
    return zip_bytes({f"{module}.py": source})


def create_python_function(client, name, source, handler="index.handler", **kw):
    kw.setdefault("Timeout", 10)
    return client.create_function(
        FunctionName=name, Runtime="python3.12", Role=ROLE, Handler=handler,
        Code={"ZipFile": python_zip(source)}, **kw)


def invoke_json(client, name, **kw):
    """Invokes `name`; returns the Invoke output and the decoded JSON payload."""
    out = client.invoke(FunctionName=name, **kw)
    return out, json.loads(out["Payload"].read())
