"""reader: a terminal reader for a local store of blog posts."""

__version__ = "0.1.0"
