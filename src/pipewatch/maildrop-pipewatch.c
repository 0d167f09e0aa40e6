/* ISC license. */

#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <limits.h>
#include <pwd.h>
#include <grp.h>

#include <skalibs/types.h>
#include <skalibs/sgetopt.h>
#include <skalibs/allreadwrite.h>
#include <skalibs/buffer.h>
#include <skalibs/stralloc.h>
#include <skalibs/error.h>
#include <skalibs/strerr.h>
#include <skalibs/tai.h>
#include <skalibs/iopause.h>
#include <skalibs/djbunix.h>
#include <skalibs/sig.h>
#include <skalibs/selfpipe.h>

#include "pipewatch.h"

#define USAGE "maildrop-pipewatch [ -d notif ] [ -m mode ] [ -u uid|user ] [ -g gid|group ] [ -t min_delay ] [ -D ] [ -c check_secs ] [ -l linelimit ] fifo [ prog... ]"
#define dieusage() strerr_dieusage(100, USAGE)
#define dienomem() strerr_diefu(111, "allocate memory")

#define READSIZE 65536      /* one read from the FIFO: a whole default pipe buffer */
#define DATAMAX 1048576     /* -D: at most this much data kept for the next run */
#define HOLDSECS 30         /* how long a holder waits for a new reader */
#define DRAINMAX 4194304    /* at exit or switch: drain at most this much */
#define PARTGRACE 1000      /* ms an unfinished line may wait for its end */
#define CAPGRACE 2          /* s the next prog waits for the last one's output */

static char const *path ;
static char const *const *prog = 0 ;
static pwfifoopts fopts = { .mode = 0622, .hasuid = 0, .hasgid = 0 } ;
static pwfifo cur = PWFIFO_ZERO ;
static size_t linelimit = 8192 ;
static size_t need ;          /* free output room needed before a read */
static int needsdata = 0 ;
static int cont = 1 ;
static int complained = 0 ;

static buffer out ;
static stralloc fpart = STRALLOC_ZERO ;  /* FIFO data: unfinished line */
static stralloc cpart = STRALLOC_ZERO ;  /* prog output: unfinished line */
static stralloc dnext = STRALLOC_ZERO ;  /* -D: data for the next run */
static stralloc dfeed = STRALLOC_ZERO ;  /* -D: data being fed to the running prog */
static size_t feedpos = 0 ;
static size_t dropped = 0 ;

static int devnull = -1 ;
static pid_t childpid = 0 ;
static int capfd = -1 ;       /* prog's stdout and stderr */
static int feedfd = -1 ;      /* prog's stdin with -D */
static int pending = 0 ;      /* data arrived since prog last started */
static tain nextspawn = TAIN_ZERO ;
static tain delay ;
static tain partdeadline = TAIN_INFINITE ;
static tain partgrace ;
static tain capdeadline = TAIN_ZERO ;  /* stop waiting for the old output */

static pid_t holderpid = 0 ;
static int holderfd = -1 ;    /* death pipe: the holder sees EOF when we die */

 /* Output.  Everything put into out ends with a newline, so that once out
    is flushed the log stream is at a line boundary: only then may other
    writers of that stream (our own stderr) write. */

static void flushall (void)
{
  if (!buffer_len(&out)) return ;
  ndelay_off(1) ;
  if (!buffer_flush(&out)) strerr_diefusys(111, "write to stdout") ;
  ndelay_on(1) ;
}

static void flushsome (void)
{
  if (!buffer_flush(&out) && !error_isagain(errno))
    strerr_diefusys(111, "write to stdout") ;
}

#define say(...) do { flushall() ; strerr_warnw(__VA_ARGS__) ; } while (0)
#define saysys(...) do { int e_ = errno ; flushall() ; errno = e_ ; strerr_warnwusys(__VA_ARGS__) ; } while (0)
#define sayinfo(...) do { flushall() ; strerr_warni(__VA_ARGS__) ; } while (0)

static void put (char const *s, size_t n, int isdata)
{
  buffer_putnoflush(&out, s, n) ;
  if (isdata && needsdata)
  {
   /* past the bound, drop everything until the next run: prog gets a
      prefix of the data, never a stream with holes */
    if (!dropped && dnext.len + n <= DATAMAX)
    {
      if (!stralloc_catb(&dnext, s, n)) dienomem() ;
    }
    else dropped += n ;
  }
}

static void putpart (stralloc *part, int isdata)
{
  put(part->s, part->len, isdata) ;
  part->len = 0 ;
}

 /*
    Take len bytes received on a stream (the FIFO or prog's output), with
    part holding an unfinished line from before.  Complete lines go to out
    in runs; a line longer than linelimit is cut, with a newline, every
    linelimit bytes; the unfinished end stays in part.
    drained 2: the stream ends here, close an unfinished line.
    drained 1: the source is empty right now, so the data ends at the end
    of a write(); an unfinished line of at most PIPE_BUF bytes there is a
    record without its newline (a big write in progress would have put
    at least 15 pages behind the last newline before it could block), and
    it is closed instead of waiting to be glued to the next record.
 */

static void take (stralloc *part, char const *s, size_t len, int drained, int isdata)
{
  size_t pos = 0 ;
  while (pos < len)
  {
    if (part->len)
    {
      size_t room = linelimit - part->len ;
      size_t n = len - pos < room + 1 ? len - pos : room + 1 ;
      char const *nl = memchr(s + pos, '\n', n) ;
      if (nl)
      {
        size_t k = nl - (s + pos) + 1 ;
        putpart(part, isdata) ;
        put(s + pos, k, isdata) ;
        pos += k ;
      }
      else if (n == room + 1)
      {
        putpart(part, isdata) ;
        put(s + pos, room, isdata) ;
        put("\n", 1, isdata) ;
        pos += room ;
      }
      else
      {
        if (!stralloc_catb(part, s + pos, len - pos)) dienomem() ;
        pos = len ;
      }
    }
    else
    {
      size_t start = pos ;
      for (;;)
      {
        size_t n = len - pos < linelimit + 1 ? len - pos : linelimit + 1 ;
        char const *nl = memchr(s + pos, '\n', n) ;
        if (nl)
        {
          pos = nl - s + 1 ;
          if (pos < len) continue ;
          if (start < pos) put(s + start, pos - start, isdata) ;
          break ;
        }
        if (start < pos) put(s + start, pos - start, isdata) ;
        if (n == linelimit + 1)
        {
          put(s + pos, linelimit, isdata) ;
          put("\n", 1, isdata) ;
          pos += linelimit ;
        }
        else
        {
          if (!stralloc_catb(part, s + pos, len - pos)) dienomem() ;
          pos = len ;
        }
        break ;
      }
    }
  }
  if (part->len && (drained == 2 || (drained == 1 && part->len <= PIPE_BUF)))
  {
    putpart(part, isdata) ;
    put("\n", 1, isdata) ;
  }
}

 /*
    Read what the FIFO has, while out has room for it.  A read shorter
    than asked for emptied the pipe: the data ends at the end of some
    write() (a writer blocked in the middle of a big write means a full
    pipe, hence a full-size read).  An empty pipe after a full-size read
    proves nothing: the big writer may just not have been scheduled yet,
    so an unfinished line then waits, at most PARTGRACE.
 */

static size_t readfifo (int fd, size_t max)
{
  static char buf[READSIZE] ;
  size_t total = 0 ;
  while (total < max)
  {
    ssize_t r ;
    if (buffer_available(&out) < need)
    {
      if (cont) break ;
      flushall() ;  /* exiting or switching: blocking is fine */
    }
    r = read(fd, buf, READSIZE) ;
    if (r == -1)
    {
      if (errno == EINTR) continue ;
      if (!error_isagain(errno)) strerr_diefusys(111, "read from ", path) ;
      break ;
    }
    if (!r) break ;
    total += r ;
    take(&fpart, buf, r, r < READSIZE, 1) ;
    if (r < READSIZE) break ;
  }
  if (total)
  {
    pending = 1 ;
    if (fpart.len) tain_add_g(&partdeadline, &partgrace) ;
  }
  return total ;
}

static void readcapture (void)
{
  char buf[linelimit] ;
  ssize_t r = sanitize_read(fd_read(capfd, buf, linelimit)) ;
  if (r == -1)
  {
    if (errno != EPIPE) saysys("read output of ", prog[0]) ;
    take(&cpart, buf, 0, 2, 0) ;
    fd_close(capfd) ;
    capfd = -1 ;
    return ;
  }
  if (r) take(&cpart, buf, r, 0, 0) ;
}

static void writefeed (void)
{
  ssize_t w = fd_write(feedfd, dfeed.s + feedpos, dfeed.len - feedpos) ;
  if (w == -1)
  {
    if (error_isagain(errno)) return ;
    if (errno != EPIPE) saysys("write to ", prog[0]) ;
    feedpos = dfeed.len ;
  }
  else feedpos += w ;
  if (feedpos >= dfeed.len)
  {
    fd_close(feedfd) ;
    feedfd = -1 ;
    dfeed.len = 0 ;
    feedpos = 0 ;
  }
}

static void spawnprog (void)
{
  int cap[2] ;
  int in[2] = { -1, -1 } ;
  pid_t pid ;
  if (capfd >= 0)  /* a grandchild still holds the old output pipe */
  {
    take(&cpart, "", 0, 2, 0) ;
    fd_close(capfd) ;
    capfd = -1 ;
  }
  if (feedfd >= 0)
  {
    fd_close(feedfd) ;
    feedfd = -1 ;
  }
  pending = 0 ;
  tain_add_g(&nextspawn, &delay) ;
  if (pipecoe(cap) == -1) { saysys("create a pipe") ; return ; }
  if (needsdata && pipecoe(in) == -1)
  {
    saysys("create a pipe") ;
    fd_close(cap[1]) ; fd_close(cap[0]) ;
    return ;
  }
  pid = pw_spawn(prog, needsdata ? in[0] : devnull, cap[1]) ;
  fd_close(cap[1]) ;
  if (needsdata) fd_close(in[0]) ;
  if (pid == -1)
  {
    saysys("spawn ", prog[0]) ;
    fd_close(cap[0]) ;
    if (needsdata) fd_close(in[1]) ;
    dnext.len = 0 ;
    dropped = 0 ;
    return ;
  }
  childpid = pid ;
  capfd = cap[0] ;
  ndelay_on(capfd) ;
  if (needsdata)
  {
    stralloc tmp = dfeed ;
    dfeed = dnext ;
    dnext = tmp ;
    dnext.len = 0 ;
    feedpos = 0 ;
    feedfd = in[1] ;
    ndelay_on(feedfd) ;
    if (dropped)
    {
      char fmt[SIZE_FMT] ;
      fmt[size_fmt(fmt, dropped)] = 0 ;
      say("data for ", prog[0], " exceeded the bound: ", fmt, " bytes not given to it") ;
      dropped = 0 ;
    }
    if (!dfeed.len)
    {
      fd_close(feedfd) ;
      feedfd = -1 ;
    }
  }
}

static void holder_stop (void)
{
  if (holderfd >= 0) { fd_close(holderfd) ; holderfd = -1 ; }
  if (holderpid)
  {
    int wstat ;
    kill(holderpid, SIGTERM) ;
    wait_pid(holderpid, &wstat) ;
    holderpid = 0 ;
  }
}

static void holder_start (void)
{
  holderpid = pw_holder_start(cur.rfd, HOLDSECS, &holderfd) ;
  if (holderpid == -1)
  {
    holderpid = 0 ;
    saysys("start the holder process") ;
  }
}

static void lock (void)
{
  int r = pw_fifo_lock(&cur) ;
  if (r == -1) saysys("lock ", path) ;
  else if (!r) say("another process holds the lock on ", path, ": is another reader running?") ;
}

static void complain (int e, uid_t owner)
{
  switch (e)
  {
    case PWF_SYMLINK : say("unable to use ", path, ": it is a symbolic link") ; break ;
    case PWF_NOTFIFO : say("unable to use ", path, ": it is not a named pipe") ; break ;
    case PWF_OWNER :
    {
      char fmt[UID_FMT] ;
      fmt[uid_fmt(fmt, owner)] = 0 ;
      say("unable to use ", path, ": the named pipe belongs to uid ", fmt) ;
      break ;
    }
    default : saysys("open ", path) ; break ;
  }
}

 /* Switch to a fresh open of the path: if force (SIGHUP), always;
    otherwise only when the path no longer names our FIFO.  The old pipe
    is drained into out before it is closed. */

static void reopen (int force)
{
  pwfifo nf = PWFIFO_ZERO ;
  uid_t owner = 0 ;
  int e ;
  int gone = 0 ;
  if (!force)
  {
    struct stat st ;
    if (lstat(path, &st) == 0)
    {
      if (st.st_dev == cur.dev && st.st_ino == cur.ino) return ;
    }
    else if (errno == ENOENT) gone = 1 ;
  }
  e = pw_fifo_open(&nf, path, &fopts, &owner) ;
  if (e)
  {
    if (!complained) complain(e, owner) ;
    complained = 1 ;
    return ;
  }
  if (gone) sayinfo("recreated ", path) ;
  else if (force || complained) sayinfo("reopened ", path) ;
  else sayinfo("reopened ", path, ": it was replaced") ;
  complained = 0 ;
  {
    int cont_ = cont ;
    cont = 0 ;
    readfifo(cur.rfd, DRAINMAX) ;
    take(&fpart, "", 0, 2, 1) ;  /* the old pipe's last line ends here */
    cont = cont_ ;
  }
  {
    int same = nf.dev == cur.dev && nf.ino == cur.ino ;
    if (!same) holder_stop() ;
    pw_fifo_close(&cur) ;
    cur = nf ;
    lock() ;  /* closing the old fds dropped our lock if it was the same inode */
    if (!same || !holderpid) holder_start() ;
  }
}

static void reap (void)
{
  for (;;)
  {
    int wstat ;
    pid_t pid = wait_nohang(&wstat) ;
    if (pid <= 0) break ;
    if (pid == childpid)
    {
      childpid = 0 ;
      tain_addsec_g(&capdeadline, CAPGRACE) ;
      if (WIFSIGNALED(wstat) || WEXITSTATUS(wstat))
      {
        char fmt[UINT_FMT] ;
        fmt[uint_fmt(fmt, wait_estatus(wstat))] = 0 ;
        say(prog[0], WIFSIGNALED(wstat) ? " crashed with signal " : " exited ", fmt) ;
      }
    }
    else if (pid == holderpid)
    {
      holderpid = 0 ;
      if (holderfd >= 0) { fd_close(holderfd) ; holderfd = -1 ; }
    }
  }
}

static void handle_signals (void)
{
  for (;;) switch (selfpipe_read())
  {
    case -1 : strerr_diefusys(111, "read selfpipe") ;
    case 0 : return ;
    case SIGTERM : cont = 0 ; break ;
    case SIGHUP : reopen(1) ; break ;
    case SIGCHLD : reap() ; break ;
    default : break ;
  }
}

static void scanuser (char const *s, uid_t *uid)
{
  if (!uid0_scan(s, uid))
  {
    struct passwd *pw = getpwnam(s) ;
    if (!pw) strerr_dief(100, "unknown user: ", s) ;
    *uid = pw->pw_uid ;
  }
}

static void scangroup (char const *s, gid_t *gid)
{
  if (!gid0_scan(s, gid))
  {
    struct group *gr = getgrnam(s) ;
    if (!gr) strerr_dief(100, "unknown group: ", s) ;
    *gid = gr->gr_gid ;
  }
}

int main (int argc, char const *const *argv)
{
  unsigned int notif = 0 ;
  unsigned int checksecs = 2 ;
  tain nextcheck = TAIN_INFINITE ;
  PROG = "maildrop-pipewatch" ;
  {
    subgetopt l = SUBGETOPT_ZERO ;
    unsigned int mindelay = 10 ;
    unsigned int ll = 8192 ;
    for (;;)
    {
      int opt = subgetopt_r(argc, argv, "d:m:u:g:t:Dc:l:", &l) ;
      if (opt == -1) break ;
      switch (opt)
      {
        case 'd' : if (!uint0_scan(l.arg, &notif)) dieusage() ; break ;
        case 'm' : if (!uint0_oscan(l.arg, &fopts.mode)) dieusage() ; break ;
        case 'u' : scanuser(l.arg, &fopts.uid) ; fopts.hasuid = 1 ; break ;
        case 'g' : scangroup(l.arg, &fopts.gid) ; fopts.hasgid = 1 ; break ;
        case 't' : if (!uint0_scan(l.arg, &mindelay)) dieusage() ; break ;
        case 'D' : needsdata = 1 ; break ;
        case 'c' : if (!uint0_scan(l.arg, &checksecs)) dieusage() ; break ;
        case 'l' : if (!uint0_scan(l.arg, &ll)) dieusage() ; break ;
        default : dieusage() ;
      }
    }
    argc -= l.ind ; argv += l.ind ;
    if (!argc) dieusage() ;
    path = argv[0] ;
    if (argc > 1) prog = argv + 1 ;
    if (fopts.mode > 0777) strerr_dief(100, "mode must be at most 0777") ;
    if ((fopts.mode & 0600) != 0600)
      strerr_dief(100, "mode must let the owner read and write") ;
    if (ll < 64) ll = 64 ;
    if (ll > 1048576) ll = 1048576 ;
    linelimit = ll ;
    tain_uint(&delay, mindelay) ;
    tain_from_millisecs(&partgrace, PARTGRACE) ;
  }
  if (notif)
  {
    if (notif < 3) strerr_dief(100, "notification fd must be 3 or more") ;
    if (fcntl(notif, F_GETFD) < 0) strerr_diefsys(100, "invalid notification fd") ;
  }
  if (!fd_sanitize()) strerr_diefusys(111, "sanitize standard fds") ;
  if (prog)
  {
    devnull = openc_read("/dev/null") ;
    if (devnull == -1) strerr_diefusys(111, "open /dev/null") ;
  }

  {
    uid_t owner = 0 ;
    int e = pw_fifo_open(&cur, path, &fopts, &owner) ;
    switch (e)
    {
      case 0 : break ;
      case PWF_SYMLINK : strerr_dief(100, "unable to use ", path, ": it is a symbolic link") ;
      case PWF_NOTFIFO : strerr_dief(100, "unable to use ", path, ": it is not a named pipe") ;
      case PWF_OWNER :
      {
        char fmt[UID_FMT] ;
        fmt[uid_fmt(fmt, owner)] = 0 ;
        strerr_dief(100, "unable to use ", path, ": the named pipe belongs to uid ", fmt) ;
      }
      default : strerr_diefusys(111, "open ", path) ;
    }
  }

  need = READSIZE + 2 * linelimit + READSIZE / linelimit + 4 ;
  {
    size_t outsize = 2 * need ;
    char outbuf[outsize] ;
    iopause_fd x[5] = { { .events = IOPAUSE_READ } } ;
    buffer_init(&out, &buffer_write, 1, outbuf, outsize) ;

    x[0].fd = selfpipe_init() ;
    if (x[0].fd == -1) strerr_diefusys(111, "init selfpipe") ;
    if (!sig_altignore(SIGPIPE)) strerr_diefusys(111, "ignore SIGPIPE") ;
    {
      sigset_t set ;
      sigemptyset(&set) ;
      sigaddset(&set, SIGTERM) ;
      sigaddset(&set, SIGHUP) ;
      sigaddset(&set, SIGCHLD) ;
      if (!selfpipe_trapset(&set)) strerr_diefusys(111, "trap signals") ;
    }
    lock() ;
    holder_start() ;
    ndelay_on(1) ;
    tain_now_set_stopwatch_g() ;
    if (checksecs) tain_addsec_g(&nextcheck, checksecs) ;
    if (notif)
    {
      fd_write(notif, "\n", 1) ;
      fd_close(notif) ;
    }

    while (cont)
    {
      tain deadline = TAIN_INFINITE ;
      unsigned int n = 3, icap = 0, ifeed = 0 ;
      int r ;
     /* prog: one at a time, min_delay apart, and not before the last
        one's output is all read (unless a grandchild keeps it open) */
      if (prog && pending && !childpid && !tain_future(&nextspawn)
       && (capfd < 0 || !tain_future(&capdeadline))) spawnprog() ;
      if (tain_less(&nextcheck, &deadline)) deadline = nextcheck ;
      if (prog && pending && !childpid)
      {
        tain const *t = capfd >= 0 && tain_less(&nextspawn, &capdeadline) ? &capdeadline : &nextspawn ;
        if (tain_less(t, &deadline)) deadline = *t ;
      }
      if (fpart.len && buffer_available(&out) >= need && tain_less(&partdeadline, &deadline))
        deadline = partdeadline ;
     /* an fd we want nothing from is left out (-1): poll reports
        POLLERR and POLLHUP even when not asked, and we would spin */
      x[1].events = buffer_len(&out) ? IOPAUSE_WRITE : 0 ;
      x[1].fd = x[1].events ? 1 : -1 ;
      x[2].events = buffer_available(&out) >= need ? IOPAUSE_READ : 0 ;
      x[2].fd = x[2].events ? cur.rfd : -1 ;
      if (capfd >= 0 && buffer_available(&out) >= need)
      {
        x[n].fd = capfd ;
        x[n].events = IOPAUSE_READ ;
        icap = n++ ;
      }
      if (feedfd >= 0)
      {
        x[n].fd = feedfd ;
        x[n].events = IOPAUSE_WRITE ;
        ifeed = n++ ;
      }
      r = iopause_g(x, n, &deadline) ;
      if (r == -1) strerr_diefusys(111, "iopause") ;
      if (r)
      {
        if (x[0].revents) handle_signals() ;
        if (x[1].events && x[1].revents) flushsome() ;
        if (ifeed && feedfd >= 0 && x[ifeed].revents) writefeed() ;
        if (icap && capfd >= 0 && x[icap].revents) readcapture() ;
        if (cont && x[2].fd >= 0 && x[2].fd == cur.rfd && x[2].revents)
        {
          readfifo(cur.rfd, READSIZE * 4) ;
          flushsome() ;
        }
      }
      if (fpart.len && !tain_future(&partdeadline) && buffer_available(&out) >= need)
      {
        take(&fpart, "", 0, 2, 1) ;  /* an unterminated record: close it */
        flushsome() ;
      }
      if (cont && !tain_future(&nextcheck))
      {
        reopen(0) ;
        if (!holderpid) holder_start() ;
        tain_addsec_g(&nextcheck, checksecs) ;
      }
    }

   /* SIGTERM: forward what the pipe already holds, then stop */
    readfifo(cur.rfd, DRAINMAX) ;
    take(&fpart, "", 0, 2, 1) ;
    flushall() ;
    holder_stop() ;
  }
  return 0 ;
}
