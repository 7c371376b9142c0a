// The packages a partner installs only for the feature that needs them (newman for `energy-coordination newman`,
// ioredis and BullMQ for `--store redis://…`) are optional peer dependencies: npm leaves them out by default, and the
// feature that needs one says in one line what to install.

/** The package an import failed to find, when the failure is that (Node's ERR_MODULE_NOT_FOUND / MODULE_NOT_FOUND). */
function missingPackageOf(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") return undefined;
  return /Cannot find (?:package|module) '([^']+)'/.exec(error.message)?.[1];
}

/**
 * Imports a module that needs optional packages; when one of `packages` is missing, fails with one line naming the
 * feature and the `npm install` that enables it. Any other failure is passed on as it is.
 */
export async function importOptional<T>(load: () => Promise<T>, feature: string, packages: readonly string[]): Promise<T> {
  try {
    return await load();
  } catch (e) {
    const missing = missingPackageOf(e);
    if (missing !== undefined && packages.some((p) => missing === p || missing.startsWith(`${p}/`))) {
      throw new MissingPackageError(`${feature} needs the optional package${packages.length > 1 ? "s" : ""} ${packages.join(" and ")}: npm install ${packages.join(" ")}`);
    }
    throw e;
  }
}

export class MissingPackageError extends Error {
  override name = "MissingPackageError";
}
