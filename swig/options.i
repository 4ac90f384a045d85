/* Socket options (by name, with named fields) and event subscription. */

sctpc_done sctpc_getopt(int fd, struct sctpc_optval *v);
sctpc_done sctpc_setopt(int fd, const struct sctpc_optval *v);
sctpc_status sctpc_getopt_int(int fd, int level, int optname);
sctpc_done sctpc_setopt_int(int fd, int level, int optname, int value);
sctpc_done sctpc_subscribe(int fd, int type, int on, int32_t assoc_id);
sctpc_status sctpc_subscribed(int fd, int type, int32_t assoc_id);
