// Imported before fulgur's entry: counts the pool workers the server host spawns from then on.
import { nodeThreadHost } from "../../ts/runtime/threads_node.ts";

export const spawns = { count: 0 };
const spawn = nodeThreadHost.spawn.bind(nodeThreadHost);
nodeThreadHost.spawn = (source: string) => {
  spawns.count++;
  return spawn(source);
};
