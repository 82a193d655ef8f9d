"""The watch app's admin, one module per feature."""
