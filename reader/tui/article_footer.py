"""The article's footer sections for a post, read from the index (blocks: run it in a worker).

The article shows first; its "Linked from" and "Related" sections follow
once this has answered, so they never hold up the first screen. A catalog
without an index (posts read into memory) has no footer. No widgets here.
"""

from __future__ import annotations

from reader.catalog import Catalog, CatalogError
from reader.model import Post
from reader.render.footer import FooterSection, sections


def footer_for(catalog: Catalog, post: Post) -> tuple[FooterSection, ...]:
    """The footer of `post`: the posts linking to it and those related to it."""
    # The index loads with the first article, not when the app starts.
    from reader.index import IndexCatalog, IndexUnusable, linked_from, related_to, storage_errors

    if not isinstance(catalog, IndexCatalog):
        return ()
    try:
        with storage_errors(IndexUnusable):
            return sections(linked_from(catalog, post), related_to(catalog, post))
    except (OSError, CatalogError):
        return ()  # The footer is a help, never an error.
