/* The SWIG interface of the C core: this file only names the module and includes one
 * interface per concern.  Language-only typemaps live in python/ and lua/. */
#if defined(SWIGPYTHON)
%module(package="sctp", docstring="Low-level SCTP calls over the C core (use the sctp package instead).") lowlevel
#elif defined(SWIGLUA)
%module sctp_core
#endif

%{
#include <errno.h>
#include <string.h>
#include "sctp_core.h"
%}

/* Every core call is exposed without its sctpc_ prefix. */
%rename("%(strip:[sctpc_])s") "";

#if defined(SWIGPYTHON)
%include "python/runtime.i"
#elif defined(SWIGLUA)
%include "lua/runtime.i"
#endif

%include "status.i"
%include "sockets.i"
%include "messages.i"
%include "options.i"
%include "constants.i"

#if defined(SWIGPYTHON)
%include "python/socket_methods.i"
%include "python/batch.i"
#elif defined(SWIGLUA)
%include "lua/batch.i"
#endif
