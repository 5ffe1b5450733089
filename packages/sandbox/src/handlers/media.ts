/** getMedia (wati-api.md §2.16): the raw bytes with the file's content type; 404 when unknown [I]. */
import type { ApiHandler } from './context.js';

export const getMedia: ApiHandler = ({ tenant, query }) => {
  const record = tenant.media.get(query.fileName ?? '');
  if (!record) return { status: 404, body: '' };
  return { media: record };
};
