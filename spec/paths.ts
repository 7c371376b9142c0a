// Where the project's files are, both from source (tsx) and from the built package (dist/): compiled modules sit
// one folder deeper, but the YAML, the Postman collection and package.json stay where they are in the clone.
import { existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { UNPACKED_ROOT_VARIABLE } from "./unpacked-root.js";


function findRoot(): string {
  // The single executable has no package folder: it unpacks the files it carries and names where.
  const unpacked = process.env[UNPACKED_ROOT_VARIABLE];
  if (unpacked) return unpacked;
  const parent = join(dirname(fileURLToPath(import.meta.url)), "..");
  return basename(parent) === "dist" && existsSync(join(parent, "..", "package.json")) ? join(parent, "..") : parent;
}

/** The project's (or the installed package's) root folder. */
export const PROJECT_ROOT = findRoot();

/** A file of the project by its path from the root: `projectPath("spec", "energy-coordination.yaml")`. */
export const projectPath = (...segments: string[]): string => join(PROJECT_ROOT, ...segments);

/** The mock's control API (`/_mock`), described apart from the authoritative spec. */
export const CONTROL_SPEC_PATH = projectPath("spec", "mock-control.yaml");
