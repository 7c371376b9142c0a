// `npm run lint:cycles`: no import circles anywhere in the project, type-only imports included (a circle of types
// is still a circle: the modules cannot be understood, moved or tested one without the other).
// The known violations (.dependency-cruiser-known-violations.json) list nothing: a new circle fails `npm test`.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Break the circle: move what both sides need into a module of its own that imports neither.",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|dist|reports)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
