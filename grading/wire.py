"""The data that crosses the sandbox's boundary, and the code the learner's kernel runs to answer the grader.

Only data crosses: JSON of tagged values, arrays as `.npy` bytes (base64) read with `allow_pickle=False`. Both
sides use `encode` and `decode`; the grader decodes everything the kernel sends with the same strict rules (known
tags only, numeric and string arrays only, size and depth limits), so a submission can send nothing but data.

The grader sends this file's source into the kernel once (`install_code`); each question then asks, through
`request_code`, for the value of a global (`lookup`) or for a call of the learner's function with arguments the
grader chose (`call`). The kernel publishes its answer as display data of type MIME. A call also sends back every
array argument, so a function that updates an argument in place does so on the grader's side too.
"""

from __future__ import annotations

import base64
import builtins
import io
import json
from collections.abc import Collection
from pathlib import Path
from typing import Any

import numpy as np

MIME = "application/x.course-grader+json"
MODULE = "__course_grader_wire__"
MAX_BYTES = 2**20  # bytes of encoded data in one answer
MAX_DEPTH = 16
MAX_ITEMS = 100_000
ARRAY_KINDS = "biufcUS"  # bool, integers, floats, complex, strings: never objects


class WireError(ValueError):
    """A value that cannot cross the boundary (too big, too deep, of a kind the grader does not read)."""


class Unreadable:
    """Stands for a value the learner's code returned that is not data (a module, a class, an open file...).

    Tests see it as an object no number can be made of, so their message says what came back.
    """

    def __init__(self, type_name: str, text: str):
        self.type_name, self.text = type_name, text

    def __repr__(self) -> str:
        return f"<{self.type_name}: {self.text}>" if self.text else f"<{self.type_name}>"


class _Budget:
    def __init__(self) -> None:
        self.left = MAX_BYTES

    def spend(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise WireError(f"more than {MAX_BYTES // 2**20} MB of data")


def _npy(array: np.ndarray, budget: _Budget) -> str:
    if array.dtype.kind not in ARRAY_KINDS:
        raise WireError(f"an array of dtype {array.dtype}")
    budget.spend(array.nbytes * 4 // 3 + 200)
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _from_npy(text: Any, budget: _Budget) -> np.ndarray:
    if not isinstance(text, str):
        raise WireError("array data is not text")
    budget.spend(len(text))
    array = np.load(io.BytesIO(base64.b64decode(text, validate=True)), allow_pickle=False)
    if not isinstance(array, np.ndarray) or array.dtype.kind not in ARRAY_KINDS:
        raise WireError("not a numeric or string array")
    return array


def encode(value: Any, budget: _Budget | None = None, depth: int = 0) -> dict[str, Any]:
    """`value` as tagged JSON data.

    >>> encode((1, 2.5, "a"))["t"], decode(encode([np.float32(1.5), None, {"k": True}]))
    ('tuple', [np.float32(1.5), None, {'k': True}])
    """
    budget = budget or _Budget()
    if depth > MAX_DEPTH:
        raise WireError(f"data nested more than {MAX_DEPTH} deep")
    budget.spend(16)
    if value is None:
        return {"t": "none"}
    if value is Ellipsis:  # a blank the learner left: `q3_p = ...`
        return {"t": "ellipsis"}
    if isinstance(value, bool):
        return {"t": "bool", "v": bool(value)}
    if isinstance(value, int):
        return {"t": "int", "v": str(int(value))}
    if isinstance(value, float):
        return {"t": "float", "v": float(value).hex()}
    if isinstance(value, complex):
        return {"t": "complex", "v": [value.real.hex(), value.imag.hex()]}
    if isinstance(value, str):
        budget.spend(len(value))
        return {"t": "str", "v": str(value)}
    if isinstance(value, np.ndarray) and value.dtype.kind == "O":
        items = [encode(v, budget, depth + 1) for v in value.ravel()[:MAX_ITEMS]]
        return {"t": "objects", "shape": list(value.shape), "v": items}
    if isinstance(value, np.ndarray):
        return {"t": "ndarray", "v": _npy(value, budget)}
    if isinstance(value, np.generic):
        return {"t": "scalar", "v": _npy(np.asarray(value), budget)}
    if type(value).__module__.split(".")[0] == "torch" and hasattr(value, "detach"):
        array = value.detach().cpu()
        if str(array.dtype) in ("torch.bfloat16", "torch.float16"):
            array = array.float()
        return {"t": "tensor", "v": _npy(array.numpy(), budget)}
    if isinstance(value, dict):
        if len(value) > MAX_ITEMS:
            raise WireError("a dict of more than 100 000 items")
        pairs = [[encode(k, budget, depth + 1), encode(v, budget, depth + 1)] for k, v in value.items()]
        return {"t": "dict", "v": pairs}
    sequences: list[tuple[str, type[Collection[Any]] | tuple[type[Collection[Any]], ...]]] = [
        ("list", list),
        ("tuple", tuple),
        ("set", (set, frozenset)),
    ]
    for kind, types in sequences:
        if isinstance(value, types):
            if len(value) > MAX_ITEMS:
                raise WireError(f"a {kind} of more than 100 000 items")
            return {"t": kind, "v": [encode(v, budget, depth + 1) for v in value]}
    if isinstance(value, range):
        return {"t": "range", "v": [str(value.start), str(value.stop), str(value.step)]}
    if hasattr(value, "__iter__") and not isinstance(value, (bytes, bytearray, type)):
        items = []
        for item in value:  # a generator, map, zip, dict view...: what it yields, as a list
            items.append(encode(item, budget, depth + 1))
            if len(items) > MAX_ITEMS:
                raise WireError("an iterator of more than 100 000 items")
        return {"t": "list", "v": items}
    return {"t": "unreadable", "type": type(value).__name__[:100], "v": repr(value)[:300]}


def decode(data: Any, budget: _Budget | None = None, depth: int = 0) -> Any:
    """The value `encode` made `data` from; anything else raises WireError. Never unpickles.

    >>> decode({"t": "ndarray", "v": encode(np.arange(3))["v"]})
    array([0, 1, 2])
    """
    budget = budget or _Budget()
    if depth > MAX_DEPTH:
        raise WireError(f"data nested more than {MAX_DEPTH} deep")
    if not isinstance(data, dict) or not isinstance(data.get("t"), str):
        raise WireError("not tagged data")
    budget.spend(16)
    kind, value = data["t"], data.get("v")
    if kind == "none":
        return None
    if kind == "ellipsis":
        return Ellipsis
    if kind == "bool" and isinstance(value, bool):
        return value
    if kind == "int" and isinstance(value, str) and len(value) <= 1000:
        return int(value)
    if kind == "float" and isinstance(value, str) and len(value) <= 40:
        return float.fromhex(value)
    if kind == "complex" and isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value):
        return complex(float.fromhex(value[0][:40]), float.fromhex(value[1][:40]))
    if kind == "str" and isinstance(value, str):
        budget.spend(len(value))
        return value
    if kind in ("ndarray", "scalar", "tensor"):
        array = _from_npy(value, budget)
        if kind == "scalar":
            return array[()]
        if kind == "tensor":
            import torch  # only when a learner's function returned a tensor

            return torch.from_numpy(array.copy())
        return array
    if kind in ("list", "tuple", "set", "objects") and isinstance(value, list) and len(value) <= MAX_ITEMS:
        items = [decode(v, budget, depth + 1) for v in value]
        if kind == "objects":
            shape = data.get("shape")
            if not (isinstance(shape, list) and all(isinstance(n, int) and 0 <= n <= MAX_ITEMS for n in shape)):
                raise WireError("bad shape")
            array = np.empty(len(items), dtype=object)
            array[:] = items
            return array.reshape(shape)
        return {"list": list, "tuple": tuple, "set": set}[kind](items)
    if kind == "dict" and isinstance(value, list) and len(value) <= MAX_ITEMS:
        pairs = []
        for pair in value:
            if not (isinstance(pair, list) and len(pair) == 2):
                raise WireError("malformed dict")
            pairs.append((decode(pair[0], budget, depth + 1), decode(pair[1], budget, depth + 1)))
        return dict(pairs)
    if kind == "range" and isinstance(value, list) and len(value) == 3 and all(isinstance(v, str) for v in value):
        return range(*(int(v[:30]) for v in value))
    if kind == "unreadable" and isinstance(value, str) and isinstance(data.get("type"), str):
        return Unreadable(data["type"][:100], value[:300])
    raise WireError(f"unknown or malformed data of kind {kind[:30]!r}")


def exception(name: Any, message: Any) -> Exception:
    """An exception standing for one the learner's function raised: a built-in one of that name if it exists
    (and is an ordinary Exception), else a new Exception subclass with that name.

    >>> exception("ZeroDivisionError", "division by zero")
    ZeroDivisionError('division by zero')
    >>> exception("SystemExit", "1").__class__.__mro__[1]
    <class 'Exception'>
    """
    name = "".join(c for c in str(name)[:60] if c.isalnum() or c == "_") or "Exception"
    message = str(message)[:2000]
    known = getattr(builtins, name, None)
    if isinstance(known, type) and issubclass(known, Exception):
        try:
            return known(message)
        except Exception:
            pass
    stand_in: type[Exception] = type(name, (Exception,), {"__module__": "learner"})
    return stand_in(message)


# -- in the learner's kernel ----------------------------------------------------------------------------------


def answer(request: dict[str, Any], namespace: dict[str, Any]) -> dict[str, Any]:
    """Look up a global of the notebook, or call one of its functions; the reply as data."""
    name = request["name"]
    if request["kind"] == "lookup":
        if name not in namespace:
            return {"kind": "missing"}
        value = namespace[name]
        if callable(value):
            return {"kind": "callable"}
        try:
            return {"kind": "value", "value": encode(value)}
        except Exception as error:
            return {"kind": "value", "unreadable": f"{type(error).__name__}: {error}"[:300]}
    function: Any = namespace.get(name)  # whatever the notebook bound to it; None (calling it raises) if nothing
    args = [decode(a) for a in request["args"]]
    reply: dict[str, Any] = {}
    try:
        result = function(*args)
    except BaseException as error:  # SystemExit and KeyboardInterrupt (the grader's interrupt) included
        reply = {"raised": type(error).__name__, "message": str(error)[:2000]}
    else:
        try:
            reply = {"result": encode(result)}
        except Exception as error:
            reply = {"unreadable": f"{type(error).__name__}: {error}"[:300]}
    reply["args"] = [encode(a) if isinstance(a, np.ndarray) else None for a in args]
    return reply


def handle(request: str, namespace: dict[str, Any]) -> None:
    """Answer the grader's request (JSON text) by publishing the reply as display data."""
    from IPython.display import publish_display_data

    try:
        reply = answer(json.loads(request), namespace)
    except BaseException as error:
        reply = {"failed": f"{type(error).__name__}: {error}"[:500]}
    publish_display_data({MIME: reply})


# -- the code the grader sends -----------------------------------------------------------------------------------


def install_code() -> str:
    """Code that makes this module importable in the kernel as MODULE (sent before the notebook's cells)."""
    source = Path(__file__).read_text()
    return (
        "def __course_grader_install__():\n"
        "    import sys, types\n"
        f"    module = types.ModuleType({MODULE!r})\n"
        f"    exec(compile({source!r}, '<course grader>', 'exec'), module.__dict__)\n"
        f"    sys.modules[{MODULE!r}] = module\n"
        "__course_grader_install__(); del __course_grader_install__\n"
    )


def request_code(request: dict[str, Any]) -> str:
    """Code that answers `request` in the kernel, with the notebook's globals."""
    return f"__import__('sys').modules[{MODULE!r}].handle({json.dumps(request)!r}, globals())\n"
