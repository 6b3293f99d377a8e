"""BLAKE3 in pure Python (hash mode only), because Python's standard library has no BLAKE3 and the schema hash
of the plugin protocol is BLAKE3 of the canonical schema JSON. Inputs are tiny (a few hundred bytes), so this is a
plain, portable rendition of the specification (https://github.com/BLAKE3-team/BLAKE3-specs), not a fast one.

    blake3_hex(b"...")        -> 64 lowercase hex digits (the 32-byte default output)
    blake3(b"...", length=n)  -> n bytes of extended output
"""

_IV = (0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19)
_MSG_PERMUTATION = (2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8)
_MASK = 0xFFFFFFFF
_CHUNK_LEN = 1024
_BLOCK_LEN = 64
_CHUNK_START = 1 << 0
_CHUNK_END = 1 << 1
_PARENT = 1 << 2
_ROOT = 1 << 3


def _rotr(x, n):
    return ((x >> n) | (x << (32 - n))) & _MASK


def _g(s, a, b, c, d, mx, my):
    s[a] = (s[a] + s[b] + mx) & _MASK
    s[d] = _rotr(s[d] ^ s[a], 16)
    s[c] = (s[c] + s[d]) & _MASK
    s[b] = _rotr(s[b] ^ s[c], 12)
    s[a] = (s[a] + s[b] + my) & _MASK
    s[d] = _rotr(s[d] ^ s[a], 8)
    s[c] = (s[c] + s[d]) & _MASK
    s[b] = _rotr(s[b] ^ s[c], 7)


def _compress(cv, block_words, counter, block_len, flags):
    """The compression function: returns all 16 output words (the first 8 are the next chaining value)."""
    s = list(cv) + list(_IV[:4]) + [counter & _MASK, (counter >> 32) & _MASK, block_len, flags]
    m = list(block_words)
    for round_index in range(7):
        _g(s, 0, 4, 8, 12, m[0], m[1])
        _g(s, 1, 5, 9, 13, m[2], m[3])
        _g(s, 2, 6, 10, 14, m[4], m[5])
        _g(s, 3, 7, 11, 15, m[6], m[7])
        _g(s, 0, 5, 10, 15, m[8], m[9])
        _g(s, 1, 6, 11, 12, m[10], m[11])
        _g(s, 2, 7, 8, 13, m[12], m[13])
        _g(s, 3, 4, 9, 14, m[14], m[15])
        if round_index < 6:
            m = [m[i] for i in _MSG_PERMUTATION]
    for i in range(8):
        s[i] ^= s[i + 8]
        s[i + 8] ^= cv[i]
    return s


def _words(block):
    block = block + bytes(_BLOCK_LEN - len(block))
    return [int.from_bytes(block[i:i + 4], "little") for i in range(0, _BLOCK_LEN, 4)]


class _Output:
    """What the last compression of a node needs, so the root can be squeezed to any length."""

    def __init__(self, cv, block_words, counter, block_len, flags):
        self.cv, self.block_words, self.counter, self.block_len, self.flags = cv, block_words, counter, block_len, flags

    def chaining_value(self):
        return _compress(self.cv, self.block_words, self.counter, self.block_len, self.flags)[:8]

    def root_bytes(self, length):
        out = bytearray()
        block_counter = 0
        while len(out) < length:
            words = _compress(self.cv, self.block_words, block_counter, self.block_len, self.flags | _ROOT)
            out += b"".join(w.to_bytes(4, "little") for w in words)
            block_counter += 1
        return bytes(out[:length])


def _chunk_output(chunk, chunk_counter):
    cv = list(_IV)
    blocks = [chunk[i:i + _BLOCK_LEN] for i in range(0, len(chunk), _BLOCK_LEN)] or [b""]
    for index, block in enumerate(blocks):
        flags = _CHUNK_START if index == 0 else 0
        if index == len(blocks) - 1:
            return _Output(cv, _words(block), chunk_counter, len(block), flags | _CHUNK_END)
        cv = _compress(cv, _words(block), chunk_counter, _BLOCK_LEN, flags)[:8]
    raise AssertionError("unreachable")


def _parent_output(left_cv, right_cv):
    return _Output(list(_IV), list(left_cv) + list(right_cv), 0, _BLOCK_LEN, _PARENT)


def blake3(data, length=32):
    """The BLAKE3 hash of ``data`` (bytes), ``length`` bytes long."""
    data = bytes(data)
    chunks = [data[i:i + _CHUNK_LEN] for i in range(0, len(data), _CHUNK_LEN)] or [b""]
    # The chaining-value stack merges completed subtrees the way the reference implementation does:
    # after chunk n (1-based) is pushed, merge as many times as n has trailing zero bits.
    stack = []
    for counter, chunk in enumerate(chunks[:-1]):
        cv = _chunk_output(chunk, counter).chaining_value()
        total = counter + 1
        while total & 1 == 0:
            cv = _parent_output(stack.pop(), cv).chaining_value()
            total >>= 1
        stack.append(cv)
    output = _chunk_output(chunks[-1], len(chunks) - 1)
    while stack:
        output = _parent_output(stack.pop(), output.chaining_value())
    return output.root_bytes(length)


def blake3_hex(data):
    """The default 32-byte BLAKE3 hash of ``data`` as 64 lowercase hex digits."""
    return blake3(data).hex()
