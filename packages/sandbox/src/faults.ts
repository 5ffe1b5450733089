/**
 * Faults the control API can arm so that client retry logic meets real HTTP failures: the next
 * `count` matching API requests answer `status` (with `Retry-After` when given), have their
 * connection dropped, or are held for `delayMs` before being answered normally (a slow WATI).
 */
export interface Fault {
  status: number;
  count: number;
  retryAfterSeconds?: number | undefined;
  /** Only requests to this registry operation; all when absent. */
  operationId?: string | undefined;
  kind: 'http' | 'reset' | 'delay';
  /** For `delay`: how long to hold the request, in real milliseconds. */
  delayMs?: number | undefined;
}

export class FaultPlan {
  private faults: Fault[] = [];

  arm(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  /** Takes one use of the first fault that matches this operation, if any. */
  take(operationId: string): Fault | undefined {
    const fault = this.faults.find((f) => f.count > 0 && (!f.operationId || f.operationId === operationId));
    if (!fault) return undefined;
    fault.count--;
    this.faults = this.faults.filter((f) => f.count > 0);
    return fault;
  }

  clear(): void {
    this.faults = [];
  }
}
