/** v3 Channels and Chatbots: the tenant's WhatsApp numbers, and chatbots that write to a person. */
import type { v3Schemas } from '@watigate/spec';
import { sendSession } from '../../conversation.js';
import { defaultChatbots } from '../../seed-data.js';
import { channelV3 } from '../../wati-shapes-v3.js';
import { channelsOf, notFound, pageOf, type V3Handler } from './context.js';
import { sessionContact } from './targets.js';

/** Lists the default channel too: it is the one `Channel:Phone` targets name when unseeded. */
export const v3GetChannels: V3Handler = (ctx) => {
  const { pageSize, start } = pageOf(ctx);
  return {
    body: {
      channels: channelsOf(ctx)
        .slice(start, start + pageSize)
        .map(channelV3),
    },
  };
};

export const v3GetChatbots: V3Handler = (ctx) => {
  const { pageNumber, pageSize, start } = pageOf(ctx);
  return {
    body: {
      chatbot_list: defaultChatbots
        .slice(start, start + pageSize)
        .map((b) => ({ id: b.id, name: b.name, created: b.created })),
      page_number: pageNumber,
      page_size: pageSize,
    },
  };
};

/**
 * Starts a chatbot for a person: the bot's first message goes out as a session message (so only
 * inside the 24-hour window), written by the bot, and shows in the conversation.
 */
export const v3PostChatbotsStart: V3Handler = (ctx) => {
  const body = ctx.body as v3Schemas.StartChatbotRequest;
  const bot = defaultChatbots.find((b) => b.id === body.chatbot_id);
  if (!bot) throw notFound(`chatbot_id: no chatbot with id "${body.chatbot_id}"`);
  const contact = sessionContact(ctx, body.target, 'target', 'contact');
  sendSession(ctx.rt, ctx.tenant, contact, { type: 'text', text: bot.greeting, operatorName: bot.name });
  return { body: { result: true } };
};
