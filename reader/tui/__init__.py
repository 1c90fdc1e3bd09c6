"""The Textual app: the App, its screens, one module per widget, and its CSS."""
