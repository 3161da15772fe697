// The evaluation broker (nomad/eval_broker.go) and blocked evaluations
// (nomad/blocked_evals.go).
//
// Contract. A job has at most one evaluation outstanding: enqueueing a job already waiting is
// a no-op. Evaluations enqueued at one simulated instant are handed to the scheduler worker
// together, after every event of that instant already scheduled, ordered by job priority and
// then by arrival (PendingEvaluations). A job whose last evaluation left allocations unplaced
// is blocked and is evaluated again whenever capacity frees up; Nomad unblocks by computed
// node class, here every blocked job retries.
#ifndef PORTOLAN_MODELS_RUNTIME_EVAL_BROKER_H_
#define PORTOLAN_MODELS_RUNTIME_EVAL_BROKER_H_

#include <set>
#include <vector>

#include "models/runtime/run_state.h"

namespace portolan::models {

class SchedulerWorker;

class EvalBroker {
 public:
  EvalBroker(RunState& state, SchedulerWorker& worker) : state_(state), worker_(worker) {}

  void enqueue(int job);
  // Hands the job's evaluation to the worker: clears its outstanding mark, and returns whether
  // it is still to be evaluated (registered and not stopped).
  bool dequeue(int job);
  // Capacity freed up: blocked jobs are evaluated again.
  void capacity_changed();
  // A node registered or came back: system jobs evaluate it (nomad/node_endpoint.go creates
  // node-update evaluations for system jobs), and blocked jobs retry.
  void node_joined();

 private:
  void process();

  RunState& state_;
  SchedulerWorker& worker_;
  std::vector<int> queue_;
  std::set<int> pending_;
  bool scheduled_ = false;
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_RUNTIME_EVAL_BROKER_H_
