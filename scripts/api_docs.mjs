// The API reference, generated from the sources' TSDoc: every export of the public entries
// (ts/index.node.ts; ts/index.browser.ts adds or lacks nothing a user imports by name) with its
// kind, signature and the first paragraph of its TSDoc comment, into docs/REFERENCE.md.
//
//   node scripts/api_docs.mjs           writes docs/REFERENCE.md
//   node scripts/api_docs.mjs --check   exits 1 when docs/REFERENCE.md is stale; prints the exports without a summary
//
// Uses the TypeScript compiler API (a devDependency already), no documentation generator.
import ts from "typescript";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
export const REFERENCE = join(repo, "docs", "REFERENCE.md");
const ENTRY = join(repo, "ts", "index.node.ts");
const MAX_SIGNATURE = 240;

const KIND_ORDER = ["function", "class", "const", "interface", "type", "enum", "namespace"];

function kindOf(sym) {
  const f = sym.flags;
  if (f & ts.SymbolFlags.Class) return "class";
  if (f & ts.SymbolFlags.Function) return "function";
  if (f & ts.SymbolFlags.Enum) return "enum";
  if (f & ts.SymbolFlags.Interface) return "interface";
  if (f & ts.SymbolFlags.TypeAlias) return "type";
  if (f & ts.SymbolFlags.Variable) return "const";
  if (f & (ts.SymbolFlags.ValueModule | ts.SymbolFlags.NamespaceModule)) return "namespace";
  return "other";
}

const oneLine = (s) => s.replace(/\s+/g, " ").trim();
// types named through an import("<absolute path>") where they are not in scope: the bare name (no machine path in the file)
const clip = (s) => {
  const t = s.replace(/import\("[^"]*"\)\./g, "");
  return t.length > MAX_SIGNATURE ? `${t.slice(0, MAX_SIGNATURE - 1)}…` : t;
};

/** The declaration's own header text: up to the body (classes, interfaces) or the whole (type aliases). */
function headerOf(decl, sf) {
  const text = decl.getText(sf);
  const start = decl.modifiers?.length ? decl.modifiers.at(-1).getEnd() - decl.getStart(sf) : 0;
  const body = text.slice(start);
  if (ts.isClassDeclaration(decl) || ts.isInterfaceDeclaration(decl) || ts.isEnumDeclaration(decl)) {
    return oneLine(body.slice(0, body.indexOf("{")));
  }
  return oneLine(body).replace(/;$/, "");
}

function signatureOf(name, sym, kind, checker) {
  const decl = sym.declarations?.[0];
  if (kind === "function") {
    const type = checker.getTypeOfSymbolAtLocation(sym, decl);
    const sigs = type.getCallSignatures();
    const first = `${name}${checker.signatureToString(sigs[0], decl, ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.WriteArrowStyleSignature).replace(/ => /, ": ")}`;
    return sigs.length > 1 ? `${first} (+${sigs.length - 1} overload${sigs.length > 2 ? "s" : ""})` : first;
  }
  if (kind === "const") {
    const type = checker.getTypeOfSymbolAtLocation(sym, decl);
    return `const ${name}: ${checker.typeToString(type, decl, ts.TypeFormatFlags.NoTruncation)}`;
  }
  if (kind === "namespace") return `namespace ${name}`;
  const header = headerOf(decl, decl.getSourceFile());
  // a renamed export (`export { ValueError as TrainerValueError }`) shows the name users import
  return header.replace(/^(abstract class|class|interface|type|enum) \w+/, (_m, k) => `${k} ${name}`);
}

const docOf = (sym, checker) => ts.displayPartsToString(sym.getDocumentationComment(checker));

/** A const made by wrapping a function (`guard("add", binary.add)`) is documented by that function. */
function wrappedDoc(sym, checker) {
  const decl = sym.declarations?.[0];
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer || !ts.isCallExpression(decl.initializer)) return "";
  for (const arg of decl.initializer.arguments) {
    if (!ts.isIdentifier(arg) && !ts.isPropertyAccessExpression(arg)) continue;
    let target = checker.getSymbolAtLocation(arg);
    if (target && target.flags & ts.SymbolFlags.Alias) target = checker.getAliasedSymbol(target);
    const doc = target ? docOf(target, checker) : "";
    if (doc) return doc;
  }
  return "";
}

/** The `/** ... *\/` comment right above `export * as name from` (TypeScript attaches none to it). */
function namespaceExportDoc(exportSym) {
  const decl = exportSym.declarations?.[0];
  if (!decl || !ts.isNamespaceExport(decl)) return "";
  const statement = decl.parent;
  const text = statement.getSourceFile().getFullText();
  const ranges = ts.getLeadingCommentRanges(text, statement.getFullStart()) ?? [];
  const last = ranges.at(-1);
  const comment = last ? text.slice(last.pos, last.end) : "";
  return comment.startsWith("/**") ? comment.slice(3, -2).replace(/^\s*\* ?/gm, "") : "";
}

/** The first paragraph of the TSDoc comment (tags dropped). */
function summaryOf(sym, exportSym, checker) {
  // A re-export with its own comment (`/** ... */ export * as nn from`) documents the name.
  const text = docOf(exportSym, checker) || namespaceExportDoc(exportSym) || docOf(sym, checker) || wrappedDoc(sym, checker);
  return oneLine(text.split(/\n\s*\n/)[0] ?? "");
}

export function collect() {
  const config = ts.getParsedCommandLineOfConfigFile(join(repo, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  const program = ts.createProgram([ENTRY], { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const moduleSym = checker.getSymbolAtLocation(program.getSourceFile(ENTRY));
  const rows = [];
  for (const exportSym of checker.getExportsOfModule(moduleSym)) {
    const sym = exportSym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exportSym) : exportSym;
    const name = exportSym.getName();
    const kind = kindOf(sym);
    const decl = sym.declarations?.[0];
    const file = decl ? relative(repo, decl.getSourceFile().fileName) : "";
    const line = decl ? decl.getSourceFile().getLineAndCharacterOfPosition(decl.getStart()).line + 1 : 0;
    rows.push({ name, kind, file, line, signature: clip(signatureOf(name, sym, kind, checker)), summary: summaryOf(sym, exportSym, checker) });
  }
  rows.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name, "en"));
  return rows;
}

const escapeCell = (s) => s.replace(/\|/g, "\\|");

export function render(rows) {
  const lines = [
    "# fulgur API reference",
    "",
    "Generated by `node scripts/api_docs.mjs` from the TSDoc comments of every public export",
    "(`import { … } from \"fulgur\"`); `tests/package/api_docs.test.ts` fails when this file is stale",
    "or an export has no summary. The contracts between layers are in [API.md](API.md); Lightning's",
    "names mapped to fulgur's in [COMING_FROM_LIGHTNING.md](COMING_FROM_LIGHTNING.md).",
    "",
  ];
  const heads = { function: "Functions", class: "Classes", const: "Constants", interface: "Interfaces", type: "Types", enum: "Enums", namespace: "Namespaces" };
  for (const kind of KIND_ORDER) {
    const group = rows.filter((r) => r.kind === kind);
    if (!group.length) continue;
    lines.push(`## ${heads[kind]} (${group.length})`, "", "| Name | Signature | Summary |", "| --- | --- | --- |");
    for (const r of group) lines.push(`| \`${r.name}\` | \`${escapeCell(r.signature)}\` | ${escapeCell(r.summary)} |`);
    lines.push("");
  }
  return lines.join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = collect();
  const text = render(rows);
  const missing = rows.filter((r) => !r.summary);
  if (process.argv.includes("--list-missing")) for (const r of missing) console.log(`${r.file}\t${r.line}\t${r.kind}\t${r.name}\t${r.signature}`);
  if (process.argv.includes("--check")) {
    // prints { stale, exports, missing } as JSON; exits 1 when docs/REFERENCE.md is stale
    let current = "";
    try { current = readFileSync(REFERENCE, "utf8"); } catch {}
    console.log(JSON.stringify({ stale: current !== text, exports: rows.length, missing: missing.map((r) => r.name) }));
    process.exit(current === text ? 0 : 1);
  } else if (!process.argv.includes("--list-missing")) {
    writeFileSync(REFERENCE, text);
    console.log(`docs/REFERENCE.md: ${rows.length} exports, ${missing.length} without a summary`);
  }
}
