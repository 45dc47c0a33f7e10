import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * WeCom's callback encryption (加解密方案说明, developer.work.weixin.qq.com/document/path/90968),
 * on node:crypto:
 * - msg_signature = hex(SHA-1(the token, timestamp, nonce and ciphertext, sorted as strings and
 *   concatenated));
 * - AESKey = Base64_Decode(EncodingAESKey + "="), 32 bytes; AES-256-CBC with IV = AESKey[0..16];
 * - plaintext = 16 random bytes + 4-byte big-endian length + message + ReceiveId (the CorpID),
 *   padded PKCS#7 to a multiple of 32 bytes (not AES's 16, hence manual padding).
 * Checked against the official sample vectors (test/adapters/wecom-crypto.test.ts).
 */
export class WecomCrypto {
  private readonly key: Buffer;
  private readonly iv: Buffer;

  constructor(
    private readonly token: string,
    encodingAesKey: string,
  ) {
    if (!/^[A-Za-z0-9]{43}$/.test(encodingAesKey))
      throw new RangeError('EncodingAESKey must be 43 characters of a-z, A-Z and 0-9');
    this.key = Buffer.from(`${encodingAesKey}=`, 'base64');
    this.iv = this.key.subarray(0, 16);
  }

  /** msg_signature over (token, timestamp, nonce, ciphertext). */
  signature(timestamp: string, nonce: string, encrypted: string): string {
    const joined = [this.token, timestamp, nonce, encrypted].sort().join('');
    return createHash('sha1').update(joined, 'utf8').digest('hex');
  }

  /** Constant-time check of a msg_signature; false for anything that is not 40 hex digits. */
  verify(signature: string, timestamp: string, nonce: string, encrypted: string): boolean {
    if (!/^[0-9a-f]{40}$/i.test(signature)) return false;
    const expected = Buffer.from(this.signature(timestamp, nonce, encrypted), 'hex');
    return timingSafeEqual(expected, Buffer.from(signature.toLowerCase(), 'hex'));
  }

  /**
   * The message and the ReceiveId it was encrypted for. Throws WecomCryptoError for ciphertext that
   * does not decrypt to the documented layout (wrong key, truncated, tampered).
   */
  decrypt(encrypted: string): { message: string; receiveId: string } {
    const data = Buffer.from(encrypted, 'base64');
    if (data.length === 0 || data.length % 16 !== 0) throw new WecomCryptoError('ciphertext length');
    const decipher = createDecipheriv('aes-256-cbc', this.key, this.iv).setAutoPadding(false);
    const padded = Buffer.concat([decipher.update(data), decipher.final()]);
    const pad = padded[padded.length - 1] ?? 0;
    if (pad < 1 || pad > 32 || pad > padded.length) throw new WecomCryptoError('padding');
    const plain = padded.subarray(0, padded.length - pad);
    if (plain.length < 20) throw new WecomCryptoError('too short');
    const length = plain.readUInt32BE(16);
    if (20 + length > plain.length) throw new WecomCryptoError('message length');
    return {
      message: plain.subarray(20, 20 + length).toString('utf8'),
      receiveId: plain.subarray(20 + length).toString('utf8'),
    };
  }

  /** The ciphertext of a message for `receiveId`: what WeCom sends (the fake API and tests use it). */
  encrypt(message: string, receiveId: string, random: Buffer = randomBytes(16)): string {
    const body = Buffer.from(message, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    const plain = Buffer.concat([random, length, body, Buffer.from(receiveId, 'utf8')]);
    const pad = 32 - (plain.length % 32);
    const padded = Buffer.concat([plain, Buffer.alloc(pad, pad)]);
    const cipher = createCipheriv('aes-256-cbc', this.key, this.iv).setAutoPadding(false);
    return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
  }
}

export class WecomCryptoError extends Error {
  constructor(what: string) {
    super(`WeCom ciphertext does not decrypt (${what})`);
    this.name = 'WecomCryptoError';
  }
}
