/**
 * MCP tool names derived from registry operation ids: WATI's camelCase endpoint names in
 * snake_case, the form MCP hosts and models expect (`sendTemplateMessageV2` → `send_template_message_v2`).
 */

/**
 * snake_case of an operation id. Runs of capitals count as one word (`CSV` → `csv`) and a version
 * suffix is its own word (`V2` → `v2`).
 */
export function toolName(operationId: string): string {
  return operationId
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** "Send template message v2" from `sendTemplateMessageV2`, for the tool's title. */
export function toolTitle(operationId: string): string {
  const words = toolName(operationId).split('_');
  const text = words.map((w) => (w === 'csv' ? 'CSV' : w)).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
