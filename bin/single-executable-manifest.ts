// The name of the single executable's asset that lists the others (shared by the entry and scripts/build-binary.ts).
export const MANIFEST_ASSET = "manifest.json";
