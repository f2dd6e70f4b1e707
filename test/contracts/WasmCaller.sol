// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// Calls a contract that may be Wasm through low-level calls: the EVM cannot tell the engines apart.
contract WasmCaller {
    /// Calls a counter (examples/counter.wat returns its new count as one 32-byte word).
    function count(address counter) external returns (uint256) {
        (bool ok, bytes memory ret) = counter.call("");
        require(ok, "counter call failed");
        return abi.decode(ret, (uint256));
    }

    /// The counter writes storage, so a static call into it must fail.
    function countStatic(address counter) external view returns (bool ok) {
        (ok, ) = counter.staticcall("");
    }
}
