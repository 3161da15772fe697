#include "cli/interrupt_cleanup.h"

#include <pthread.h>
#include <signal.h>

#include <thread>

#include "models/results/staging_dir.h"

namespace portolan::cli {

void remove_staging_on_interrupt() {
  // sigwait in a thread of its own, not a handler: the cleanup walks directories and takes a
  // lock, which no async-signal-safe handler may do.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread([signals] {
    int received = 0;
    if (sigwait(&signals, &received) != 0) return;
    models::remove_pending_staging_dirs();
    signal(received, SIG_DFL);
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, received);
    pthread_sigmask(SIG_UNBLOCK, &one, nullptr);
    raise(received);  // default action: the process ends with this signal's status
  }).detach();
}

}  // namespace portolan::cli
