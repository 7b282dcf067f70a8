#include "emulator/services/cloudformation/stack_worker.h"

namespace terrarium::services::cloudformation {
namespace {

// Jobs record their own failures in the stack; one that throws anyway (a bug, or the store
// failing) must not take the worker, or the process, down with it.
void RunGuarded(const StackWorker::Job& job) {
  try {
    job();
  } catch (...) {
  }
}

}  // namespace

StackWorker::~StackWorker() { Shutdown(); }

void StackWorker::Submit(Job job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    jobs_.push_back(std::move(job));
  }
  wake_.notify_one();
}

void StackWorker::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { Loop(); });
}

void StackWorker::Shutdown() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    jobs_.clear();
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int StackWorker::RunPending() {
  int ran = 0;
  while (true) {
    Job job;
    {
      std::lock_guard lock(mutex_);
      if (jobs_.empty()) return ran;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    RunGuarded(job);
    ++ran;
  }
}

void StackWorker::Loop() {
  while (true) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    RunGuarded(job);
  }
}

}  // namespace terrarium::services::cloudformation
