import { createHmac } from 'node:crypto';

/** RFC 6238 for the browser tests, independent of the server's library. */
function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...text.replace(/=+$/, '').toUpperCase()]
    .map((char) => alphabet.indexOf(char).toString(2).padStart(5, '0'))
    .join('');
  return Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => Number.parseInt(byte, 2)));
}

function hotp(key: Buffer, counter: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/**
 * An authenticator that never repeats a time step: the server refuses any step at or before the
 * last one it accepted. It gives the current step, then the next: both stay inside the server's
 * ±1-step window even if a step boundary passes on the way, so two codes need no waiting.
 */
export function authenticator(secret: string): { nextCode(): string } {
  const key = base32Decode(secret);
  let lastStep = Number.NEGATIVE_INFINITY;
  return {
    nextCode() {
      const current = Math.floor(Date.now() / 30_000);
      lastStep = Math.max(lastStep + 1, current);
      return hotp(key, lastStep);
    },
  };
}
