#include "models/runtime/eval_broker.h"

#include <algorithm>

#include "models/runtime/scheduler_worker.h"

namespace portolan::models {

void EvalBroker::enqueue(int job) {
  if (!pending_.insert(job).second) return;
  queue_.push_back(job);
  if (!scheduled_) {
    scheduled_ = true;
    state_.sim.schedule_after(0, [this] { process(); });
  }
}

bool EvalBroker::dequeue(int job) {
  pending_.erase(job);
  return state_.is_active(job);
}

void EvalBroker::process() {
  scheduled_ = false;
  std::vector<int> batch;
  batch.swap(queue_);
  std::stable_sort(batch.begin(), batch.end(), [this](int a, int b) {
    return state_.spec(a).priority > state_.spec(b).priority;
  });
  worker_.evaluate(batch);
}

void EvalBroker::capacity_changed() {
  for (std::size_t j = 0; j < state_.jobs.size(); ++j) {
    if (state_.jobs[j].blocked && !state_.jobs[j].stopped) enqueue(static_cast<int>(j));
  }
}

void EvalBroker::node_joined() {
  for (std::size_t j = 0; j < state_.jobs.size(); ++j) {
    const int job = static_cast<int>(j);
    if (state_.is_system(job) && state_.is_active(job)) enqueue(job);
  }
  capacity_changed();
}

}  // namespace portolan::models
