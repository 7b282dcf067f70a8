"""Terrarium's Lambda runtime loop for Python: the Runtime API client an execution environment runs.

Loads the handler named by _HANDLER ("module.function", the module found under LAMBDA_TASK_ROOT),
then forever: GET /invocation/next, call handler(event, context), POST the result to
/invocation/<id>/response or the error to /invocation/<id>/error in AWS's shape
({"errorMessage", "errorType", "stackTrace"}). Import failures go to /init/error.
"""

import http.client
import importlib
import json
import os
import sys
import time
import traceback

API = os.environ["AWS_LAMBDA_RUNTIME_API"]
BASE = "/2018-06-01/runtime"


class Connection:
    def __init__(self):
        host, port = API.rsplit(":", 1)
        self.host, self.port = host, int(port)
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=None)
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                resp = self.conn.getresponse()
                return resp, resp.read()
            except (ConnectionError, http.client.HTTPException):
                self.conn.close()
                self.conn = None
                if attempt == 1:
                    raise


def error_document(exc):
    return {
        "errorMessage": str(exc),
        "errorType": type(exc).__name__,
        "requestId": "",
        "stackTrace": [line for line in traceback.format_list(traceback.extract_tb(exc.__traceback__))],
    }


class Context:
    def __init__(self, request_id, deadline_ms, function_arn):
        self.aws_request_id = request_id
        self._deadline_ms = deadline_ms
        self.invoked_function_arn = function_arn
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.identity = None
        self.client_context = None

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline_ms - time.time() * 1000))


def load_handler(conn):
    spec = os.environ.get("_HANDLER", "")
    try:
        module_name, _, function_name = spec.rpartition(".")
        if not module_name:
            raise ValueError(f"Bad handler '{spec}': not enough values to unpack (expected 2, got 1)")
        sys.path.insert(0, os.environ.get("LAMBDA_TASK_ROOT", os.getcwd()))
        try:
            module = importlib.import_module(module_name.replace("/", "."))
        except ImportError as e:
            raise ImportError(f"Unable to import module '{module_name}': {e}") from e
        handler = getattr(module, function_name, None)
        if handler is None:
            raise AttributeError(
                f"Handler '{function_name}' missing on module '{module_name}'")
        return handler
    except Exception as e:  # reported as AWS does, then the environment ends
        doc = error_document(e)
        doc["errorType"] = ("Runtime.ImportModuleError" if isinstance(e, ImportError)
                            else "Runtime.HandlerNotFound" if isinstance(e, AttributeError)
                            else "Runtime.MalformedHandlerName")
        doc["errorMessage"] = str(e)
        traceback.print_exc()
        conn.request("POST", f"{BASE}/init/error", json.dumps(doc).encode(),
                     {"Lambda-Runtime-Function-Error-Type": doc["errorType"]})
        sys.exit(1)


def main():
    conn = Connection()
    handler = load_handler(conn)
    while True:
        resp, body = conn.request("GET", f"{BASE}/invocation/next")
        if resp.status == 410:
            return
        if resp.status != 200:
            time.sleep(0.05)
            continue
        request_id = resp.getheader("Lambda-Runtime-Aws-Request-Id")
        deadline = int(resp.getheader("Lambda-Runtime-Deadline-Ms", "0"))
        arn = resp.getheader("Lambda-Runtime-Invoked-Function-Arn")
        os.environ["_X_AMZN_TRACE_ID"] = resp.getheader("Lambda-Runtime-Trace-Id", "")
        try:
            event = json.loads(body) if body else {}
            result = handler(event, Context(request_id, deadline, arn))
            payload = json.dumps(result).encode()
        except Exception as e:
            doc = error_document(e)
            doc["requestId"] = request_id
            # The traceback goes to the log, as the AWS runtime prints it.
            print(f"[ERROR] {doc['errorType']}: {doc['errorMessage']}", file=sys.stderr)
            traceback.print_exc()
            conn.request("POST", f"{BASE}/invocation/{request_id}/error",
                         json.dumps(doc).encode(),
                         {"Lambda-Runtime-Function-Error-Type": "Unhandled"})
            continue
        conn.request("POST", f"{BASE}/invocation/{request_id}/response", payload)


if __name__ == "__main__":
    main()
