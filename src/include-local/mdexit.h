/* mdexit.h: the exit codes maildrop uses (MTA conventions, <sysexits.h>). */
#ifndef MDEXIT_H
#define MDEXIT_H

#define MDEXIT_OK 0
#define MDEXIT_NOUSER 67    /* EX_NOUSER: unknown -d user */
#define MDEXIT_TEMPFAIL 75  /* EX_TEMPFAIL: any doubt; the MTA retries */
#define MDEXIT_NOPERM 77    /* EX_NOPERM: permanent refusal */

#endif
