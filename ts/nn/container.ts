// torch.nn.ModuleList and ModuleDict: hold submodules (named "0", "1", ... or by key) so their
// parameters and buffers are found; no forward of their own.
import { Module } from "./module.ts";
import { FulgurRuntimeError, FulgurTypeError, KeyError } from "../errors.ts";
import { IndexError } from "../backend/errors.ts";

function checkModule(m: unknown, where: string): Module {
  if (!(m instanceof Module)) throw new FulgurTypeError(`${where}: ${(m as object)?.constructor?.name ?? typeof m} is not a Module subclass`);
  return m;
}

/** torch.nn.ModuleList: child modules in a list. */
export class ModuleList extends Module {
  private readonly _list: Module[] = [];

  constructor(modules: Iterable<Module> = []) {
    super();
    this.extend(modules);
  }

  override namedChildren(): [string, Module][] {
    return this._list.map((m, i) => [String(i), m]);
  }

  get length(): number {
    return this._list.length;
  }

  private index(i: number): number {
    const n = this._list.length;
    if (!Number.isInteger(i) || i < -n || i >= n) throw new IndexError(`index ${i} is out of range`);
    return i < 0 ? i + n : i;
  }

  /** torch's self[i] (negative indices count from the end). */
  at(i: number): Module {
    return this._list[this.index(i)];
  }

  set(i: number, m: Module): void {
    this._list[this.index(i)] = checkModule(m, "ModuleList.set");
  }

  append(m: Module): this {
    this._list.push(checkModule(m, "ModuleList.append"));
    return this;
  }

  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  insert(index: number, m: Module): void {
    const n = this._list.length;
    const i = index < 0 ? Math.max(0, index + n) : Math.min(index, n);
    this._list.splice(i, 0, checkModule(m, "ModuleList.insert"));
  }

  /** torch's del self[i] / pop. */
  pop(i = -1): Module {
    return this._list.splice(this.index(i), 1)[0];
  }

  [Symbol.iterator](): Iterator<Module> {
    return this._list[Symbol.iterator]();
  }

  forward(): never {
    throw new FulgurRuntimeError("ModuleList is not callable: iterate over it and call its modules");
  }
}

/** torch.nn.ModuleDict: child modules by name. */
export class ModuleDict extends Module {
  private readonly _dict = new Map<string, Module>();

  constructor(modules: Record<string, Module> | Iterable<[string, Module]> = {}) {
    super();
    this.update(modules);
  }

  override namedChildren(): [string, Module][] {
    return [...this._dict];
  }

  get size(): number {
    return this._dict.size;
  }

  get(key: string): Module {
    const m = this._dict.get(key);
    if (m === undefined) throw new KeyError(`'${key}'`);
    return m;
  }

  set(key: string, m: Module): void {
    if (typeof key !== "string" || key.includes(".") || key === "") throw new KeyError(`module name can't contain "." or be empty, got "${key}"`);
    this._dict.set(key, checkModule(m, `ModuleDict["${key}"]`));
  }

  has(key: string): boolean {
    return this._dict.has(key);
  }

  pop(key: string): Module {
    const m = this.get(key);
    this._dict.delete(key);
    return m;
  }

  clear(): void {
    this._dict.clear();
  }

  keys(): string[] {
    return [...this._dict.keys()];
  }

  values(): Module[] {
    return [...this._dict.values()];
  }

  items(): [string, Module][] {
    return [...this._dict];
  }

  update(modules: Record<string, Module> | Iterable<[string, Module]>): void {
    const entries = Symbol.iterator in Object(modules) ? (modules as Iterable<[string, Module]>) : Object.entries(modules);
    for (const [k, m] of entries) this.set(k, m);
  }

  [Symbol.iterator](): Iterator<string> {
    return this._dict.keys();
  }

  forward(): never {
    throw new FulgurRuntimeError("ModuleDict is not callable: call its modules");
  }
}
