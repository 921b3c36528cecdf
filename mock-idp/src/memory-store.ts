import type { Adapter, AdapterPayload } from "oidc-provider";

interface Entry {
  payload: AdapterPayload;
  /** Milliseconds since the epoch, read from Date.now() so tests can move the clock. */
  expiresAt: number;
}

/**
 * The mock's storage for oidc-provider (codes, tokens, sessions, grants, interactions): one Map
 * per start, so two mocks in one process share nothing and `stop()` forgets everything.
 * oidc-provider's own in-memory adapter is process-wide and prints a warning at start.
 * `caps` bounds the entries of a model, dropping the oldest first: an abandoned sign-in leaves
 * its interaction for an hour, and nothing else would bound them.
 * @example new Provider(issuer, { adapter: createMemoryStore({ Interaction: 1000 }).adapterFor })
 */
export function createMemoryStore(caps: Record<string, number> = {}): {
  adapterFor: (model: string) => Adapter;
  revokeAccount(accountId: string, options?: { keepSessions?: boolean }): Promise<void>;
  clear(): void;
} {
  const entries = new Map<string, Entry>();
  /** Keys of each capped model, oldest first. */
  const capped = new Map<string, Set<string>>();
  const uids = new Map<string, string>();
  const userCodes = new Map<string, string>();
  const grants = new Map<string, Set<string>>();

  const live = (key: string): AdapterPayload | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry.payload;
  };

  const adapterFor = (model: string): Adapter => {
    const keyOf = (id: string) => `${model}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        const key = keyOf(id);
        const expiresAt = expiresIn ? Date.now() + expiresIn * 1000 : Number.POSITIVE_INFINITY;
        entries.set(key, { payload: { ...payload }, expiresAt });
        const cap = caps[model];
        if (cap !== undefined) {
          const keys = capped.get(model) ?? new Set<string>();
          capped.set(model, keys);
          // A Set keeps insertion order, and adding a known key again does not move it.
          keys.add(key);
          for (const oldest of keys) {
            if (keys.size <= cap) break;
            keys.delete(oldest);
            entries.delete(oldest);
          }
        }
        if (payload.uid && model === "Session") uids.set(payload.uid, id);
        if (payload.userCode) userCodes.set(payload.userCode, id);
        if (payload.grantId) {
          const members = grants.get(payload.grantId) ?? new Set<string>();
          members.add(key);
          grants.set(payload.grantId, members);
        }
      },
      async find(id) {
        return live(keyOf(id));
      },
      async findByUid(uid) {
        const id = uids.get(uid);
        return id ? live(keyOf(id)) : undefined;
      },
      async findByUserCode(userCode) {
        const id = userCodes.get(userCode);
        return id ? live(keyOf(id)) : undefined;
      },
      async consume(id) {
        const entry = entries.get(keyOf(id));
        if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        entries.delete(keyOf(id));
        capped.get(model)?.delete(keyOf(id));
      },
      async revokeByGrantId(grantId) {
        for (const key of grants.get(grantId) ?? []) entries.delete(key);
        grants.delete(grantId);
      },
    };
  };

  return {
    adapterFor,
    /**
     * Removes every grant (with its tokens) of one account, and its sessions unless
     * `keepSessions` (a global sign-out leaves the hosted UI's session alone).
     */
    async revokeAccount(accountId, { keepSessions = false } = {}) {
      for (const [key, entry] of [...entries]) {
        if (entry.payload.accountId !== accountId) continue;
        if (key.startsWith("Grant:")) {
          const grantId = key.slice("Grant:".length);
          for (const member of grants.get(grantId) ?? []) entries.delete(member);
          grants.delete(grantId);
        }
        if (key.startsWith("Grant:") || (!keepSessions && key.startsWith("Session:"))) {
          entries.delete(key);
        }
      }
    },
    clear() {
      entries.clear();
      uids.clear();
      userCodes.clear();
      grants.clear();
      capped.clear();
    },
  };
}
