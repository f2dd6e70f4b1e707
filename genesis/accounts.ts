/**
 * Dev accounts from a BIP-39 mnemonic along m/44'/60'/0'/0/i — the same keys Hardhat and Anvil
 * derive, so tooling configured for them (and their well-known first address) works unchanged.
 */
import { mnemonicToSeedSync, validateMnemonic } from 'ethereum-cryptography/bip39/index.js';
import { wordlist } from 'ethereum-cryptography/bip39/wordlists/english.js';
import { HDKey } from 'ethereum-cryptography/hdkey.js';
import { Address, privateToAddress } from '@ethereumjs/util';

export const DEFAULT_MNEMONIC = 'test test test test test test test test test test test junk';

export interface DevAccount {
  readonly address: Address;
  readonly privateKey: Uint8Array;
}

export class MnemonicError extends Error {
  override name = 'MnemonicError';
}

export function devAccounts(mnemonic: string, count: number, path = "m/44'/60'/0'/0"): DevAccount[] {
  const words = mnemonic.trim().split(/\s+/).join(' ');
  if (!validateMnemonic(words, wordlist)) throw new MnemonicError('invalid mnemonic: not a BIP-39 English phrase with a valid checksum');
  const root = HDKey.fromMasterSeed(mnemonicToSeedSync(words));
  return Array.from({ length: count }, (_, i) => {
    const privateKey = root.derive(`${path}/${i}`).privateKey!;
    return { address: new Address(privateToAddress(privateKey)), privateKey };
  });
}
