// floor_server: a minimal single-threaded epoll HTTP/1.1 server, the "floor" of the benchmarks
// (the least any server can spend answering a request on this machine). A copy of the shared
// harness's epoll_fixed, so that tests/bench/s3.sh needs nothing outside the repository.
// Parses the request line and Content-Length, discards the body, answers 200 with
//   GET .../big* -> 64 MiB static body, GET other -> 1 KiB, else "{}".
// No chunked request bodies. usage: floor_server PORT   (binds 127.0.0.1)
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <string>
#include <unordered_map>

static std::string g_small(1024, 'x');
// 64 MiB body, built on first use so startup time and idle RSS stay trivial.
static const std::string& big_body() {
  static const std::string b(64u << 20, 'y');
  return b;
}
static const std::string g_json = "{}";

struct Seg { std::string own; const char* p; size_t n; };
struct Conn {
  int fd;
  std::string in;
  size_t body_left = 0;
  bool in_body = false, close_after = false, want_out = false;
  bool pend_get = false, pend_big = false;
  std::deque<Seg> out;
};

static int ep;
static std::unordered_map<int, Conn*> conns;

static void drop(Conn* c) {
  epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, nullptr);
  close(c->fd);
  conns.erase(c->fd);
  delete c;
}

static void set_out(Conn* c, bool on) {
  if (c->want_out == on) return;
  c->want_out = on;
  epoll_event ev{};
  ev.events = EPOLLIN | (on ? EPOLLOUT : 0);
  ev.data.ptr = c;
  epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
}

// returns false if the connection was dropped
static bool flush(Conn* c) {
  while (!c->out.empty()) {
    iovec iov[16];
    int n = 0;
    for (auto& s : c->out) {
      if (n == 16) break;
      const char* p = s.own.empty() ? s.p : s.own.data();
      iov[n].iov_base = const_cast<char*>(p);
      iov[n].iov_len = s.n;
      ++n;
    }
    ssize_t w = writev(c->fd, iov, n);
    if (w < 0) {
      if (errno == EAGAIN) { set_out(c, true); return true; }
      drop(c); return false;
    }
    size_t left = (size_t)w;
    while (left && !c->out.empty()) {
      Seg& s = c->out.front();
      if (left >= s.n) { left -= s.n; c->out.pop_front(); }
      else {
        if (s.own.empty()) s.p += left; else s.own.erase(0, left);
        s.n -= left; left = 0;
      }
    }
  }
  set_out(c, false);
  if (c->close_after) { drop(c); return false; }
  return true;
}

static void respond(Conn* c, bool is_get, bool big) {
  const std::string& body = is_get ? (big ? big_body() : g_small) : g_json;
  char hdr[256];
  int n = snprintf(hdr, sizeof hdr,
                   "HTTP/1.1 200 OK\r\nServer: epoll-fixed\r\nContent-Type: %s\r\n"
                   "Content-Length: %zu\r\n%s\r\n",
                   is_get ? "application/octet-stream" : "application/x-amz-json-1.0",
                   body.size(), c->close_after ? "Connection: close\r\n" : "");
  c->out.push_back(Seg{std::string(hdr, n), nullptr, (size_t)n});
  c->out.push_back(Seg{std::string(), body.data(), body.size()});
}

static bool process(Conn* c) {
  bool produced = false;
  for (;;) {
    if (c->in_body) {
      size_t take = std::min(c->body_left, c->in.size());
      c->in.erase(0, take);
      c->body_left -= take;
      if (c->body_left) break;
      c->in_body = false;
      respond(c, c->pend_get, c->pend_big);  // answer once the body is fully read
      produced = true;
      if (c->close_after) break;
      continue;
    }
    size_t e = c->in.find("\r\n\r\n");
    if (e == std::string::npos) {
      if (c->in.size() > 65536) { drop(c); return false; }
      break;
    }
    const char* h = c->in.data();
    size_t sp1 = c->in.find(' ');
    size_t sp2 = c->in.find(' ', sp1 + 1);
    if (sp1 == std::string::npos || sp2 == std::string::npos || sp2 > e) { drop(c); return false; }
    c->pend_get = c->in.compare(0, 4, "GET ") == 0;
    c->pend_big = c->in.substr(sp1 + 1, sp2 - sp1 - 1).find("/big") != std::string::npos;
    size_t cl = 0;
    bool close_hdr = c->in.compare(sp2 + 1, 8, "HTTP/1.0") == 0;
    for (size_t pos = c->in.find("\r\n") + 2; pos < e;) {
      size_t eol = c->in.find("\r\n", pos);
      const char* l = h + pos;
      size_t len = eol - pos;
      if (len > 15 && strncasecmp(l, "content-length:", 15) == 0) cl = strtoull(l + 15, nullptr, 10);
      else if (len > 11 && strncasecmp(l, "connection:", 11) == 0) {
        std::string v(l + 11, len - 11);
        for (auto& ch : v) ch = (char)tolower(ch);
        if (v.find("close") != std::string::npos) close_hdr = true;
      }
      pos = eol + 2;
    }
    c->in.erase(0, e + 4);
    c->close_after = close_hdr;
    c->body_left = cl;
    c->in_body = true;  // zero-length bodies complete immediately on the next iteration
  }
  if (produced) return flush(c);
  return true;
}

int main(int argc, char** argv) {
  if (argc < 2) { fprintf(stderr, "usage: %s PORT\n", argv[0]); return 2; }
  signal(SIGPIPE, SIG_IGN);
  int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int one = 1;
  setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(atoi(argv[1]));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(ls, (sockaddr*)&a, sizeof a) || listen(ls, 1024)) { perror("bind/listen"); return 1; }
  ep = epoll_create1(0);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.ptr = nullptr;
  epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev);
  epoll_event evs[256];
  static char buf[256 * 1024];
  for (;;) {
    int n = epoll_wait(ep, evs, 256, -1);
    for (int i = 0; i < n; ++i) {
      if (evs[i].data.ptr == nullptr) {
        for (;;) {
          int fd = accept4(ls, nullptr, nullptr, SOCK_NONBLOCK);
          if (fd < 0) break;
          setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          Conn* c = new Conn{fd};
          conns[fd] = c;
          epoll_event ce{};
          ce.events = EPOLLIN;
          ce.data.ptr = c;
          epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ce);
        }
        continue;
      }
      Conn* c = (Conn*)evs[i].data.ptr;
      if (evs[i].events & EPOLLOUT) { if (!flush(c)) continue; }
      if (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
        ssize_t r = read(c->fd, buf, sizeof buf);
        if (r == 0 || (r < 0 && errno != EAGAIN)) { drop(c); continue; }
        if (r > 0) {
          c->in.append(buf, r);
          process(c);
        }
      }
    }
  }
}
