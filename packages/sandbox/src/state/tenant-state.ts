/**
 * One WATI tenant's state: contacts, conversations and their messages, templates, operators,
 * media files and webhook registrations. Every change goes through a method here so that it is
 * written through to the persistence layer.
 */
import type { CustomParam } from '@watigate/spec';
import { sessionWindowOpen } from '@watigate/spec';
import type { Clock } from '../clock.js';
import type { IdSource } from '../ids.js';
import { type Collection, collections, type Persistence } from './persistence.js';
import type {
  BroadcastMessageRecord,
  BroadcastRecord,
  ChannelRecord,
  ContactRecord,
  MediaRecord,
  MessageRecord,
  OperatorRecord,
  OutboundRecord,
  TemplateRecord,
  WebhookRecord,
  WebhookStatus,
} from './records.js';

/** Webhooks one tenant may register, through the control API or WATI's. */
export const maxWebhooks = 20;

export interface TenantDeps {
  clock: Clock;
  ids: IdSource;
  persistence: Persistence;
}

export class TenantState {
  readonly contacts = new Map<string, ContactRecord>();
  /** Contacts in creation order, for stable paging. */
  readonly contactList: ContactRecord[] = [];
  /** Each contact's messages and events, oldest first. */
  readonly conversations = new Map<string, MessageRecord[]>();
  readonly messagesById = new Map<string, MessageRecord>();
  /** Everything the business sent, in order: the sandbox's send log. */
  readonly outbox: OutboundRecord[] = [];
  readonly templates: TemplateRecord[] = [];
  readonly operators = new Map<string, OperatorRecord>();
  readonly media = new Map<string, MediaRecord>();
  readonly webhooks: WebhookRecord[] = [];
  /** v3 looks contacts up by contact id and by conversation id as well as by number. */
  readonly contactsById = new Map<string, ContactRecord>();
  readonly contactsByConversationId = new Map<string, ContactRecord>();
  /** v3 broadcasts, oldest first, and each one's messages in send order. */
  readonly broadcasts: BroadcastRecord[] = [];
  readonly broadcastsById = new Map<string, BroadcastRecord>();
  readonly broadcastMessages = new Map<string, BroadcastMessageRecord[]>();
  /** Channels beyond the default one (the runtime's channel number), for `Channel:Phone` targets. */
  readonly extraChannels: ChannelRecord[] = [];

  constructor(
    readonly id: string,
    readonly token: string,
    private readonly deps: TenantDeps,
  ) {}

  private save(collection: Collection, id: string, value: unknown): void {
    this.deps.persistence.put(this.id, collection, id, value);
  }

  /** Loads what the persistence layer holds; returns false when it held nothing. */
  restore(): boolean {
    const p = this.deps.persistence;
    for (const c of p.load(this.id, 'contacts') as ContactRecord[]) this.indexContact(c);
    for (const m of p.load(this.id, 'messages') as MessageRecord[]) this.indexMessage(m);
    this.templates.push(...(p.load(this.id, 'templates') as TemplateRecord[]));
    for (const o of p.load(this.id, 'operators') as OperatorRecord[])
      this.operators.set(o.email.toLowerCase(), o);
    for (const m of p.load(this.id, 'media') as MediaRecord[]) this.media.set(m.fileName, m);
    // Webhooks saved before `status` existed were all posted to: they load as Enabled.
    for (const w of p.load(this.id, 'webhooks') as Array<
      Partial<WebhookRecord> & Omit<WebhookRecord, 'status'>
    >)
      this.webhooks.push({ ...w, status: w.status ?? 'Enabled' });
    for (const b of p.load(this.id, 'broadcasts') as BroadcastRecord[]) this.indexBroadcast(b);
    this.extraChannels.push(...(p.load(this.id, 'channels') as ChannelRecord[]));
    return this.templates.length > 0 || this.contactList.length > 0;
  }

  clear(): void {
    this.contacts.clear();
    this.contactList.length = 0;
    this.conversations.clear();
    this.messagesById.clear();
    this.outbox.length = 0;
    this.templates.length = 0;
    this.operators.clear();
    this.media.clear();
    this.webhooks.length = 0;
    this.contactsById.clear();
    this.contactsByConversationId.clear();
    this.broadcasts.length = 0;
    this.broadcastsById.clear();
    this.broadcastMessages.clear();
    this.extraChannels.length = 0;
    const p = this.deps.persistence;
    p.batch(() => {
      for (const c of collections) p.remove(this.id, c);
    });
  }

  batch(fn: () => void): void {
    this.deps.persistence.batch(fn);
  }

  private indexContact(contact: ContactRecord): void {
    this.contacts.set(contact.wAid, contact);
    this.contactList.push(contact);
    this.contactsById.set(contact.id, contact);
    this.contactsByConversationId.set(contact.conversationId, contact);
  }

  private indexMessage(message: MessageRecord): void {
    let list = this.conversations.get(message.wAid);
    if (!list) {
      list = [];
      this.conversations.set(message.wAid, list);
    }
    list.push(message);
    this.messagesById.set(message.id, message);
    if ((message.eventType === 'message' && message.owner) || message.eventType === 'broadcastMessage') {
      this.outbox.push(message);
    }
    if (message.eventType === 'broadcastMessage' && message.broadcastId !== undefined) {
      let sent = this.broadcastMessages.get(message.broadcastId);
      if (!sent) {
        sent = [];
        this.broadcastMessages.set(message.broadcastId, sent);
      }
      sent.push(message);
    }
  }

  private indexBroadcast(broadcast: BroadcastRecord): void {
    this.broadcasts.push(broadcast);
    this.broadcastsById.set(broadcast.id, broadcast);
  }

  addBroadcast(broadcast: BroadcastRecord): void {
    this.indexBroadcast(broadcast);
    this.saveBroadcast(broadcast);
  }

  saveBroadcast(broadcast: BroadcastRecord): void {
    this.save('broadcasts', broadcast.id, broadcast);
  }

  /** Adds a channel, or renames the one with this number. */
  addChannel(name: string, phone: string): ChannelRecord {
    const existing = this.extraChannels.find((c) => c.phone === phone);
    const record: ChannelRecord = { id: existing?.id ?? this.deps.ids.objectId(), name, phone };
    if (existing) this.extraChannels.splice(this.extraChannels.indexOf(existing), 1, record);
    else this.extraChannels.push(record);
    this.save('channels', record.id, record);
    return record;
  }

  /** Creates a contact. WATI keeps `name` and `phone` among the attributes (wati-api.md §2.1). */
  createContact(
    wAid: string,
    name: string | null,
    customParams: readonly CustomParam[] = [],
    createdAt?: number,
  ): ContactRecord {
    const now = createdAt ?? this.deps.clock.now();
    const params: CustomParam[] = [
      { name: 'name', value: name ?? `+${wAid}` },
      { name: 'phone', value: wAid },
    ];
    for (const p of customParams) upsertParam(params, p);
    const contact: ContactRecord = {
      id: this.deps.ids.objectId(),
      wAid,
      name,
      customParams: params,
      createdAt: now,
      updatedAt: now,
      conversationId: this.deps.ids.objectId(),
      ticketId: null,
      lastInboundAt: null,
      assignee: null,
      optedIn: false,
    };
    this.indexContact(contact);
    this.save('contacts', wAid, contact);
    return contact;
  }

  /** Finds a contact or creates a name-less one (WATI creates contacts on first message). */
  ensureContact(wAid: string, name: string | null = null): { contact: ContactRecord; created: boolean } {
    const existing = this.contacts.get(wAid);
    if (existing) return { contact: existing, created: false };
    return { contact: this.createContact(wAid, name), created: true };
  }

  updateContact(
    contact: ContactRecord,
    change: { name?: string | null; customParams?: readonly CustomParam[] },
  ): void {
    if (change.name !== undefined && change.name !== null) {
      contact.name = change.name;
      upsertParam(contact.customParams, { name: 'name', value: change.name });
    }
    for (const p of change.customParams ?? []) upsertParam(contact.customParams, p);
    contact.updatedAt = this.deps.clock.now();
    this.saveContact(contact);
  }

  saveContact(contact: ContactRecord): void {
    this.save('contacts', contact.wAid, contact);
  }

  addMessage(message: MessageRecord): void {
    this.indexMessage(message);
    this.save('messages', message.id, message);
  }

  saveMessage(message: MessageRecord): void {
    this.save('messages', message.id, message);
  }

  /** Is the 24-hour customer-service window open? Only an inbound message opens it (whatsapp-rules.md §1). */
  windowOpen(contact: ContactRecord | undefined): boolean {
    return sessionWindowOpen(contact?.lastInboundAt, this.deps.clock.now());
  }

  findTemplate(name: string): TemplateRecord | undefined {
    return this.templates.find((t) => t.elementName === name);
  }

  addTemplate(template: Omit<TemplateRecord, 'id' | 'createdAt'>): TemplateRecord {
    const existing = this.findTemplate(template.elementName);
    const record: TemplateRecord = {
      ...template,
      id: existing?.id ?? this.deps.ids.objectId(),
      createdAt: existing?.createdAt ?? this.deps.clock.now(),
    };
    if (existing) this.templates.splice(this.templates.indexOf(existing), 1, record);
    else this.templates.push(record);
    this.save('templates', record.id, record);
    return record;
  }

  addOperator(email: string, name: string): OperatorRecord {
    const key = email.toLowerCase();
    const record: OperatorRecord = {
      id: this.operators.get(key)?.id ?? this.deps.ids.objectId(),
      email,
      name,
    };
    this.operators.set(key, record);
    this.save('operators', key, record);
    return record;
  }

  addMedia(record: MediaRecord): void {
    this.media.set(record.fileName, record);
    this.save('media', record.fileName, record);
  }

  addWebhook(url: string, events: string[], status: WebhookStatus = 'Enabled'): WebhookRecord {
    const record: WebhookRecord = { id: this.deps.ids.objectId(), url, events, status };
    this.webhooks.push(record);
    this.save('webhooks', record.id, record);
    return record;
  }

  /** Removes one webhook; false when the tenant has none with this id. */
  removeWebhook(id: string): boolean {
    const index = this.webhooks.findIndex((w) => w.id === id);
    if (index === -1) return false;
    this.webhooks.splice(index, 1);
    this.deps.persistence.remove(this.id, 'webhooks', id);
    return true;
  }

  removeWebhooks(): void {
    this.webhooks.length = 0;
    this.deps.persistence.remove(this.id, 'webhooks');
  }
}

function upsertParam(params: CustomParam[], param: CustomParam): void {
  const existing = params.find((p) => p.name === param.name);
  if (existing) existing.value = param.value;
  else params.push({ name: param.name, value: param.value });
}
