/* Sockets, addresses, associations. */

SCTP_BLOCKING(sctpc_accept, arg3)
SCTP_BLOCKING(sctpc_connect, arg3)
SCTP_BLOCKING(sctpc_connectx, arg4)

sctpc_status sctpc_socket(int family, int type);
sctpc_done sctpc_close(int fd);
sctpc_done sctpc_set_nonblocking(int fd, int on);
sctpc_done sctpc_bind(int fd, const struct sockaddr_storage *addr);
sctpc_done sctpc_listen(int fd, int backlog);
sctpc_status sctpc_accept(int fd, struct sockaddr_storage *peer, int timeout_ms);
sctpc_done sctpc_connect(int fd, const struct sockaddr_storage *addr, int timeout_ms);
sctpc_done sctpc_getsockname(int fd, struct sockaddr_storage *addr_out);
sctpc_done sctpc_getpeername(int fd, struct sockaddr_storage *addr_out);
sctpc_done sctpc_shutdown(int fd, int how);
sctpc_done sctpc_bindx(int fd, const struct sockaddr_storage *addrs, int count, int flags);
sctpc_status sctpc_connectx(int fd, const struct sockaddr_storage *addrs, int count, int timeout_ms);
sctpc_status sctpc_getpaddrs(int fd, int32_t assoc_id, struct sockaddr_storage *out, int max);
sctpc_status sctpc_getladdrs(int fd, int32_t assoc_id, struct sockaddr_storage *out, int max);
sctpc_status sctpc_peeloff(int fd, int32_t assoc_id, unsigned int flags);
