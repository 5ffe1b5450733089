/** The rules every send tool's description carries, so that the model reads them before sending. */

/** Added to the description of every tool that sends a session message (rules §1). */
export const sessionRule =
  'The 24-hour rule: WhatsApp allows free-form messages only within 24 hours of the customer’s last message; outside that window WATI answers "Ticket has been expired" and only an approved template can be sent (send_template). Call check_session_window first.';

/** The same rule for v3, whose refusal reads differently. */
export const sessionRuleV3 =
  'The 24-hour rule: WhatsApp allows free-form messages only within 24 hours of the customer’s last message; outside that window WATI refuses the message and only an approved template can be sent (send_template). Call check_session_window first.';

export const sendRule =
  'Reaches a real person and cannot be undone: confirm recipient and content with the user, and call with dry_run: true first. To make a retry safe (after a timeout, say), pass your own idempotency_key, e.g. a UUID, and the same one again when you retry: one key never sends twice.';
