// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// The peer benchmark's contract: a counter to write (inc), a view to call (count), and a loop of
/// pure EVM arithmetic (sumTo) to measure compute through eth_call.
contract Bench {
    uint256 public count;

    function inc() external {
        count += 1;
    }

    function sumTo(uint256 n) external pure returns (uint256 total) {
        // unchecked: about 60 gas an iteration, so 100,000 fit under Osaka's 2^24 cap per transaction
        unchecked {
            for (uint256 i = 1; i <= n; i++) total += i;
        }
    }
}
