// The thread that runs stack operations (create, update, delete: the Applier calling providers)
// off the server's io threads, so CreateStack answers at once and DescribeStacks shows
// *_IN_PROGRESS meanwhile. Jobs run one at a time in submission order, so two operations on one
// stack never overlap. Nothing runs until Start(): unit tests drain the queue themselves with
// RunPending() instead.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace terrarium::services::cloudformation {

class StackWorker {
 public:
  using Job = std::function<void()>;

  StackWorker() = default;
  ~StackWorker();
  StackWorker(const StackWorker&) = delete;
  StackWorker& operator=(const StackWorker&) = delete;

  // Queues `job`; a job must not throw (it records its own failures in the store).
  void Submit(Job job);
  // Starts the thread that runs queued jobs.
  void Start();
  // Lets the running job finish, drops the queued ones and joins the thread. Idempotent.
  void Shutdown();
  // Runs every queued job on the calling thread (tests, or a worker that was never started);
  // returns how many ran.
  int RunPending();

 private:
  void Loop();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace terrarium::services::cloudformation
