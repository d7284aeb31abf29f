/* library.c: the one call that sets process-wide state (see leadscore.h). */
#include <gsl/gsl_errno.h>

#include "leadscore/leadscore.h"

extern void openblas_set_num_threads(int n);

void ls_library_init(void)
{
    gsl_set_error_handler_off();
    openblas_set_num_threads(1);
}
