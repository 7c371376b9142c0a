// The entry of the single executable (`npm run build:binary`): Node's single executable application carries the
// command bundled as one script and the package's data files (specs, pages, Swagger UI) as assets. The files are
// unpacked once into a folder named by their hash, which the command then reads as its project root.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { getAsset } from "node:sea";
import { UNPACKED_ROOT_VARIABLE } from "../spec/unpacked-root.js";
import { MANIFEST_ASSET } from "./single-executable-manifest.js";


function unpack(): string {
  const files = JSON.parse(getAsset(MANIFEST_ASSET, "utf8")) as string[];
  const hash = createHash("sha256");
  const contents = files.map((file) => {
    const data = Buffer.from(getAsset(file));
    hash.update(file).update(data);
    return [file, data] as const;
  });
  const root = join(tmpdir(), `energy-coordination-${hash.digest("hex").slice(0, 16)}`);
  if (existsSync(join(root, MANIFEST_ASSET))) return root;
  // Unpacked beside, then renamed into place: a second copy starting at the same time never sees half a folder.
  const staging = mkdtempSync(`${root}.staging-`);
  for (const [file, data] of contents) {
    mkdirSync(dirname(join(staging, file)), { recursive: true });
    writeFileSync(join(staging, file), data);
  }
  writeFileSync(join(staging, MANIFEST_ASSET), JSON.stringify(files));
  try {
    renameSync(staging, root);
  } catch {
    // Another copy got there first: its folder holds the same files.
    rmSync(staging, { recursive: true, force: true });
  }
  return root;
}

process.env[UNPACKED_ROOT_VARIABLE] = unpack();
// Loaded after the root is set: the command's modules read it when they are first evaluated.
import("./energy-coordination.js")
  .then(({ main }) => main(process.argv.slice(2)))
  .then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`energy-coordination: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
