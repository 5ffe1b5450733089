import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkFile,
  checkLimits,
  checkTemplateParameters,
  type LimitViolation,
  renderTemplate,
  templatePlaceholders,
} from './check-limits.js';
import { operationList } from './registry.js';

const to = '14155551234';
const MiB = 1024 * 1024;

function tooLong(field: string, n: number, max: number): LimitViolation {
  return {
    field,
    limit: `at most ${max} characters`,
    message: `${field} has ${n} characters; the limit is ${max}`,
  };
}

function empty(field: string): LimitViolation {
  return { field, limit: 'required', message: `${field} must not be empty` };
}

function badPhone(field: string, value: string): LimitViolation {
  return {
    field,
    limit: 'a phone number with country code',
    message: `${field} "${value}" is not a phone number; use the country code and number, e.g. 14155551234`,
  };
}

describe('checkLimits: sendSessionMessage', () => {
  it('accepts a text of exactly 4096 characters', () => {
    expect(checkLimits('sendSessionMessage', { whatsappNumber: to, messageText: 'a'.repeat(4096) })).toEqual(
      [],
    );
  });

  it('rejects a text of 4097 characters', () => {
    expect(checkLimits('sendSessionMessage', { whatsappNumber: to, messageText: 'a'.repeat(4097) })).toEqual([
      tooLong('messageText', 4097, 4096),
    ]);
  });

  it('counts an emoji as one character, not two UTF-16 units', () => {
    expect('😀'.repeat(4096)).toHaveLength(8192);
    expect(checkLimits('sendSessionMessage', { whatsappNumber: to, messageText: '😀'.repeat(4096) })).toEqual(
      [],
    );
    expect(checkLimits('sendSessionMessage', { whatsappNumber: to, messageText: '😀'.repeat(4097) })).toEqual(
      [tooLong('messageText', 4097, 4096)],
    );
  });

  it('rejects an empty or blank text', () => {
    expect(checkLimits('sendSessionMessage', { whatsappNumber: to, messageText: '' })).toEqual([
      empty('messageText'),
    ]);
    expect(checkLimits('sendSessionMessage', { whatsappNumber: to, messageText: ' \n ' })).toEqual([
      empty('messageText'),
    ]);
  });

  it('rejects a recipient that is not a phone number, and reports every violation at once', () => {
    expect(checkLimits('sendSessionMessage', { whatsappNumber: '12', messageText: '' })).toEqual([
      badPhone('whatsappNumber', '12'),
      empty('messageText'),
    ]);
  });

  it('accepts a typed number with + and spaces', () => {
    expect(
      checkLimits('sendSessionMessage', { whatsappNumber: '+1 415 555 1234', messageText: 'hi' }),
    ).toEqual([]);
  });
});

describe('checkLimits: sendSessionFile', () => {
  it('accepts a caption of 1024 characters and rejects 1025', () => {
    expect(checkLimits('sendSessionFile', { whatsappNumber: to, caption: 'c'.repeat(1024) })).toEqual([]);
    expect(checkLimits('sendSessionFile', { whatsappNumber: to, caption: 'c'.repeat(1025) })).toEqual([
      tooLong('caption', 1025, 1024),
    ]);
  });

  it('checks the file’s type and size', () => {
    const ok = new File([new Uint8Array(500 * 1024)], 'sticker.webp', { type: 'image/webp' });
    const big = new File([new Uint8Array(500 * 1024 + 1)], 'sticker.webp', { type: 'image/webp' });
    const gif = new File(['GIF89a'], 'a.gif', { type: 'image/gif' });
    expect(checkLimits('sendSessionFile', { whatsappNumber: to, file: ok })).toEqual([]);
    expect(checkLimits('sendSessionFile', { whatsappNumber: to, file: big })).toEqual([
      {
        field: 'file',
        limit: 'at most 512000 bytes for sticker',
        message: 'file is 512001 bytes; WhatsApp accepts sticker files up to 512000 bytes',
      },
    ]);
    expect(checkLimits('sendSessionFile', { whatsappNumber: to, file: gif }).map((v) => v.limit)).toEqual([
      'a supported media type',
    ]);
  });

  it('uses the file name when the Blob’s type is generic', () => {
    const pdf = new File(['%PDF'], 'invoice.pdf', { type: 'application/octet-stream' });
    const exe = new File(['MZ'], 'setup.exe', { type: 'application/octet-stream' });
    expect(checkLimits('sendSessionFile', { whatsappNumber: to, file: pdf })).toEqual([]);
    expect(checkLimits('sendSessionFile', { whatsappNumber: to, file: exe })).toHaveLength(1);
  });
});

describe('checkFile', () => {
  const cases = [
    ['image', 'image/jpeg', 5 * MiB],
    ['video', 'video/mp4', 16 * MiB],
    ['audio', 'audio/ogg', 16 * MiB],
    ['document', 'application/pdf', 100 * MiB],
    ['sticker', 'image/webp', 500 * 1024],
  ] as const;

  it.each(cases)('accepts %s (%s) of exactly %i bytes', (_, type, max) => {
    expect(checkFile('file', { type, size: max })).toEqual([]);
  });

  it.each(cases)('rejects %s (%s) one byte over %i bytes', (kind, type, max) => {
    expect(checkFile('file', { type, size: max + 1 })).toEqual([
      {
        field: 'file',
        limit: `at most ${max} bytes for ${kind}`,
        message: `file is ${max + 1} bytes; WhatsApp accepts ${kind} files up to ${max} bytes`,
      },
    ]);
  });

  it('rejects an unsupported type, naming the field and the type', () => {
    expect(checkFile('media', { type: 'image/gif', size: 10 })).toEqual([
      {
        field: 'media',
        limit: 'a supported media type',
        message:
          'media has type "image/gif", which WhatsApp does not accept; send JPEG/PNG images, MP4/3GPP video, AAC/AMR/MP3/MP4/OGG audio, or PDF/Office/text documents',
      },
    ]);
  });

  it('says "unknown" when neither a type nor a known extension is given', () => {
    expect(checkFile('file', { size: 10 })[0]?.message).toMatch(/^file has type "unknown"/);
    expect(checkFile('file', { type: '', size: 10, name: 'noext' })[0]?.limit).toBe('a supported media type');
  });

  it('accepts a MIME type with parameters and in upper case', () => {
    expect(checkFile('file', { type: 'Image/PNG; charset=binary', size: 1 })).toEqual([]);
  });
});

describe('checkLimits: sendInteractiveButtonsMessage', () => {
  const button = (text: string, id?: string) => (id === undefined ? { text } : { text, id });
  const buttons = (n: number) => Array.from({ length: n }, (_, i) => button(`Option ${i + 1}`));
  const send = (input: Record<string, unknown>) =>
    checkLimits('sendInteractiveButtonsMessage', { whatsappNumber: to, body: 'Choose', ...input });

  it.each([1, 3])('accepts %i buttons', (n) => {
    expect(send({ buttons: buttons(n) })).toEqual([]);
  });

  it.each([0, 4])('rejects %i buttons', (n) => {
    expect(send({ buttons: buttons(n) })).toEqual([
      {
        field: 'buttons',
        limit: '1 to 3 buttons',
        message: `buttons has ${n} items; WhatsApp allows 1 to 3`,
      },
    ]);
  });

  it('treats missing buttons as zero buttons', () => {
    expect(send({}).map((v) => v.field)).toEqual(['buttons']);
  });

  it('accepts a 20-character title and rejects 21', () => {
    expect(send({ buttons: [button('x'.repeat(20))] })).toEqual([]);
    expect(send({ buttons: [button('ok'), button('x'.repeat(21))] })).toEqual([
      tooLong('buttons[1].text', 21, 20),
    ]);
  });

  it('rejects duplicate and empty titles', () => {
    expect(send({ buttons: [button('Yes'), button('No'), button('Yes')] })).toEqual([
      { field: 'buttons[2].text', limit: 'unique titles', message: 'button title "Yes" is used twice' },
    ]);
    expect(send({ buttons: [button('')] })).toEqual([empty('buttons[0].text')]);
  });

  it('limits the button id to 256 characters', () => {
    expect(send({ buttons: [button('a', 'i'.repeat(256))] })).toEqual([]);
    expect(send({ buttons: [button('a', 'i'.repeat(257))] })).toEqual([tooLong('buttons[0].id', 257, 256)]);
  });

  it('limits body to 1024, header text and footer to 60, and requires the body', () => {
    expect(
      send({
        body: 'b'.repeat(1024),
        header: { type: 'Text', text: 'h'.repeat(60) },
        footer: 'f'.repeat(60),
        buttons: buttons(1),
      }),
    ).toEqual([]);
    expect(
      send({
        body: 'b'.repeat(1025),
        header: { type: 'Text', text: 'h'.repeat(61) },
        footer: 'f'.repeat(61),
        buttons: buttons(1),
      }),
    ).toEqual([tooLong('body', 1025, 1024), tooLong('footer', 61, 60), tooLong('header.text', 61, 60)]);
    expect(send({ body: '', buttons: buttons(1) })).toEqual([empty('body')]);
  });
});

describe('checkLimits: sendInteractiveListMessage', () => {
  const row = (title: string) => ({ title });
  const send = (input: Record<string, unknown>) =>
    checkLimits('sendInteractiveListMessage', {
      whatsappNumber: to,
      body: 'Pick',
      buttonText: 'Menu',
      ...input,
    });

  it('accepts one untitled section with one row', () => {
    expect(send({ sections: [{ rows: [row('One')] }] })).toEqual([]);
  });

  it('requires a title on every section when there is more than one', () => {
    expect(send({ sections: [{ title: 'A', rows: [row('One')] }, { rows: [row('Two')] }] })).toEqual([
      empty('sections[1].title'),
    ]);
    expect(
      send({
        sections: [
          { title: 'A', rows: [row('One')] },
          { title: 'B', rows: [row('Two')] },
        ],
      }),
    ).toEqual([]);
  });

  it('accepts 10 sections and rejects 11', () => {
    const sections = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ title: `S${i}`, rows: i === 0 ? [row('Only')] : [] }));
    expect(send({ sections: sections(10) })).toEqual([]);
    expect(send({ sections: sections(11) })).toEqual([
      { field: 'sections', limit: 'at most 10 sections', message: 'sections has 11 items; the limit is 10' },
    ]);
  });

  it('accepts 10 rows in all and rejects 11, or none', () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => row(`Row ${i}`));
    expect(
      send({
        sections: [
          { title: 'A', rows: rows(5) },
          { title: 'B', rows: rows(5) },
        ],
      }),
    ).toEqual([]);
    expect(
      send({
        sections: [
          { title: 'A', rows: rows(5) },
          { title: 'B', rows: rows(6) },
        ],
      }),
    ).toEqual([
      {
        field: 'sections',
        limit: '1 to 10 rows in all',
        message: 'the list has 11 rows in all; WhatsApp allows 1 to 10',
      },
    ]);
    expect(send({ sections: [{ rows: [] }] })).toEqual([
      {
        field: 'sections',
        limit: '1 to 10 rows in all',
        message: 'the list has 0 rows in all; WhatsApp allows 1 to 10',
      },
    ]);
  });

  it('limits section titles and row titles to 24, descriptions to 72 and ids to 200 characters', () => {
    expect(
      send({
        sections: [
          {
            title: 's'.repeat(24),
            rows: [{ title: 't'.repeat(24), description: 'd'.repeat(72), id: 'i'.repeat(200) }],
          },
        ],
      }),
    ).toEqual([]);
    expect(
      send({
        sections: [
          {
            title: 's'.repeat(25),
            rows: [{ title: 't'.repeat(25), description: 'd'.repeat(73), id: 'i'.repeat(201) }],
          },
        ],
      }),
    ).toEqual([
      tooLong('sections[0].title', 25, 24),
      tooLong('sections[0].rows[0].title', 25, 24),
      tooLong('sections[0].rows[0].description', 73, 72),
      tooLong('sections[0].rows[0].id', 201, 200),
    ]);
  });

  it('requires row titles', () => {
    expect(send({ sections: [{ rows: [row(' ')] }] })).toEqual([empty('sections[0].rows[0].title')]);
  });

  it('limits buttonText to 20, header and footer to 60, body to 1024, and requires body and buttonText', () => {
    const sections = [{ rows: [row('One')] }];
    expect(
      send({
        buttonText: 'x'.repeat(21),
        header: 'h'.repeat(61),
        footer: 'f'.repeat(61),
        body: 'b'.repeat(1025),
        sections,
      }),
    ).toEqual([
      tooLong('body', 1025, 1024),
      tooLong('header', 61, 60),
      tooLong('footer', 61, 60),
      tooLong('buttonText', 21, 20),
    ]);
    expect(send({ buttonText: '', body: '', sections })).toEqual([empty('body'), empty('buttonText')]);
  });
});

describe('checkLimits: template sends', () => {
  const receivers = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ whatsappNumber: `1415555${String(i).padStart(4, '0')}` }));

  it.each(['sendTemplateMessages', 'sendTemplateMessagesV2'])(
    '%s accepts 1000 receivers and rejects 1001',
    (id) => {
      expect(
        checkLimits(id, { template_name: 'welcome', broadcast_name: 'b', receivers: receivers(1000) }),
      ).toEqual([]);
      expect(
        checkLimits(id, { template_name: 'welcome', broadcast_name: 'b', receivers: receivers(1001) }),
      ).toEqual([
        {
          field: 'receivers',
          limit: 'at most 1000 receivers',
          message: 'receivers has 1001 items; send at most 1000 per call',
        },
      ]);
    },
  );

  it('names each invalid receiver number by its index', () => {
    const list = [
      { whatsappNumber: to },
      { whatsappNumber: '+44 20 7946 0958' },
      { whatsappNumber: 'call me' },
      { whatsappNumber: '0123' },
    ];
    expect(checkLimits('sendTemplateMessages', { template_name: 'welcome', receivers: list })).toEqual([
      badPhone('receivers[2].whatsappNumber', 'call me'),
      badPhone('receivers[3].whatsappNumber', '0123'),
    ]);
  });

  it.each(['sendTemplateMessage', 'sendTemplateMessageV2'])(
    '%s limits template_name to 512 characters and checks the number',
    (id) => {
      expect(checkLimits(id, { whatsappNumber: to, template_name: 'n'.repeat(512) })).toEqual([]);
      expect(checkLimits(id, { whatsappNumber: '7208713112', template_name: 'n'.repeat(513) })).toEqual([
        badPhone('whatsappNumber', '7208713112'),
        tooLong('template_name', 513, 512),
      ]);
    },
  );
});

describe('checkLimits: operations without WhatsApp limits', () => {
  it('finds nothing in reads and writes with valid input', () => {
    expect(checkLimits('getContacts', { pageSize: 10 })).toEqual([]);
    expect(checkLimits('getMessages', { whatsappNumber: to })).toEqual([]);
    expect(checkLimits('assignOperator', { whatsappNumber: to })).toEqual([]);
    expect(checkLimits('unknownOperation', { messageText: '' })).toEqual([]);
  });

  it('still checks a whatsappNumber wherever it appears', () => {
    expect(checkLimits('addContact', { whatsappNumber: 'abc' })).toEqual([badPhone('whatsappNumber', 'abc')]);
  });
});

describe('templatePlaceholders', () => {
  it('lists named and numbered placeholders once each, in order of first use', () => {
    expect(templatePlaceholders('Hi {{name}}, order {{ 1 }} of {{order.id}} for {{name}}.')).toEqual([
      'name',
      '1',
      'order.id',
    ]);
  });

  it('ignores text that is not a placeholder', () => {
    expect(templatePlaceholders('No {placeholders} {{ }} {{two words}} here')).toEqual([]);
  });
});

describe('checkTemplateParameters', () => {
  const template = {
    elementName: 'order_update',
    status: 'APPROVED',
    body: 'Hi {{name}}, your order {{1}} shipped.',
  };

  it('accepts an approved template with a value for every placeholder', () => {
    expect(
      checkTemplateParameters(template, [
        { name: 'name', value: 'John' },
        { name: '1', value: 'A-17' },
        { name: 'unused', value: 'x' },
      ]),
    ).toEqual([]);
  });

  it('names each placeholder that has no value or an empty one', () => {
    expect(checkTemplateParameters(template, [{ name: 'name', value: '' }])).toEqual([
      {
        field: 'parameters',
        limit: 'a value for {{name}}',
        message: 'parameters has no value for placeholder {{name}}',
      },
      {
        field: 'parameters',
        limit: 'a value for {{1}}',
        message: 'parameters has no value for placeholder {{1}}',
      },
    ]);
  });

  it('rejects a template that is not APPROVED, under the given field name', () => {
    expect(
      checkTemplateParameters(
        { ...template, status: 'PENDING', body: 'Static' },
        [],
        'receivers[0].customParams',
      ),
    ).toEqual([
      {
        field: 'template_name',
        limit: 'an APPROVED template',
        message: 'template "order_update" is PENDING; only APPROVED templates can be sent',
      },
    ]);
    expect(checkTemplateParameters(template, [], 'receivers[0].customParams').map((v) => v.field)).toEqual([
      'receivers[0].customParams',
      'receivers[0].customParams',
    ]);
  });
});

describe('renderTemplate', () => {
  it('fills every occurrence of each placeholder', () => {
    expect(
      renderTemplate('Hi {{name}}, order {{ 1 }} for {{name}}.', [
        { name: 'name', value: 'John' },
        { name: '1', value: 'A-17' },
      ]),
    ).toBe('Hi John, order A-17 for John.');
  });

  it('leaves placeholders without a value as they are', () => {
    expect(renderTemplate('Hi {{name}} {{2}}', [{ name: 'name', value: 'Ann' }])).toBe('Hi Ann {{2}}');
  });

  it('inserts values literally, with no replacement patterns', () => {
    expect(renderTemplate('Total: {{amount}}', [{ name: 'amount', value: "$& $1 $' {{amount}}" }])).toBe(
      "Total: $& $1 $' {{amount}}",
    );
  });
});

describe('checkLimits: malformed input', () => {
  // The gateway's pre-flight and the sandbox check raw request bodies, before any schema.
  it('reports null or non-object items as missing fields instead of throwing', () => {
    expect(
      checkLimits('sendInteractiveButtonsMessage', { whatsappNumber: to, body: 'Choose', buttons: [null] }),
    ).toEqual([empty('buttons[0].text')]);
    expect(
      checkLimits('sendInteractiveListMessage', {
        whatsappNumber: to,
        body: 'Pick',
        buttonText: 'Menu',
        sections: [null, { title: 'B', rows: 'not rows' }],
      }),
    ).toEqual([
      empty('sections[0].title'),
      {
        field: 'sections',
        limit: '1 to 10 rows in all',
        message: 'the list has 0 rows in all; WhatsApp allows 1 to 10',
      },
    ]);
    expect(checkLimits('sendTemplateMessages', { receivers: [null, 7, { whatsappNumber: 'x' }] })).toEqual([
      badPhone('receivers[2].whatsappNumber', 'x'),
    ]);
  });

  it('never throws, whatever JSON the input holds', () => {
    const fields = [
      'whatsappNumber',
      'messageText',
      'caption',
      'body',
      'header',
      'footer',
      'buttonText',
    ] as const;
    const key = fc.constantFrom(...fields, 'buttons', 'sections', 'receivers', 'template_name', 'file');
    fc.assert(
      fc.property(
        fc.constantFrom(...operationList.map((o) => o.id)),
        fc.dictionary(key, fc.jsonValue()),
        (id, input) => {
          expect(Array.isArray(checkLimits(id, input))).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
