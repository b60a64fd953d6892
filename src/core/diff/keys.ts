/**
 * Alignment keys: one dense integer per distinct (service, name) pair, shared by every tree aligned
 * with one KeySpace, so that equal keys mean equal (service, name) whatever table the strings came
 * from. Synthetic "missing parent" nodes all get MISSING_PARENT_KEY, so the orphans of two traces
 * meet under one another's synthetic node.
 */
import type { TraceTree } from '../tree/types.ts';

export const MISSING_PARENT_KEY = 0;

export class KeySpace {
  private readonly keyOfPair = new Map<string, number>();
  /** Service and name of each key (key 0: the synthetic node's empty pair). */
  private readonly services: string[] = [''];
  private readonly names: string[] = [''];
  /** Dense id of each key's service (its own numbering), for shapes that leave the name out. */
  private readonly serviceIds: number[] = [0];
  private readonly serviceIdOf = new Map<string, number>([['', 0]]);
  private readonly cache = new WeakMap<TraceTree, Int32Array>();

  get size(): number {
    return this.services.length;
  }

  service(key: number): string {
    return this.services[key];
  }

  name(key: number): string {
    return this.names[key];
  }

  serviceId(key: number): number {
    return this.serviceIds[key];
  }

  /** Key of every node of `tree` (computed once per tree). */
  keysOf(tree: TraceTree): Int32Array {
    let keys = this.cache.get(tree);
    if (keys === undefined) {
      keys = this.compute(tree);
      this.cache.set(tree, keys);
    }
    return keys;
  }

  private keyOf(service: string, name: string): number {
    const text = `${service}\u0000${name}`;
    let key = this.keyOfPair.get(text);
    if (key === undefined) {
      key = this.services.length;
      this.services.push(service);
      this.names.push(name);
      let serviceId = this.serviceIdOf.get(service);
      if (serviceId === undefined) {
        serviceId = this.serviceIdOf.size;
        this.serviceIdOf.set(service, serviceId);
      }
      this.serviceIds.push(serviceId);
      this.keyOfPair.set(text, key);
    }
    return key;
  }

  private compute(tree: TraceTree): Int32Array {
    const { table, row, nodeCount } = tree;
    const { strings, services, names } = table;
    const stride = strings.length;
    // Table-local pairs (service index · stride + name index) are numbers, so the per-node lookup
    // is a numeric Map hit; the text key is built once per distinct pair.
    const local = new Map<number, number>();
    const keys = new Int32Array(nodeCount);
    for (let k = 0; k < nodeCount; k++) {
      const r = row[k];
      if (r < 0) {
        keys[k] = MISSING_PARENT_KEY;
        continue;
      }
      const pair = services[r] * stride + names[r];
      let key = local.get(pair);
      if (key === undefined) {
        key = this.keyOf(strings[services[r]], strings[names[r]]);
        local.set(pair, key);
      }
      keys[k] = key;
    }
    return keys;
  }
}
