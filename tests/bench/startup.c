// startup: the start-up probe of tests/bench/run.sh, compiled there with `cc -O2`.
//
//   startup --free-port                  prints a TCP port that is free on 127.0.0.1
//   startup PORT PATH LOG CMD [ARG...]   spawns CMD (stdout and stderr appended to LOG), polls
//                                        `GET PATH` on 127.0.0.1:PORT until it answers 200 and
//                                        prints "PID MS CPU_MS"; the server keeps running.
//
// MS is wall time; the clock starts just before posix_spawn, so nothing of this program's own
// start-up is counted. CPU_MS is the CPU time the server's threads had used by then (from
// /proc/PID/task/*/schedstat): unlike MS, it barely grows when other processes hold the cores.
// Between attempts it sleeps 100 us: a busy loop would take a core from the server it is timing.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static struct sockaddr_in loopback(int port) {
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons((unsigned short)port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

static int free_port(void) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = loopback(0);
  socklen_t n = sizeof a;
  if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) || getsockname(s, (struct sockaddr *)&a, &n))
    return -1;
  close(s);
  return ntohs(a.sin_port);
}

// Nanoseconds on CPU of all threads of `pid`: the first field of each task's schedstat.
static double cpu_ms(pid_t pid) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
  DIR *tasks = opendir(path);
  double ns = 0;
  for (struct dirent *t; tasks && (t = readdir(tasks));) {
    if (t->d_name[0] == '.') continue;
    char stat[300];
    snprintf(stat, sizeof stat, "/proc/%d/task/%s/schedstat", (int)pid, t->d_name);
    FILE *f = fopen(stat, "r");
    unsigned long long run = 0;
    if (f && fscanf(f, "%llu", &run) == 1) ns += (double)run;
    if (f) fclose(f);
  }
  if (tasks) closedir(tasks);
  return ns / 1e6;
}

// One attempt: 1 when the answer's status line says 200, else 0 (refused, reset, other status).
static int probe(int port, const char *request) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = loopback(port);
  struct timeval timeout = {2, 0};
  char status[13];
  size_t got = 0;
  int ok = 0;
  setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  if (connect(s, (struct sockaddr *)&a, sizeof a) == 0 &&
      write(s, request, strlen(request)) == (ssize_t)strlen(request)) {
    while (got < 12) {
      ssize_t n = read(s, status + got, 12 - got);
      if (n <= 0) break;
      got += (size_t)n;
    }
    ok = got == 12 && memcmp(status, "HTTP/1.", 7) == 0 && memcmp(status + 8, " 200", 4) == 0;
  }
  close(s);
  return ok;
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "--free-port") == 0) {
    int port = free_port();
    if (port < 0) return perror("free port"), 1;
    printf("%d\n", port);
    return 0;
  }
  if (argc < 5) {
    fprintf(stderr, "usage: %s --free-port | PORT PATH LOG CMD [ARG...]\n", argv[0]);
    return 2;
  }
  int port = atoi(argv[1]);
  char request[512];
  snprintf(request, sizeof request, "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n\r\n",
           argv[2], port);

  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&files, 1, argv[3], O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&files, 1, 2);

  double start = now_ms();
  pid_t pid;
  int err = posix_spawn(&pid, argv[4], &files, NULL, argv + 4, environ);
  if (err) return fprintf(stderr, "startup: cannot run %s: %s\n", argv[4], strerror(err)), 1;
  const struct timespec pause = {0, 100 * 1000};
  while (!probe(port, request)) {
    int wstatus;
    if (waitpid(pid, &wstatus, WNOHANG) == pid)
      return fprintf(stderr, "startup: %s exited before answering (see %s)\n", argv[4], argv[3]), 1;
    if (now_ms() - start > 10000) {
      kill(pid, SIGTERM);
      return fprintf(stderr, "startup: no 200 from %s within 10 s\n", argv[2]), 1;
    }
    nanosleep(&pause, NULL);
  }
  double wall = now_ms() - start;
  printf("%d %.2f %.2f\n", (int)pid, wall, cpu_ms(pid));
  return 0;
}
