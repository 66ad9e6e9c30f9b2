// Invoices and documents of the selected customer account: the list with filters and the
// new-documents notice (the start page can show it with useNewDocumentsQuery).
import { useQuery } from '@tanstack/react-query';
import { ZDocumentList, ZNewDocuments, type TDocumentKind } from '../../../api/documents.ts';
import { getJson } from './api.ts';
import { ME_KEY, useSession } from './session.ts';

/** `type`: a document type code of the utility. */
export type DocumentFilters = { kind: TDocumentKind | null; type: string | null; year: number | null };

/** Query keys of the documents of one customer account (dropped at sign-out with ME_KEY). */
export function documentsKey(customerId: string | null) {
  return [...ME_KEY, 'documents', customerId] as const;
}

export function listDocuments(filters: DocumentFilters, signal?: AbortSignal) {
  const query = new URLSearchParams();
  if (filters.kind) query.set('kind', filters.kind);
  if (filters.type) query.set('type', filters.type);
  if (filters.year !== null) query.set('year', String(filters.year));
  const search = query.toString();
  return getJson(`/api/v1/customer/documents${search ? `?${search}` : ''}`, ZDocumentList, signal);
}

export function useDocumentsQuery(filters: DocumentFilters) {
  const customerId = useSession()?.selectedCustomerId ?? null;
  return useQuery({
    queryKey: [...documentsKey(customerId), 'list', filters.kind, filters.type, filters.year],
    queryFn: ({ signal }) => listDocuments(filters, signal),
    placeholderData: (previous) => previous,
  });
}

/** How many documents are new and the newest of them (for a notice on the start page). */
export function useNewDocumentsQuery(limit = 3) {
  const customerId = useSession()?.selectedCustomerId ?? null;
  return useQuery({
    queryKey: [...documentsKey(customerId), 'new', limit],
    queryFn: ({ signal }) => getJson(`/api/v1/customer/documents/new?limit=${String(limit)}`, ZNewDocuments, signal),
  });
}
