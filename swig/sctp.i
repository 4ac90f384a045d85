/* The SWIG interface of the C core.  SWIG reads the core's own header; this file names the
 * module and includes one interface per concern, after the language's typemaps. */
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

%include <stdint.i>

/* Every core call is exposed without its sctpc_ prefix. */
%rename("%(strip:[sctpc_])s") "";

#if defined(SWIGPYTHON)
%include "python/typemaps.i"
#elif defined(SWIGLUA)
%include "lua/typemaps.i"
#endif

%include "errors.i"
%include "addresses.i"
%include "messages.i"
%include "options.i"
%include "constants.i"

%include "sctp_core.h"
