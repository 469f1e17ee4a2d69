/**
 * The unit registry as the browser sees it (/api/units): names and hierarchy come from
 * the server's configuration, never from code (provinces, departments, districts and
 * communes differ by period and province).
 */
import type { UnitInfo } from './types';

export class Registry {
  private readonly byId = new Map<string, UnitInfo>();
  private readonly childrenOf = new Map<string, UnitInfo[]>();

  constructor(units: readonly UnitInfo[]) {
    for (const u of units) this.byId.set(u.unitId, u);
    for (const u of units) {
      const parent = u.parentId || null;
      if (parent === null) continue;
      let list = this.childrenOf.get(parent);
      if (!list) {
        list = [];
        this.childrenOf.set(parent, list);
      }
      list.push(u);
    }
    const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });
    for (const list of this.childrenOf.values()) list.sort((a, b) => collator.compare(a.name, b.name));
  }

  get(unitId: string): UnitInfo | undefined {
    return this.byId.get(unitId);
  }

  has(unitId: string): boolean {
    return this.byId.has(unitId);
  }

  /** The display name, or the id when the unit is not in the list the caller may see. */
  name(unitId: string): string {
    return this.byId.get(unitId)?.name ?? unitId;
  }

  /** Direct children, sorted by name (Vietnamese collation). */
  children(unitId: string): UnitInfo[] {
    return this.childrenOf.get(unitId) ?? [];
  }

  /**
   * The chain from the topmost known ancestor down to the unit itself. Guards against a
   * cycle even though the server refuses such registries.
   */
  ancestry(unitId: string): string[] {
    const chain: string[] = [];
    const seen = new Set<string>();
    let cur: string | null = unitId;
    while (cur && !seen.has(cur)) {
      seen.add(cur);
      chain.unshift(cur);
      cur = this.byId.get(cur)?.parentId || null;
    }
    return chain;
  }

  /** Whether unitId is `root` itself or below it. */
  isWithin(unitId: string, root: string): boolean {
    return this.ancestry(unitId).includes(root);
  }
}

/**
 * The user's scope roots: the scope's units that are not below another unit of the
 * scope, in scope order. Units unknown to the registry are kept (the server decides).
 */
export function scopeRoots(scope: readonly string[], registry: Registry): string[] {
  const set = new Set(scope);
  const roots: string[] = [];
  for (const id of scope) {
    if (roots.includes(id)) continue;
    const ancestors = registry.ancestry(id).slice(0, -1);
    if (!ancestors.some((a) => set.has(a))) roots.push(id);
  }
  return roots;
}

/** Whether the user may open a unit: it is in, or below, one of the scope's units. */
export function inScope(unitId: string, scope: readonly string[], registry: Registry): boolean {
  const chain = registry.ancestry(unitId);
  return scope.some((s) => chain.includes(s));
}
