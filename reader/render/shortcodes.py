"""What one line's store syntax means: Hugo, Zola, Liquid, Go template, MDX, Obsidian.

Each construct is replaced by the Markdown it stands for: a link, an image line, a
label, or its name and arguments dimmed when we do not know it. Called only on
text outside code (see `store_syntax`). Regexes here read template syntax, never HTML.
"""

from __future__ import annotations

import re
import shlex

from reader.render.markdown_text import escape_markdown, link_destination

DIM_OPEN = '<span class="reader-dim">'
DIM_CLOSE = "</span>"

_HUGO = re.compile(r"\{\{([<%])\s*(/?)\s*([\w./-]+)(.*?)\s*/?\s*[>%]\}\}")
_LIQUID = re.compile(r"\{%-?\s*(\w+)(.*?)-?%\}")
_MOUSTACHE = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}")
# Not after `](`: that is a link target in angle brackets, such as a wiki link's.
_JSX = re.compile(r"(?<!\]\()</?([A-Z][\w.]*)(?:\s[^<>]*?)?\s*(/?)>")
_MDX_COMMENT = re.compile(r"\{/\*.*?\*/\}")
_CALL = re.compile(r"^(\w+)\((.*)\)$", re.DOTALL)
_GO_CALL = re.compile(r'^(\w+)\s+(["`].*)$', re.DOTALL)

NOTICES = {
    "notice",
    "note",
    "tip",
    "warning",
    "caution",
    "important",
    "info",
    "alert",
    "hint",
    "admonition",
    "callout",
    "danger",
    "aside",
}
_CONTROL = {
    "assign",
    "capture",
    "endcapture",
    "if",
    "elsif",
    "else",
    "endif",
    "unless",
    "endunless",
    "for",
    "endfor",
    "case",
    "when",
    "endcase",
    "comment",
    "endcomment",
    "highlight",
    "endhighlight",
    "raw",
    "endraw",
    "end",
    "set",
    "endset",
    "block",
    "endblock",
    "extends",
    "break",
    "continue",
    "cycle",
    "increment",
    "decrement",
    "endfilter",
    "filter",
    "macro",
    "endmacro",
}


def dim(text: str) -> str:
    """Markdown for text the renderer draws dimmed."""
    text = " ".join(text.split())
    return f"{DIM_OPEN}{escape_markdown(text)}{DIM_CLOSE}" if text else ""


def _args(text: str) -> tuple[list[str], dict[str, str]]:
    """Positional and keyword arguments of a shortcode, quotes removed."""
    try:
        words = shlex.split(text.replace(",", " "), posix=True)
    except ValueError:
        words = text.replace(",", " ").split()
    positional: list[str] = []
    named: dict[str, str] = {}
    for word in words:
        key, sep, value = word.partition("=")
        if sep and re.fullmatch(r"[\w-]+", key):
            named[key] = value
        else:
            positional.append(word)
    return positional, named


def _link(label: str, target: str) -> str:
    return f"[{escape_markdown(label)}]({link_destination(target)})"


def _image(alt: str, src: str) -> str:
    return f"![{escape_markdown(alt)}]({link_destination(src)})"


def _label(name: str, positional: list[str], named: dict[str, str]) -> str:
    title = named.get("title") or (positional[0] if positional else name)
    return f"<b>{escape_markdown(title.capitalize())}</b> "


def _known(name: str, positional: list[str], named: dict[str, str]) -> str | None:
    """The Markdown for a shortcode we know, Hugo's and Zola's alike, or None."""
    first = positional[0] if positional else ""
    video_id = named.get("id") or first
    if name == "figure" or name == "image" or name == "img":
        src = named.get("src") or named.get("path") or first
        alt = named.get("caption") or named.get("alt") or named.get("title") or ""
        return _image(alt, src) if src else None
    if name == "youtube" and video_id:
        return _link(f"YouTube video {video_id}", f"https://www.youtube.com/watch?v={video_id}")
    if name == "vimeo" and video_id:
        return _link(f"Vimeo video {video_id}", f"https://vimeo.com/{video_id}")
    if name == "gist":
        if named.get("url"):
            return _link("gist", named["url"])
        if len(positional) >= 2:
            target = f"https://gist.github.com/{positional[0]}/{positional[1]}"
            return _link(f"gist {positional[0]}/{positional[1]}", target)
    if name in {"tweet", "x"} and len(positional) >= 2:
        target = f"https://twitter.com/{positional[0]}/status/{positional[1]}"
        return _link(f"post by {positional[0]}", target)
    if name in {"ref", "relref"} and (first or named.get("path")):
        return named.get("path") or first
    if name in NOTICES:
        return _label(name, positional, named)
    return None


def _hugo(match: re.Match[str]) -> str:
    closing, name, rest = match.group(2), match.group(3), match.group(4)
    if closing:
        return ""
    positional, named = _args(rest)
    known = _known(name, positional, named)
    return known if known is not None else dim(f"{name} {rest}")


def _liquid(match: re.Match[str]) -> str:
    name, rest = match.group(1), match.group(2).strip()
    call = _CALL.match(f"{name}{rest}")
    if call:  # Zola: {% name(args) %} … {% end %}
        positional, named = _args(call.group(2))
        known = _known(name, positional, named)
        return known if known is not None else dim(f"{name} {call.group(2)}")
    if name in _CONTROL:
        return ""
    if name == "link":
        return rest
    if name == "post_url":
        return rest
    return dim(f"{name} {rest}")


def _moustache(match: re.Match[str]) -> str:
    body = match.group(1)
    call = _CALL.match(body) or _GO_CALL.match(body)
    if call:
        name = call.group(1)
        positional, named = _args(call.group(2).strip())
        if name == "raw" and positional:
            return escape_markdown(" ".join(positional))
        if name == "video" and positional:
            return _link(f"video {positional[0]}", positional[0])
        known = _known(name, positional, named)
        if known is not None:
            return known
        return dim(f"{name} {' '.join(positional)} {' '.join(named.values())}")
    return dim(body)


def _wiki(match: re.Match[str]) -> str:
    target, _, label = match.group(1).partition("|")
    # In a table the pipe is written `\|`; the backslash is not part of the target.
    target = target.removesuffix("\\")
    # A link that runs over lines (in a quote, too) names one target.
    target = " ".join(_QUOTE_BREAK.sub(" ", target).split())
    if label.strip():
        # The label is Markdown in Obsidian too (`code`, *emphasis*): kept as written.
        return f"[{label.strip()}]({link_destination(target)})"
    return _link(target.replace("#^", " › ").replace("#", " › "), target)


_OBSIDIAN_COMMENT = re.compile(r"%%.*?%%")
_OBSIDIAN_HIGHLIGHT = re.compile(r"==([^=\s](?:[^=]*[^=\s])?)==")
_QUOTE_BREAK = re.compile(r"\n[\s>]*")
_LINK_OR_EMBED = re.compile(r"!?\[\[([^\[\]]+?)\]\]")


def rewrite_wiki(text: str, protected: list[tuple[int, int]]) -> str:
    """Obsidian links and embeds in `text`, except those starting inside a code span."""

    def replace(match: re.Match[str]) -> str:
        if any(start <= match.start() < end for start, end in protected):
            return match.group()
        return _embed(match) if match.group().startswith("!") else _wiki(match)

    return _LINK_OR_EMBED.sub(replace, text)


def _embed(match: re.Match[str]) -> str:
    target = match.group(1).partition("|")[0].strip()
    return escape_markdown(f"🖼 {target}")


def _jsx(match: re.Match[str]) -> str:
    # A self-closing component has no children to keep: its name, dimmed.
    return dim(match.group(1)) if match.group(2) else ""


def rewrite_text(text: str) -> str:
    """Replace the store syntax in a stretch of text that holds no code."""
    if "<" in text:
        text = _JSX.sub(_jsx, text)
    if "{" in text:
        text = _MDX_COMMENT.sub("", text)
        text = _HUGO.sub(_hugo, text)
        text = _LIQUID.sub(_liquid, text)
        text = _MOUSTACHE.sub(_moustache, text)
    if "[[" in text:
        text = rewrite_wiki(text, [])
    if "%%" in text:
        # Obsidian comments show only while editing.
        text = _OBSIDIAN_COMMENT.sub("", text)
    if "==" in text:
        text = _OBSIDIAN_HIGHLIGHT.sub(r"<mark>\1</mark>", text)
    return text


_WHOLE = re.compile(r"^\s*(\{\{.*\}\}|\{%.*%\})\s*$")


def is_block_construct(line: str) -> bool:
    """Whether a line is one shortcode or template tag alone: a block of its own."""
    return _WHOLE.match(line) is not None
