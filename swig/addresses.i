/* Sockets and addresses.  Addresses are the language's address values (see the typemaps);
 * resolving and formatting them is the core's (sctpc_addr_resolve, sctpc_addr_format). */

%ignore sctpc_addrlen;
%ignore sctpc_addr_format;
%ignore sctpc_addr_check;
%ignore sctpc_addr_resolve;
%ignore sctpc_addr_is_numeric;
%ignore sctpc_timeout_ms;      /* the typemaps of int64_t timeout_ms call it */
