/**
 * Prints the largest functions and files of the deployed code, the CDK app and the pages, so a
 * function that grows past the size a reader takes in at once shows up by name.
 * Usage: npm run sizes [-- <how many, default 10>]
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

const ROOTS = ["functions", "infra", "web/src"];
const root = process.cwd();
const limit = Number(process.argv[2] ?? "10");

interface Sized {
  readonly name: string;
  readonly lines: number;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === "node_modules" || entry.name === "dist" ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

function nameOf(node: ts.Node): string {
  if (ts.isConstructorDeclaration(node)) {
    return `${ts.isClassLike(node.parent) ? (node.parent.name?.text ?? "class") : "class"}.constructor`;
  }
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isAccessor(node)) && node.name) {
    return node.name.getText();
  }
  const parent = node.parent;
  if (
    ts.isVariableDeclaration(parent) ||
    ts.isPropertyAssignment(parent) ||
    ts.isPropertyDeclaration(parent)
  ) {
    return parent.name.getText();
  }
  if (ts.isCallExpression(parent)) return `(callback of ${parent.expression.getText().slice(0, 40)})`;
  return "(anonymous)";
}

function linesOf(file: ts.SourceFile, node: ts.Node): number {
  const start = file.getLineAndCharacterOfPosition(node.getStart(file)).line;
  const end = file.getLineAndCharacterOfPosition(node.getEnd()).line;
  return end - start + 1;
}

const functions: Sized[] = [];
const files: Sized[] = [];
for (const path of ROOTS.flatMap((dir) => sourceFiles(join(root, dir)))) {
  const text = readFileSync(path, "utf8");
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const where = relative(root, path);
  files.push({ name: where, lines: file.getLineAndCharacterOfPosition(file.getEnd()).line });
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      functions.push({ name: `${where} ${nameOf(node)}`, lines: linesOf(file, node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
}

const largest = (items: Sized[]): string =>
  [...items]
    .sort((a, b) => b.lines - a.lines)
    .slice(0, limit)
    .map((item) => `${String(item.lines).padStart(5)}  ${item.name}`)
    .join("\n");

console.log(`Largest functions (lines, file and name):\n${largest(functions)}\n`);
console.log(`Largest files (lines):\n${largest(files)}`);
