/* Tables of the core, walked by index until they end (None / nil):
 *   constant_at(i) -> (name, value)      optdesc_at(i) -> (name, readable, writable) */
const struct sctpc_constant *sctpc_constant_at(int i);
const struct sctpc_optdesc *sctpc_optdesc_at(int i);
