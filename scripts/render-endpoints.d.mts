/** Types for render-endpoints.mjs: the parts of the @watigate/spec module it reads. */

export interface EndpointsParam {
  in: string;
  description: string;
  encode?: 'json';
  schema: { safeParse(value: unknown): { success: boolean; data?: unknown } };
}

export interface EndpointsOperation {
  id: string;
  method: string;
  path: string;
  resource: string;
  kind: string;
  rateClass: string;
  summary: string;
  see: string;
  recipientParam?: string;
  params: Record<string, EndpointsParam>;
  response: { type: string };
}

/** A v3 operation of `registryV3`, as far as the v3 sections read it. */
export interface EndpointsV3Operation {
  id: string;
  method: string;
  path: string;
  tag: string;
  kind: string;
  rateClass: string;
  scope: string | undefined;
  summary: string;
  description?: string;
  /** The v1/v2 operation ids it replaces. */
  v1: readonly string[];
  params: Record<string, { in: string; required: boolean; description: string }>;
  body?: { contentType: string; schema: unknown };
  responses: Record<string, { type: string }>;
}

export interface EndpointsSource {
  operationList: readonly EndpointsOperation[];
  registryV3: { readonly list: readonly EndpointsV3Operation[] };
  operationKinds: readonly string[];
  resources: readonly string[];
  rateClasses: readonly string[];
  watiPlans: readonly string[];
  watiRateLimits: Record<string, Record<string, number | null>>;
  watiRateWindowMs: number;
}

/** The whole of docs/endpoints.md. */
export function renderEndpoints(spec: EndpointsSource): string;
