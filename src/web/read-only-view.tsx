import { createContext, useCallback, useContext } from 'react';

/**
 * Staff's read-only view of one customer's portal ("view as customer", docs/portal.md). The customer's
 * own pages render inside it unchanged, except that they ask this context: links go under `base`
 * instead of the customer's root, and controls that would change the customer's data are absent.
 */
export type ReadOnlyView = { companyId: string; companyName: string; base: string };

const ReadOnlyViewContext = createContext<ReadOnlyView | null>(null);

export const ReadOnlyViewProvider = ReadOnlyViewContext.Provider;

/** The view as customer this page is shown in, or null for the customer's own portal. */
export function useReadOnlyView(): ReadOnlyView | null {
  return useContext(ReadOnlyViewContext);
}

/** May the page offer changes to the customer's data? Never in the read-only view (the server decides the rest). */
export function useMayChange(): boolean {
  return useReadOnlyView() === null;
}

/** A customer portal path (`/costs/explorer?…`) where this page is shown: as is, or under the view's base. */
export function usePortalPath(): (path: string) => string {
  const base = useReadOnlyView()?.base;
  return useCallback((path: string) => (base ? `${base}${path}` : path), [base]);
}
