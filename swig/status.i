/* Status returns: every core call gives >= 0 or -errno; one typemap per language turns the
 * negative ones into the language's error (python/runtime.i, lua/runtime.i). */

/* A status whose success value means nothing: None in Python, true in Lua. */
%{
typedef sctpc_status sctpc_done;
%}
typedef int sctpc_status;
typedef int sctpc_done;

/* Calls that can block: retry after EINTR with the time left (PEP 475).  ARG is the SWIG
 * argument variable holding timeout_ms. */
%define SCTP_BLOCKING(FUNC, ARG)
%exception FUNC {
    int64_t sctp_deadline_ = sctpc_deadline(ARG);
    for (;;) {
        $action
        if (result != -EINTR)
            break;
        SCTP_AFTER_EINTR
        ARG = sctpc_time_left(sctp_deadline_, ARG);
    }
}
%enddef
