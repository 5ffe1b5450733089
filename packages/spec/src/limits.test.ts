import { describe, expect, it } from 'vitest';
import {
  charCount,
  mediaKindOf,
  mediaKinds,
  mimeTypeOf,
  sessionWindowOpen,
  whatsappLimits,
} from './limits.js';

describe('whatsappLimits', () => {
  it('holds the numbers of whatsapp-rules.md', () => {
    expect(whatsappLimits.sessionWindowMs).toBe(86_400_000);
    expect(whatsappLimits.text).toEqual({ maxChars: 4096 });
    expect(whatsappLimits.caption).toEqual({ maxChars: 1024 });
    expect(whatsappLimits.buttons).toEqual({
      min: 1,
      max: 3,
      titleMaxChars: 20,
      idMaxChars: 256,
      bodyMaxChars: 1024,
      headerTextMaxChars: 60,
      footerMaxChars: 60,
    });
    expect(whatsappLimits.list).toEqual({
      buttonTextMaxChars: 20,
      maxSections: 10,
      minRowsTotal: 1,
      maxRowsTotal: 10,
      sectionTitleMaxChars: 24,
      rowTitleMaxChars: 24,
      rowDescriptionMaxChars: 72,
      rowIdMaxChars: 200,
      bodyMaxChars: 1024,
      headerMaxChars: 60,
      footerMaxChars: 60,
    });
    expect(whatsappLimits.template).toEqual({ bodyMaxChars: 1024, nameMaxChars: 512 });
    expect(whatsappLimits.bulk).toEqual({ maxReceivers: 1000 });
    expect(whatsappLimits.phone).toEqual({ maxDigits: 15 });
  });

  it('caps media at 5 MiB images, 16 MiB video and audio, 100 MiB documents, 500 KiB stickers', () => {
    expect(Object.fromEntries(mediaKinds.map((k) => [k, whatsappLimits.media[k].maxBytes]))).toEqual({
      image: 5_242_880,
      video: 16_777_216,
      audio: 16_777_216,
      document: 104_857_600,
      sticker: 512_000,
    });
  });

  it('gives every media kind extensions that map back to that kind', () => {
    for (const kind of mediaKinds) {
      for (const ext of whatsappLimits.media[kind].extensions) {
        expect(mediaKindOf(undefined, `file.${ext}`), ext).toBe(kind);
        expect(mediaKindOf(mimeTypeOf(`file.${ext}`), undefined), ext).toBe(kind);
      }
    }
  });
});

describe('charCount', () => {
  it('counts Unicode code points', () => {
    expect(charCount('')).toBe(0);
    expect(charCount('hello')).toBe(5);
    expect(charCount('😀')).toBe(1);
    expect(charCount('héllo wörld')).toBe(11);
    // A family emoji is three people joined by two zero-width joiners: five code points.
    expect(charCount('👨‍👩‍👧')).toBe(5);
    expect(charCount('𝐀𝐁')).toBe(2);
  });
});

describe('mediaKindOf', () => {
  it('decides by MIME type, ignoring case and parameters', () => {
    expect(mediaKindOf('image/jpeg', 'x.pdf')).toBe('image');
    expect(mediaKindOf('IMAGE/PNG', undefined)).toBe('image');
    expect(mediaKindOf('video/3gpp', undefined)).toBe('video');
    expect(mediaKindOf('audio/ogg; codecs=opus', undefined)).toBe('audio');
    expect(mediaKindOf('application/vnd.ms-excel', undefined)).toBe('document');
    expect(mediaKindOf('image/webp', undefined)).toBe('sticker');
  });

  it('returns undefined for a specific type WhatsApp does not take, whatever the extension', () => {
    expect(mediaKindOf('image/gif', 'a.png')).toBeUndefined();
    expect(mediaKindOf('text/csv', 'a.txt')).toBeUndefined();
  });

  it('falls back to the extension when the type is missing, empty or application/octet-stream', () => {
    expect(mediaKindOf(undefined, 'photo.JPG')).toBe('image');
    expect(mediaKindOf('', 'clip.mp4')).toBe('video');
    expect(mediaKindOf('application/octet-stream', 'voice.opus')).toBe('audio');
    expect(mediaKindOf('application/octet-stream', 'report.final.docx')).toBe('document');
  });

  it('returns undefined when neither type nor extension is known', () => {
    expect(mediaKindOf(undefined, undefined)).toBeUndefined();
    expect(mediaKindOf('application/octet-stream', 'setup.exe')).toBeUndefined();
    expect(mediaKindOf(undefined, 'README')).toBeUndefined();
  });
});

describe('mimeTypeOf', () => {
  it('maps known extensions to their canonical type, ignoring case', () => {
    expect(mimeTypeOf('data/images/a.JPG')).toBe('image/jpeg');
    expect(mimeTypeOf('voice.opus')).toBe('audio/ogg');
    expect(mimeTypeOf('numbers.csv')).toBe('text/csv');
    expect(mimeTypeOf('deck.pptx')).toBe(
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    );
  });

  it('answers application/octet-stream for anything else', () => {
    expect(mimeTypeOf('archive.zip')).toBe('application/octet-stream');
    expect(mimeTypeOf('noextension')).toBe('application/octet-stream');
  });
});

describe('sessionWindowOpen', () => {
  const day = 24 * 60 * 60 * 1000;
  it('is open strictly before 24 hours have passed, closed from that moment on', () => {
    expect(sessionWindowOpen(1000, 1000)).toBe(true);
    expect(sessionWindowOpen(1000, 1000 + day - 1)).toBe(true);
    expect(sessionWindowOpen(1000, 1000 + day)).toBe(false);
    expect(sessionWindowOpen(1000, 1000 + day + 1)).toBe(false);
  });
  it('is closed without an inbound message', () => {
    expect(sessionWindowOpen(null, 5)).toBe(false);
    expect(sessionWindowOpen(undefined, 5)).toBe(false);
  });
});
