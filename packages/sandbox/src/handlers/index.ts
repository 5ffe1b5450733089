/** Every registry operation's sandbox behaviour, by operation id. A test checks none is missing. */
import type { OperationId } from '@watigate/spec';
import { addContact, getContacts, updateContactAttributes } from './contacts.js';
import type { ApiHandler } from './context.js';
import { sendInteractiveButtonsMessage, sendInteractiveListMessage } from './interactive.js';
import { getMedia } from './media.js';
import { getMessages, sendSessionFile, sendSessionMessage } from './messages.js';
import { assignOperator } from './operators.js';
import {
  getMessageTemplates,
  sendTemplateMessage,
  sendTemplateMessageCSV,
  sendTemplateMessages,
  sendTemplateMessagesV2,
  sendTemplateMessageV2,
} from './templates.js';

export const handlers: Record<OperationId, ApiHandler> = {
  getContacts,
  addContact,
  updateContactAttributes,
  getMessages,
  sendSessionMessage,
  sendSessionFile,
  getMessageTemplates,
  sendTemplateMessage,
  sendTemplateMessageV2,
  sendTemplateMessages,
  sendTemplateMessagesV2,
  sendTemplateMessageCSV,
  sendInteractiveButtonsMessage,
  sendInteractiveListMessage,
  assignOperator,
  getMedia,
};
