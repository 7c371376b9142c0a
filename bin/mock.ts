// The `mock` subcommand's entry. `npm run build` replaces its compiled form, dist/bin/mock.js, with one bundled file
// (esbuild: the mock with express, ajv and the rest inlined), because loading one file instead of some 300 modules
// takes about a third off the installed mock's start-up; from source (tsx) it is this plain re-export.
export { run } from "../mock/cli.js";
