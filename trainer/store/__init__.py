"""Storage: the schema (``models``), engines and migrations, and loaders that return polars frames."""
