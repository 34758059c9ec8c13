"""The README's generated sections: the dataset list (from the descriptor) and the list of
tables and figures (from the reproducer registry), between their ``<!-- …:start/end -->`` marks."""

from __future__ import annotations

from monotowns.data import descriptor, paths
from monotowns.data.files import atomic_write_text

from . import manifest

SECTIONS = (
    ("<!-- dataset-list:start -->", "<!-- dataset-list:end -->", descriptor.dataset_list_markdown),
    ("<!-- manifest:start -->", "<!-- manifest:end -->", manifest.markdown),
)


def updated_text(text: str) -> str:
    """The README text with every generated section made anew."""
    for start, end, body in SECTIONS:
        a, b = text.index(start) + len(start), text.index(end)
        text = text[:a] + "\n" + body() + "\n" + text[b:]
    return text


def update() -> bool:
    """Rewrite the README's generated sections; True if anything changed."""
    readme = paths.ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    new = updated_text(text)
    if new != text:
        atomic_write_text(readme, new)
    return new != text
