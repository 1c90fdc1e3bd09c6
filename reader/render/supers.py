"""Superscript and subscript forms of text, for link numbers and <sup>/<sub>."""

from __future__ import annotations

_SUPER = str.maketrans(
    "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ",
)
_SUB = str.maketrans("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")


def superscript(text: str) -> str:
    """`text` in superscript letters when each has one, else `^(text)`."""
    converted = text.translate(_SUPER)
    if all(ord(char) > 127 or char == " " for char in converted):
        return converted
    return f"^({text})"


def subscript(text: str) -> str:
    """`text` in subscript letters when each has one, else `_(text)`."""
    converted = text.translate(_SUB)
    if all(ord(char) > 127 or char == " " for char in converted):
        return converted
    return f"_({text})"
