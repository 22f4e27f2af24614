// torch.einsum by differentiable permute / reshape / batched matmul: each operand first takes
// its diagonals (a letter repeated in one operand) and sums the letters no one else needs, then
// operands are contracted left to right as one batched product each, and the result permuted
// to the output's order. "..." stands for the same broadcast dims in every operand.
import * as tf from "@tensorflow/tfjs-core";
import type { Tensor } from "../tensor.ts";
import { constant, expandTo, permuteTo, reshapeTo } from "./grad_shape.ts";
import { mul } from "./binary.ts";
import { sum } from "./reduce.ts";
import { mmT } from "./matmul.ts";
import { toDtype } from "./dtype.ts";
import { FulgurRuntimeError } from "../../errors.ts";

interface Term { t: Tensor; letters: string[] }

const ELLIPSIS_LETTERS = "αβγδεζηθικλμνξοπρστυφχψω";

function parse(equation: string, operands: Tensor[]): { inputs: string[][]; output: string[] } {
  const eq = equation.replace(/\s+/g, "");
  const arrow = eq.indexOf("->");
  const lhs = arrow >= 0 ? eq.slice(0, arrow) : eq;
  const specs = lhs.split(",");
  if (specs.length > operands.length) throw new FulgurRuntimeError("einsum(): fewer operands were provided than specified in the equation");
  if (specs.length < operands.length) throw new FulgurRuntimeError("einsum(): more operands were provided than specified in the equation");
  // "..." → as many placeholder letters as the operand has dims left over, right-aligned
  let ellRank = 0;
  const inputs = specs.map((s, i) => {
    const plain = s.replace("...", "");
    if (!/^[a-zA-Z]*$/.test(plain)) throw new FulgurRuntimeError(`einsum(): invalid subscript given at index ${s.search(/[^a-zA-Z.]/)} in the equation string, subscripts must be in [a-zA-Z]`);
    const r = operands[i].rank;
    if (s.includes("...")) {
      const n = r - plain.length;
      if (n < 0) throw new FulgurRuntimeError(`einsum(): the number of subscripts in the equation (${plain.length}) is more than the number of dimensions (${r}) for operand ${i}`);
      ellRank = Math.max(ellRank, n);
      const ell = ELLIPSIS_LETTERS.slice(ELLIPSIS_LETTERS.length - n).split("");
      const [a, b] = s.split("...");
      return [...a, ...ell, ...b];
    }
    if (plain.length !== r) {
      throw new FulgurRuntimeError(`einsum(): the number of subscripts in the equation (${plain.length}) does not match the number of dimensions (${r}) for operand ${i} and no ellipsis was given`);
    }
    return [...s];
  });
  const ell = ELLIPSIS_LETTERS.slice(ELLIPSIS_LETTERS.length - ellRank).split("");
  let output: string[];
  if (arrow >= 0) {
    const rhs = eq.slice(arrow + 2);
    const [a, b] = rhs.includes("...") ? rhs.split("...") : [rhs, null];
    output = b === null ? [...a] : [...a, ...ell, ...b];
    for (const l of output) {
      if (!inputs.some((inp) => inp.includes(l))) {
        throw new FulgurRuntimeError(`einsum(): output subscript ${l} does not appear in the equation for any input operand`);
      }
    }
    if (new Set(output).size !== output.length) throw new FulgurRuntimeError("einsum(): output subscript appears more than once in the output");
  } else {
    // implicit output: the ellipsis dims, then the letters seen once, in alphabetical order
    const counts = new Map<string, number>();
    for (const inp of inputs) for (const l of inp) if (!ell.includes(l)) counts.set(l, (counts.get(l) ?? 0) + 1);
    output = [...ell, ...[...counts].filter(([, c]) => c === 1).map(([l]) => l).sort()];
  }
  return { inputs, output };
}

/** Takes the diagonal of every letter repeated within one operand (ii → i). */
function diagonals(term: Term): Term {
  let { t, letters } = term;
  for (;;) {
    const i = letters.findIndex((l, k) => letters.indexOf(l) !== k);
    if (i < 0) return { t, letters };
    const first = letters.indexOf(letters[i]);
    const n = t.shape[first];
    if (t.shape[i] !== n) {
      throw new FulgurRuntimeError(`einsum(): subscript ${letters[i]} is repeated for operand but the sizes don't match, ${t.shape[i]} != ${n}`);
    }
    // multiply by the identity over the two dims, then sum one of them away
    const eyeShape = t.shape.map((d, k) => (k === first || k === i ? d : 1));
    const eye = constant(tf.reshape(tf.cast(tf.eye(n), t.dtype), eyeShape));
    t = sum(mul(t, eye), i);
    letters = letters.filter((_, k) => k !== i);
  }
}

/** Sums away the letters of `term` that neither the output nor another remaining term needs. */
function sumUnneeded(term: Term, needed: Set<string>): Term {
  const dims = term.letters.map((l, k) => (needed.has(l) ? -1 : k)).filter((k) => k >= 0);
  if (dims.length === 0) return term;
  return { t: sum(term.t, dims), letters: term.letters.filter((l) => needed.has(l)) };
}

/** a and b as one batched product: batch letters (kept, in both), contracted (in both, not kept), free. */
function contract(a: Term, b: Term, keep: Set<string>, sizes: Map<string, number>): Term {
  const inB = new Set(b.letters);
  const batch = a.letters.filter((l) => inB.has(l) && keep.has(l));
  const summed = a.letters.filter((l) => inB.has(l) && !keep.has(l));
  const aFree = a.letters.filter((l) => !inB.has(l));
  const bFree = b.letters.filter((l) => !a.letters.includes(l));
  const size = (ls: string[]) => ls.reduce((s, l) => s * sizes.get(l)!, 1);
  const arrange = (term: Term, order: string[]): Tensor => {
    const perm = order.map((l) => term.letters.indexOf(l));
    const p = permuteTo(term.t, perm);
    // a size-1 dim broadcast against the other operand's
    const full = order.map((l) => sizes.get(l)!);
    return expandTo(p, full);
  };
  const A = reshapeTo(arrange(a, [...batch, ...aFree, ...summed]), [size(batch), size(aFree), size(summed)]);
  const B = reshapeTo(arrange(b, [...batch, ...summed, ...bFree]), [size(batch), size(summed), size(bFree)]);
  const out = mmT(A, B);
  const letters = [...batch, ...aFree, ...bFree];
  return { t: reshapeTo(out, letters.map((l) => sizes.get(l)!)), letters };
}

/** torch.einsum(equation, ...operands). */
export function einsum(equation: string, ...operands: Tensor[]): Tensor {
  if (operands.length === 1 && Array.isArray(operands[0])) operands = operands[0] as unknown as Tensor[];
  if (operands.length === 0) throw new FulgurRuntimeError("einsum(): must provide at least one operand");
  const { inputs, output } = parse(equation, operands);
  const sizes = new Map<string, number>();
  const terms: Term[] = operands.map((t, i) => {
    const x = toDtype(t, "float32");
    inputs[i].forEach((l, k) => {
      const d = x.shape[k];
      const prev = sizes.get(l);
      if (prev === undefined || prev === 1) sizes.set(l, d);
      else if (d !== prev && d !== 1) {
        throw new FulgurRuntimeError(`einsum(): subscript ${l} has size ${d} for operand ${i} which does not broadcast with previously seen size ${prev}`);
      }
    });
    return diagonals({ t: x, letters: inputs[i] });
  });
  const outSet = new Set(output);
  const neededAfter = (from: number): Set<string> => {
    const s = new Set(outSet);
    for (let j = from; j < terms.length; j++) for (const l of terms[j].letters) s.add(l);
    return s;
  };
  let acc = sumUnneeded(terms[0], neededAfter(1));
  for (let i = 1; i < terms.length; i++) {
    const keep = neededAfter(i + 1);
    const next = sumUnneeded(terms[i], new Set([...keep, ...acc.letters]));
    acc = contract(sumUnneeded(acc, new Set([...keep, ...next.letters])), next, keep, sizes);
  }
  acc = sumUnneeded(acc, outSet);
  // letters of the output with size 1 in every operand stay as they are; permute to the output order
  const t = permuteTo(acc.t, output.map((l) => acc.letters.indexOf(l)));
  return expandTo(t, output.map((l) => sizes.get(l)!));
}
