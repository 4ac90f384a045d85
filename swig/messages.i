/* Messages and notifications. */

SCTP_BLOCKING(sctpc_send, arg5)
SCTP_BLOCKING(sctpc_sendv, arg6)
SCTP_BLOCKING(sctpc_recv, arg3)
SCTP_BLOCKING(sctpc_recv_message, arg3)
SCTP_BLOCKING(sctpc_sendv_iov, arg6)

sctpc_status sctpc_send(int fd, const struct sockaddr_storage *to, const struct sctpc_sendinfo *info,
                        int msg_flags, int timeout_ms, const void *buf, size_t len);
sctpc_status sctpc_sendv(int fd, const struct sockaddr_storage *dests, int ndests,
                         const struct sctpc_sendv_info *info, int msg_flags, int timeout_ms,
                         const void *buf, size_t len);
sctpc_status sctpc_recv(int fd, int msg_flags, int timeout_ms, void *buf, size_t len,
                        struct sctpc_recvinfo *info);

/* decode_notification(bytes) -> fields: for notifications read in several parts. */
%rename(decode_notification) sctpc_notification_fields;
sctpc_done sctpc_notification_fields(const void *buf, size_t len, struct sctpc_fields *out);

/* Gathered sends and batches (each runtime.i converts the lists). */
SCTP_BLOCKING(sctpc_recv_many, arg3)
SCTP_BLOCKING(sctpc_send_many, arg4)
sctpc_status sctpc_sendv_iov(int fd, const struct sockaddr_storage *dests, int ndests,
                             const struct sctpc_sendv_info *info, int msg_flags, int timeout_ms,
                             const struct iovec *iov, int iovcnt);
sctpc_status sctpc_recv_many(int fd, int msg_flags, int timeout_ms, int count, size_t len,
                             void *const *bufs, struct sctpc_recvinfo *infos, int *lens);
sctpc_status sctpc_send_many(int fd, const struct sctpc_sendinfo *info, int msg_flags,
                             int timeout_ms, const struct iovec *msgs, int count);

#ifdef SWIGPYTHON
SCTP_BLOCKING(sctpc_recv_into, arg3)

/* The same receive, returning a flat tuple for sctp.Message (see python/runtime.i). */
%inline %{
static sctpc_status sctpc_recv_message(int fd, int msg_flags, int timeout_ms, void *buf,
                                       size_t len, struct sctpc_recvinfo *minfo)
{
    return sctpc_recv(fd, msg_flags, timeout_ms, buf, len, minfo);
}
static sctpc_status sctpc_recv_into(int fd, int msg_flags, int timeout_ms, void *into,
                                    size_t len, struct sctpc_recvinfo *minfo)
{
    return sctpc_recv(fd, msg_flags, timeout_ms, into, len, minfo);
}
%}
#endif

