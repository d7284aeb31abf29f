/* progress.h: the reading-progress callback shared by commands that load data. */
#ifndef LEADSCORE_PROGRESS_H
#define LEADSCORE_PROGRESS_H

/* Matches ls_read_options.progress; ctx is the file name. */
void cli_read_progress(void *ctx, long rows, long long bytes);

#endif
