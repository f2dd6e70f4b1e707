// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// The far end of Root → Wasm forwarder → Leaf: stores and logs what it is given.
contract Leaf {
    event Leafed(uint256 x);
    uint256 public last;

    function leaf(uint256 x) external returns (uint256) {
        last = x;
        emit Leafed(x);
        require(x != 13, "unlucky");
        return x * 2;
    }
}

/// Calls a Wasm forwarder (test/contracts/forwarder.wat) with `leaf ‖ calldata` for Leaf.
contract Root {
    event Rooted(uint256 y);
    uint256 public total;

    function go(address forwarder, address leafAddress, uint256 x) external returns (uint256 y) {
        (bool ok, bytes memory ret) = forwarder.call(abi.encodePacked(leafAddress, abi.encodeCall(Leaf.leaf, (x))));
        require(ok, "forwarder failed");
        y = abi.decode(ret, (uint256));
        total += y;
        emit Rooted(y);
    }
}

/// Root's EVM-only twin: calls Leaf directly (for comparing traces with Hardhat's, which has no Wasm).
contract Direct {
    event Directed(uint256 y);

    function go(address leafAddress, uint256 x) external returns (uint256 y) {
        y = Leaf(leafAddress).leaf(x);
        emit Directed(y);
    }
}
