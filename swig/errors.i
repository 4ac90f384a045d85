/* Errors.  Every core call returns >= 0 or -errno (sctpc_status); the language's typemap
 * turns a negative one into its error: OSError (with errno; TimeoutError for the core's
 * timeout) in Python, nil, message, errno in Lua. */

/* Internal to the core and the bindings: not part of either language's API. */
%rename("$ignore", regexmatch$name="^sctpc_(end_of_stream|sock_(set_interrupt|same_sender|sender_slot|scratch.*|size_hint|free)|field_(error|item)|recvinfo_clear|assocs_(fields|free))$") "";

/* Calls that can wait: the language lets other threads run meanwhile (the macros are the
 * typemap files').  SCTP_TRIES first makes one try that cannot wait (MSG_DONTWAIT in the
 * flags argument named), and lets others run only if that one would have had to. */
SCTP_WAITS(sctpc_accept)
SCTP_WAITS(sctpc_connect)
SCTP_WAITS(sctpc_connectx)
SCTP_WAITS(sctpc_send_many)
SCTP_WAITS(sctpc_assocs)
SCTP_TRIES(sctpc_send, arg4)
SCTP_TRIES(sctpc_sendv, arg5)
SCTP_TRIES(sctpc_batch_receive, arg3)
