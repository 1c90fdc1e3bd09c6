"""File formats the reader understands.

Front matter (TOML, a safe YAML subset, JSON) for store files, and the scrape
importer that writes new store files. No Textual, no Rich.
"""
