import {
  createShareResponseSchema,
  documentListResponseSchema,
  documentResponseSchema,
  downloadUrlResponseSchema,
  shareListResponseSchema,
  successResponseSchema,
} from '@gatehouse/shared';
import { infiniteQueryOptions, useMutation } from '@tanstack/react-query';
import { api } from './client';
import { queryKeys } from './keys';
import { FIRST_PAGE, nextCursorOf, pagePath } from './paging';

export const documentsQuery = infiniteQueryOptions({
  queryKey: queryKeys.documents,
  queryFn: ({ pageParam, signal }) =>
    api.get(pagePath('/api/documents', pageParam), documentListResponseSchema, { signal }),
  initialPageParam: FIRST_PAGE,
  getNextPageParam: nextCursorOf,
});

export const sharesQuery = infiniteQueryOptions({
  queryKey: queryKeys.shares,
  queryFn: ({ pageParam, signal }) =>
    api.get(pagePath('/api/shares', pageParam), shareListResponseSchema, { signal }),
  initialPageParam: FIRST_PAGE,
  getNextPageParam: nextCursorOf,
});

export function useUploadDocument() {
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file);
      return api.post('/api/documents', documentResponseSchema, form);
    },
    onSuccess: (_answer, _file, _result, { client }) =>
      client.invalidateQueries({ queryKey: queryKeys.documents }),
  });
}

/** A signed URL valid for 60 s (behind step-up DOWNLOAD when the org requires MFA). */
export function useDownloadUrl() {
  return useMutation({
    mutationFn: (docId: string) =>
      api.get(`/api/storage/download-url/${encodeURIComponent(docId)}`, downloadUrlResponseSchema),
  });
}

export function useCreateShare() {
  return useMutation({
    mutationFn: (body: { docId: string; expiresInHours: number }) =>
      api.post('/api/shares/create', createShareResponseSchema, body),
    onSuccess: (_answer, _body, _result, { client }) =>
      client.invalidateQueries({ queryKey: queryKeys.shares }),
  });
}

export function useRevokeShare() {
  return useMutation({
    mutationFn: (shareId: string) =>
      api.post(`/api/shares/${encodeURIComponent(shareId)}/revoke`, successResponseSchema),
    onSuccess: (_answer, _id, _result, { client }) =>
      client.invalidateQueries({ queryKey: queryKeys.shares }),
  });
}
