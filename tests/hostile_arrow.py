"""Arrow producers that get things wrong, for tests/test_arrow_safety.py (imported in its subprocesses).

`handmade` builds the C structs with ctypes, buffers and all, so that every field can be wrong; their release
callbacks only mark them released. `Exported` hands over given capsules, the same ones on every call, as a
buggy producer might.
"""

from __future__ import annotations

import ctypes
import json
import struct
from collections.abc import Callable
from typing import Any


def outcome(call: Callable[[], object]) -> dict[str, object]:
    """What a call returned, or the name and message of what it raised."""
    try:
        return {"returned": call()}
    except BaseException as error:
        return {"raised": type(error).__name__, "message": str(error)}


def report(value: object) -> None:
    """The subprocess's result, as the last line of its output."""
    print(json.dumps(value, default=str))


class ArrowSchema(ctypes.Structure):
    _fields_ = [
        ("format", ctypes.c_char_p),
        ("name", ctypes.c_char_p),
        ("metadata", ctypes.c_char_p),
        ("flags", ctypes.c_int64),
        ("n_children", ctypes.c_int64),
        ("children", ctypes.c_void_p),
        ("dictionary", ctypes.c_void_p),
        ("release", ctypes.c_void_p),
        ("private_data", ctypes.c_void_p),
    ]


class ArrowArray(ctypes.Structure):
    _fields_ = [
        ("length", ctypes.c_int64),
        ("null_count", ctypes.c_int64),
        ("offset", ctypes.c_int64),
        ("n_buffers", ctypes.c_int64),
        ("n_children", ctypes.c_int64),
        ("buffers", ctypes.c_void_p),
        ("children", ctypes.c_void_p),
        ("dictionary", ctypes.c_void_p),
        ("release", ctypes.c_void_p),
        ("private_data", ctypes.c_void_p),
    ]


_CALLBACK = ctypes.CFUNCTYPE(None, ctypes.c_void_p)


def _releaser(struct_type: type[ctypes.Structure]) -> Any:
    """A release callback for `struct_type` that only marks the struct released."""
    offset = struct_type.release.offset  # type: ignore[attr-defined]

    def release(address: int) -> None:
        ctypes.c_void_p.from_address(address + offset).value = None

    return _CALLBACK(release)


_RELEASE_SCHEMA = _releaser(ArrowSchema)
_RELEASE_ARRAY = _releaser(ArrowArray)
_new_capsule = ctypes.pythonapi.PyCapsule_New
_new_capsule.restype = ctypes.py_object
_new_capsule.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p]
# What a handmade producer points to lives as long as the process.
_KEPT: list[object] = []


class Exported:
    """A producer handing over the given capsules, the same ones on every call."""

    def __init__(self, schema: object, array: object) -> None:
        self.capsules = (schema, array)

    def __arrow_c_array__(self, requested_schema: object = None) -> tuple[object, object]:
        return self.capsules


def handmade(
    format_: bytes,
    length: int,
    buffers: list[bytes | None],
    *,
    offset: int = 0,
    null_count: int = -1,
    n_buffers: int | None = None,
    n_children: int = 0,
    released: bool = False,
) -> Exported:
    """A producer of one array of `format_` whose buffers hold `buffers` (None: a null pointer)."""
    memory = [None if data is None else ctypes.create_string_buffer(data, max(len(data), 1)) for data in buffers]
    addresses = [None if block is None else ctypes.addressof(block) for block in memory]
    pointers = (ctypes.c_void_p * max(len(memory), 1))(*addresses)
    release_schema = ctypes.cast(_RELEASE_SCHEMA, ctypes.c_void_p).value
    release = ctypes.cast(_RELEASE_ARRAY, ctypes.c_void_p).value
    schema = ArrowSchema(format=format_, name=b"", metadata=None, flags=2, n_children=0, release=release_schema)
    array = ArrowArray(
        length=length,
        null_count=null_count,
        offset=offset,
        n_buffers=len(memory) if n_buffers is None else n_buffers,
        n_children=n_children,
        buffers=ctypes.addressof(pointers),
        release=None if released else release,
    )
    _KEPT.extend([memory, pointers, schema, array])
    return Exported(
        _new_capsule(ctypes.addressof(schema), b"arrow_schema", None),
        _new_capsule(ctypes.addressof(array), b"arrow_array", None),
    )


def strings(values: list[str | None]) -> list[bytes | None]:
    """The validity, offsets and data buffers of a string (format "u") array of `values` (None: a null)."""
    data = b"".join(value.encode() for value in values if value is not None)
    offsets, at, bits = [0], 0, 0
    for index, value in enumerate(values):
        at += 0 if value is None else len(value.encode())
        offsets.append(at)
        bits |= (value is not None) << index
    validity = bits.to_bytes((len(values) + 7) // 8 or 1, "little")
    return [validity, struct.pack(f"<{len(offsets)}i", *offsets), data]


def view(length: int, prefix: bytes, buffer: int, offset: int) -> bytes:
    """A 16-byte string_view for a value longer than 12 bytes."""
    return struct.pack("<i4sii", length, prefix, buffer, offset)


def methods(tokenizer: Any, make: Callable[[], object]) -> list[dict[str, object]]:
    """The outcome of tokenize_batch, tokenize_arrow and count, each on a fresh column from `make`."""
    return [outcome(lambda name=name: getattr(tokenizer, name)(make())) for name in METHODS]


METHODS = ("tokenize_batch", "tokenize_arrow", "count")
