// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// The interface of examples/assemblyscript/Counter.ts, a Wasm contract: Solidity calls it as it
/// would call any contract, through its ABI.
interface ICounter {
    function get() external view returns (uint256);
    function increment() external;
    function add(uint256 amount) external;
}

/// A Solidity contract that calls a Wasm one.
contract CounterClient {
    event Bumped(address counter, uint256 count);

    /// Increments the counter twice and returns what it reads back.
    function bumpTwice(ICounter counter) external returns (uint256 count) {
        counter.increment();
        counter.add(1);
        count = counter.get();
        emit Bumped(address(counter), count);
    }

    /// Passes the Wasm contract's revert reason on (Counter.add(0) reverts with "Counter: amount is zero").
    function addZero(ICounter counter) external {
        counter.add(0);
    }

    /// A low-level call: the revert data comes back as bytes.
    function tryAddZero(ICounter counter) external returns (bool ok, bytes memory data) {
        (ok, data) = address(counter).call(abi.encodeCall(ICounter.add, (0)));
    }
}
