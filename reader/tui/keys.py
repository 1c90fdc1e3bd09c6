"""The live keymap: every binding of the app's panes with the keys in effect.

Bindings are declared once, with ids, in each widget's BINDINGS; config.toml
may give an id other keys. The help screen and the config check both read
the keys from here, so a remapped key shows as remapped.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from textual.binding import Binding
from textual.dom import DOMNode

# From Textual's own base classes, only these actions are worth listing.
_TEXTUAL_ACTIONS = {"app.focus_next", "app.focus_previous", "quit"}


@dataclass(frozen=True, slots=True)
class KeyRow:
    keys: tuple[str, ...]
    description: str
    binding_id: str | None


def own_bindings(classes: Sequence[type[DOMNode]]) -> list[Binding]:
    """The bindings these classes declare themselves (not those they inherit).

    Textual's App and Screen contribute only the few actions worth listing.
    """
    found: list[Binding] = []
    for cls in classes:
        declared = cls.__dict__.get("BINDINGS")
        if not declared:
            continue
        ours = cls.__module__.startswith("reader.")
        for binding in Binding.make_bindings(declared):
            if binding.system or (not ours and binding.action not in _TEXTUAL_ACTIONS):
                continue
            found.append(binding)
    return found


def key_rows(classes: Sequence[type[DOMNode]], keymap: Mapping[str, str]) -> list[KeyRow]:
    """One row per binding id (or action), with the keys in effect."""
    rows: dict[str, list[str]] = {}
    info: dict[str, Binding] = {}
    for binding in own_bindings(classes):
        name = binding.id or binding.action
        if binding.id and binding.id in keymap:
            keys = [key.strip() for key in keymap[binding.id].split(",") if key.strip()]
            rows[name] = keys
        else:
            rows.setdefault(name, [])
            if binding.key not in rows[name]:
                rows[name].append(binding.key)
        info.setdefault(name, binding)
    return [
        KeyRow(
            tuple(keys), sentence_case(info[name].description or info[name].action), info[name].id
        )
        for name, keys in rows.items()
    ]


def sentence_case(text: str) -> str:
    """`Focus Next` as `Focus next`: Textual's own titles match ours; `AND/OR` stays."""
    first, *rest = text.split(" ")
    words = [first[:1].upper() + first[1:]]
    words += [word.lower() if word[:1].isupper() and word[1:].islower() else word for word in rest]
    return " ".join(words)


def known_ids(classes: Sequence[type[DOMNode]]) -> set[str]:
    return {binding.id for binding in own_bindings(classes) if binding.id}


def clashes(
    sections: Sequence[tuple[str, Sequence[KeyRow]]], remapped: Collection[str], shared: int = 2
) -> list[str]:
    """Keys a remap made two bindings share where both are active, as warnings.

    The first `shared` sections (the app's and the main screen's keys) are
    active beside every pane's own, so each pane is checked with them. The
    default keys overlap only by design (a pane's Enter before the screen's),
    so only clashes that involve a remapped binding are reported.
    """
    found: list[str] = []
    common = [row for _title, rows in sections[:shared] for row in rows]
    for index, (_title, rows) in enumerate(sections):
        active = common if index < shared else [*common, *rows]
        owners: dict[str, str] = {}
        for row in active:
            name = row.binding_id or row.description
            for key in row.keys:
                other = owners.setdefault(key, name)
                if other != name and (other in remapped or name in remapped):
                    message = f"config.toml [keys]: {key!r} is bound to both {other} and {name}"
                    if message not in found:
                        found.append(message)
    return found
