// Errors raised below the trainer (autograd, nn, the fulgur-wasm backend) are FulgurErrors with
// torch's class names and wording — also when tfjs-core itself raises inside an op, as it does
// for a kernel the active backend lacks.
import * as tf from "@tensorflow/tfjs-core";
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  FulgurError, FulgurRuntimeError, FulgurTypeError, IndexError, Linear, NotImplementedError, Sequential, ValueError,
  crossEntropy, init, ones, scope, sum, tanh, tensor,
} from "../../ts/index.node.ts";
import { registerFulgurWasmBackend } from "../../ts/backend/register.ts";

before(async () => { await init(); });

/** Runs fn, expecting it to throw an error of `cls`; returns the error. */
function thrown<E>(fn: () => unknown, cls: abstract new (...a: any[]) => E): E {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof FulgurError, `not a FulgurError: ${String(e)}`);
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${String(e)}`);
    return e as E;
  }
  assert.fail(`expected ${cls.name}, nothing was thrown`);
}

describe("errors below the trainer are FulgurErrors", () => {
  test("a Linear input of the wrong shape: RuntimeError naming both shapes", () => scope(() => {
    const e = thrown(() => new Linear(3, 5).call(tensor([[1, 2], [3, 4]])), FulgurRuntimeError);
    assert.equal(e.name, "RuntimeError");
    assert.match(e.message, /Linear\(3 → 5\) got input of shape \[2,2\]: expected last dimension 3/);
  }));

  test("backward on a tensor that does not require grad: torch's RuntimeError", () => scope(() => {
    const e = thrown(() => ones([1]).backward(), FulgurRuntimeError);
    assert.equal(String(e), "RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn");
  }));

  describe("a kernel the backend lacks", () => {
    // Each case unregisters a fulgur-wasm kernel; registration is idempotent and re-adds it.
    after(() => registerFulgurWasmBackend());

    test("in a forward op: NotImplementedError naming the kernel, the backend and the op", () => scope(() => {
      tf.unregisterKernel("Tanh", "fulgur-wasm");
      try {
        const e = thrown(() => tanh(tensor([0.5])), NotImplementedError);
        assert.ok(e instanceof FulgurRuntimeError, "torch's NotImplementedError is a RuntimeError");
        assert.equal(e.name, "NotImplementedError");
        assert.equal(e.kernel, "Tanh");
        assert.equal(e.backend, "fulgur-wasm");
        assert.equal(e.op, "tanh");
        assert.match(e.message, /Could not run 'Tanh' with arguments from the 'fulgur-wasm' backend \(needed by tanh\)/);
      } finally {
        registerFulgurWasmBackend();
      }
      assert.equal(tanh(tensor([0])).item(), 0, "re-registered");
    }));

    test("in a backward: NotImplementedError naming the backward node", () => scope(() => {
      const x = tensor([1, 2], undefined, { requiresGrad: true });
      const loss = sum(x.exp());
      tf.unregisterKernel("Multiply", "fulgur-wasm");
      try {
        const e = thrown(() => loss.backward(), NotImplementedError);
        assert.equal(e.kernel, "Multiply");
        assert.match(e.op, /^\w+Backward0$/);
        assert.match(e.message, /'fulgur-wasm' backend/);
      } finally {
        registerFulgurWasmBackend();
      }
    }));
  });

  test("shapes that do not broadcast: torch's RuntimeError naming both sizes and the dimension", () => scope(() => {
    const e = thrown(() => tensor([1, 2, 3]).add(tensor([1, 2])), FulgurRuntimeError);
    assert.equal(e.name, "RuntimeError");
    assert.match(e.message, /The size of tensor a \(3\) must match the size of tensor b \(2\) at non-singleton dimension 0/);
  }));

  test("torch's IndexError, ValueError and TypeError keep their class names", () => scope(() => {
    const logits = tensor([[1, 2], [3, 4]]);
    assert.equal(thrown(() => crossEntropy(logits, [0, 2]), IndexError).message, "Target 2 is out of bounds.");
    assert.equal(thrown(() => sum(logits, 2), IndexError).name, "IndexError");
    assert.match(thrown(() => crossEntropy(logits, [0]), ValueError).message, /Expected input batch_size \(2\) to match target batch_size \(1\)/);
    const te = thrown(() => new Sequential({} as any), FulgurTypeError);
    assert.ok(te instanceof TypeError, "FulgurTypeError is a JavaScript TypeError");
    assert.equal(te.name, "TypeError");
  }));
});
