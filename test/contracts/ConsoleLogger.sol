// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// Logs through Hardhat's console address exactly as hardhat/console.sol does (a static call with
/// the ABI-encoded log signature), without importing it.
contract ConsoleLogger {
    address constant CONSOLE = 0x000000000000000000636F6e736F6c652e6c6f67;

    function hello() external returns (uint256) {
        _log(abi.encodeWithSignature("log(string,uint256)", "x", uint256(1)));
        _log(abi.encodeWithSignature("log(string,address,bool)", "from %s ok?", msg.sender, true));
        return 7;
    }

    function _log(bytes memory payload) private view {
        (bool ok, ) = CONSOLE.staticcall(payload);
        ok;
    }
}
