// The generic engine judges a deployment by the spec alone: nothing it loads statically (type-only imports count)
// comes from mock/. Only the mock-backed mode reaches the mock, through one dynamic import in run.ts.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The module specifiers of a file's import and export declarations, and of its `import()` calls. */
function importsOf(file: string): { static: string[]; dynamic: string[] } {
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), "utf8"), ts.ScriptTarget.Latest, true);
  const found = { static: [] as string[], dynamic: [] as string[] };
  for (const st of source.statements) {
    if ((ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) found.static.push(st.moduleSpecifier.text);
  }
  const walk = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) found.dynamic.push(node.arguments[0].text);
    ts.forEachChild(node, walk);
  };
  walk(source);
  return found;
}

/** Every project file a module loads through static imports and re-exports, and the dynamic imports on the way. */
function moduleGraph(entry: string): { files: string[]; dynamic: string[] } {
  const files = new Set<string>();
  const dynamic: string[] = [];
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const imports = importsOf(file);
    for (const spec of imports.static) {
      if (!spec.startsWith(".")) continue;
      const target = relative(ROOT, resolve(ROOT, dirname(file), spec));
      // `./schema.js` may be a declaration file (generated types).
      visit([target.replace(/\.js$/, ".ts"), target.replace(/\.js$/, ".d.ts")].find((f) => existsSync(join(ROOT, f))) ?? target);
    }
    for (const spec of imports.dynamic) dynamic.push(`${file} → ${spec}`);
  };
  visit(entry);
  return { files: [...files].sort(), dynamic };
}

it("loads nothing from mock/ in the engine, the library entry or the CLI, statically", () => {
  for (const entry of ["fuzz/runner.ts", "fuzz/run.ts", "scripts/fuzz.ts"]) {
    const { files } = moduleGraph(entry);
    expect(files.filter((f) => f.startsWith("mock/")), entry).toEqual([]);
    expect(files).toContain("spec/operations.ts");
  }
});

it("reaches the mock only through the dynamic import of the mock-backed mode", () => {
  expect(moduleGraph("fuzz/run.ts").dynamic).toEqual(["fuzz/run.ts → ./mock-target.js"]);
  expect(moduleGraph("fuzz/mock-target.ts").files).toContain("mock/start.ts");
});
