"""The rendering engines a build can be asked for: the one list that the CLI offers and the renderer
accepts. A module of its own so that the CLI names them without importing the engines."""

ENGINES = ("auto", "pandoc", "quarto")
