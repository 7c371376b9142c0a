// The one name the single executable and spec/paths.ts share, in a module of its own that does nothing when loaded
// (paths.ts reads the variable when it is first evaluated, so the executable sets it before).

/** Set by the single executable (bin/single-executable.ts) to the folder where it unpacked the package's files. */
export const UNPACKED_ROOT_VARIABLE = "ENERGY_COORDINATION_UNPACKED_ROOT";
