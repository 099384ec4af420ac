"""RFC 6962 Merkle Tree Hash, inclusion proofs and their verification.

Plain Python (hashlib only), no Django. The seal commits to the receipts of the latest sealed
scorecards with ``merkle_root``; a judge checks their receipt with ``inclusion_proof`` and
``verify_inclusion``.

Definitions (RFC 6962 section 2.1, RFC 9162 section 2.1.1):

- the hash of an empty tree is ``sha256(b"")``;
- a leaf hash is ``sha256(0x00 || data)``;
- an inner node is ``sha256(0x01 || left || right)``;
- a tree of n > 1 leaves is split at k, the largest power of two smaller than n: the left subtree
  holds the first k leaves, the right one the rest.

The tree is built level by level: pair neighbours, and carry a lone last node up unchanged. This
gives exactly the RFC's shape (the RFC's left subtree is always a perfect tree, so the only node
without a partner on a level is the last one, and it is promoted, never duplicated), in O(n) hashes.

Leaves of the seal are receipts: use ``leaf_from_receipt`` so that everyone hashes the same bytes
(the 32 raw bytes of the SHA-256 digest, not its hex text).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

__all__ = [
    "EMPTY_ROOT",
    "inclusion_proof",
    "leaf_from_receipt",
    "leaf_hash",
    "merkle_root",
    "node_hash",
    "verify_inclusion",
]

LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    """``sha256(0x00 || data)``."""
    return hashlib.sha256(LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """``sha256(0x01 || left || right)``."""
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def leaf_from_receipt(receipt: str) -> bytes:
    """The leaf data for a scorecard receipt: the 32 raw digest bytes of its hex text."""
    data = bytes.fromhex(receipt)
    if len(data) != 32:
        raise ValueError("A receipt is a SHA-256 digest: 64 hexadecimal characters.")
    return data


def _next_level(level: list[bytes]) -> list[bytes]:
    paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
    if len(level) % 2:
        paired.append(level[-1])
    return paired


def merkle_root(leaves: Sequence[bytes]) -> bytes:
    """The RFC 6962 Merkle Tree Hash of ``leaves`` (leaf data, not leaf hashes)."""
    if not leaves:
        return EMPTY_ROOT
    level = [leaf_hash(data) for data in leaves]
    while len(level) > 1:
        level = _next_level(level)
    return level[0]


def inclusion_proof(leaves: Sequence[bytes], index: int) -> list[bytes]:
    """The RFC 6962 audit path ``PATH(index, leaves)``: sibling hashes from the leaf up to the root."""
    if not 0 <= index < len(leaves):
        raise IndexError(f"Leaf index {index} is outside a tree of {len(leaves)} leaves.")
    proof: list[bytes] = []
    level = [leaf_hash(data) for data in leaves]
    position = index
    while len(level) > 1:
        sibling = position ^ 1
        if sibling < len(level):
            proof.append(level[sibling])
        # else: the node is the lone last one of its level and is carried up without a sibling.
        level = _next_level(level)
        position //= 2
    return proof


def verify_inclusion(*, leaf: bytes, index: int, tree_size: int, proof: Sequence[bytes], root: bytes) -> bool:
    """Whether ``proof`` shows that leaf data ``leaf`` sits at ``index`` in the tree of ``tree_size``
    leaves whose root is ``root`` (RFC 9162 section 2.1.3.2). Never raises for a bad proof."""
    if not 0 <= index < tree_size:
        return False
    fn, sn = index, tree_size - 1
    result = leaf_hash(leaf)
    for sibling in proof:
        if len(sibling) != 32 or sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            result = node_hash(sibling, result)
            if fn % 2 == 0:
                while fn % 2 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            result = node_hash(result, sibling)
        fn >>= 1
        sn >>= 1
    return sn == 0 and hmac.compare_digest(result, root)
