/** Storage of string, bytes and string-keyed mappings in Solidity's layout, for test/sdk/storage.test.ts. */
import { StorageString, StorageBytes, StorageMap, U256, bytes, uint256 } from "ewasm-devnet";

const text = new StorageString(0);
const blob = new StorageBytes(1);
const scores = new StorageMap<string, U256>(2);

export function setText(value: string): void { text.set(value); }
@view export function getText(): string { return text.get(); }
export function setBlob(value: bytes): void { blob.set(value); }
@view export function getBlob(): bytes { return blob.get(); }
export function setScore(name: string, score: uint256): void { scores.set(name, score); }
@view export function score(name: string): uint256 { return scores.get(name); }
