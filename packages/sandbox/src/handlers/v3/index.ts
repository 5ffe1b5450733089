/** Every v3 operation's sandbox behaviour, by operation id (registryV3); the type holds none missing. */
import type { V3OperationId } from '@watigate/spec';
import {
  v3GetBroadcasts,
  v3GetBroadcastsByBroadcastId,
  v3GetBroadcastsByBroadcastIdRecipients,
  v3GetBroadcastsOverview,
} from './broadcasts.js';
import { v3GetChannels, v3GetChatbots, v3PostChatbotsStart } from './channels.js';
import {
  v3GetContacts,
  v3GetContactsByTarget,
  v3GetContactsCount,
  v3PostContacts,
  v3PutContacts,
  v3PutContactsTeams,
} from './contacts.js';
import type { V3Handler } from './context.js';
import {
  v3GetConversationsByTargetMessages,
  v3PutConversationsByTargetOperator,
  v3PutConversationsByTargetStatus,
} from './conversations.js';
import {
  v3GetConversationsMessagesFileByMessageId,
  v3PostConversationsMessagesFile,
  v3PostConversationsMessagesFileViaUrl,
  v3PostConversationsMessagesInteractive,
  v3PostConversationsMessagesText,
} from './session-sends.js';
import {
  v3GetMessageTemplates,
  v3GetMessageTemplatesByTemplateId,
  v3PostMessageTemplatesSchedule,
  v3PostMessageTemplatesSend,
} from './templates.js';

export const v3Handlers: Record<V3OperationId, V3Handler> = {
  v3GetBroadcasts,
  v3GetBroadcastsByBroadcastId,
  v3GetBroadcastsByBroadcastIdRecipients,
  v3GetBroadcastsOverview,
  v3GetChannels,
  v3GetChatbots,
  v3PostChatbotsStart,
  v3PostContacts,
  v3GetContacts,
  v3PutContacts,
  v3GetContactsByTarget,
  v3PutContactsTeams,
  v3GetContactsCount,
  v3GetConversationsByTargetMessages,
  v3PostConversationsMessagesText,
  v3PostConversationsMessagesFile,
  v3PostConversationsMessagesFileViaUrl,
  v3GetConversationsMessagesFileByMessageId,
  v3PutConversationsByTargetOperator,
  v3PutConversationsByTargetStatus,
  v3PostConversationsMessagesInteractive,
  v3GetMessageTemplatesByTemplateId,
  v3GetMessageTemplates,
  v3PostMessageTemplatesSend,
  v3PostMessageTemplatesSchedule,
};
