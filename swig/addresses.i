/* Sockets and addresses.  Addresses are the language's address values (see the typemaps);
 * resolving and formatting them is the core's (sctpc_addr_resolve, sctpc_addr_format), and
 * the typemaps of int64_t timeout_ms call sctpc_timeout_ms. */
%rename("$ignore", regexmatch$name="^sctpc_(addrlen|addr_(format|check|resolve|is_numeric)|timeout_ms)$") "";
