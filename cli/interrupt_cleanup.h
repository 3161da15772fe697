// SIGINT and SIGTERM remove the output a run is staging, then end the process as the signal
// would have.
//
// Contract: call remove_staging_on_interrupt() once, first thing in main(), before any thread
// starts. It blocks both signals in the calling thread (so in every thread started after it,
// which inherit the mask) and starts one thread that waits for them. On the first, that thread
// calls models::remove_pending_staging_dirs() (models/results/staging_dir.h) and re-raises the
// signal with its default action: the exit status is the signal's (130 from a shell for ^C),
// and nothing half-written is left. Child processes are spawned with the signals unblocked
// (importers/hcl_jobspec.cc).
#ifndef PORTOLAN_CLI_INTERRUPT_CLEANUP_H_
#define PORTOLAN_CLI_INTERRUPT_CLEANUP_H_

namespace portolan::cli {

void remove_staging_on_interrupt();

}  // namespace portolan::cli

#endif  // PORTOLAN_CLI_INTERRUPT_CLEANUP_H_
