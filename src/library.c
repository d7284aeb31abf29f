/* library.c: the one call that sets process-wide state (see leadscore.h). */
#include <gsl/gsl_errno.h>

#include "leadscore/leadscore.h"

extern void openblas_set_num_threads(int n);
/* OpenBLAS's pthreads build starts its worker threads when it is loaded, and
 * each spins on sched_yield() for about 2^28 cycles before it sleeps: a tenth
 * of a second of one core, taken from the CSV reader and the scorer on a
 * two-core machine. Setting one thread does not stop them; this does (it is
 * what OpenBLAS itself calls before a fork). Weak: the serial and OpenMP
 * builds have no such function, and need none. */
extern int blas_thread_shutdown_(void) __attribute__((weak));

void ls_library_init(void)
{
    gsl_set_error_handler_off();
    openblas_set_num_threads(1);
    if (blas_thread_shutdown_ != NULL) {
        blas_thread_shutdown_();
    }
}
