/* Private helpers shared by the core's source files. */
#ifndef SCTP_CORE_INTERNAL_H
#define SCTP_CORE_INTERNAL_H

#include "sctp_core.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/sctp.h>

/* A call's deadline (absolute monotonic ms, -1 for none) before its first wait: the clock
 * is read when the call first has to wait, as the socket module does, so a call that finds
 * its data there reads no clock. */
#define SCTPC__NO_DEADLINE_YET INT64_MIN

/* A call entering the handle: its descriptor, or -EBADF once the handle is closed.  Every
 * successful enter is paired with one leave. */
int sctpc__enter(struct sctpc_sock *s);
void sctpc__leave(struct sctpc_sock *s);
/* After an EAGAIN: wait until the handle's fd is ready for events, *deadline (set from the
 * handle's timeout on the first wait) passes or the handle is closed.  0 = ready, -EAGAIN
 * (timeout 0), -SCTPC_ETIMEOUT, -EBADF (closed), -EINTR (the interrupt hook said stop) or
 * -errno. */
int sctpc__wait(struct sctpc_sock *s, short events, int64_t *deadline);
/* After a non-blocking call failed (errno set): 0 to try it again (interrupted, or ready
 * after the wait), else the status to return; msg_flags with MSG_DONTWAIT never waits.
 * The one EINTR/EAGAIN policy of the core. */
int sctpc__retry(struct sctpc_sock *s, short events, int64_t *deadline, int msg_flags);

/* Copy addrs into a packed sockaddr_in / sockaddr_in6 array as the kernel wants it for
 * bindx / connectx; AF_UNSPEC entries become the wildcard of the socket's family.
 * Returns the packed length or -errno. */
int sctpc__pack_addrs(int fd, const struct sockaddr_storage *addrs, int count,
                      unsigned char **out);

/* An address in the socket's terms (AF_UNSPEC -> wildcard of the socket's family). */
int sctpc__resolve_unspec(int fd, const struct sockaddr_storage *in, struct sockaddr_storage *out);

/* The SCTP_SNDRCV / SCTP_RCVINFO / SCTP_NXTINFO control messages of a received message
 * into info (other control messages are skipped; short ones are ignored). */
void sctpc__read_cmsgs(struct msghdr *m, struct sctpc_recvinfo *info);

static inline int sctpc__err(void) { return errno ? -errno : -EIO; }

/* Append one field to a list; silently stops at SCTPC_MAX_FIELDS (lists are sized for it). */
static inline void sctpc__field(struct sctpc_fields *o, const char *name, int kind, int64_t i,
                                const void *ptr, size_t len)
{
    if (o->count < SCTPC_MAX_FIELDS) {
        struct sctpc_field *f = &o->f[o->count++];
        f->name = name; f->kind = kind; f->i = i; f->ptr = ptr; f->len = len;
    }
}
#define SCTPC_INTF(o, name, v) sctpc__field((o), (name), SCTPC_INT, (int64_t)(v), NULL, 0)

#endif
