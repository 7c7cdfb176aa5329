import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

export const SIGNING_ALG = 'RS256';

export interface SigningKeys {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** The public key as served by /auth/jwks. */
  publicJwk: JWK;
  kid: string;
}

/** A fresh key pair per sandbox start: nothing to store, and old tokens die with the process. */
export async function generateSigningKeys(): Promise<SigningKeys> {
  const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALG);
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { privateKey, publicKey, kid, publicJwk: { ...jwk, kid, alg: SIGNING_ALG, use: 'sig' } };
}

export function jwks(keys: SigningKeys): { keys: JWK[] } {
  return { keys: [keys.publicJwk] };
}
