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

export interface EndpointsSource {
  operationList: readonly EndpointsOperation[];
  operationKinds: readonly string[];
  resources: readonly string[];
  rateClasses: readonly string[];
  watiPlans: readonly string[];
  watiRateLimits: Record<string, Record<string, number | null>>;
  watiRateWindowMs: number;
}

/** The whole of docs/endpoints.md. */
export function renderEndpoints(spec: EndpointsSource): string;
