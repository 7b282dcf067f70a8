"""A git smart-HTTP remote for the snapshot tests: `git http-backend` (CGI) behind a small
threaded HTTP server that wants one user name and password (Basic), as a hosted git server
wants a token."""

import base64
import http.server
import os
import shutil
import subprocess
import threading

HTTP_BACKEND = "/usr/lib/git-core/git-http-backend"


def available():
    """Why the remote cannot run here, or None."""
    if shutil.which("git") is None:
        return "git is not installed"
    if not os.access(HTTP_BACKEND, os.X_OK):
        return f"{HTTP_BACKEND} is missing"
    return None


class GitHttpRemote:
    """Serves the bare repositories under `root` at http://127.0.0.1:PORT/<name>.git."""

    def __init__(self, root, username, password):
        self.root = root
        self.expected = "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()
        self.requests = []  # (method, path, authorized)
        remote = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                self.serve()

            def do_POST(self):
                self.serve()

            def read_body(self):
                if "chunked" in self.headers.get("Transfer-Encoding", ""):
                    body = b""
                    while True:
                        size = int(self.rfile.readline().split(b";")[0], 16)
                        chunk = self.rfile.read(size + 2)[:size]
                        if size == 0:
                            return body
                        body += chunk
                return self.rfile.read(int(self.headers.get("Content-Length", "0")))

            def serve(self):
                body = self.read_body()
                authorized = self.headers.get("Authorization") == remote.expected
                remote.requests.append((self.command, self.path, authorized))
                if not authorized:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="snapshots"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                path, _, query = self.path.partition("?")
                env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                       "GIT_PROJECT_ROOT": remote.root, "GIT_HTTP_EXPORT_ALL": "1",
                       "REMOTE_USER": "snapshots", "REMOTE_ADDR": "127.0.0.1",
                       "REQUEST_METHOD": self.command, "PATH_INFO": path,
                       "QUERY_STRING": query, "CONTENT_LENGTH": str(len(body)),
                       "CONTENT_TYPE": self.headers.get("Content-Type", ""),
                       "HTTP_CONTENT_ENCODING": self.headers.get("Content-Encoding", ""),
                       "GIT_PROTOCOL": self.headers.get("Git-Protocol", "")}
                proc = subprocess.run([HTTP_BACKEND], input=body, capture_output=True, env=env,
                                      timeout=60)
                head, _, payload = proc.stdout.partition(b"\r\n\r\n")
                status = 200
                headers = []
                for line in head.decode("latin-1").split("\r\n"):
                    name, _, value = line.partition(":")
                    if name.lower() == "status":
                        status = int(value.split()[0])
                    elif name:
                        headers.append((name, value.strip()))
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def make_repo(self, name):
        subprocess.run(["git", "init", "--bare", "-q", os.path.join(self.root, name)], check=True)
        return f"{self.url}/{name}"
