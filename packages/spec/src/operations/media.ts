/** Media: download a file a message refers to (wati-api.md §2.16). */
import { z } from 'zod';
import { defineOperation } from '../define-operation.js';

export const getMedia = defineOperation({
  id: 'getMedia',
  method: 'GET',
  path: '/api/v1/getMedia',
  resource: 'media',
  kind: 'read',
  rateClass: 'unmetered',
  summary: 'Download a media file by the fileName found in a message’s data field.',
  params: {
    fileName: { in: 'query', schema: z.string().min(1), description: 'e.g. data/images/<uuid>.jpg' },
  },
  response: { type: 'binary' },
  see: 'https://docs.wati.io/reference/get_api-v1-getmedia',
  example: { fileName: 'data/images/8f2a.jpg' },
  cli: { command: 'get' },
});
