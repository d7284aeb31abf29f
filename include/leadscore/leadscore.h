/* leadscore/leadscore.h: the whole public library in one include.
 *
 * Process-wide state. The library installs none behind its caller's back: it
 * never prints, exits, calls setlocale() or changes a handler. Two libraries
 * it builds on have process-wide settings that a program may want to choose
 * once, before any other call; ls_library_init() makes the choices the
 * leadscore tool makes:
 *   - GSL's error handler is turned off (gsl_set_error_handler_off): GSL's
 *     default handler calls abort() on a domain error. The library checks
 *     every status GSL returns either way.
 *   - OpenBLAS is set to one thread (openblas_set_num_threads(1)): the fit
 *     already splits its row passes over threads of its own, and OpenBLAS's
 *     pool on top would oversubscribe the cores. The idle workers its
 *     pthreads build started at load time are stopped (blas_thread_shutdown_,
 *     when present): each would spin for a tenth of a second first.
 * A program that manages GSL or OpenBLAS itself leaves ls_library_init() out.
 *
 * Threads. The CSV reader parses on a thread of its own and the fit runs its
 * row passes on up to one thread per core; both are joined before the call
 * that started them returns. A scorer is used by one thread at a time (see
 * scorer.h). */
#ifndef LEADSCORE_LEADSCORE_H
#define LEADSCORE_LEADSCORE_H

#include "leadscore/bands.h"
#include "leadscore/cell.h"
#include "leadscore/csv.h"
#include "leadscore/dataset.h"
#include "leadscore/error.h"
#include "leadscore/evaluate.h"
#include "leadscore/fileio.h"
#include "leadscore/leakage.h"
#include "leadscore/levels.h"
#include "leadscore/logit.h"
#include "leadscore/metrics.h"
#include "leadscore/model.h"
#include "leadscore/model_io.h"
#include "leadscore/report.h"
#include "leadscore/rules.h"
#include "leadscore/scorer.h"
#include "leadscore/target.h"
#include "leadscore/train.h"

/* Turns GSL's abort-on-error handler off and sets OpenBLAS to one thread. */
void ls_library_init(void);

#endif
