// Module: torch.nn.Module's parameter bookkeeping. Children and parameters are found in fields
// (assignment order) and in explicit registrations; names follow torch's state_dict ("0.weight", "G.0.bias").
import * as tf from "@tensorflow/tfjs-core";
import { Parameter } from "../autograd/tensor.ts";
import { noGrad } from "../autograd/grad_mode.ts";
import { setValue } from "../autograd/memory.ts";
import { FulgurRuntimeError } from "../errors.ts";

export type StateDict = Record<string, Float32Array | ArrayLike<number>>;

export abstract class Module {
  training = true;
  /** Explicit registrations (registerModule / registerParameter), in order. */
  private readonly _registered = new Map<string, Parameter | Module | null>();

  abstract forward(...args: any[]): any;

  /** torch's __call__: runs forward. */
  call(...args: any[]): any {
    return this.forward(...args);
  }

  registerModule(name: string, m: Module | null): void {
    this._registered.set(name, m);
    (this as any)[name] = m;
  }

  registerParameter(name: string, p: Parameter | null): void {
    this._registered.set(name, p);
    (this as any)[name] = p;
  }

  /** Own entries of one kind: registrations first, then fields (skipping "_"-prefixed internals). */
  private ownEntries<T>(kind: abstract new (...a: any[]) => T): [string, T][] {
    const out: [string, T][] = [];
    for (const [k, v] of this._registered) if (v instanceof kind) out.push([k, v as T]);
    for (const k of Object.keys(this)) {
      if (k.startsWith("_") || this._registered.has(k)) continue;
      const v = (this as any)[k];
      if (v instanceof kind) out.push([k, v as T]);
    }
    return out;
  }

  namedChildren(): [string, Module][] {
    return this.ownEntries(Module);
  }

  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** This module and every descendant, depth first, self first (torch named_modules, duplicates removed). */
  namedModules(prefix = "", memo = new Set<Module>()): [string, Module][] {
    if (memo.has(this)) return [];
    memo.add(this);
    const out: [string, Module][] = [[prefix, this]];
    for (const [name, child] of this.namedChildren()) {
      out.push(...child.namedModules(prefix ? `${prefix}.${name}` : name, memo));
    }
    return out;
  }

  /** torch order: each module's own parameters, modules visited self first; shared parameters once. */
  namedParameters(): [string, Parameter][] {
    const seen = new Set<Parameter>();
    const out: [string, Parameter][] = [];
    for (const [mp, m] of this.namedModules()) {
      for (const [name, p] of m.ownEntries(Parameter)) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push([mp ? `${mp}.${name}` : name, p]);
      }
    }
    return out;
  }

  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  stateDict(): Record<string, Float32Array> {
    const sd: Record<string, Float32Array> = {};
    for (const [name, p] of this.namedParameters()) sd[name] = p.dataSync();
    return sd;
  }

  /** Copies values in (torch load_state_dict, strict): names and sizes must match exactly. */
  loadStateDict(sd: StateDict, strict = true): void {
    const named = this.namedParameters();
    const own = new Set(named.map(([n]) => n));
    const missing = named.filter(([n]) => !(n in sd)).map(([n]) => n);
    const unexpected = Object.keys(sd).filter((k) => !own.has(k));
    const errors: string[] = [];
    if (strict && unexpected.length) errors.push(`Unexpected key(s) in state_dict: ${unexpected.map((k) => `"${k}"`).join(", ")}. `);
    if (strict && missing.length) errors.push(`Missing key(s) in state_dict: ${missing.map((k) => `"${k}"`).join(", ")}. `);
    for (const [name, p] of named) {
      if (!(name in sd)) continue;
      const v = sd[name];
      if (v.length !== p.size) {
        errors.push(
          `size mismatch for ${name}: copying a param with ${v.length} values from checkpoint, the shape in current model is [${p.shape.join(", ")}].`,
        );
      }
    }
    if (errors.length) {
      throw new FulgurRuntimeError(`Error(s) in loading state_dict for ${this.constructor.name}:\n\t${errors.join("\n\t")}`);
    }
    noGrad(() => {
      for (const [name, p] of named) {
        if (name in sd) setValue(p, tf.tensor(Float32Array.from(sd[name] as ArrayLike<number>), p.shape, "float32"));
      }
    });
  }

  train(flag = true): this {
    for (const [, m] of this.namedModules()) m.training = flag;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** torch Module.zero_grad (set_to_none=False in 1.13): zeroes existing grads in place. */
  zeroGrad(setToNone = false): void {
    for (const p of this.parameters()) {
      if (p.grad === null) continue;
      if (setToNone) {
        p.grad.dispose();
        p.grad = null;
      } else {
        setValue(p.grad, tf.zerosLike(p.grad.value));
      }
    }
  }

  /** Sets requiresGrad on every parameter (torch requires_grad_). */
  requiresGrad_(flag = true): this {
    for (const p of this.parameters()) p.requiresGrad = flag;
    return this;
  }

  /** torch's extra_repr, shown by toString. */
  extraRepr(): string {
    return "";
  }

  toString(): string {
    const kids = this.namedChildren();
    if (kids.length === 0) return `${this.constructor.name}(${this.extraRepr()})`;
    const lines = kids.map(([n, m]) => `  (${n}): ${String(m).replaceAll("\n", "\n  ")}`);
    return `${this.constructor.name}(\n${lines.join("\n")}\n)`;
  }
}

