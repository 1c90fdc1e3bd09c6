"""The formats of a store's files: front matter and the metadata blogs keep.

TOML, YAML (through PyYAML's C parser) and JSON front matter, Pelican and
MultiMarkdown header lines, dates wherever a blog writes them, Obsidian's
inline tags, and the rules that turn them into a post's fields. The scrape
importer, which writes new store files, is `reader.importers.scrape`.
No Textual, no Rich.
"""
