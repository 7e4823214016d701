"""``record``: the frozen value classes of the core (sessions, check-ins, week plans...).

A record is written like a frozen dataclass — annotated fields, defaults, a docstring,
properties and methods — and behaves like one where coach relies on it: made by keyword or
position, read by attribute, immutable, equal and hashed by value (only to a record of the
same class), changed by ``replace(record, field=value)``, described by ``fields(cls)`` and
``defaults(cls)``; a ``__post_init__`` method checks each new record.

Underneath it is a :func:`collections.namedtuple`. That is for start-up time: ``coach``
opens every morning and ``coach status`` may run in every new shell, and the standard
``dataclasses`` costs about 1.5 ms to build each class (it compiles several methods per
class at import) on top of importing ``inspect``. A named tuple class is built in about a
tenth of that time, and its records are quicker to make too (years of sessions are read at
start-up). The tuple underneath is not part of the contract: code reads fields by name,
never by position, by unpacking or by iterating, and does not hand records to ``json``
(a tuple would go out as a list). ``replace`` is the way to change one; the tuple's own
``_replace`` and ``_make`` skip ``__post_init__``.
"""

from __future__ import annotations

from collections import namedtuple

TYPE_CHECKING = False  # typing is not imported at run time (coach status stays quick)
if TYPE_CHECKING:
    from typing import Any, TypeVar, dataclass_transform

    T = TypeVar("T")

_SKIP = frozenset({"__dict__", "__weakref__", "__annotations__"})


def _record(cls: type[T]) -> type[T]:
    """Make ``cls`` (a class body with annotated fields) a frozen record class.

    Fields are the class's own annotations, in order; a field with a default may not be
    followed by one without (as in a function's parameters). Defaults are shared, so they
    must be immutable (a tuple, not a list).
    """
    body = cls.__dict__
    if cls.__bases__ != (object,):
        raise TypeError(f"{cls.__name__}: a record cannot be a subclass (its bases would be lost)")
    annotations = body.get("__annotations__", {})
    for name, kind in annotations.items():
        if str(kind).split("[", 1)[0].rsplit(".", 1)[-1].strip() == "ClassVar":
            raise TypeError(f"{cls.__name__}.{name}: a record has no class variables")
    names = tuple(annotations)
    if not names:
        raise TypeError(f"{cls.__name__}: a record needs at least one field")
    defaults = []
    for name in names:
        if name in body:
            value = body[name]
            if isinstance(value, (list, dict, set)):
                raise TypeError(f"{cls.__name__}.{name}: a mutable default would be shared")
            defaults.append(value)
        elif defaults:
            raise TypeError(f"{cls.__name__}.{name} has no default but follows one that has")
    base = namedtuple(cls.__name__, names, defaults=defaults, module=cls.__module__)  # type: ignore[misc]
    namespace = {k: v for k, v in body.items() if k not in _SKIP and k not in names}
    namespace["__slots__"] = ()
    namespace["__annotations__"] = body.get("__annotations__", {})
    namespace["__eq__"] = _eq
    namespace["__ne__"] = _ne
    namespace["__hash__"] = tuple.__hash__
    for name in ("__lt__", "__le__", "__gt__", "__ge__"):
        namespace[name] = _unordered  # as a dataclass: records have no order of their own
    check = namespace.get("__post_init__")
    if check is not None:  # as a dataclass: a record may check itself once it is made
        made = base.__new__

        def __new__(cls: type, *args: Any, **kwargs: Any) -> Any:
            item: Any = made(cls, *args, **kwargs)
            check(item)
            return item

        __new__.__wrapped__ = made  # type: ignore[attr-defined]  # its signature is the fields'
        namespace["__new__"] = __new__
    return type(cls.__name__, (base,), namespace)


if TYPE_CHECKING:
    # A type checker sees a record class as the frozen dataclass it behaves like, so it
    # knows each class's constructor; and as keyword-only, so a record made by position
    # (which silently breaks when a field is added) is an error.
    @dataclass_transform(frozen_default=True, kw_only_default=True)
    def record(cls: type[T]) -> type[T]: ...

else:
    record = _record


def _eq(self: tuple, other: object) -> bool:
    # Equal only to a record of the same class: Move(a, b) is not a Pause(a, b), nor a tuple.
    # (Any other tuple gets a plain answer: NotImplemented would let tuple compare the items.)
    if other.__class__ is self.__class__:
        return tuple.__eq__(self, other)
    return False if isinstance(other, tuple) else NotImplemented


def _ne(self: tuple, other: object) -> bool:
    if other.__class__ is self.__class__:
        return tuple.__ne__(self, other)
    return True if isinstance(other, tuple) else NotImplemented


def _unordered(self: tuple, other: object) -> bool:
    # Not NotImplemented: a plain tuple on the other side would then compare the items.
    raise TypeError(f"{type(self).__name__} records have no order")


def replace(item: T, **changes: Any) -> T:
    """A copy of the record ``item`` with ``changes`` (field=value) made (and checked, when
    its class checks itself)."""
    changed = item._replace(**changes)  # type: ignore[attr-defined]
    check = getattr(changed, "__post_init__", None)
    if check is not None:
        check()
    return changed


def fields(cls: type) -> tuple[str, ...]:
    """The names of a record class's fields, in order."""
    return cls._fields  # type: ignore[attr-defined]


def defaults(cls: type) -> dict[str, Any]:
    """The fields of a record class that have defaults, with them."""
    return dict(cls._field_defaults)  # type: ignore[attr-defined]
