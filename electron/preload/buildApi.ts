// Builds window.passbook from the contract's method names: api.<group>.<leaf>(input), one function per
// method, each bound to its own fixed channel. There is no generic invoke: the renderer cannot name a
// channel. Pure (no electron import) so it is unit-tested; the preload passes ipcRenderer.invoke in.

export type Invoke = (channel: string, input: unknown) => Promise<unknown>;

/** 'counter.redeem' → ['counter', 'redeem'] (group = text before the first dot, like ApiClient's type). */
export function splitMethodName(name: string): [string, string] {
  const dot = name.indexOf('.');
  if (dot <= 0 || dot === name.length - 1) throw new Error(`method name must look like "group.name": ${name}`);
  return [name.slice(0, dot), name.slice(dot + 1)];
}

export function buildApi(methods: ReadonlyArray<readonly [name: string, channel: string]>, invoke: Invoke): Record<string, Record<string, (input?: unknown) => Promise<unknown>>> {
  const api: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = Object.create(null);
  for (const [name, channel] of methods) {
    const [group, leaf] = splitMethodName(name);
    const g = (api[group] ??= Object.create(null) as Record<string, (input?: unknown) => Promise<unknown>>);
    if (g[leaf]) throw new Error(`duplicate method ${name}`);
    // one argument only; whatever else a caller passes is dropped here
    g[leaf] = (input?: unknown) => invoke(channel, input);
  }
  for (const g of Object.values(api)) Object.freeze(g);
  return Object.freeze(api);
}
