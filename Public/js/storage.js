/**
 * Web storage where the browser grants it; private modes and locked-down profiles may
 * refuse it, and then a stand-in in memory keeps things for this page's life only
 * (`memoryOnly` says so).
 */
export function safeStorage(get) {
  try {
    const storage = get();
    const probe = "parley:probe";
    storage.setItem(probe, "1");
    storage.removeItem(probe);
    return storage;
  } catch {
    const memory = new Map();
    return {
      memoryOnly: true,
      getItem: (k) => memory.get(k) ?? null,
      setItem: (k, v) => memory.set(k, String(v)),
      removeItem: (k) => memory.delete(k),
    };
  }
}
