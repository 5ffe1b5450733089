/**
 * MCP tool names and titles. Each registry operation names its tool (`operation.tool`): by
 * default its id in snake_case, the form MCP hosts and models expect
 * (`sendTemplateMessageV2` → `send_template_message_v2`).
 */
import { snakeCase } from '@watigate/spec';

/** snake_case of an operation id, as the registry derives a tool's name by default. */
export const toolName: (operationId: string) => string = snakeCase;

/** "Send template message v2" from `send_template_message_v2` (or `sendTemplateMessageV2`), for the tool's title. */
export function toolTitle(name: string): string {
  const words = snakeCase(name).split('_');
  const text = words.map((w) => (w === 'csv' ? 'CSV' : w)).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
