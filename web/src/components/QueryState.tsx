import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { LoadError } from './LoadError.tsx';
import { LoadingStatus } from './LoadingStatus.tsx';

/** Loading status, error with retry, or the data rendered by `children` (kept when only a refetch failed). */
export function QueryState<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  if (query.isPending) return <LoadingStatus />;
  if (query.isLoadingError) {
    return (
      <LoadError
        error={query.error}
        onRetry={() => {
          void query.refetch();
        }}
      />
    );
  }
  return children(query.data);
}
